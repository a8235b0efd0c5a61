"""Escaping untrusted text (data from the package or a pull request) for Markdown.

One escaper for every place where data text lands in Markdown: the site's pages (Python-Markdown,
as MkDocs runs it) and the pull-request reports (GitHub's CommonMark). The text must show
literally in both: it never opens a link, emphasis, a list, a heading, a table cell or HTML.

- Markdown punctuation is backslash-escaped, with the set Python-Markdown accepts (with the
  `tables` extension); CommonMark accepts a backslash before any ASCII punctuation.
- Then HTML's own characters become entities (`&amp;`, `&lt;`, `&#x27;`): both parsers show them
  as text, and neither ever sees a tag. (In this order: a `#` escaped inside `&#x27;` would make
  CommonMark show the entity's letters.)
- `~` (GitHub's strikethrough) becomes `&#126;`: Python-Markdown has no `\\~` escape and would show
  the backslash.
- A line break would end the inline context (a heading, a list item, a table row), so it becomes
  `newline`: a space by default, or e.g. `<br>` where the break must stay visible.
"""

from __future__ import annotations

import html
import re

MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def md_escape(text: str, newline: str = " ") -> str:
    r"""`text` for an inline Markdown context, shown literally.

    >>> md_escape("[x](javascript:y) <b>")
    '\\[x\\]\\(javascript:y\\) &lt;b&gt;'
    """
    escaped = html.escape(MD_PUNCTUATION.sub(r"\\\1", text), quote=True).replace("~", "&#126;")
    return LINE_BREAK.sub(newline, escaped)


def md_code(text: str) -> str:
    """`text` set apart as code in Markdown, shown literally: `<code>` (a backtick code span could not
    hold a backtick of the text), its content escaped as by `md_escape`, line breaks kept as `<br>`."""
    return f"<code>{md_escape(text, newline='<br>')}</code>"
