"""A few new charts are compiled and drawn by a forked copy of the build (build_scripts/charts/pending.py),
only while the build's process has not started vl-convert's JS engine, and give the same files.

Run in a new Python process (the engine's state is the process's: this test process may have started
it already), on the small valid package (tests/mutations.make_package): its charts in one language
first, in a process that has drawn nothing (a forked copy draws them); then, once that process has
compiled a chart itself, those of another language (drawn there, not forked); then the first
language's again there, into an empty cache: byte for byte the files the forked copy wrote. And a
cold build's many charts go to the workers, so a later change in the same process still forks.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from build_scripts import paths
from tests.mutations import make_package

SCRIPT = """
import json, sys
from pathlib import Path
from build_scripts.charts import pending, render
from build_scripts.charts.specs import Workers, compile_chart
from build_scripts.load.package import load_package

pkg, tmp, seen = load_package(Path(sys.argv[1])), Path(sys.argv[2]), {}
with Workers(pkg) as workers:
    for name, langs, cache in (("first", ("zh",), "cache"), ("second", ("en",), "cache")):
        drawing = pending.start_charts(pkg, langs, tmp / cache, workers, tmp / name)
        drawing.finish(tmp / name)
        seen[name] = [type(drawing).__name__, render.engine_started(), len(drawing.files)]
        if name == "first":
            compile_chart(*next(iter(drawing.files)), pkg)  # this process starts vl-convert's engine
    again = pending.start_charts(pkg, ("zh",), tmp / "empty-cache", workers, tmp / "again")
    again.finish(tmp / "again")
    seen["again"] = [type(again).__name__, render.engine_started(), len(again.files)]
print(json.dumps(seen))
"""


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def run_in_new_process(script: str, tmp_path: Path) -> dict:
    """What `script` prints last (JSON), run in a new Python process on a copy of the small valid package."""
    package = make_package(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT)}
    env.pop("SITE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(package), str(tmp_path)],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_a_forked_copy_draws_few_charts_only_before_the_engine_starts_and_draws_the_same(
    tmp_path: Path,
) -> None:
    seen = run_in_new_process(SCRIPT, tmp_path)
    charts = seen["first"][2]
    assert 0 < charts < 8, seen  # few: not the workers' job
    assert seen["first"] == ["PendingDrawing", False, charts], seen
    assert seen["second"] == ["Drawing", True, charts], seen
    assert seen["again"] == ["Drawing", True, charts], seen
    first, again = tmp_path / "first", tmp_path / "again"
    written = files_under(first)
    # each chart: the wide and phone SVGs, the PNG download and the live spec (and maybe a long-run SVG)
    assert len([f for f in written if f.endswith(".vg.json")]) == charts, written
    assert len([f for f in written if f.endswith(".png")]) == charts, written
    assert written == files_under(again)
    different = [f for f in written if not filecmp.cmp(first / f, again / f, shallow=False)]
    assert different == [], f"the forked copy drew other files than this process: {different}"
    assert files_under(tmp_path / "second") and all(
        f.startswith("charts/en/") for f in files_under(tmp_path / "second")
    )


COLD_THEN_CHANGE = """
import json, sys
from pathlib import Path
from build_scripts.bench.build import make_scale_package, perturb_observation
from build_scripts.charts import pending, render
from build_scripts.charts.specs import Workers
from build_scripts.load.package import load_package

package, tmp, seen = Path(sys.argv[1]), Path(sys.argv[2]), {}
make_scale_package(package, 2)  # twice its targets: enough charts in three languages for the workers
for name in ("cold", "changed"):
    if name == "changed":
        seen["change"] = perturb_observation(package, 1)
    pkg = load_package(package)
    with Workers(pkg) as workers:
        drawing = pending.start_charts(pkg, ("zh", "zh-Hant", "en"), tmp / "cache", workers, tmp / name)
        count = drawing.count if isinstance(drawing, pending.PendingDrawing) else len(drawing.files)
        drawing.finish(tmp / name)
    seen[name] = [type(drawing).__name__, render.engine_started(), count]
print(json.dumps(seen))
"""


def test_after_a_cold_build_a_change_is_still_drawn_by_a_forked_copy(tmp_path: Path) -> None:
    """`make preview` on an unbuilt clone: its first build draws every chart on the workers, so the
    preview's own process never starts vl-convert's engine and a later change still forks."""
    seen = run_in_new_process(COLD_THEN_CHANGE, tmp_path)
    assert seen["cold"][:2] == ["Drawing", False] and seen["cold"][2] >= 8, seen  # the workers' job
    assert seen["changed"] == ["PendingDrawing", False, 3], seen  # its chart in three languages
    assert files_under(tmp_path / "changed") == files_under(tmp_path / "cold")  # every chart, written
