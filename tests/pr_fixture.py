"""Build a throw-away git history of the synthetic fixture package, as a pull request sees it.

Shared by tests/test_maintainer_diff_data.py and tests/test_maintainer_pr_flow.py. The package takes its schema from the
real datapackage.json (so the fixture is checked against the real data contract) and its rows from
tests/fixtures/pr-flow/ (synthetic data only; see the README there). Commits use fixed names and
dates so every run builds the same history.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from build_scripts import paths

FIXTURE = paths.FIXTURES / "pr-flow"
PACKAGE_REL = paths.PACKAGE.relative_to(paths.ROOT).as_posix()
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.org",
    "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.org",
    "GIT_AUTHOR_DATE": "2026-11-20T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-20T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str, day: str | None = None) -> str:
    """Run git in `repo` with the fixed identity (and commit date `day`, e.g. '2024-05-06T12:00:00',
    when given); return its stdout; fail loudly."""
    dated = {"GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day} if day else {}
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV, **dated},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def write_package(repo: Path, *layers: str, version: str = "1.0.0") -> Path:
    """Write the fixture package into `repo`: the real schema, then each fixture layer over the last."""
    package = repo / PACKAGE_REL
    package.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads(paths.PACKAGE_DESCRIPTOR.read_text(encoding="utf-8"))
    descriptor["version"] = version
    for resource in descriptor["resources"]:
        for integrity in ("bytes", "hash"):  # describe the real files, not the fixture's
            resource.pop(integrity, None)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (package / "datapackage.json").write_text(text, encoding="utf-8")
    for layer in layers:
        shutil.copytree(FIXTURE / layer, package, dirs_exist_ok=True)
    return package


def commit(repo: Path, message: str) -> str:
    """Commit everything in the working tree; return the new commit's short SHA."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "--message", message)
    return git(repo, "rev-parse", "--short=7", "HEAD").strip()


def new_repo(path: Path) -> Path:
    """An empty repository on branch main."""
    path.mkdir(parents=True)
    git(path, "init", "--quiet", "--initial-branch=main")
    return path


def published(tmp: Path, *layers: str) -> Path:
    """A repository whose main branch holds the fixture package built from `layers` (default: base)."""
    repo = new_repo(tmp / "upstream")
    write_package(repo, *(layers or ("base",)))
    commit(repo, "Publish the synthetic package")
    return repo


def pull_request(upstream: Path, tmp: Path, branch: str = "update-data") -> Path:
    """A clone of `upstream` on a new branch, with `origin/main` as the base, like a CI checkout."""
    clone = tmp / "pr"
    git(tmp, "clone", "--quiet", str(upstream), str(clone))
    git(clone, "switch", "--quiet", "--create", branch)
    return clone
