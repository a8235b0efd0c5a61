"""A throw-away copy of the repository to run real builds in (the real `site/` and data stay untouched).

`make_repo` (tests/test_build_incremental.py: the real package) and `make_mini_repo`
(tests/test_build_failures.py and tests/test_preview.py: the build's mechanics, on the small valid
package tests/fixtures/valid-mini, 55 pages built in seconds instead of 292). The
copy is a clone of the repository (its history: the portal dates each file by its last commit and lists
earlier versions from git) with the working tree's files (tracked and untracked, not ignored) on top,
committed as one snapshot commit with a fixed identity and date when they differ from HEAD; `.venv`
and `node_modules` are linked. The build caches of `.cache/` are copied: every entry is keyed by a hash
of its inputs (spec → image, page inputs → HTML), so a copied entry is only used where the copy's
inputs are the same. With the history, the copy's files carry the dates the session's build saw (on a
clean checkout: all of them), so its first build reuses that build's pages instead of rendering every
page again; compiling and drawing every chart from nothing would add a minute to every build here.
Callers of `make_repo` depend on the session's `real_build` first, which fills `.cache/` on a fresh
clone. A mini copy gets none of them (its data differ) but those of the run's first mini copy
(conftest `mini_caches`), so only that one compiles and draws its charts from nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from build_scripts import paths
from build_scripts.bench.build import make_worktree
from tests.pr_fixture import git

MINI_DATA = paths.FIXTURES / "valid-mini" / "data"


def make_repo(parent: Path) -> Path:
    """`make_worktree` (the benchmark's copy: a clone with the working tree's files on top, `.venv`
    and `node_modules` linked), plus the build caches and the snapshot commit (see above)."""
    repo = make_worktree(parent)
    copy_caches(repo / ".cache")
    return snapshot(repo)


def make_mini_repo(parent: Path, caches: Path | None = None) -> Path:
    """`make_worktree` whose package data are those of tests/fixtures/valid-mini (real values, a few
    targets of each kind, with the project's own descriptor), in the package's usual place, committed
    as the snapshot: every stage of the build runs, on a site a fifth of the size. `caches`: a mini
    copy's `.cache/` after a build (conftest `mini_caches`), copied in."""
    repo = make_worktree(parent)
    data = repo / paths.PACKAGE_DATA.relative_to(paths.ROOT)
    shutil.rmtree(data)
    shutil.copytree(MINI_DATA, data)
    if caches is not None:
        copy_caches(repo / ".cache", caches)
    return snapshot(repo)


def snapshot(repo: Path) -> Path:
    """Commit the copy's working tree (fixed identity and date, tests/pr_fixture.git) if it differs
    from HEAD; the copy."""
    git(repo, "add", "--all")
    if git(repo, "status", "--porcelain").strip():
        git(repo, "commit", "--quiet", "-m", "snapshot of the working tree for a build test")
    return repo


def copy_caches(dest: Path, cache: Path = paths.CACHE) -> None:
    """The entries of `cache` (default: this repository's `.cache/`), copied; a build writing or
    pruning beside this copy may make a file vanish between listing and copying (it is skipped) and
    writes half-files only under temporary names (never copied)."""
    for src in sorted(cache.rglob("*")) if cache.is_dir() else []:
        rel = src.relative_to(cache)
        if not src.is_file() or any(".tmp" in part for part in rel.parts):
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(src, dest / rel)


def pipeline_command() -> list[str]:
    """`python -m build_scripts.pipeline` with this interpreter."""
    return [sys.executable, "-m", "build_scripts.pipeline"]


def build_env() -> dict[str, str]:
    """The environment of a build in the copy (no SITE_URL from the caller's shell)."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def run_build(repo: Path) -> subprocess.CompletedProcess[str]:
    """One build in the copy, run to the end; the caller checks the outcome."""
    return subprocess.run(
        pipeline_command(), cwd=repo, env=build_env(), capture_output=True, text=True, check=False
    )


def built(repo: Path) -> str:
    """Build in the copy and fail the test with the build's output if it fails; returns its output."""
    done = run_build(repo)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"the build failed:\n{output[-4000:]}"
    return output


def change_one_observation(repo: Path) -> tuple[str, str]:
    """Turn the first final observation provisional (a real change that reaches a target's page, its
    chart in three languages and the downloads; no number changes). Returns (series_id, period)."""
    path = repo / paths.PACKAGE_DATA.relative_to(paths.ROOT) / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    status = header.index("status")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if len(cells) == len(header) and cells[status] == "final":  # a row without quoted commas
            cells[status] = "provisional"
            lines[i] = ",".join(cells)
            path.write_text("\n".join(lines), encoding="utf-8")
            return cells[header.index("series_id")], cells[header.index("period")]
    raise AssertionError(f"no final observation without quoted commas in {path}")
