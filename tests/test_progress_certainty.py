"""Certainty: how sure a verdict is, from the evidence grades of the figures it rests on (an official
page, a news organisation's page, a copy on a third-party host). Synthetic numbers only."""

from __future__ import annotations

import pytest

from build_scripts.load.package import Indicator
from build_scripts.progress.assess import (
    Certainty,
    Status,
    assess,
)
from tests.progress_rows import SERIES, TODAY, S, obs, target

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
