"""The project's own rules, which no schema can say.

Every target is quoted from the outline; numeric and qualitative targets have the right fields;
every numeric target has exactly one official series (the one it is judged on, even while it has no data); a series measures in its target's unit;
every value is found in its quote, within its unit's range, and explained when converted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import opencc

from build_scripts.validate.evidence import check_evidence
from build_scripts.validate.problems import Problem, problem

Table = tuple[str, list[dict[str, str]]]  # (file path relative to the repository, rows keyed by field name)
SAME_UNIT_ROLES = {"official", "predecessor", "comparison", "component"}


def fold(text: str) -> str:
    """Text as compared for quotes: NFKC (full-width punctuation → ASCII) with all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def outline_folded(original: Path) -> str:
    """The received Traditional outline, converted with OpenCC t2s and folded."""
    return fold(opencc.OpenCC("t2s").convert(original.read_text(encoding="utf-8")))


def check_rules(tables: dict[str, Table], outline: Path) -> Iterator[Problem]:
    """Yield every rule violation among the resources that could be read."""
    yield from check_evidence(tables)
    if "indicators" in tables:
        yield from check_indicators(tables["indicators"], outline_folded(outline))
    if {"indicators", "series"} <= tables.keys():
        yield from check_series(tables["indicators"], tables["series"])
    if {"observations", "series", "units"} <= tables.keys():
        yield from check_observations(tables["observations"], tables["series"], tables["units"])
    if {"observations", "sources"} <= tables.keys():
        yield from _unused(
            tables["sources"],
            "source_id",
            {o["source_id"] for o in tables["observations"][1]},
            "source-unused",
        )
    if {"observations", "series"} <= tables.keys():
        used = {o["series_id"] for o in tables["observations"][1]}
        rel, rows = tables["series"]
        kept = [r for r in rows if r.get("role") != "official"]
        yield from _unused((rel, kept), "series_id", used, "series-unused", rows)


def check_indicators(table: Table, outline: str) -> Iterator[Problem]:
    rel, rows = table
    for row_no, row in enumerate(rows, start=2):
        quote = row.get("quote_zh", "")
        if quote and fold(quote) not in outline:
            yield problem("quote-not-in-outline", rel, row=row_no, column="quote_zh", value=quote)
        detail = _shape_issue(row)
        if detail:
            yield problem(
                "target-shape",
                rel,
                row=row_no,
                column="comparator",
                value=row.get("comparator"),
                detail=detail,
            )


def _shape_issue(row: dict[str, str]) -> str | None:
    kind, comparator = row.get("kind"), row.get("comparator")
    has_value, has_max, has_unit = (
        bool(row.get("target_value")),
        bool(row.get("target_value_max")),
        bool(row.get("unit_id")),
    )
    if kind == "qualitative":
        if comparator != "qualitative" or has_value or has_max or has_unit:
            return (
                "定性目标的 comparator 应为 qualitative，且不填单位与目标值 / a qualitative target has comparator "
                "qualitative and no unit or value"
            )
        return None
    if comparator == "qualitative" or not has_value or not has_unit:
        return "定量目标需要 comparator、unit_id 与 target_value / a numeric target needs comparator, unit_id and target_value"
    if (comparator == "range") != has_max:
        return "只有区间目标（range）填写 target_value_max / only range targets have target_value_max"
    if has_max and Decimal(row["target_value_max"]) <= Decimal(row["target_value"]):
        return "区间上限须大于下限 / the range's upper bound must exceed its lower bound"
    return None


def check_series(indicators: Table, series: Table) -> Iterator[Problem]:
    ind_rel, ind_rows = indicators
    rel, rows = series
    units = {r["indicator_id"]: r.get("unit_id", "") for r in ind_rows}
    officials: dict[str, list[int]] = defaultdict(list)
    for row_no, row in enumerate(rows, start=2):
        if row.get("role") == "official":
            officials[row["indicator_id"]].append(row_no)
        want = units.get(row["indicator_id"])
        if want and row.get("role") in SAME_UNIT_ROLES and row.get("unit_id") != want:
            yield problem(
                "series-unit-mismatch",
                rel,
                row=row_no,
                column="unit_id",
                value=row.get("unit_id"),
                expected=want,
            )
    for row_no, ind in enumerate(ind_rows, start=2):
        if ind.get("kind") == "numeric" and ind["indicator_id"] not in officials:
            yield problem(
                "indicator-without-series",
                ind_rel,
                row=row_no,
                column="indicator_id",
                value=ind["indicator_id"],
            )
    for indicator_id, row_nos in officials.items():
        if len(row_nos) > 1:
            yield problem("two-official-series", rel, row=row_nos[1], column="role", value=indicator_id)


def check_observations(observations: Table, series: Table, units: Table) -> Iterator[Problem]:
    rel, rows = observations
    unit_of = {s["series_id"]: s.get("unit_id") for s in series[1]}
    bounds = {u["unit_id"]: (u.get("minimum"), u.get("maximum")) for u in units[1]}
    seen: dict[tuple[str, str], tuple[int, str, str]] = {}
    for row_no, row in enumerate(rows, start=2):
        value, quoted, quote, note = (
            row.get("value", ""),
            row.get("quoted_value", ""),
            row.get("quote", ""),
            row.get("note", ""),
        )
        number = _decimal(value)
        if quoted and quote and quoted not in quote:
            yield problem("quoted-value-not-in-quote", rel, row=row_no, column="quoted_value", value=quoted)
        if number is not None and _decimal(quoted) not in (None, number) and not note:
            yield problem(
                "conversion-without-note", rel, row=row_no, column="note", value=value, quoted=quoted
            )
        low, high = bounds.get(unit_of.get(row.get("series_id", ""), ""), (None, None))
        if number is not None and ((low and number < Decimal(low)) or (high and number > Decimal(high))):
            yield problem(
                "out-of-range",
                rel,
                row=row_no,
                column="value",
                value=value,
                bounds=f"{low or '-∞'} – {high or '∞'}",
            )
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


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and re.fullmatch(r"-?[0-9.]+", text) else None


def _unused(
    table: Table, key: str, used: set[str], code: str, all_rows: list[dict] | None = None
) -> Iterator[Problem]:
    rel, rows = table
    order = {id(r): i for i, r in enumerate(all_rows or rows, start=2)}
    for row in rows:
        if row.get(key) and row[key] not in used:
            yield problem(code, rel, row=order[id(row)], column=key, value=row[key])
