"""When the data last changed, from git.

A file's "last update" is the date of the last git commit that touched it; a file with uncommitted
changes (a local build) has no such date and is reported as such, never guessed. The build runs in
a git clone with full history (a shallow clone is refused: every file would seem to have changed in
the one commit fetched).

"Today" is read only here, by `build_today`, which each command (the pipeline, the validator, the
PR report) calls once when it starts; it passes that one date to every stage, so one build never
mixes two days. SOURCE_DATE_EPOCH (reproducible-builds.org) pins it.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from build_scripts import paths


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a date; the message says how to fix it."""


def build_today() -> date:
    """The run's date: SOURCE_DATE_EPOCH as a UTC date when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return date.today()
    if not epoch.isdigit():
        raise BuildDateError(
            f"SOURCE_DATE_EPOCH={epoch!r} 不是 1970 年以来的整数秒数 / is not a whole number of seconds "
            "since 1970: unset it, or set it to e.g. `git log -1 --format=%ct`"
        )
    return datetime.fromtimestamp(int(epoch), UTC).date()


@dataclass(frozen=True)
class LastUpdate:
    """When a file last changed: the date of its last commit, or uncommitted changes (local build)."""

    day: date | None
    uncommitted: bool

    @property
    def known(self) -> bool:
        """True when the date is the file's real last change (committed and clean)."""
        return self.day is not None and not self.uncommitted


class GitDateError(Exception):
    """A package file cannot be dated from git; the message says why and what to do."""


def cannot_date() -> GitDateError:
    """The error for package data that git neither dates (no commit) nor reports as changed."""
    return GitDateError(
        "a package file has never been committed and git reports no changes to it (is its folder "
        "git-ignored?): it cannot be dated; commit it, or move the package out of the ignored folder"
    )


def git_last_update(path: Path, root: Path = paths.ROOT) -> LastUpdate:
    """The date of the last commit touching `path`, and whether it has uncommitted changes.

    Refuses a path outside the repository and a shallow clone (where every file would seem to have
    changed in the one commit fetched: CI must check out with full history, `fetch-depth: 0`).
    """
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise GitDateError(
            f"{path} is outside the repository {root}: its last update cannot come from git; "
            "build a package that lives inside the repository"
        )
    if run_git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise GitDateError(
            f"{root} is a shallow clone: dates from git would be wrong; fetch the full history"
        )
    rel = str(resolved.relative_to(root.resolve()))
    status = run_git(root, "status", "--porcelain", "--", rel)
    logged = run_git(root, "log", "-1", "--format=%cs", "--", rel).strip()
    return LastUpdate(date.fromisoformat(logged) if logged else None, bool(status.strip()))


def git_last_updates(files: list[Path], root: Path = paths.ROOT) -> list[LastUpdate]:
    """`git_last_update` of each of `files`, in order: the same git commands, four files at a time
    (each is three short git processes; one after another they were 0.2 s of every build)."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(lambda path: git_last_update(path, root), files))


def run_git(root: Path, *args: str) -> str:
    """The output of one git command in `root`; a failure raises."""
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitDateError(f"git {' '.join(args)} failed (the portal dates files from git): {result.stderr}")
    return result.stdout
