"""The package's CHANGELOG.md: one release per `## [version] – YYYY-MM-DD` heading, newest first.

Read by the validator (a heading that does not parse is a located problem), the release feed
(portal/feed.py) and the pull-request report (whether the new version has an entry). The dash may be
typed as an en dash, an em dash or a hyphen (a keyboard has only the last); the date must be a real
day. Every line starting with `## ` is a release heading: other headings use `###`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

HEADING = re.compile(r"^## \[(?P<version>[^\]\s]+)\] [–—-] (?P<day>\d{4}-\d{2}-\d{2})\s*$")


class ChangelogError(ValueError):
    """A `## ` heading that is not a release heading; `line` is its 1-based line number."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(f"CHANGELOG.md line {line}: {text!r} is not '## [version] – YYYY-MM-DD'")
        self.line, self.text = line, text


@dataclass(frozen=True)
class Release:
    """One CHANGELOG entry: its version, day, text under the heading, and the heading's line."""

    version: str
    day: date
    text: str
    line: int


def headings(changelog: str) -> Iterator[tuple[int, str, Release | None]]:
    """Every `## ` line: (line number, the line, its release without text, or None if it does not parse)."""
    for number, line in enumerate(changelog.splitlines(), start=1):
        if not line.startswith("## "):
            continue
        found = HEADING.match(line)
        try:
            day = date.fromisoformat(found["day"]) if found else None
        except ValueError:  # e.g. 2026-02-30
            day = None
        yield number, line, Release(found["version"], day, "", number) if found and day else None


def releases(changelog: str) -> list[Release]:
    """The entries, newest first (as written), each with the text under its heading; a `## ` heading
    that does not parse raises ChangelogError."""
    lines = changelog.splitlines()
    found = []
    for number, line, release in headings(changelog):
        if release is None:
            raise ChangelogError(number, line)
        found.append(release)
    out = []
    for n, release in enumerate(found):
        end = found[n + 1].line - 1 if n + 1 < len(found) else len(lines)
        text = "\n".join(lines[release.line : end]).strip()
        out.append(Release(release.version, release.day, text, release.line))
    return out
