"""The one catalogue of maintainer-facing messages, read from `messages.csv` beside this module.

Every message the validator, `make fix-data` (maintainer.normalize) and the revision check
(maintainer.revisions) print lives in that file, one row per code, with Chinese and English
wording of the problem and of its fix. Placeholders in braces (`{file}`, `{value}`) are filled in
by the caller. An unknown code or a missing placeholder fails loudly: a message is never dropped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("messages.csv")
COLUMNS = ["code", "zh", "en", "fix_zh", "fix_en"]


@dataclass(frozen=True)
class Message:
    """One catalogue entry: what is wrong and how to fix it, in Chinese and English."""

    zh: str
    en: str
    fix_zh: str
    fix_en: str


class CatalogueError(Exception):
    """messages.csv itself is malformed (a developer error, found by the tests and at import)."""


@cache
def catalogue(path: Path = CATALOGUE_FILE) -> dict[str, Message]:
    """Every message by code; the file's header, widths and codes are checked."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, strict=True))
    if not rows or rows[0] != COLUMNS:
        raise CatalogueError(f"{path.name}: the header must be {','.join(COLUMNS)}")
    found: dict[str, Message] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS) or not all(row[:3]):
            raise CatalogueError(f"{path.name} row {line}: needs code, zh, en (and fixes)")
        if row[0] in found:
            raise CatalogueError(f"{path.name} row {line}: code {row[0]!r} appears twice")
        found[row[0]] = Message(*row[1:])
    return found


def render(code: str, **params: object) -> Message:
    """The message `code` with its placeholders filled in; KeyError on an unknown code or placeholder."""
    msg = catalogue()[code]
    return Message(*(text.format(**params) for text in (msg.zh, msg.en, msg.fix_zh, msg.fix_en)))


def say(code: str, **params: object) -> str:
    """One line for a console: “中文 / English” (the fix is left out; use render for it)."""
    msg = render(code, **params)
    return f"{msg.zh} / {msg.en}"
