"""`make validate BASE=…` runs the maintainer entry: the validator first, then the silent-revision check."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts import paths
from build_scripts.maintainer.revisions import main

GIT = ["git", "-c", "user.name=Synthetic Tester", "-c", "user.email=tester@example.org"]


@pytest.fixture
def package(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(paths.FIXTURES / "valid-mini", package)
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    shutil.copytree(paths.PACKAGE / "source", package / "source")
    subprocess.run([*GIT, "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run([*GIT, "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run([*GIT, "-C", str(tmp_path), "commit", "--quiet", "-m", "base"], check=True)
    return package


def test_unchanged_package_passes(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base", "HEAD", str(package)]) == 0
    assert "✓" in capsys.readouterr().out


def test_silent_change_is_reported_with_catalogue_words(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    observations = package / "data" / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace(",93.58,93.58,", ",93.59,93.58,", 1)
    )
    assert main(["--base", "HEAD", str(package)]) == 1
    out = capsys.readouterr().out
    assert "[silent-revision]" in out and "93.58 → 93.59" in out and "revisions.csv" in out


def test_an_unknown_base_is_a_message_not_a_traceback(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--base", "no-such-ref", str(package)]) == 1
    out = capsys.readouterr().out
    assert "无法与 no-such-ref 比较" in out and "cannot compare with no-such-ref" in out


def test_a_linked_file_is_reported_and_never_read(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = package / "data" / "sources.csv"
    sources.unlink()
    sources.symlink_to("/etc/passwd")
    assert main(["--base", "HEAD", str(package)]) == 1
    out = capsys.readouterr().out
    assert "[symlink]" in out and "cannot compare with HEAD" in out and "root:" not in out


@pytest.mark.parametrize("args", [[], ["BASE=HEAD"], ["REPORT=github"]])
def test_make_validate_runs_as_contributing_says(args: list[str]) -> None:
    """The three forms CONTRIBUTING.md and the PR workflow use, through make itself (its shell runs
    with `-eu`: an unset BASE must not stop the recipe), on the real package."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("BASE", "REPORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    env.pop("GITHUB_STEP_SUMMARY", None)
    done = subprocess.run(
        # -o: the venv counts as installed (the run's own install made it; three make processes at
        # once must not reinstall it side by side)
        ["make", "--no-print-directory", "-o", ".venv/.installed", "validate", *args],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert "unbound variable" not in output and "Traceback" not in output, output[-3000:]
    assert ("数据校验通过" if args == ["REPORT=github"] else "package valid") in done.stdout, done.stdout[
        -3000:
    ]
