"""The one rule for a link to a source: the validator accepts, and the pages link to, the same URLs.

A source URL is `http://` or `https://`, a host name of ASCII letters, digits, dots and hyphens
(an internationalised name in its xn-- form), an optional port, then a path, query and fragment
made only of RFC 3986 characters that are inert in HTML, Markdown and CSV: no quotes, angle
brackets, parentheses, square or curly brackets, backslash, backtick, whitespace or control
characters (percent-encode them: ( → %28). So `…/"><script>`, `…/'onmouseover='…` and
`…/x)](javascript:…)` are refused by the validator and never reach the API, the CSV, the xlsx or a page.
The length is checked first, so the pattern (linear in any case) never runs on a huge cell.
"""

from __future__ import annotations

import re

MAX_URL = 2000
URL = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9\-._~%!$&*+,;=:@/?#]*)?"
)
URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&*+,;=:@/?#")


def url_fault(url: str) -> tuple[str, dict[str, str]] | None:
    """Why `url` is not an acceptable source link (a catalogue code and its parameters), or None."""
    if len(url) > MAX_URL:
        return "url-too-long", {"length": str(len(url)), "limit": str(MAX_URL)}
    if URL.fullmatch(url):
        return None
    if not url.startswith(("http://", "https://")):
        return "url-scheme", {}
    bad = next((c for c in url.split("://", 1)[1] if c not in URL_CHARS), None)
    if bad is None:
        return "url-host", {}
    return "url-character", {"char": bad if bad.isprintable() and bad != " " else f"U+{ord(bad):04X}"}


def safe_url(url: str) -> str | None:
    """The URL if a page may link to it, else None (then the title is shown as plain text)."""
    return url if url_fault(url) is None else None
