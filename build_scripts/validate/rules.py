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
from functools import cache
from pathlib import Path

import opencc

from build_scripts.validate.evidence import check_evidence
from build_scripts.validate.problems import Problem, problem
from build_scripts.validate.values import (
    Table,
    check_observations,
    check_published,
    check_targets,
    check_units,
)
from build_scripts.validate.values import (
    decimal as _decimal,
)

SAME_UNIT_ROLES = {"official", "predecessor", "comparison", "component"}


def fold(text: str) -> str:
    """Text as compared for quotes: NFKC (full-width punctuation → ASCII) with all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def outline_folded(original: Path) -> str:
    """The received Traditional outline, converted with OpenCC t2s and folded."""
    return fold(opencc.OpenCC("t2s").convert(original.read_text(encoding="utf-8")))


Flagged = frozenset[tuple[str, int, str]]  # (file, row, column) of cells already reported


def check_rules(tables: dict[str, Table], outline: Path, flagged: Flagged = frozenset()) -> Iterator[Problem]:
    """Yield every rule violation among the resources that could be read.

    A cell already reported by the lexical checks (`flagged`) is read as empty here, so a rule
    never trips over `1%` or `NaN` and each fault is said once.
    """
    tables = {name: (rel, _unflagged(rel, rows, flagged)) for name, (rel, rows) in tables.items()}
    yield from check_evidence(tables)
    if "indicators" in tables:
        yield from check_indicators(tables["indicators"], outline_folded(outline))
    if "units" in tables:
        yield from check_units(tables["units"])
    if {"indicators", "units"} <= tables.keys():
        yield from check_targets(tables["indicators"], tables["units"])
    if {"indicators", "series"} <= tables.keys():
        yield from check_series(tables["indicators"], tables["series"])
    if {"observations", "series", "units"} <= tables.keys():
        yield from check_observations(tables["observations"], tables["series"], tables["units"])
    if {"observations", "sources"} <= tables.keys():
        yield from check_published(tables["observations"], tables["sources"])
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


def _unflagged(rel: str, rows: list[dict[str, str]], flagged: Flagged) -> list[dict[str, str]]:
    if not any(f[0] == rel for f in flagged):
        return rows
    return [
        {k: ("" if (rel, n, k) in flagged else v) for k, v in row.items()}
        for n, row in enumerate(rows, start=2)
    ]


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
                message=detail,
            )


def _shape_issue(row: dict[str, str]) -> str | None:
    """The catalogue wording of a target whose fields do not fit its kind, or None."""
    kind, comparator = row.get("kind"), row.get("comparator")
    has_value, has_max, has_unit = (
        bool(row.get("target_value")),
        bool(row.get("target_value_max")),
        bool(row.get("unit_id")),
    )
    if kind == "qualitative":
        bad = comparator != "qualitative" or has_value or has_max or has_unit
        return "target-shape-qualitative" if bad else None
    if comparator == "qualitative" or not has_value or not has_unit:
        return "target-shape-numeric"
    if (comparator == "range") != has_max:
        return "target-shape-range"
    low, high = _decimal(row["target_value"]), _decimal(row["target_value_max"]) if has_max else None
    if low is not None and high is not None and high <= low:
        return "target-shape-bounds"
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


def _unused(
    table: Table, key: str, used: set[str], code: str, all_rows: list[dict] | None = None
) -> Iterator[Problem]:
    rel, rows = table
    order = {id(r): i for i, r in enumerate(all_rows or rows, start=2)}
    for row in rows:
        if row.get(key) and row[key] not in used:
            yield problem(code, rel, row=order[id(row)], column=key, value=row[key])
