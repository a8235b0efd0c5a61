"""`make bench`, CI part (`CI_RUN=1`): `bash .ci/run` on a fresh clone, install included, against the
budgets of issue 10: the whole run ≤ 5 minutes, pytest itself ≤ 150 s."""

from __future__ import annotations

import re
from pathlib import Path

from build_scripts import paths
from build_scripts.bench import build
from build_scripts.bench.measure import log

CI_BUDGET = {"ci_run_s": 300.0, "pytest_s": 150.0}
PYTEST_DONE = re.compile(r"^=+ (?:[^=\n]*?, )?(\d+) passed\b[^=\n]* in (\d+(?:\.\d+)?)s\b", re.MULTILINE)


def bench_ci(parent: Path) -> dict:
    """`bash .ci/run` (= make test: install, lint, every test) on a fresh clone of the committed HEAD."""
    fresh = parent / "fresh-clone"
    build.git("clone", "--quiet", str(paths.ROOT), str(fresh))
    log(f"bash .ci/run on a fresh clone in {fresh} (installs from the registries, runs every test)")
    wall, proc = build.timed(["bash", ".ci/run"], fresh)
    output = proc.stdout + proc.stderr
    return {
        "wall_s": wall,
        "returncode": proc.returncode,
        "pytest": pytest_summary(output),
        "tail": output[-3000:],
    }


def pytest_summary(output: str) -> dict | None:
    """pytest's last summary line ("=== 1159 passed, 3 warnings in 338.18s ==="): tests passed, seconds."""
    found = PYTEST_DONE.findall(output)
    return {"passed": int(found[-1][0]), "seconds": float(found[-1][1])} if found else None


def report_lines(ci: dict) -> list[str]:
    """The CI section of the report."""
    run_ok = ci["wall_s"] <= CI_BUDGET["ci_run_s"]
    line = (
        f"`bash .ci/run` on a fresh clone: {ci['wall_s']:.2f} s (≤ {CI_BUDGET['ci_run_s']:.0f} s "
        f"{'met' if run_ok else '**MISSED**'}), exit {ci['returncode']}"
    )
    tests = ci.get("pytest")
    if tests:
        ok = tests["seconds"] <= CI_BUDGET["pytest_s"]
        line += (
            f"; pytest: {tests['passed']} passed in {tests['seconds']:.2f} s "
            f"(≤ {CI_BUDGET['pytest_s']:.0f} s {'met' if ok else '**MISSED**'})"
        )
    else:
        line += "; pytest printed no summary line (see the tail in the JSON)"
    return ["## CI", "", line + ".", ""]


def missed(ci: dict) -> list[str]:
    """The CI budgets missed, for the summary line."""
    out = [f"ci_run_s ({ci['wall_s']:.2f})"] if ci["wall_s"] > CI_BUDGET["ci_run_s"] else []
    tests = ci.get("pytest")
    if tests is None or tests["seconds"] > CI_BUDGET["pytest_s"]:
        out.append(f"pytest_s ({tests['seconds']:.2f})" if tests else "pytest_s (no summary)")
    return out
