"""A scripted run of the pull-request checks against a fixture pull request.

A temporary "upstream" repository publishes the synthetic package on main; a clone opens a pull
request branch (with `origin/main` as its base, like the CI checkout) and commits first a bad CSV
edit, then a good one. For each, the two reporting steps of .github/workflows/pr.yml run as the
make targets run them, with GITHUB_STEP_SUMMARY pointing at a fresh file per step as on GitHub:

  validate  python -m build_scripts.maintainer.pr_report --base origin/main PACKAGE
  diff      python -m build_scripts.maintainer.diff_data --base origin/main --format markdown --append-to SUMMARY PACKAGE

The annotations (stdout) and the summaries must equal the golden files in
tests/fixtures/pr-flow/expected/, which are exactly what GitHub receives (the base commit's short
SHA is written as <BASE>). To refresh them after an intended wording change, run
`PR_FLOW_REFRESH=1 .venv/bin/python -m pytest tests/test_maintainer_pr_flow.py` and review `git diff`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pr_fixture import FIXTURE, commit, git, published, pull_request, write_package

from build_scripts import paths

EXPECTED = FIXTURE / "expected"
REFRESH = os.environ.get("PR_FLOW_REFRESH") == "1"


def run_checks(package: Path, out: Path) -> tuple[int, int, dict[str, str]]:
    """Run the validate and diff steps; return their exit codes and what GitHub would receive."""
    out.mkdir()
    validate_summary, diff_summary = out / "validate.md", out / "diff.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(validate_summary)}
    validate = subprocess.run(
        [sys.executable, "-m", "build_scripts.maintainer.pr_report", "--base", "origin/main", str(package)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    env["GITHUB_STEP_SUMMARY"] = str(diff_summary)
    diff_command = ["build_scripts.maintainer.diff_data", "--base", "origin/main", "--format", "markdown"]
    diff = subprocess.run(
        [sys.executable, "-m", *diff_command, "--append-to", str(diff_summary), str(package)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert validate.stderr == "" and diff.stderr == "", validate.stderr + diff.stderr
    base = git(package, "rev-parse", "--short=7", "origin/main").strip()
    received = {
        "annotations.txt": validate.stdout,
        "summary-validate.md": validate_summary.read_text(encoding="utf-8"),
        "summary-diff.md": diff_summary.read_text(encoding="utf-8").replace(base, "<BASE>"),
    }
    return validate.returncode, diff.returncode, received


def check_golden(name: str, received: dict[str, str]) -> None:
    for part, text in received.items():
        golden = EXPECTED / f"{name}.{part}"
        if REFRESH:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), (
            f"{golden.name} differs from what the checks produced"
        )


@pytest.fixture(scope="module")
def pull(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pr-flow")
    return pull_request(published(tmp), tmp)


def test_bad_edit_is_annotated_and_summarised(pull: Path, tmp_path: Path) -> None:
    package = write_package(pull, "bad-edit")
    commit(pull, "Add the 2025 value (first attempt)")
    validate, diff, received = run_checks(package, tmp_path / "out")
    assert (validate, diff) == (1, 0)  # the job fails; the diff still shows
    annotations = received["annotations.txt"].splitlines()
    assert [line.split("::")[1].split(",title=")[0] for line in annotations] == [
        "error file=datapackages/hubei-quality/data/observations.csv,line=3,col=35",
        "error file=datapackages/hubei-quality/data/observations.csv,line=4,col=35",
        "error file=datapackages/hubei-quality/data/observations.csv,line=4,col=46",
    ]
    assert [line.rsplit("%0A", 1)[1] for line in annotations] == [
        "[silent-revision]",
        "[number-percent-sign]",
        "[foreign-key]",
    ]
    check_golden("bad-edit", received)


def test_good_edit_passes_with_its_diff(pull: Path, tmp_path: Path) -> None:
    package = write_package(pull, "good-edit", version="1.1.0")
    commit(pull, "Add the 2025 value, its source and the 2024 revision")
    validate, diff, received = run_checks(package, tmp_path / "out")
    assert (validate, diff) == (0, 0)
    assert received["annotations.txt"] == ""
    check_golden("good-edit", received)
