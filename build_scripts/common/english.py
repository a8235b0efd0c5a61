"""English wording of amounts: thousands separators, magnitudes instead of 万/亿, plurals that agree.

Chinese counts in 万 (10^4) and 亿 (10^8); English in thousands, millions and billions. A value the
data holds in 万件 is shown on English pages multiplied out, exactly (126.82万件 → "1.2682 million
items", 2.42亿平方米 → "242 million m²"): the decimal point moves, no digit is dropped or rounded.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Chinese magnitude prefixes of a unit's label_zh, and what they multiply by.
CHINESE_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
ENGLISH_MAGNITUDES = ((Decimal(10**9), "billion"), (Decimal(10**6), "million"))
# "1.2682 million" reads well; "1.178761 million" does not: a figure printed to the unit is written
# out in full ("1,178,761") instead.
MAX_DECIMALS_IN_WORDS = 4

# A label such as "items (件)" or "counties (incl. cities and districts)": the noun, then a note.
_LABEL = re.compile(r"^(?P<head>[^(]*?)(?P<tail>\s*\(.*\))?$")


def plain(value: Decimal) -> str:
    """The number in positional notation, without trailing zeros after the point (2.4200 → 2.42)."""
    return format(value.normalize(), "f")


def grouped(text: str) -> str:
    """'1178761' → '1,178,761'; '-1234.5' → '-1,234.5'. The digits are kept as written."""
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    if not digits.isdigit():
        raise ValueError(f"not a plain decimal number: {text!r}")
    return sign + f"{int(digits):,}" + (f".{frac}" if frac else "")


def magnitude(value: Decimal | str, multiplier: int = 1) -> str:
    """An amount in English words of size: (126.82, 10_000) → '1.2682 million'; (5, 10_000) → '50,000';
    (117.8761, 10_000) → '1,178,761'.

    Exact: the value is multiplied and divided by powers of ten only, never rounded.
    """
    amount = Decimal(value) * multiplier
    for size, word in ENGLISH_MAGNITUDES:
        scaled = (amount / size).normalize()
        if abs(amount) >= size and max(0, -scaled.as_tuple().exponent) <= MAX_DECIMALS_IN_WORDS:
            return f"{grouped(plain(scaled))} {word}"
    return grouped(plain(amount))


def is_one(value: Decimal | str) -> bool:
    """True when the amount is exactly one (1, 1.0), so its noun is singular."""
    return Decimal(value) == 1


def singular(label: str) -> str:
    """'organisations' → 'organisation', 'industrial chains' → 'industrial chain', 'counties (incl. …)'
    → 'county (incl. …)', 'items (件)' → 'item (件)'; a label that is not a plural is returned as is."""
    match = _LABEL.match(label)
    head, tail = match["head"], match["tail"] or ""
    words = head.split(" ")
    last = words[-1]
    if last.endswith("ies") and len(last) > 3:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 1:
        last = last[:-1]
    return " ".join([*words[:-1], last]) + tail


def agree(label: str, value: Decimal | str) -> str:
    """The unit's noun agreeing with the amount: '1 organisation', '2 organisations'."""
    return singular(label) if is_one(value) else label


def count(n: int, noun: str) -> str:
    """'1 target', '3 targets', '0 targets'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def with_label(number: str, label: str, value: Decimal | str) -> str:
    """'93.58%' (no space before %), '2.73% failing', '1 organisation', '1.2682 million items'."""
    if label.startswith("%"):
        return f"{number}{label}"
    return f"{number} {agree(label, value)}"


# How label_en may name a 万/亿 unit's magnitude before its noun ("10k items (万件)", "10,000 pieces").
EN_MAGNITUDE_PREFIXES = (
    "10k ",
    "10,000 ",
    "ten thousand ",
    "100 million ",
    "100,000,000 ",
    "hundred million ",
)


def unit_noun(label_zh: str, label_en: str) -> tuple[int, str] | None:
    """(multiplier, English noun) of a unit: ('万件', '10k items (万件)') → (10000, 'items'),
    ('个', 'items') → (1, 'items'); None when label_en names no noun this can read."""
    multiplier = CHINESE_MAGNITUDES.get(label_zh[:1], 1)
    if multiplier == 1:
        return 1, label_en
    label = label_en
    for prefix in EN_MAGNITUDE_PREFIXES:
        label = label.removeprefix(prefix)
    label = label.replace(f"({label_zh})", "").strip()
    if not label or any(ch in label for ch in "万亿") or any(d in "0123456789" for d in label):
        return None
    return multiplier, label
