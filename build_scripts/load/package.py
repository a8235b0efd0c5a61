"""Load a validated data package into typed records (and, when asked for, typed pandas frames).

The package must already have passed `build_scripts.validate`; this module still refuses anything
it does not understand (an unknown field type, a cell that is not of its field's type, a header that
differs from the schema), so a stage never works on half-read data. Numbers are kept twice: as
`Decimal` in the records (exact, for the progress rules: 95 − 93.58 is 1.42, not
1.4200000000000017) and as the CSV's own text (for display, so a value is shown exactly as its
source printed it).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from build_scripts.load.frames import PANDAS_DTYPES
from build_scripts.load.records import (
    GRADES,
    Geography,
    Indicator,
    Measure,
    Observation,
    Package,
    Paragraph,
    Section,
    Series,
    Source,
    Unit,
)

__all__ = [
    "GRADES",
    "Geography",
    "Indicator",
    "Measure",
    "Observation",
    "Package",
    "Paragraph",
    "Section",
    "Series",
    "Source",
    "Unit",
    "load_package",
    "read_rows",
]

INTEGER_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def read_rows(package_dir: Path, resource: dict) -> list[dict[str, str | None]]:
    """A resource's rows as strings, '' read as None; the header must equal the schema's fields."""
    path = package_dir / resource["path"]
    expected = [f["name"] for f in resource["schema"]["fields"]]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = next(reader)
        if header != expected:
            raise ValueError(f"{path}: header {header} differs from the schema {expected}")
        return [{k: (v if v != "" else None) for k, v in zip(expected, row, strict=True)} for row in reader]


def check_types(name: str, rows: list[dict[str, str | None]], fields: list[dict]) -> None:
    """Refuse a field type this module does not know, or a cell that is not of its field's type."""
    for f in fields:
        kind = f.get("type", "string")
        if kind not in PANDAS_DTYPES:
            raise ValueError(f"{name}: field {f['name']}: unsupported type {kind!r}")
        for i, row in enumerate(rows, start=2):
            cell = row[f["name"]]
            if cell is not None and not _is_of(kind, cell):
                raise ValueError(f"{name} row {i}: field {f['name']}: {cell!r} is not of type {kind}")


def _is_of(kind: str, cell: str) -> bool:
    if kind == "integer":
        return INTEGER_RE.fullmatch(cell) is not None
    if kind == "number":
        return NUMBER_RE.fullmatch(cell) is not None
    if kind == "date":
        try:
            datetime.strptime(cell, "%Y-%m-%d")
        except ValueError:
            return False
    return True


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def load_package(package_dir: Path) -> Package:
    """Read the package in `package_dir` (already validated) into records (frames: `Package.frames`)."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    raw = {r["name"]: read_rows(package_dir, r) for r in descriptor["resources"]}
    for r in descriptor["resources"]:
        check_types(r["path"], raw[r["name"]], r["schema"]["fields"])
    pkg = Package(package_dir, descriptor, raw)
    pkg.sections = [
        Section(int(r["section_id"]), r["numeral_zh"], r["title_zh"], r["title_en"]) for r in raw["sections"]
    ]
    pkg.measures = [
        Measure(int(r["measure_id"]), r["numeral_zh"], int(r["section_id"]), r["title_zh"], r["title_en"])
        for r in raw["measures"]
    ]
    pkg.paragraphs = [
        Paragraph(
            int(r["paragraph_id"]), _int(r["section_id"]), _int(r["measure_id"]), r["text_zh"], r["text_en"]
        )
        for r in raw["outline_text"]
    ]
    pkg.units = {r["unit_id"]: Unit(r["unit_id"], r["label_zh"], r["label_en"]) for r in raw["units"]}
    pkg.geographies = {
        r["geography_id"]: Geography(r["geography_id"], r["name_zh"], r["name_en"], r["level"])
        for r in raw["geographies"]
    }
    pkg.indicators = [_indicator(r) for r in raw["indicators"]]
    pkg.series = [Series(**{k: r[k] for k in Series.__dataclass_fields__}) for r in raw["series"]]
    pkg.sources = {r["source_id"]: _source(r) for r in raw["sources"]}
    pkg.observations = [_observation(r, pkg.sources) for r in raw["observations"]]
    return pkg


def _indicator(r: dict) -> Indicator:
    return Indicator(
        indicator_id=r["indicator_id"],
        section_id=int(r["section_id"]),
        measure_id=int(r["measure_id"]),
        name_zh=r["name_zh"],
        name_en=r["name_en"],
        kind=r["kind"],
        unit_id=r["unit_id"],
        comparator=r["comparator"],
        target_value=_dec(r["target_value"]),
        target_value_max=_dec(r["target_value_max"]),
        target_text=r["target_value"],
        target_max_text=r["target_value_max"],
        periodicity=r["periodicity"],
        target_year=_int(r["target_year"]),
        direction=r["direction"],
        quote_zh=r["quote_zh"],
        quote_en=r["quote_en"],
        note_zh=r["note_zh"],
        note_en=r["note_en"],
    )


def _source(r: dict) -> Source:
    return Source(
        source_id=r["source_id"],
        title=r["title"],
        publisher=r["publisher"],
        url=r["url"],
        published_date=_date(r["published_date"]),
        accessed_date=_date(r["accessed_date"]),
        grade=_closed(r, "grade", GRADES),
        note=r["note"],
        original_publisher=r["original_publisher"],
        original_title=r["original_title"],
        original_date=r["original_date"],
        host_warning=r["host_warning"],
        published_date_approximate=_approximate(r, "published_date_precision"),
    )


def _closed(r: dict, name: str, allowed: tuple[str, ...]) -> str:
    """A closed-vocabulary cell; anything else is refused (the validator should have caught it)."""
    if r[name] not in allowed:
        raise ValueError(f"{name} {r[name]!r} is not one of {', '.join(allowed)}")
    return r[name]


def _approximate(r: dict, name: str) -> bool:
    """True for 'approximate', False for 'exact' or empty; anything else is refused."""
    if r[name] not in (None, "exact", "approximate"):
        raise ValueError(f"{name} {r[name]!r} is not exact or approximate")
    return r[name] == "approximate"


def _observation(r: dict, sources: dict[str, Source]) -> Observation:
    if r["source_id"] not in sources:
        raise ValueError(f"observation {r['series_id']} {r['period']}: unknown source {r['source_id']}")
    src = sources[r["source_id"]]
    return Observation(
        series_id=r["series_id"],
        period=r["period"],
        value=Decimal(r["value"]),
        value_text=r["value"],
        quoted_value=r["quoted_value"],
        source_id=r["source_id"],
        quote=r["quote"],
        status=r["status"],
        note=r["note"],
        grade=src.grade,
        published_date=src.published_date,
        period_approximate=_approximate(r, "period_precision"),
    )
