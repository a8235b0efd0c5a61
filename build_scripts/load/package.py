"""Load a validated data package into typed pandas frames and typed records.

The package must already have passed `build_scripts.validate`; this module still refuses anything
it does not understand (an unknown field type, a header that differs from the schema), so a
stage never works on half-read data. Numbers are kept twice: as `Decimal` in the records (exact,
for the progress rules: 95 − 93.58 is 1.42, not 1.4200000000000017) and as the CSV's own text
(for display, so a value is shown exactly as its source printed it).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "date": "datetime64[ns]"}


@dataclass(frozen=True)
class Section:
    """One of the outline's ten top-level sections."""

    section_id: int
    numeral_zh: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Measure:
    """One of the outline's 31 numbered measures."""

    measure_id: int
    numeral_zh: str
    section_id: int
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the outline's text."""

    paragraph_id: int
    section_id: int | None
    measure_id: int | None
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class Unit:
    """A unit of measurement."""

    unit_id: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Geography:
    """A place observations describe."""

    geography_id: str
    name_zh: str
    name_en: str
    level: str


@dataclass(frozen=True)
class Indicator:
    """One target of the outline."""

    indicator_id: str
    section_id: int
    measure_id: int
    name_zh: str
    name_en: str
    kind: str
    unit_id: str | None
    comparator: str
    target_value: Decimal | None
    target_value_max: Decimal | None
    target_text: str | None
    target_max_text: str | None
    periodicity: str
    target_year: int | None
    direction: str
    quote_zh: str
    note_zh: str | None
    note_en: str | None
    # The quote in English (the project's own translation; quote_zh is authoritative). Required in the
    # data; the default only spares hand-built Indicators (tests) from naming it.
    quote_en: str = ""


@dataclass(frozen=True)
class Series:
    """One statistical definition (口径) and geography observations are kept in."""

    series_id: str
    indicator_id: str
    geography_id: str
    role: str
    unit_id: str
    definition_zh: str
    definition_en: str
    note_zh: str | None
    note_en: str | None


@dataclass(frozen=True)
class Source:
    """A publication observations are taken from."""

    source_id: str
    title: str
    publisher: str
    url: str
    published_date: date | None
    accessed_date: date | None
    tier: str
    note: str | None


@dataclass(frozen=True)
class Observation:
    """One observed value with its source; `tier` and `published_date` are joined from its source."""

    series_id: str
    period: str
    value: Decimal
    value_text: str
    quoted_value: str
    source_id: str
    quote: str
    status: str
    note: str | None
    tier: str
    published_date: date | None


@dataclass
class Package:
    """A loaded package: the descriptor, one typed frame per resource, and typed records."""

    directory: Path
    descriptor: dict
    frames: dict[str, pd.DataFrame]
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    geographies: dict[str, Geography] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)

    @property
    def version(self) -> str:
        """The package's semantic version."""
        return str(self.descriptor["version"])

    def series_of(self, indicator_id: str) -> list[Series]:
        """Every series of one target, in file order."""
        return [s for s in self.series if s.indicator_id == indicator_id]

    def observations_of_series(self, series_id: str) -> list[Observation]:
        """Every observation of one series, in file order."""
        return [o for o in self.observations if o.series_id == series_id]

    def observations_of(self, indicator_id: str) -> list[Observation]:
        """Every observation of every series of one target."""
        ids = {s.series_id for s in self.series_of(indicator_id)}
        return [o for o in self.observations if o.series_id in ids]


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


def typed_frame(rows: list[dict[str, str | None]], fields: list[dict]) -> pd.DataFrame:
    """A frame with one pandas dtype per Table Schema type."""
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields], dtype="string")
    for f in fields:
        kind = f.get("type", "string")
        if kind not in PANDAS_DTYPES:
            raise ValueError(f"field {f['name']}: unsupported type {kind!r}")
        if kind == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%d")
        elif kind != "string":
            frame[f["name"]] = pd.to_numeric(frame[f["name"]]).astype(PANDAS_DTYPES[kind])
    return frame


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def load_package(package_dir: Path) -> Package:
    """Read the package in `package_dir` (already validated) into frames and records."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    raw = {r["name"]: read_rows(package_dir, r) for r in descriptor["resources"]}
    frames = {r["name"]: typed_frame(raw[r["name"]], r["schema"]["fields"]) for r in descriptor["resources"]}
    pkg = Package(package_dir, descriptor, frames)
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
        tier=r["tier"],
        note=r["note"],
    )


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
        tier=src.tier,
        published_date=src.published_date,
    )
