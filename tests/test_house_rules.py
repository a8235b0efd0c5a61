"""The house rules of ARCHITECTURE.md, read from the code itself (with Python's own parser).

- Every module of `build_scripts/` and `tests/` is at most 300 lines; every function at most 60.
- The build's stages run validate → load → progress → charts → portal → pages → site; a stage
  imports only earlier stages and the shared helpers (`common/`, `paths.py`), and the shared helpers
  import no stage. Imports inside functions count.
- No two modules of `build_scripts/` import each other, directly or round a longer loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from build_scripts import paths

MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
STAGES = ("validate", "load", "progress", "charts", "portal", "pages", "site")
SHARED = ("common", "paths")
CODE = paths.ROOT / "build_scripts"


def modules(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.py") if "fixtures" not in p.parts)


def imported(path: Path) -> set[str]:
    """What `path` imports from `build_scripts`, anywhere in it: modules, or `module.name` for a name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # a module, or a name in one
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("build_scripts.")}


def module_name(path: Path) -> str:
    parts = path.relative_to(paths.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph() -> dict[str, set[str]]:
    """Module → the modules of build_scripts it imports (a name imported from a module is that module)."""
    names = {module_name(p): p for p in modules(CODE) if p != CODE / "__init__.py"}
    edges = {}
    for name, path in names.items():
        targets = {t if t in names else t.rsplit(".", 1)[0] for t in imported(path)}
        edges[name] = {t for t in targets if t in names and t != name}
    return edges


def test_every_module_is_at_most_300_lines() -> None:
    long = {
        str(p.relative_to(paths.ROOT)): n
        for p in modules(CODE, paths.TESTS)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_every_function_is_at_most_60_lines() -> None:
    long = [
        f"{p.relative_to(paths.ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for p in modules(CODE, paths.TESTS)
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, long


def stage_of(module: str) -> str:
    return module.split(".")[1]


def test_a_stage_imports_only_earlier_stages_and_shared_helpers() -> None:
    wrong = []
    for module, targets in graph().items():
        own = stage_of(module)
        for target in targets:
            other = stage_of(target)
            if own in SHARED and other not in SHARED:
                wrong.append(f"{module} (a shared helper) imports the stage {target}")
            elif (
                own in STAGES
                and other not in (own, *SHARED)
                and (other not in STAGES or STAGES.index(other) > STAGES.index(own))
            ):
                wrong.append(f"{module} imports {target}, not an earlier stage")
    assert not wrong, wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while (w := stack.pop()) != v:
                part.append(w)
            if part:
                found.append(sorted([*part, v]))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_modules_import_each_other() -> None:
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_the_loop_finder_finds_loops(edges: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(edges) == expected


def test_the_import_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from build_scripts import paths\ndef f():\n    from build_scripts.load.frames import typed_frame\n"
    )
    assert imported(module) == {"build_scripts.paths", "build_scripts.load.frames.typed_frame"}
