"""How the data diff is written: the same report as Markdown (job summary) or plain text.

Everything taken from the data is untrusted (it comes from the pull request), so in Markdown it is
escaped (`common/text.py`): it shows literally and cannot open a link, a table cell or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_scripts.common.text import md_code, md_escape
from build_scripts.maintainer.diff_data.compare import DataDiff, RowChange

SAFE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`\\]+")
SHORT = 40  # longer fields are reported as "edited", not quoted old → new


@dataclass
class Writer:
    """Builds the same report as Markdown or as plain text."""

    markdown: bool
    lines: list[str] = field(default_factory=list)

    def t(self, text: str) -> str:
        """Data text, escaped when writing Markdown."""
        return md_escape(text, newline="<br>") if self.markdown else text

    def code(self, text: str) -> str:
        """An id or a value, set apart as code."""
        return md_code(text) if self.markdown else text

    def link(self, url: str) -> str:
        """A source address: a link only when it is a plain http(s) URL."""
        return f"<{url}>" if self.markdown and SAFE_URL.fullmatch(url) else self.t(url)

    def heading(self, level: int, text: str) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines += (
            ["#" * level + " " + text, ""] if self.markdown else [text, ("=" if level <= 2 else "-") * 40]
        )

    def item(self, text: str, depth: int = 0) -> None:
        self.lines.append("  " * depth + "- " + text)

    def para(self, text: str) -> None:
        if self.markdown and self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n") + "\n"


def names(row: dict[str, str], zh: str = "name_zh", en: str = "name_en") -> str:
    """The Chinese and English names of a row, as 'zh / en' (either may be missing)."""
    return " / ".join(x for x in (row.get(zh, ""), row.get(en, "")) if x)


def fields(w: Writer, change: RowChange) -> str:
    """The changed fields of a row: short ones as old → new, long ones as "edited"."""
    parts = []
    for name in change.fields:
        old, new = change.old[name], change.new[name]
        if len(old) <= SHORT and len(new) <= SHORT:
            parts.append(f"{w.code(name)}: {w.code(old or '∅')} → {w.code(new or '∅')}")
        else:
            parts.append(f"{w.code(name)} 已修改 / edited")
    return "；".join(parts)


def lookup(diff: DataDiff, name: str) -> dict[tuple[str, ...], dict[str, str]]:
    """Rows of a resource from both sides, the working tree winning."""
    base, head = diff.base.tables.get(name), diff.head.tables.get(name)
    return {**(base.rows if base else {}), **(head.rows if head else {})}
