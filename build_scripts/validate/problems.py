"""The Problem record every check yields.

A Problem locates one fault the way a maintainer sees it in a spreadsheet (file, row with the
header as row 1, column letter and name, the offending value) and says what is wrong and how to
fix it, in Chinese and English. The words come from the one catalogue, `messages.csv`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from build_scripts.validate.messages import catalogue, render

CATALOGUE = catalogue()  # code → Message, for tests and tools that list the codes


@dataclass(frozen=True)
class Problem:
    """One located fault in the data, in words a maintainer can act on."""

    file: str
    row: int | None
    column: str | None
    column_letter: str | None
    value: str | None
    code: str
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str

    def location(self) -> str:
        """`file:row:column` as far as it is known."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column_letter} ({self.column})")
        return ", ".join(parts)


def column_letter(index: int) -> str:
    """Spreadsheet letter for a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


VISIBLE_SPACE = {" "}


def show(value: str | None, limit: int = 80) -> str | None:
    """The value as a human should see it: invisible and odd characters spelled as <U+XXXX>."""
    if value is None:
        return None
    out = []
    for ch in value[:limit]:
        cat = unicodedata.category(ch)
        if ch in VISIBLE_SPACE or not (cat.startswith(("C", "Z")) or ch == "\ufeff"):
            out.append(ch)
        else:
            out.append(f"<U+{ord(ch):04X}>")
    if len(value) > limit:
        out.append("…")
    return "".join(out)


def problem(
    code: str,
    file: str,
    *,
    row: int | None = None,
    column: str | None = None,
    letter: str | None = None,
    value: str | None = None,
    message: str | None = None,
    **params: object,
) -> Problem:
    """Build a Problem from the catalogue; unknown codes and placeholders fail loudly.

    `message` names the catalogue entry when one code has several wordings (a change or a removal).
    """
    fmt = {"file": file, "value": show(value), "column": column, **params}
    msg = render(message or code, **fmt)
    return Problem(
        file=file,
        row=row,
        column=column,
        column_letter=letter,
        value=show(value),
        code=code,
        message_zh=msg.zh,
        message_en=msg.en,
        fix_zh=msg.fix_zh,
        fix_en=msg.fix_en,
    )
