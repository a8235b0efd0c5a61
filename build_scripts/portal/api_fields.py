"""The JSON API's objects, in the one vocabulary shared with the per-target CSVs and the workbook.

A field keeps the name of the package column it comes from (`status`, `quoted_value`, `unit_id`);
a column taken from a related table is prefixed with that table's name (`series_role`,
`unit_label_zh`, `source_title`), except ids, which keep their own names. So `series_role` means
the same in `targets/<id>.json`, `targets/<id>.csv` and the workbook's `all_observations` sheet.
Numbers are JSON numbers equal to the package's values; `quoted_value` keeps each figure exactly as
its source printed it.
"""

from __future__ import annotations

from decimal import Decimal

from build_scripts.load.package import Indicator, Observation, Package, Series, Source
from build_scripts.progress.assess import Assessment


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number of the same value (int when whole); refuses any precision loss."""
    if value is None:
        return None
    if value == value.to_integral_value() and "." not in str(value) and "E" not in str(value):
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written as a JSON number without rounding")
    return as_float


def unit_fields(pkg: Package, unit_id: str | None, prefix: str = "") -> dict:
    """`unit_id`, `unit_label_zh`, `unit_label_en` (all None for a target without a unit)."""
    unit = pkg.units[unit_id] if unit_id is not None else None
    return {
        f"{prefix}unit_id": unit_id,
        f"{prefix}unit_label_zh": unit.label_zh if unit else None,
        f"{prefix}unit_label_en": unit.label_en if unit else None,
    }


def source_fields(src: Source, prefix: str = "") -> dict:
    """A source's columns (prefixed `source_` where it is nested in an observation). `grade` is
    official, press or copy; for a copy, `original_*` describe the original as the copy prints it."""
    return {
        "source_id": src.source_id,
        f"{prefix}title": src.title,
        f"{prefix}publisher": src.publisher,
        f"{prefix}url": src.url,
        f"{prefix}published_date": src.published_date.isoformat() if src.published_date else None,
        f"{prefix}accessed_date": src.accessed_date.isoformat() if src.accessed_date else None,
        f"{prefix}grade": src.grade,
        f"{prefix}original_publisher": src.original_publisher,
        f"{prefix}original_title": src.original_title,
        f"{prefix}original_date": src.original_date,
        f"{prefix}host_warning": src.host_warning,
        f"{prefix}note": src.note,
    }


def latest_fields(a: Assessment) -> dict | None:
    """The observation that decided a target's status (None when there is none)."""
    if a.latest is None:
        return None
    o = a.latest
    return {
        "series_id": a.series_id,
        "period": o.period,
        "value": number(o.value),
        "quoted_value": o.quoted_value,
        "status": o.status,
        "source_id": o.source_id,
    }


def assessment_fields(a: Assessment) -> dict:
    """A target's assessment: status, the rule that decided, latest deciding figure and gap."""
    block = {
        "status": str(a.status),
        "certainty": str(a.certainty),
        "reason": a.reason,
        "provisional": a.provisional,
        "series_id": a.series_id,
        "latest": latest_fields(a),
        "gap": number(a.gap),
        "baseline_period": a.baseline.period if a.baseline else None,
    }
    if a.years:
        block["years"] = [
            {"year": y.year, "met": y.met, "period": y.observation.period if y.observation else None}
            for y in a.years
        ]
    return block


def target_fields(pkg: Package, ind: Indicator) -> dict:
    """A target's own columns (indicators.csv), its unit's labels beside `unit_id`."""
    return {
        "indicator_id": ind.indicator_id,
        "section_id": ind.section_id,
        "measure_id": ind.measure_id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "kind": ind.kind,
        **unit_fields(pkg, ind.unit_id),
        "comparator": ind.comparator,
        "target_value": number(ind.target_value),
        "target_value_max": number(ind.target_value_max),
        "periodicity": ind.periodicity,
        "target_year": ind.target_year,
        "direction": ind.direction,
    }


def observation_fields(pkg: Package, o: Observation) -> dict:
    """One observation with its source's columns beside it."""
    return {
        "period": o.period,
        "period_approximate": o.period_approximate,
        "value": number(o.value),
        "quoted_value": o.quoted_value,
        "status": o.status,
        "quote": o.quote,
        "note": o.note,
        **source_fields(pkg.sources[o.source_id], prefix="source_"),
    }


def series_fields(pkg: Package, s: Series) -> dict:
    """One series (one 口径): its definition, place, unit and every observation."""
    geo = pkg.geographies[s.geography_id]
    return {
        "series_id": s.series_id,
        "series_role": s.role,
        "series_definition_zh": s.definition_zh,
        "series_definition_en": s.definition_en,
        "series_note_zh": s.note_zh,
        "series_note_en": s.note_en,
        "geography_id": geo.geography_id,
        "geography_name_zh": geo.name_zh,
        "geography_name_en": geo.name_en,
        "geography_level": geo.level,
        **unit_fields(pkg, s.unit_id),
        "observations": [observation_fields(pkg, o) for o in pkg.observations_of_series(s.series_id)],
    }
