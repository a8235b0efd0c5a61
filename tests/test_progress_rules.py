"""The progress rules beside the status table (tests/test_progress.py): gaps, the line to the target,
which figure is chosen, periods, and the errors a malformed target raises. Synthetic numbers only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from build_scripts.load.package import Indicator, Series
from build_scripts.progress.assess import (
    Status,
    assess,
    by_period,
    gap_to_target,
    is_met,
    parse_period,
)
from build_scripts.progress.choice import pick
from tests.progress_rows import DURING, SERIES, TODAY, S, obs, target


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
