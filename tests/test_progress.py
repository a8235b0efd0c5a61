"""Table-driven tests of the status rules (build_scripts/progress/assess.py); the other rules are in
test_progress_rules.py, certainty in test_progress_certainty.py, the synthetic rows in progress_rows.py.

Every number here is synthetic: the rules are tested on made-up targets, never on the package.
Each case reads: target (comparator, value, periodicity, year), official observations as
"period=value" (a trailing "p" marks a provisional figure), context observations, expected status
and reason.
"""

from __future__ import annotations

from datetime import date

import pytest

from build_scripts.load.package import Indicator
from build_scripts.progress.assess import (
    Status,
    assess,
)
from tests.progress_rows import DURING, SERIES, TODAY, S, obs, target

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
