"""A failed build leaves the previous site intact (the pipeline builds into a temporary folder and
swaps), both when MkDocs fails late and when the data are invalid; run for real with
`python -m build_scripts.pipeline --package … --site …` in a throw-away copy of the repository."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.bench.build import make_worktree
from tests.repo_copy import build_env, copy_caches, pipeline_command


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def worktree(tmp_path_factory: pytest.TempPathFactory, mini_caches: Path) -> Path:
    """A throw-away copy of the repository (with .git; .venv and node_modules linked), as the bench uses:
    the pipeline runs there for real, and nothing of this repository (site/, build/, .cache/) is touched.
    It starts from the caches of a mini copy (the same package's charts, drawn once per run)."""
    repo = make_worktree(tmp_path_factory.mktemp("swap"))
    copy_caches(repo / ".cache", mini_caches)
    return repo


def run_pipeline(repo: Path, package: Path, target: Path) -> subprocess.CompletedProcess[str]:
    """`python -m build_scripts.pipeline --package … --site …` in the work tree (repo_copy's command
    and environment)."""
    return subprocess.run(
        [*pipeline_command(), "--package", str(package), "--site", str(target)],
        cwd=repo,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def mini_package(folder: Path, repo: Path) -> Path:
    """tests/fixtures/valid-mini with the project's descriptor, copied to `folder`."""
    shutil.copytree(repo / "tests" / "fixtures" / "valid-mini", folder)
    shutil.copy(repo / "datapackages" / "hubei-quality" / "datapackage.json", folder / "datapackage.json")
    return folder


def test_failed_build_leaves_the_previous_site_intact(worktree: Path) -> None:
    # tests/fixtures/valid-mini (real values) with the project's descriptor: small, valid, quick to build
    # untracked, not git-ignored: the portal dates it as uncommitted
    package = mini_package(worktree / "swap-package", worktree)
    target = worktree.parent / "site"
    target.mkdir()
    (target / "old.txt").write_text("previous site", encoding="utf-8")

    # 1. a good build replaces the old site completely
    done = run_pipeline(worktree, package, target)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (target / "index.html").is_file() and not (target / "old.txt").exists()
    good = snapshot(target)

    # 2. a build that fails late (MkDocs --strict, after charts and pages were generated) changes nothing
    broken = worktree / "docs" / "zz-broken-link.md"
    broken.write_text("# Broken\n\n[nowhere](no-such-page.md)\n", encoding="utf-8")
    done = run_pipeline(worktree, package, target)
    broken.unlink()
    assert done.returncode == 1, done.stdout[-3000:]
    assert "mkdocs" in done.stdout.lower() and f"{target} unchanged" in done.stdout, done.stdout[-3000:]
    assert snapshot(target) == good

    # 3. invalid data stops the build before anything is written
    observations = package / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(",", ";", 3), encoding="utf-8")
    done = run_pipeline(worktree, package, target)
    assert done.returncode == 1, done.stdout[-3000:]
    assert snapshot(target) == good
    assert sorted(p.name for p in worktree.parent.iterdir()) == ["repo", "site"], (
        "temporary folders left behind"
    )


@pytest.mark.parametrize(
    ("where", "message"),
    [("git-ignored", "git-ignored"), ("outside", "outside the repository")],
)
def test_a_package_git_cannot_date_fails_with_a_message(
    worktree: Path, tmp_path: Path, where: str, message: str
) -> None:
    # The portal dates package files from git: a package in an ignored folder (here .cache/) or outside
    # the repository cannot be dated. The build must say so (no traceback) and keep the previous site.
    folder = worktree / ".cache" / "ignored-package" if where == "git-ignored" else tmp_path / "package"
    package = mini_package(folder, worktree)
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.txt").write_text("previous site", encoding="utf-8")
    try:
        done = run_pipeline(worktree, package, target)
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert message in done.stdout and f"{target} unchanged" in done.stdout, done.stdout[-3000:]
    assert snapshot(target) == {"old.txt": hashlib.sha256(b"previous site").hexdigest()}
