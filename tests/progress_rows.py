"""The synthetic targets, series and observations the progress tests are written in.

Every number here is made up: the rules are tested on synthetic targets, never on the package.
`target(...)` is an Indicator with the outline's defaults (≥ 95 percent by 2025); `obs("2024=96p")`
an observation of the official series (a trailing "p" marks a provisional figure).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from build_scripts.load.package import Indicator, Observation, Series
from build_scripts.progress.assess import (
    Status,
)

TODAY = date(2026, 11, 26)  # after the 2025 target year
DURING = date(2025, 6, 30)  # before the 2025 target year ends
S = Status


def target(
    comparator: str = "ge",
    value: str | None = "95",
    *,
    periodicity: str = "by_target_year",
    year: int | None = 2025,
    direction: str = "increase",
    value_max: str | None = None,
    kind: str = "numeric",
) -> Indicator:
    """A synthetic target."""
    return Indicator(
        indicator_id="t",
        section_id=1,
        measure_id=1,
        name_zh="测试",
        name_en="test",
        kind=kind,
        unit_id="percent",
        comparator=comparator,
        target_value=Decimal(value) if value else None,
        target_value_max=Decimal(value_max) if value_max else None,
        target_text=value,
        target_max_text=value_max,
        periodicity=periodicity,
        target_year=year,
        direction=direction,
        quote_zh="测试",
        note_zh=None,
        note_en=None,
    )


def obs(
    spec: str,
    series_id: str = "t-official",
    *,
    source: str = "s1",
    grade: str = "official",
    approximate: bool = False,
    published: date | None = None,
) -> Observation:
    """'2024=93.5', '2024=93.5p' (provisional) or '2024~=93.5' (period inferred) → an observation."""
    period, value = spec.split("=")
    approximate = approximate or period.endswith("~")
    period = period.rstrip("~")
    status = "provisional" if value.endswith("p") else "final"
    value = value.rstrip("p")
    return Observation(
        series_id=series_id,
        period=period,
        value=Decimal(value),
        value_text=value,
        quoted_value=value,
        source_id=source,
        quote="…",
        status=status,
        note=None,
        grade=grade,
        published_date=published,
        period_approximate=approximate,
    )


SERIES = [
    Series("t-official", "t", "hubei", "official", "percent", "d", "d", None, None),
    Series("t-national", "t", "china", "comparison", "percent", "d", "d", None, None),
    Series("t-proxy", "t", "hubei", "proxy", "percent", "d", "d", None, None),
]
