"""Shared helpers of the build's processes and caches: a forked step's failure, the caches' pruning,
the code a cache entry depends on."""

from __future__ import annotations

import ast
import os
import shutil
import time
from pathlib import Path

import jinja2
import pytest

from build_scripts import paths
from build_scripts.charts import specs
from build_scripts.common.files import PROJECT, code_digest, code_modules, prune_caches, touch
from build_scripts.common.oneshot import ChildTraceback, OneShot
from build_scripts.common.templates import BytecodeCache
from build_scripts.site import harden
from build_scripts.site.page_cache import Store


def _fails_in_the_child(path: str) -> None:
    Path(path).read_text(encoding="utf-8")  # no such file


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_oneshots_failure_is_raised_with_where_the_child_raised_it(start: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError, match=r"missing\.txt") as raised:
        OneShot(_fails_in_the_child, str(missing), start=start).result()
    cause = raised.value.__cause__
    assert isinstance(cause, ChildTraceback), cause
    assert "in _fails_in_the_child" in str(cause) and "read_text" in str(cause), str(cause)
    assert OneShot(len, "湖北", start=start).result() == 2


def _aged(path: Path, days: float, now: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b'"x"')
    os.utime(path, (now - days * 86400, now - days * 86400))
    return path


def test_the_caches_keep_what_a_build_used_and_lose_what_none_used_for_a_week(tmp_path: Path) -> None:
    now = time.time()
    root = tmp_path / ".cache"
    unused = _aged(root / "mkdocs" / "ab" / "ab12.json", 8, now)
    used = _aged(root / "mkdocs" / "cd" / "cd34.json", 8, now)
    fresh = _aged(root / "charts" / "ef56.svg", 2, now)
    old_fonts = [
        _aged(root / "charts" / "chart-fonts-aa" / f"F-{w}.otf", 9, now) for w in ("Regular", "Bold")
    ]
    used_fonts = [
        _aged(root / "charts" / "chart-fonts-bb" / f"F-{w}.otf", 9, now) for w in ("Regular", "Bold")
    ]
    for folder in (old_fonts[0].parent, used_fonts[0].parent):
        _aged(folder, 9, now)
    store = Store(root / "mkdocs")
    assert store.get("cd34") == "x"  # a hit marks the entry used
    touch(used_fonts[0].parent)
    assert prune_caches(root, now) == 2  # the unused entry, and the unused font folder as one entry
    assert not unused.exists() and not unused.parent.exists() and not old_fonts[0].parent.exists()
    assert used.exists() and fresh.exists() and all(f.exists() for f in used_fonts)
    assert prune_caches(root, now + 3600) is None  # looked through at most once a day
    assert prune_caches(root, now + 8 * 86400) == 3  # a week later nothing was used again


def _imports_by_ast(*modules: str) -> set[str]:
    """The same closure as `code_modules`, found with Python's own parser (slower): the oracle."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        path = next((p for p in _candidates(name) if p.is_file()), None)
        if name in seen or path is None:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(path.read_bytes())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").startswith(PROJECT)
            ):
                todo += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names if alias.name.startswith(PROJECT)]
    return seen


def _candidates(name: str) -> tuple[Path, Path]:
    stem = paths.ROOT.joinpath(*name.split("."))
    return stem.with_suffix(".py"), stem / "__init__.py"


MODULES = sorted(
    ".".join(p.relative_to(paths.ROOT).with_suffix("").parts) for p in (paths.ROOT / PROJECT).rglob("*.py")
)


def test_the_code_a_cache_depends_on_is_every_module_it_imports() -> None:
    for module in MODULES:
        assert set(code_modules(module)) == _imports_by_ast(module), module
    # what each cache's key now covers that its hand-kept list of files did not
    assert "build_scripts.common.urls" in code_modules(harden.__name__)
    charts = code_modules(specs.__name__)
    assert {
        "build_scripts.charts.vegalite",
        "build_scripts.progress.choice",
        "build_scripts.common.english",
    } <= set(charts)


def test_a_change_to_an_imported_helper_changes_the_code_digest(tmp_path: Path) -> None:
    shutil.copytree(paths.ROOT / PROJECT, tmp_path / PROJECT, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(harden.__name__, root=tmp_path)
    unrelated = tmp_path / PROJECT / "maintainer" / "normalize.py"
    unrelated.write_text(unrelated.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_digest(harden.__name__, root=tmp_path) == before
    helper = tmp_path / PROJECT / "common" / "urls.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_digest(harden.__name__, root=tmp_path) != before


def test_a_compiled_template_a_build_loads_is_kept_by_the_pruning(tmp_path: Path) -> None:
    now = time.time()
    cache = tmp_path / ".cache" / "jinja"
    cache.mkdir(parents=True)

    def load() -> str:
        loader = jinja2.DictLoader({"page.md.j2": "湖北 {{ n }}"})
        env = jinja2.Environment(loader=loader, bytecode_cache=BytecodeCache(str(cache)), autoescape=True)
        return env.get_template("page.md.j2").render(n=1)

    assert load() == "湖北 1"
    (compiled,) = list(cache.iterdir())
    _aged(compiled, 8, now)
    assert load() == "湖北 1"  # loaded from the compiled file, which is marked used
    assert prune_caches(tmp_path / ".cache", now) == 0 and compiled.exists()


def test_a_timers_check_runs_as_each_stage_starts_and_can_stop_the_build() -> None:
    """The preview stops a build once its validator, running beside it, has found problems."""
    from build_scripts.common.timing import Timer

    started: list[str] = []

    def check() -> None:
        if "load" in started:
            raise RuntimeError("stop")

    timer = Timer(quiet=True, check=check)
    with pytest.raises(RuntimeError, match="stop"):
        for name in ("load", "specs", "pages"):
            with timer.stage(name):
                started.append(name)
    assert started == ["load"]
    assert list(timer.stages) == ["load"] and timer.current == "load"
