"""What encoding a CSV's bytes really are, or a refusal to guess.

Spreadsheets save Chinese text in three legacy ways besides UTF-8: GBK/GB18030 (Excel on
Simplified-Chinese Windows), Big5/cp950 (Traditional-Chinese Windows) and UTF-16 ("Unicode
Text", with or without a byte-order mark). GB18030 decodes almost any bytes, Big5 included, so
"it decodes" is no evidence: Big5's 湖北省 read as GB18030 is 打 plus two private-use
characters. A reading is kept only if it decodes without private-use, unassigned or C1 control
characters; when both Chinese readings survive, charset-normalizer decides if it can tell them
apart, and otherwise the file is refused as ambiguous, showing the same text in both readings.
Used by the validator (to name the fault) and by `make fix-data` (to convert only when certain).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

CHINESE = {"gb18030": "GBK/GB18030", "cp950": "Big5"}
ODD_CATEGORIES = {"Co", "Cn", "Cs"}
UTF16_NUL_SHARE = 0.3


@dataclass(frozen=True)
class Detected:
    """The codec to decode with (None when refused) and the catalogue code that names the finding."""

    codec: str | None
    code: str
    params: dict[str, object] = field(default_factory=dict)


def detect(raw: bytes) -> Detected:
    """The encoding of `raw`: utf-8 (code "utf-8"), a named legacy encoding, or a refusal."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:  # a UTF-8 mark on other bytes: say so, guess nothing
            return Detected(
                None, "encoding-unknown", {"line": raw.count(b"\n", 0, err.start) + 1, "guess": "?"}
            )
        return Detected("utf-8-sig", "bom")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Detected("utf-16", "encoding-utf16")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    else:
        return Detected("utf-8", "utf-8")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return Detected(utf16, "encoding-utf16-nobom", {"order": "LE" if utf16.endswith("le") else "BE"})
    return _chinese(raw, first_bad)


def _utf16_without_bom(raw: bytes) -> str | None:
    """utf-16-le / -be when every other byte is mostly NUL (ASCII-heavy text), else None."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    share = len(raw) // 2 * UTF16_NUL_SHARE
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= share and other.count(0) == 0:
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _clean(raw: bytes, codec: str) -> str | None:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    odd = any(unicodedata.category(c) in ODD_CATEGORIES or 0x80 <= ord(c) < 0xA0 for c in text)
    return None if odd else text


def _chinese(raw: bytes, first_bad: int) -> Detected:
    line = raw.count(b"\n", 0, first_bad) + 1
    readings = {codec: text for codec in CHINESE if (text := _clean(raw, codec)) is not None}
    if len(readings) == 1:
        codec = next(iter(readings))
        return Detected(codec, "encoding-gbk" if codec == "gb18030" else "encoding-big5")
    if not readings:
        best = from_bytes(raw).best()
        guess = best.encoding if best is not None else "?"
        return Detected(None, "encoding-unknown", {"line": line, "guess": guess})
    ranked = [m for m in from_bytes(raw, cp_isolation=list(CHINESE)) if m.encoding in CHINESE]
    if len(ranked) == 1 or (len(ranked) > 1 and ranked[1].chaos - ranked[0].chaos >= 0.1):
        codec = ranked[0].encoding
        return Detected(codec, "encoding-gbk" if codec == "gb18030" else "encoding-big5")
    gbk, big5 = _first_difference(readings["gb18030"], readings["cp950"])
    return Detected(None, "encoding-ambiguous", {"line": line, "as_gbk": gbk, "as_big5": big5})


def _first_difference(one: str, other: str, width: int = 12) -> tuple[str, str]:
    """The first run of non-ASCII text in each reading, to show the maintainer both side by side."""
    return _first_run(one, width), _first_run(other, width)


def _first_run(text: str, width: int) -> str:
    start = next((i for i, c in enumerate(text) if ord(c) > 127), len(text))
    end = start
    while end < len(text) and end - start < width and ord(text[end]) > 127:
        end += 1
    return text[start:end]
