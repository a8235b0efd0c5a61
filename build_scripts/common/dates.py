"""When the data last changed, from git.

A file's "last update" is the date of the last git commit that touched it; a file with uncommitted
changes (a local build) has no such date and is reported as such, never guessed. The build runs in
a git clone with full history (a shallow clone is refused: every file would seem to have changed in
the one commit fetched).

"Today" is not read here: the pipeline (and each command-line tool) decides one date when it starts
and passes it to every stage, so one build never mixes two days.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from build_scripts import paths


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


def run_git(root: Path, *args: str) -> str:
    """The output of one git command in `root`; a failure raises."""
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitDateError(f"git {' '.join(args)} failed (the portal dates files from git): {result.stderr}")
    return result.stdout
