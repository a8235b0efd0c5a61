"""Rules on the numbers themselves: units' ranges, targets against their quote, observations in time.

A unit's range must be a range (maximum ≥ minimum), reported on its own units.csv row; only a sound
range is applied to targets and observations. A target's value (and range maximum) must be one of
the numbers of its outline quote, read the way the outline writes them (full-width digits, 万 and
亿 as multiples, 1—2 as two numbers) and lie in its unit's range. An observation's value must lie in
its unit's range, agree with a second value of the same series and period unless both are
explained, and its period cannot begin after its source was published.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from build_scripts.common import english
from build_scripts.validate.problems import Problem, problem

Table = tuple[str, list[dict[str, str]]]  # (file path relative to the repository, rows keyed by field name)
Bounds = tuple[Decimal | None, Decimal | None]
PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
QUOTE_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|亿)?")
MULTIPLE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), None: Decimal(1)}


def decimal(text: str | None) -> Decimal | None:
    """The finite number a plain decimal cell holds, or None for empty or anything else."""
    if not text or len(text) > 40 or not PLAIN.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def unit_bounds(units: Table) -> dict[str, Bounds]:
    """unit_id → (minimum, maximum) for every unit whose range is sound (max ≥ min)."""
    found: dict[str, Bounds] = {}
    for row in units[1]:
        low, high = decimal(row.get("minimum")), decimal(row.get("maximum"))
        if low is None or high is None or high >= low:
            found[row.get("unit_id", "")] = (low, high)
    return found


def outside(number: Decimal, bounds: Bounds) -> str | None:
    """The range as text when `number` lies outside it, else None."""
    low, high = bounds
    if (low is not None and number < low) or (high is not None and number > high):
        return f"{'-∞' if low is None else low} – {'∞' if high is None else high}"
    return None


def check_units(units: Table) -> Iterator[Problem]:
    rel, rows = units
    for row_no, row in enumerate(rows, start=2):
        low, high = decimal(row.get("minimum")), decimal(row.get("maximum"))
        if low is not None and high is not None and high < low:
            yield problem(
                "unit-bounds-reversed",
                rel,
                row=row_no,
                column="maximum",
                value=row["maximum"],
                unit=row.get("unit_id"),
                low=low,
                high=high,
            )
        if (
            row.get("label_zh")
            and row.get("label_en")
            and english.unit_noun(row["label_zh"], row["label_en"]) is None
        ):
            yield problem(
                "unit-label-en-unreadable", rel, row=row_no, column="label_en", value=row["label_en"]
            )


def quote_numbers(quote: str) -> set[Decimal]:
    """Every number the quote writes, with 万/亿 read both as written and as a multiple."""
    found: set[Decimal] = set()
    for match in QUOTE_NUMBER.finditer(unicodedata.normalize("NFKC", quote)):
        number = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        found |= {number, number * MULTIPLE[match.group(3)]}
    return found


def check_targets(indicators: Table, units: Table) -> Iterator[Problem]:
    rel, rows = indicators
    bounds = unit_bounds(units)
    for row_no, row in enumerate(rows, start=2):
        if row.get("kind") != "numeric":
            continue
        numbers = quote_numbers(row.get("quote_zh", "")) if row.get("quote_zh") else None
        for column in ("target_value", "target_value_max"):
            value = decimal(row.get(column))
            if value is None:
                continue
            if numbers is not None and value not in numbers:
                shown = ", ".join(sorted({_plain(n) for n in numbers}, key=Decimal)) or "—"
                yield problem(
                    "target-not-in-quote", rel, row=row_no, column=column, value=row[column], found=shown
                )
            unit = row.get("unit_id", "")
            out = outside(value, bounds.get(unit, (None, None)))
            if out:
                yield problem(
                    "target-out-of-range",
                    rel,
                    row=row_no,
                    column=column,
                    value=row[column],
                    unit=unit,
                    bounds=out,
                )


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_observations(observations: Table, series: Table, units: Table) -> Iterator[Problem]:
    rel, rows = observations
    unit_of = {s["series_id"]: s.get("unit_id") for s in series[1]}
    bounds = unit_bounds(units)
    seen: dict[tuple[str, str], tuple[int, str, str]] = {}
    for row_no, row in enumerate(rows, start=2):
        value, quoted, quote, note = (row.get(k, "") for k in ("value", "quoted_value", "quote", "note"))
        number = decimal(value)
        if quoted and quote and quoted not in quote:
            yield problem("quoted-value-not-in-quote", rel, row=row_no, column="quoted_value", value=quoted)
        if number is not None and decimal(quoted) not in (None, number) and not note:
            yield problem(
                "conversion-without-note", rel, row=row_no, column="note", value=value, quoted=quoted
            )
        out = (
            None
            if number is None
            else outside(number, bounds.get(unit_of.get(row.get("series_id", ""), ""), (None, None)))
        )
        if out:
            yield problem("out-of-range", rel, row=row_no, column="value", value=value, bounds=out)
        key = (row.get("series_id", ""), row.get("period", ""))
        if key in seen and number is not None and seen[key][1] != str(number) and not (note and seen[key][2]):
            yield problem(
                "conflicting-values",
                rel,
                row=row_no,
                column="value",
                value=value,
                detail=f"row {seen[key][0]}: {seen[key][1]}",
            )
        if number is not None:
            seen.setdefault(key, (row_no, str(number), note))


def period_start(period: str) -> date | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD period, or None if it is not a real date."""
    parts = period.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        return date(*(int(p) for p in parts), *[1] * (3 - len(parts)))
    except ValueError:
        return None


def check_published(observations: Table, sources: Table) -> Iterator[Problem]:
    """An observation's period cannot begin after its source's published date."""
    published: dict[str, date] = {}
    for row in sources[1]:
        try:
            published[row.get("source_id", "")] = date.fromisoformat(row.get("published_date", ""))
        except ValueError:
            continue
    rel, rows = observations
    for row_no, row in enumerate(rows, start=2):
        start, when = period_start(row.get("period", "")), published.get(row.get("source_id", ""))
        if start is not None and when is not None and start > when:
            yield problem(
                "period-after-published",
                rel,
                row=row_no,
                column="period",
                value=row["period"],
                start=start.isoformat(),
                source=row["source_id"],
                published=when.isoformat(),
            )
