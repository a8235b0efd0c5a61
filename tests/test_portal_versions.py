"""Earlier versions of the package republished from git (data/v<version>/), and dates read from git."""

from __future__ import annotations

import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

from build_scripts.common.dates import LastUpdate
from build_scripts.common.i18n import Lang
from build_scripts.portal.common import (
    update_label,
)
from build_scripts.portal.versions import files_at, past_versions, publish_past_versions
from tests.pr_fixture import git

# --- dates from git -----------------------------------------------------------------------------


def test_an_uncommitted_file_is_labelled_as_such():
    assert update_label(LastUpdate(None, True), Lang("en")) == "uncommitted changes (local build)"
    assert update_label(LastUpdate(date(2024, 6, 7), False), Lang("en")) == "2024-06-07"


def test_earlier_versions_are_republished_fromgit(tmp_path):
    repo = tmp_path / "repo"
    package = repo / "pkg"
    (package / "data").mkdir(parents=True)
    git(repo, "init", "-q")

    def commit(version: str, rows: str, day: str) -> None:
        descriptor = {
            "name": "synthetic",
            "version": version,
            "resources": [{"name": "a", "path": "data/a.csv"}],
        }
        (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        (package / "data/a.csv").write_text(rows, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", version, day=day)

    (package / "README.md").write_text("no descriptor yet\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the package folder before its descriptor", day="2023-12-01T00:00:00")
    commit("1.0.0", "x\n1\n", "2024-01-01T00:00:00")
    commit("1.0.0", "x\n2\n", "2024-02-01T00:00:00")
    commit("1.1.0", "x\n3\n", "2024-03-01T00:00:00")
    commit("2.0.0", "x\n4\n", "2024-04-01T00:00:00")
    found = past_versions(package, "2.0.0", repo)
    assert list(found) == ["1.1.0", "1.0.0"]
    docs = tmp_path / "docs"
    publish_past_versions(docs, package, found, repo)
    assert (docs / "data/v1.0.0/data/a.csv").read_text(encoding="utf-8") == "x\n2\n"
    assert (docs / "data/v1.1.0/data/a.csv").read_text(encoding="utf-8") == "x\n3\n"
    with zipfile.ZipFile(docs / "data/v1.0.0/hubei-quality.zip") as archive:
        assert archive.read("data/a.csv") == b"x\n2\n"
    assert not (docs / "data/v2.0.0").exists()
    assert past_versions(package, "1.1.0", repo) == {"2.0.0": _head(repo), "1.0.0": found["1.0.0"]}


def test_files_at_reads_each_commits_bytes_or_none(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    contents = [None, b"two\nlines\n", b"", "中文\r\n".encode(), b"no newline at the end"]
    commits = []
    for i, content in enumerate(contents):
        path = repo / "f.json"
        if content is None:
            (repo / "other").write_text("x", encoding="utf-8")
        else:
            path.write_bytes(content)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", str(i), day=f"2024-01-0{i + 1}T00:00:00")
        commits.append(_head(repo))
    assert files_at(repo, commits[::-1], "f.json") == contents[::-1]


def _head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
