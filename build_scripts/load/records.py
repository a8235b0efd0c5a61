"""The typed records a loaded package is made of: one frozen dataclass per row kind.

Numbers are `Decimal` (exact, for the progress rules) and keep the CSV's own text beside them (for
display). Maintainers' working notes (`maintainer_note` columns) are deliberately not loaded: the
site renders records, so a field that is not here cannot reach a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from build_scripts.load.frames import typed_frame

if TYPE_CHECKING:  # pandas (0.6 s to import) is imported only when a frame is asked for
    import pandas as pd

GRADES = ("official", "press", "copy")


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
    """A publication observations are taken from, with its evidence grade.

    `grade` is official (the agency's own page), press (a news organisation's own page) or copy (an
    official or press text read on a third-party host); for a copy, `original_*` describe the
    original as the copy prints it, and `host_warning` says why a reader is warned before the link.
    """

    source_id: str
    title: str
    publisher: str
    url: str
    published_date: date | None
    accessed_date: date | None
    grade: str
    note: str | None
    original_publisher: str | None = None
    original_title: str | None = None
    original_date: str | None = None
    host_warning: str | None = None
    published_date_approximate: bool = False

    @property
    def is_copy(self) -> bool:
        """Whether the text was read on a third-party host (not the publisher's own page)."""
        return self.grade == "copy"


@dataclass(frozen=True)
class Observation:
    """One observed value with its source; `grade` and `published_date` are joined from its source.

    `period_approximate` is True when the source does not print the period exactly (it was inferred;
    the note says from what): pages show it as approximate, never as an exact month.
    """

    series_id: str
    period: str
    value: Decimal
    value_text: str
    quoted_value: str
    source_id: str
    quote: str
    status: str
    note: str | None
    grade: str
    published_date: date | None
    period_approximate: bool = False


@dataclass
class Package:
    """A loaded package: the descriptor, each resource's rows (strings, '' as None), typed records,
    and (`frames`) one typed pandas frame per resource, made when first asked for: no stage of the
    build needs pandas, so a build does not pay for importing it."""

    directory: Path
    descriptor: dict
    rows: dict[str, list[dict[str, str | None]]]
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
    def frames(self) -> dict[str, pd.DataFrame]:
        """One frame per resource, with one pandas dtype per Table Schema type (`typed_frame`)."""
        if getattr(self, "_frames", None) is None:
            self._frames = {
                r["name"]: typed_frame(self.rows[r["name"]], r["schema"]["fields"])
                for r in self.descriptor["resources"]
            }
        return self._frames

    @property
    def version(self) -> str:
        """The package's semantic version."""
        return str(self.descriptor["version"])

    def series_of(self, indicator_id: str) -> list[Series]:
        """Every series of one target, in file order."""
        return list(self._index()[0].get(indicator_id, ()))

    def observations_of_series(self, series_id: str) -> list[Observation]:
        """Every observation of one series, in file order."""
        return list(self._index()[1].get(series_id, ()))

    def observations_of(self, indicator_id: str) -> list[Observation]:
        """Every observation of every series of one target, in file order."""
        return list(self._index()[2].get(indicator_id, ()))

    def _index(
        self,
    ) -> tuple[dict[str, list[Series]], dict[str, list[Observation]], dict[str, list[Observation]]]:
        """`by_target` of this package's rows, made once (again only if the lists were replaced)."""
        key = (id(self.series), len(self.series), id(self.observations), len(self.observations))
        if getattr(self, "_indexed", (None,))[0] != key:
            self._indexed = (key, by_target(self.series, self.observations))
        return self._indexed[1]


def by_target(
    series: list[Series], observations: list[Observation]
) -> tuple[dict[str, list[Series]], dict[str, list[Observation]], dict[str, list[Observation]]]:
    """Series by target, observations by series and by target, each in file order. Looking them up
    by scanning every row instead made the pages stage quadratic in the number of targets."""
    series_of: dict[str, list[Series]] = {}
    for s in series:
        series_of.setdefault(s.indicator_id, []).append(s)
    target_of = {s.series_id: s.indicator_id for s in series}
    of_series: dict[str, list[Observation]] = {}
    of_target: dict[str, list[Observation]] = {}
    for o in observations:
        of_series.setdefault(o.series_id, []).append(o)
        if o.series_id in target_of:
            of_target.setdefault(target_of[o.series_id], []).append(o)
    return series_of, of_series, of_target
