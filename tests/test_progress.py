"""Table-driven tests of the progress rules (build_scripts/progress.py).

Every number here is synthetic: the rules are tested on made-up targets, never on the package.
Each case reads: target (comparator, value, periodicity, year), official observations as
"period=value" (a trailing "p" marks a provisional figure), context observations, expected status
and reason.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from build_scripts.load.package import Indicator, Observation, Series
from build_scripts.progress.assess import (
    Certainty,
    Status,
    assess,
    by_period,
    gap_to_target,
    is_met,
    parse_period,
)
from build_scripts.progress.choice import pick

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

CASES = [
    # id, target, official observations, context observations, status, reason
    ("qualitative", target("qualitative", None, kind="qualitative"), [], [], S.QUALITATIVE, "qualitative"),
    # --- a target whose year has passed is judged only on a figure for the whole target year -------
    # (the maintainer's try from issue 11: a 2024 figure of 94.1 must not say "lagging" in 2026)
    (
        "expired: a 2024 figure short",
        target(),
        ["2022=93.58", "2024=94.1"],
        [],
        S.AWAITING_DATA,
        "target_year_over",
    ),
    (
        "expired: a 2025-09 stock short",
        target(),
        ["2022=90", "2025-09=94"],
        [],
        S.AWAITING_DATA,
        "target_year_over",
    ),
    (
        "expired: a 2025-12 stock short",
        target(),
        ["2022=90", "2025-12=94"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    (
        "expired: an inferred 2025-12 short",
        target(),
        ["2025-12~=94"],
        [],
        S.AWAITING_DATA,
        "target_year_over",
    ),
    ("expired: an inferred 2025 short", target(), ["2025~=94"], [], S.AWAITING_DATA, "target_year_over"),
    ("expired: a 2024 figure that meets", target(), ["2024=95.2"], [], S.ACHIEVED, "met"),
    (
        "expired: cumulative, partial-year total short",
        target("ge", "20000", periodicity="cumulative"),
        ["2025-06=15000"],
        [],
        S.AWAITING_DATA,
        "target_year_over",
    ),
    (
        "expired: 2035 target still judged on pace",
        target("ge", "100", year=2035),
        ["2022=74", "2024=75"],
        [],
        S.LAGGING,
        "behind_path",
    ),
    ("no data at all", target(), [], [], S.AWAITING_DATA, "no_official_observation"),
    ("only proxy and national data", target(), [], ["2024=99"], S.AWAITING_DATA, "no_official_observation"),
    (
        "only pre-baseline official data",
        target(),
        ["2021=96", "2022=93.58"],
        [],
        S.AWAITING_DATA,
        "only_before_baseline",
    ),
    ("met by a 2024 figure", target(), ["2022=93", "2024=95"], [], S.ACHIEVED, "met"),
    ("met in the target year", target(), ["2025=95.1"], [], S.ACHIEVED, "met"),
    (
        "target year over, final figure short",
        target(),
        ["2022=93", "2025=94.9"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    (
        "target year over, provisional figure short",
        target(),
        ["2025=94p"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    ("on the straight line", target(), ["2022=92", "2024=94"], [], S.ON_TRACK, "on_path", DURING),
    ("behind the straight line", target(), ["2022=92", "2024=93"], [], S.LAGGING, "behind_path", DURING),
    ("short, no baseline to measure pace", target(), ["2024=94"], [], S.LAGGING, "short_no_baseline", DURING),
    (
        "a mid-year stock in the target year is not the final figure",
        target(),
        ["2022=90", "2025-05=93"],
        [],
        S.LAGGING,
        "behind_path",
        DURING,
    ),
    (
        "figures after the target year are ignored",
        target(),
        ["2022=92", "2024=94", "2026=99"],
        [],
        S.ON_TRACK,
        "on_path",
        DURING,
    ),
    ("direction ≤: met", target("le", "5", direction="decrease"), ["2024=4.9"], [], S.ACHIEVED, "met"),
    (
        "direction ≤: missed",
        target("le", "5", direction="decrease"),
        ["2025=5.1"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    (
        "direction ≤: on the line",
        target("le", "5", direction="decrease"),
        ["2022=7", "2024=5.6"],
        [],
        S.ON_TRACK,
        "on_path",
        DURING,
    ),
    ("strict >: equal is short", target("gt", "100"), ["2025=100"], [], S.MISSED, "short_in_target_year"),
    ("strict <: below is met", target("lt", "3", direction="decrease"), ["2024=2.9"], [], S.ACHIEVED, "met"),
    ("range: inside", target("range", "1", value_max="2"), ["2024=2"], [], S.ACHIEVED, "met"),
    (
        "range: below, year over",
        target("range", "1", value_max="2"),
        ["2025=0"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    (
        "range: above counts when more is better",
        target("range", "1", value_max="2"),
        ["2024=3"],
        [],
        S.ACHIEVED,
        "met",
    ),
    (
        "range: above misses when direction is none",
        target("range", "1", value_max="2", direction="none"),
        ["2025=3"],
        [],
        S.MISSED,
        "short_in_target_year",
    ),
    ("approx with a direction: at or beyond", target("approx", "80"), ["2024=80"], [], S.ACHIEVED, "met"),
    (
        "approx without a direction: within half a unit",
        target("approx", "80", direction="none"),
        ["2024=80.4"],
        [],
        S.ACHIEVED,
        "met",
    ),
    (
        "cumulative: running total on the line from zero",
        target("ge", "20000", periodicity="cumulative"),
        ["2024=14000"],
        [],
        S.ON_TRACK,
        "on_path",
        DURING,
    ),
    (
        "cumulative: running total behind the line",
        target("ge", "20000", periodicity="cumulative"),
        ["2024=9000"],
        [],
        S.LAGGING,
        "behind_path",
        DURING,
    ),
    (
        "cumulative: reached",
        target("ge", "20000", periodicity="cumulative"),
        ["2025=20001"],
        [],
        S.ACHIEVED,
        "met",
    ),
    (
        "2035 target, on the line",
        target("ge", "100", year=2035),
        ["2022=74", "2024=78"],
        [],
        S.ON_TRACK,
        "on_path",
    ),
    (
        "no target year: short is lagging",
        target("ge", "100", year=None, periodicity="unspecified"),
        ["2024=50"],
        [],
        S.LAGGING,
        "short_no_deadline",
    ),
    (
        "per year: every year met",
        target("ge", "100", periodicity="per_year"),
        ["2023=120", "2024=101", "2025=100"],
        [],
        S.ACHIEVED,
        "every_year_met",
    ),
    (
        "per year: one year short, period over",
        target("ge", "100", periodicity="per_year"),
        ["2023=120", "2024=99", "2025=130"],
        [],
        S.MISSED,
        "year_short",
    ),
    (
        "per year: observed years met, one missing",
        target("ge", "100", periodicity="per_year"),
        ["2023=120", "2025=130"],
        [],
        S.ON_TRACK,
        "observed_years_met",
    ),
    (
        "per year: a month does not count as a year",
        target("ge", "100", periodicity="per_year"),
        ["2024-06=130"],
        [],
        S.AWAITING_DATA,
        "no_whole_year_figure",
    ),
    (
        "per year: before the period only",
        target("ge", "100", periodicity="per_year"),
        ["2021=130"],
        [],
        S.AWAITING_DATA,
        "only_before_baseline",
    ),
]


@pytest.mark.parametrize(
    ("official", "context", "status", "reason", "ind", "today"),
    [pytest.param(c[2], c[3], c[4], c[5], c[1], c[6] if len(c) > 6 else TODAY, id=c[0]) for c in CASES],
)
def test_status_rules(
    ind: Indicator, official: list[str], context: list[str], status: Status, reason: str, today: date
) -> None:
    observations = (
        [obs(s) for s in official]
        + [obs(s, "t-national") for s in context]
        + [obs(s, "t-proxy") for s in context]
    )
    result = assess(ind, SERIES, observations, today)
    assert (result.status, result.reason) == (status, reason)


def test_no_official_series_means_awaiting_data() -> None:
    result = assess(target(), SERIES[1:], [obs("2025=99", "t-national")], TODAY)
    assert (result.status, result.reason, result.series_id) == (S.AWAITING_DATA, "no_official_series", None)


def test_before_the_target_year_ends_a_short_target_year_figure_is_not_missed() -> None:
    result = assess(target(), SERIES, [obs("2022=93"), obs("2025=94.9")], date(2025, 12, 31))
    assert result.status == Status.LAGGING


@pytest.mark.parametrize(
    ("official", "gap"), [(["2022=93.58", "2025=93.58"], Decimal("1.42")), (["2025=95"], None)]
)
def test_gap_is_exact_decimal(official: list[str], gap: Decimal | None) -> None:
    assert assess(target(), SERIES, [obs(s) for s in official], TODAY).gap == gap


def test_expected_value_on_the_line() -> None:
    # 2022 → 2025 is three years; the end of 2024 is two thirds of the way from 92 to 95.
    result = assess(target(), SERIES, [obs("2022=92"), obs("2024=94")], DURING)
    assert round(result.expected, 2) == Decimal("94.00")
    assert result.baseline.period == "2022"


def test_provisional_figure_is_marked() -> None:
    result = assess(target(), SERIES, [obs("2024=96p")], TODAY)
    assert (result.status, result.provisional) == (Status.ACHIEVED, True)


def test_final_figure_beats_provisional_for_the_same_period() -> None:
    chosen = pick([obs("2024=94p", source="a"), obs("2024=95", source="b")])
    assert (chosen.source_id, chosen.status) == ("b", "final")


def test_official_source_beats_press_then_more_precise_number() -> None:
    press = obs("2023=1064322", source="press", grade="press")
    official_rounded = obs("2023=1060000", source="gov", grade="official")
    assert pick([press, official_rounded]).source_id == "gov"
    precise = obs("2023=1064300", source="gov2", grade="official")
    assert pick([official_rounded, precise]).source_id == "gov2"


def test_later_publication_wins_a_tie() -> None:
    old = obs("2023=5", source="old", published=date(2024, 1, 1))
    new = obs("2023=5", source="new", published=date(2024, 6, 1))
    assert pick([old, new]).source_id == "new"


def test_by_period_orders_by_period_end() -> None:
    ordered = by_period([obs("2024=1"), obs("2023-05=2"), obs("2023=3")])
    assert [o.period for o in ordered] == ["2023-05", "2023", "2024"]


def test_per_year_without_target_year_judges_completed_years() -> None:
    ind = target("ge", "100", periodicity="per_year", year=None)
    result = assess(ind, SERIES, [obs("2023=120"), obs("2024=130"), obs("2025=101"), obs("2026=5")], TODAY)
    assert [v.year for v in result.years] == [2023, 2024, 2025]
    assert (result.status, result.reason) == (S.ON_TRACK, "observed_years_met")


def test_per_year_verdicts_are_listed() -> None:
    result = assess(
        target("ge", "100", periodicity="per_year"), SERIES, [obs("2023=120"), obs("2024=99")], TODAY
    )
    assert [(v.year, v.met) for v in result.years] == [(2023, True), (2024, False), (2025, None)]
    assert result.latest.period == "2024"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-12", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-05-31", date(2024, 5, 31), date(2024, 5, 31)),
    ],
)
def test_parse_period(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("bad", ["2024年", "2024/05", "24", "2024-13"])
def test_unknown_periods_raise(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_period(bad)


def test_two_official_series_is_an_error() -> None:
    twice = [*SERIES, Series("t-official-2", "t", "hubei", "official", "percent", "d", "d", None, None)]
    with pytest.raises(ValueError, match="official series"):
        assess(target(), twice, [], TODAY)


def test_numeric_target_without_value_is_an_error() -> None:
    with pytest.raises(ValueError, match="without a target value"):
        assess(target(value=None), SERIES, [], TODAY)


def test_unknown_periodicity_is_an_error() -> None:
    with pytest.raises(ValueError, match="periodicity"):
        assess(target(periodicity="sometimes"), SERIES, [obs("2024=1")], TODAY)


@pytest.mark.parametrize(
    ("ind", "value", "met", "gap"),
    [
        (target("ge", "95"), "93.58", False, Decimal("1.42")),
        (target("le", "5", direction="decrease"), "5.25", False, Decimal("0.25")),
        (target("range", "1", value_max="2", direction="none"), "2.5", False, Decimal("0.5")),
        (target("range", "1", value_max="2"), "0.5", False, Decimal("0.5")),
        (target("approx", "80", direction="none"), "80.6", False, Decimal("0.6")),
        (target("approx", "80", direction="none"), "79.5", True, None),
    ],
)
def test_is_met_and_gap(ind: Indicator, value: str, met: bool, gap: Decimal | None) -> None:
    assert is_met(ind, Decimal(value)) is met
    assert gap_to_target(ind, Decimal(value)) == gap


# --- certainty: how sure a verdict is, from the evidence grades of the figures it rests on -----------
# id, target, official observations as (spec, grade), expected status, expected certainty
CERTAINTY_CASES = [
    ("achieved on an official page", target(), [("2024=96", "official")], S.ACHIEVED, Certainty.CONFIRMED),
    ("achieved on the press", target(), [("2024=96", "press")], S.ACHIEVED, Certainty.CONFIRMED),
    ("achieved on a copy only", target(), [("2024=96", "copy")], S.ACHIEVED, Certainty.UNVERIFIED),
    (
        "a press figure beats a copy of the same period",
        target(),
        [("2024=96", "copy"), ("2024=96", "press")],
        S.ACHIEVED,
        Certainty.CONFIRMED,
    ),
    ("missed on a copy", target(), [("2025=90", "copy")], S.MISSED, Certainty.UNVERIFIED),
    (
        "on the line: the deciding figure is a copy, the line's start official",
        target(year=2027),
        [("2022=92", "official"), ("2024=94", "copy")],
        S.ON_TRACK,
        Certainty.UNVERIFIED,
    ),
    (
        "on the line: the deciding figure official, the line's start a copy",
        target(year=2027),
        [("2022=92", "copy"), ("2024=94", "official")],
        S.ON_TRACK,
        Certainty.CONFIRMED,
    ),
    (
        "achieved on a newer copy, already met on the press",
        target(),
        [("2023=95.5", "press"), ("2025=96", "copy")],
        S.ACHIEVED,
        Certainty.CONFIRMED,
    ),
    (
        "achieved on a copy; the press figure is short",
        target(),
        [("2023=94", "press"), ("2025=96", "copy")],
        S.ACHIEVED,
        Certainty.UNVERIFIED,
    ),
    (
        "per year: the short year is a copy",
        target("ge", "100", periodicity="per_year"),
        [("2023=120", "official"), ("2024=90", "copy")],
        S.MISSED,
        Certainty.UNVERIFIED,
    ),
    (
        "per year: one copied year makes it unverified",
        target("ge", "100", periodicity="per_year"),
        [("2023=120", "official"), ("2024=101", "copy"), ("2025=100", "press")],
        S.ACHIEVED,
        Certainty.UNVERIFIED,
    ),
    (
        "per year: every year official or press",
        target("ge", "100", periodicity="per_year"),
        [("2023=120", "official"), ("2024=101", "press"), ("2025=100", "press")],
        S.ACHIEVED,
        Certainty.CONFIRMED,
    ),
    ("no data: no certainty", target(), [], S.AWAITING_DATA, Certainty.NONE),
    (
        "expired, partial-year copy: no verdict",
        target(),
        [("2025-06=90", "copy")],
        S.AWAITING_DATA,
        Certainty.NONE,
    ),
    (
        "qualitative: no verdict",
        target("qualitative", None, kind="qualitative"),
        [],
        S.QUALITATIVE,
        Certainty.NONE,
    ),
]


@pytest.mark.parametrize(
    ("ind", "official", "status", "certainty"),
    [pytest.param(*c[1:], id=c[0]) for c in CERTAINTY_CASES],
)
def test_certainty_rules(
    ind: Indicator, official: list[tuple[str, str]], status: Status, certainty: Certainty
) -> None:
    observations = [obs(spec, source=f"s{i}", grade=grade) for i, (spec, grade) in enumerate(official)]
    result = assess(ind, SERIES, observations, TODAY)
    assert (result.status, result.certainty) == (status, certainty)
