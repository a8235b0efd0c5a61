"""Row and cell checks on the raw text, before frictionless casts anything.

frictionless is lenient where a spreadsheet habit hides a mistake: Python's Decimal accepts
full-width digits, `NaN`, `1E3` and `1_000`; its year type accepts `２０２５`. These checks read the
cell text exactly as written and name the habit, so the message says what to do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Context, Decimal

from build_scripts.common.links import url_fault
from build_scripts.validate.problems import Problem, column_letter, problem

PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
PLAIN_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PERIOD = re.compile(r"(19|20)\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
EXCEL_ERRORS = {
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
}
MISSING_MARKERS = {
    "-",
    "--",
    "—",
    "——",
    "–",
    "/",
    "无",
    "暂无",
    "空",
    "缺",
    "未公布",
    "不详",
    "…",
    "...",
    "N/A",
    "n/a",
    "NA",
    "na",
    "null",
    "NULL",
    "None",
    "none",
    "nil",
}
QUALIFIER_START = re.compile(r"^(约|大约|近|超过|不少于|不低于|不超过|≥|>=|>|≤|<=|<|＞|＜|≈|~)")
QUALIFIER_END = ("以上", "以下", "左右", "余", "多", "+")
RANGE = re.compile(r"-?\d+(\.\d+)?\s*[-—–~～至到]\s*\d+(\.\d+)?")
LEADING_NUMBER = re.compile(r"-?\d+(\.\d+)?")
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"}
INVISIBLE = ZERO_WIDTH | {"\u00a0", "\u3000"}
BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]}
LINE_BREAKS = {"\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
# Linear patterns: each starts at a fixed character and scans a bounded, non-overlapping stretch.
HTML = re.compile(r"<\s{0,20}/?\s{0,20}(?:[A-Za-z][A-Za-z0-9-]{0,40}(?=[\s/>])|!|script)", re.IGNORECASE)
BAD_SCHEME = re.compile(r"\b(?:javascript|vbscript|data)\s{0,20}:", re.IGNORECASE)
MD_LINK = re.compile(r"\]\s{0,20}\(")
FORMULA_START = ("=", "+", "-", "@")
MAX_UNBOUNDED = 1000  # the length checked first in a column whose schema sets no maxLength
SIGNIFICANT_DIGITS = 15  # what Excel (and the xlsx download) keeps of a number


def check_rows(rows: list[list[str]], fields: list[dict], rel: str, today: date) -> Iterator[Problem]:
    """Yield row-shape and lexical cell problems; row numbers count the header as row 1."""
    width = len(fields)
    for index, cells in enumerate(rows[1:], start=2):
        if all(not c.strip() for c in cells):
            yield problem("blank-row", rel, row=index)
            continue
        if len(cells) > width:
            yield problem("row-extra-cells", rel, row=index, n=len(cells), value=",".join(cells)[:80])
            continue
        if len(cells) < width:
            yield problem("row-missing-cells", rel, row=index, n=len(cells), value=",".join(cells)[:80])
            continue
        for col, (field, value) in enumerate(zip(fields, cells, strict=True)):
            if value:
                yield from check_cell(value, field, rel, index, col, today)


def check_cell(value: str, field: dict, rel: str, row: int, col: int, today: date) -> Iterator[Problem]:
    """Lexical problems of one non-empty cell; at most one per cell, the most specific."""
    found = _cell_code(value, field, today)
    if found is not None:
        code, params = found
        yield problem(
            code, rel, row=row, column=field["name"], letter=column_letter(col), value=value, **params
        )


def _cell_code(value: str, field: dict, today: date) -> tuple[str, dict] | None:
    limit = field.get("constraints", {}).get("maxLength") or MAX_UNBOUNDED
    if len(value) > limit:
        return "too-long", {"length": len(value), "limit": limit}
    if any(c in LINE_BREAKS for c in value):
        return "line-break", {}
    bad = sorted({c for c in value if c in BIDI or unicodedata.category(c) == "Cc"})
    if bad:
        return "control-character", {"chars": " ".join(f"U+{ord(c):04X}" for c in bad)}
    ftype, name = field["type"], field["name"]
    if ftype in ("number", "integer"):
        return number_issue(value, integer=ftype == "integer")
    if ftype == "date":
        return date_issue(value, today)
    if name == "period":
        return period_issue(value, today)
    return string_issue(value, field)


def _invisible(value: str, anywhere: bool) -> tuple[str, dict] | None:
    chars = (
        [c for c in value if c in INVISIBLE]
        if anywhere
        else [c for c in (value[:1] + value[-1:]) if c in INVISIBLE]
    )
    if chars:
        return "invisible-character", {"chars": " ".join(sorted({f"U+{ord(c):04X}" for c in chars}))}
    return None


def number_issue(value: str, integer: bool = False) -> tuple[str, dict] | None:
    """Name the spreadsheet habit behind a malformed number, or None when it is plain ASCII decimal."""
    plain = PLAIN_INTEGER if integer else PLAIN_NUMBER
    if plain.fullmatch(value):
        return None if integer or significant(value) <= SIGNIFICANT_DIGITS else too_precise(value)
    text = value.strip()
    if text in EXCEL_ERRORS:
        return "excel-error", {}
    if text in MISSING_MARKERS:
        return "missing-marker", {}
    folded = unicodedata.normalize("NFKC", text).replace("。", ".")
    if folded != text and plain.fullmatch(folded):
        return "number-fullwidth", {"suggest": folded}
    invisible = _invisible(value, anywhere=True)
    if invisible:
        return invisible
    if value != text:
        return "surrounding-space", {}
    return _number_shape(folded)


def significant(text: str) -> int:
    """Digits a plain decimal keeps, the way the xlsx writer counts them (leading zeros aside)."""
    return len(text.replace("-", "").replace(".", "").lstrip("0"))


def rounded(text: str) -> str:
    """A plain decimal rounded to 15 significant digits, trailing zeros dropped: 95.000000000000014 → 95."""
    number = Context(prec=SIGNIFICANT_DIGITS).plus(Decimal(text))
    out = format(number, "f")
    return out.rstrip("0").rstrip(".") if "." in out else out


def too_precise(value: str) -> tuple[str, dict]:
    return "number-too-precise", {"digits": significant(value), "suggest": rounded(value)}


def _number_shape(text: str) -> tuple[str, dict]:
    if re.fullmatch(r"(?i)[+-]?(nan|inf|infinity)", text):
        return "number-not-finite", {}
    if re.fullmatch(r"-?\d+(\.\d+)?[eE][+-]?\d+", text):
        return "number-scientific", {}
    if text.endswith("%") and PLAIN_NUMBER.fullmatch(text[:-1].strip()):
        return "number-percent-sign", {"suggest": text[:-1].strip()}
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return "number-thousands-separator", {"suggest": text.replace(",", "")}
    if QUALIFIER_START.match(text) or text.endswith(QUALIFIER_END):
        return "number-qualifier", {}
    if RANGE.fullmatch(text):
        return "number-range", {}
    lead = LEADING_NUMBER.match(text)
    if lead and lead.end() < len(text) and not re.fullmatch(r"[\d._+\-eE]*", text):
        return "number-with-unit", {"suggest": lead.group(0)}
    return "number-format", {}


def date_issue(value: str, today: date) -> tuple[str, dict] | None:
    """Problems of a YYYY-MM-DD date cell, including Excel serials and future dates."""
    match = ISO_DATE.fullmatch(value)
    if match:
        try:
            when = date(*map(int, match.groups()))
        except ValueError:
            return "date-impossible", {}
        return ("future-date", {"today": today.isoformat()}) if when > today else None
    if re.fullmatch(r"\d{5}(\.0)?", value.strip()):
        return "date-excel-serial", {}
    return "date-format", {"suggest": _suggest_date(value)}


def _suggest_date(value: str) -> str:
    parts = re.findall(r"\d+", unicodedata.normalize("NFKC", value))
    if len(parts) == 3 and len(parts[0]) == 4:
        return f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return "2025-01-05"


def period_issue(value: str, today: date) -> tuple[str, dict] | None:
    """Problems of an observation period: YYYY, YYYY-MM or YYYY-MM-DD, not in the future."""
    if PERIOD.fullmatch(value):
        start = value + "-01" * (2 - value.count("-"))
        try:
            first = date.fromisoformat(start)
        except ValueError:
            return "date-impossible", {}
        if first > today:
            return "future-period", {"today": today.isoformat()}
        return None
    if re.fullmatch(r"\d{5}(\.0)?", value.strip()) and not value.startswith(("19", "20")):
        return "date-excel-serial", {}
    folded = unicodedata.normalize("NFKC", value).strip()
    parts = re.findall(r"\d+", folded)
    suggest = "2024"
    if parts and len(parts[0]) == 4:
        suggest = (
            parts[0]
            if (len(parts) == 1 or re.fullmatch(r"\d{4}\.0", folded))
            else (f"{parts[0]}-{int(parts[1]):02d}" + (f"-{int(parts[2]):02d}" if len(parts) > 2 else ""))
        )
    return "year-format", {"suggest": suggest}


def string_issue(value: str, field: dict) -> tuple[str, dict] | None:
    """Problems of a text cell: ids, URLs, invisible/control characters, formulas, HTML, script links."""
    constraints = field.get("constraints", {})
    pattern = constraints.get("pattern")
    if field.get("format") == "uri" or field["name"] == "url":
        return url_fault(value)
    if pattern and pattern.startswith("^[a-z]"):
        return id_issue(value, pattern)
    if value != value.strip(" \t\n"):
        return "surrounding-space", {}
    invisible = _invisible(value, anywhere=bool(pattern) or "enum" in constraints)
    if invisible:
        return invisible
    hidden = sorted({f"U+{ord(c):04X}" for c in value if c in ZERO_WIDTH})
    if hidden:
        return "invisible-character", {"chars": " ".join(hidden)}
    if value.startswith(FORMULA_START):
        return "formula-start", {"first": value[0]}
    if HTML.search(value):
        return "html-in-text", {}
    if BAD_SCHEME.search(value):
        return "javascript-link", {}
    if MD_LINK.search(value):
        return "markdown-link", {}
    enum = constraints.get("enum")
    if enum and value not in enum:
        return "enum", {"allowed": ", ".join(map(str, enum))}
    return None


def id_issue(value: str, pattern: str) -> tuple[str, dict] | None:
    """Problems of an ASCII id: spaces, full-width or look-alike letters, capitals, underscores."""
    if re.fullmatch(pattern, value):
        return None
    if value != value.strip() or " " in value:
        detail = "contains spaces / 含空格"
    elif any(ord(c) > 127 for c in value):
        odd = " ".join(f"U+{ord(c):04X}" for c in value if ord(c) > 127)
        detail = f"non-ASCII or look-alike characters {odd} / 含全角或形近字符"
    elif value != value.lower():
        detail = "capital letters / 含大写字母"
    elif not value[:1].isalpha():
        detail = "must start with a letter a-z / 须以英文字母开头"
    else:
        detail = "characters other than a-z 0-9 - / 含其他字符"
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", value).lower()).strip("-") or "my-id"
    if not slug[0].isalpha():
        slug = f"id-{slug}"
    return "id-format", {"detail": detail, "suggest": slug}
