"""Progress status of one target: a pure function of (target, its series, its observations, today).

Nothing here reads files. The rules, in the order they are applied (the methodology page explains
them to readers with worked examples from the real data):

1. A qualitative target is `qualitative`: no numeric verdict, the evidence is shown instead.
2. Only the target's *official* series decides. Predecessor measures, proxies, national or city
   figures are context: with no official observation made after the baseline the status is
   `awaiting_data`. The baseline is the year before the outline (2022): the outline was adopted in
   2023, so an observation counts as progress only if its period starts in 2023 or later.
3. Several sources for the same period: the final figure beats a provisional one, then an
   official source beats the press, the press beats a copy on a third-party host, then the more
   precise printed number, then the later publication. All of them are still shown on the target's
   page.
4. `per_year` targets ("每年…以上") are judged year by year for every calendar year from 2023 to the
   target year: any observed year short → `missed` once the period is over, else `lagging`; every
   year observed and met → `achieved`; the observed years met but some not yet published →
   `on_track`. Only whole-year periods count. With no target year, the years judged are the
   calendar years completed so far.
5. Level targets (`by_target_year`, `unspecified`) and running totals (`cumulative`) are judged on
   the latest official observation not later than the target year:
   - it meets the target → `achieved` (a level reached before the target year counts as reached);
   - the target year is over and the latest figure covers the whole target year (the year itself,
     or its December) → `missed`;
   - the target year is over and there is no such figure → `awaiting_data` (reason
     `target_year_over`): a partial-year or earlier figure cannot say whether a target that has
     ended was met, so it is never `on_track` or `lagging` after the year;
   - otherwise we compare it with the straight line from the baseline to the target: at or beyond
     that line → `on_track`, behind it → `lagging`. The line starts at the latest official
     observation of 2022 or earlier for a level, and at zero at the end of 2022 for a running total.
     With no such starting point the pace cannot be measured and a figure short of the target is
     `lagging`. With no target year there is no line: short of the target is `lagging`.
6. A verdict resting on a provisional figure carries `provisional=True`.
7. Every verdict says how sure it is (`certainty`, see `progress.certainty`): `confirmed` when it
   rests on at least one official or press figure (a level reached: any figure since the baseline
   that meets the target; a per-year target: every judged year; otherwise the deciding figure),
   `unverified` when it rests only on copies (a mirror or re-host), `none` without a verdict.

Comparators are applied in `progress.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from build_scripts.common.periods import Period, parse_period, year_position
from build_scripts.load.package import Indicator, Observation, Series
from build_scripts.load.records import by_target
from build_scripts.progress.certainty import Certainty, Support, certainty_of
from build_scripts.progress.choice import by_period
from build_scripts.progress.compare import better_is_higher, gap_to_target, is_met

__all__ = [
    "Assessment",
    "Certainty",
    "Period",
    "Status",
    "YearVerdict",
    "assess",
    "assess_all",
    "certainty_of",
    "gap_to_target",
    "is_met",
    "parse_period",
]

BASELINE_YEAR = 2022


class Status(StrEnum):
    """The six statuses a target can have."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    MISSED = "missed"
    AWAITING_DATA = "awaiting_data"
    QUALITATIVE = "qualitative"


@dataclass(frozen=True)
class YearVerdict:
    """One calendar year of a per-year target."""

    year: int
    observation: Observation | None
    met: bool | None


@dataclass(frozen=True)
class Assessment:
    """The status of one target and the facts behind it.

    `reason` names the rule that decided (see the module docstring), `gap` is how far the latest
    figure is from the target in the target's unit (None when met or unknown), `expected` the value
    on the straight line at the latest figure's period (None when the line was not used).
    """

    indicator_id: str
    status: Status
    reason: str
    series_id: str | None
    latest: Observation | None
    provisional: bool
    gap: Decimal | None
    expected: Decimal | None = None
    baseline: Observation | None = None
    years: tuple[YearVerdict, ...] = ()
    certainty: Certainty = Certainty.NONE

    support: Support = ()

    @property
    def evidence(self) -> tuple[Observation, ...]:
        """Every figure the verdict rests on (empty without a verdict)."""
        return tuple(dict.fromkeys(o for way in self.support for o in way))


def _with_certainty(a: Assessment, recent: list[Observation], ind: Indicator) -> Assessment:
    """The ways the verdict is supported (see `progress.certainty`) and the certainty they give."""
    if a.status in (Status.AWAITING_DATA, Status.QUALITATIVE):
        support: Support = ()
    elif a.years:
        seen = tuple(v.observation for v in a.years if v.observation is not None)
        short = tuple(v.observation for v in a.years if v.met is False)
        support = tuple((o,) for o in short) if short else (seen,)
    elif a.status == Status.ACHIEVED:
        support = tuple((o,) for o in recent if is_met(ind, o.value))
    else:
        support = ((a.latest,),)
    return replace(a, support=support, certainty=certainty_of(support))


def official_series(ind: Indicator, series: list[Series]) -> Series | None:
    """The one series the target is judged on; more than one is an error in the data."""
    found = [s for s in series if s.indicator_id == ind.indicator_id and s.role == "official"]
    if len(found) > 1:
        raise ValueError(f"{ind.indicator_id}: {len(found)} official series, expected at most one")
    return found[0] if found else None


def assess(ind: Indicator, series: list[Series], observations: list[Observation], today: date) -> Assessment:
    """The status of one target on `today` and how sure it is (see the module docstring)."""
    verdict = _assess(ind, series, observations, today)
    mine = [o for o in observations if o.series_id == verdict.series_id]
    return _with_certainty(verdict, _since_baseline(ind, by_period(mine)), ind)


def _assess(ind: Indicator, series: list[Series], observations: list[Observation], today: date) -> Assessment:
    if ind.kind == "qualitative" or ind.comparator == "qualitative":
        return Assessment(ind.indicator_id, Status.QUALITATIVE, "qualitative", None, None, False, None)
    if ind.target_value is None or (ind.comparator == "range" and ind.target_value_max is None):
        raise ValueError(f"{ind.indicator_id}: numeric target without a target value")
    off = official_series(ind, series)
    if off is None:
        return _awaiting(ind, None, "no_official_series")
    mine = by_period([o for o in observations if o.series_id == off.series_id])
    if ind.periodicity == "per_year":
        return _assess_per_year(ind, off, mine, today)
    if ind.periodicity not in ("by_target_year", "cumulative", "unspecified"):
        raise ValueError(f"{ind.indicator_id}: unknown periodicity {ind.periodicity!r}")
    return _assess_level(ind, off, mine, today)


def _awaiting(ind: Indicator, off: Series | None, reason: str) -> Assessment:
    return Assessment(
        ind.indicator_id, Status.AWAITING_DATA, reason, off.series_id if off else None, None, False, None
    )


def _since_baseline(ind: Indicator, obs: list[Observation]) -> list[Observation]:
    last = ind.target_year or 9999
    return [o for o in obs if BASELINE_YEAR < parse_period(o.period).year <= last]


def _assess_level(ind: Indicator, off: Series, obs: list[Observation], today: date) -> Assessment:
    recent = _since_baseline(ind, obs)
    if not recent:
        return _awaiting(ind, off, "only_before_baseline" if obs else "no_official_observation")
    latest = recent[-1]
    prov = latest.status == "provisional"
    gap = gap_to_target(ind, latest.value)
    common = {
        "indicator_id": ind.indicator_id,
        "series_id": off.series_id,
        "latest": latest,
        "provisional": prov,
        "gap": gap,
    }
    if gap is None:
        return Assessment(status=Status.ACHIEVED, reason="met", **common)
    if ind.target_year is None:
        return Assessment(status=Status.LAGGING, reason="short_no_deadline", **common)
    period = parse_period(latest.period)
    if today > date(ind.target_year, 12, 31):
        if period.year == ind.target_year and period.end.month == 12 and not latest.period_approximate:
            return Assessment(status=Status.MISSED, reason="short_in_target_year", **common)
        return Assessment(status=Status.AWAITING_DATA, reason="target_year_over", **common)
    base = _path_start(ind, obs)
    if base is None:
        return Assessment(status=Status.LAGGING, reason="short_no_baseline", **common)
    exact = _expected(ind, base, period)
    value = Fraction(latest.value)
    ahead = value >= exact if better_is_higher(ind) else value <= exact
    expected = Decimal(exact.numerator) / Decimal(exact.denominator)
    status, reason = (Status.ON_TRACK, "on_path") if ahead else (Status.LAGGING, "behind_path")
    baseline = base if isinstance(base, Observation) else None
    return Assessment(status=status, reason=reason, expected=expected, baseline=baseline, **common)


def _path_start(ind: Indicator, obs: list[Observation]) -> Observation | Decimal | None:
    """Where the straight line starts: zero for a running total, else the last figure up to 2022."""
    if ind.periodicity == "cumulative":
        return Decimal(0)
    before = [o for o in obs if parse_period(o.period).year <= BASELINE_YEAR]
    return before[-1] if before else None


def _expected(ind: Indicator, base: Observation | Decimal, period: Period) -> Fraction:
    """The exact value on the straight line from the start to the target at the end of `period`."""
    if isinstance(base, Observation):
        start_value, start_day = base.value, parse_period(base.period).end
    else:
        start_value, start_day = base, date(BASELINE_YEAR, 12, 31)
    goal = ind.target_value
    if ind.comparator == "range" and not better_is_higher(ind):
        goal = ind.target_value_max
    start = year_position(start_day)
    share = (year_position(period.end) - start) / (year_position(date(ind.target_year, 12, 31)) - start)
    return Fraction(start_value) + (Fraction(goal) - Fraction(start_value)) * share


def _assess_per_year(ind: Indicator, off: Series, obs: list[Observation], today: date) -> Assessment:
    last_year = min(ind.target_year, today.year) if ind.target_year else today.year - 1
    annual = {parse_period(o.period).year: o for o in obs if parse_period(o.period).whole_year}
    years = tuple(
        YearVerdict(y, annual.get(y), is_met(ind, annual[y].value) if y in annual else None)
        for y in range(BASELINE_YEAR + 1, last_year + 1)
    )
    seen = [v for v in years if v.observation is not None]
    if not seen:
        reason = (
            "no_official_observation"
            if not obs
            else ("no_whole_year_figure" if _since_baseline(ind, obs) else "only_before_baseline")
        )
        return _awaiting(ind, off, reason)
    latest = seen[-1].observation
    short = [v for v in seen if not v.met]
    over = ind.target_year is not None and today > date(ind.target_year, 12, 31)
    deciding = short[-1].observation if short else latest
    common = {
        "indicator_id": ind.indicator_id,
        "series_id": off.series_id,
        "latest": deciding,
        "provisional": any(v.observation.status == "provisional" for v in seen),
        "years": years,
        "gap": gap_to_target(ind, deciding.value),
    }
    if short:
        return Assessment(status=Status.MISSED if over else Status.LAGGING, reason="year_short", **common)
    if over and len(seen) == len(years):
        return Assessment(status=Status.ACHIEVED, reason="every_year_met", **common)
    return Assessment(status=Status.ON_TRACK, reason="observed_years_met", **common)


def assess_all(
    indicators: list[Indicator], series: list[Series], observations: list[Observation], today: date
) -> dict[str, Assessment]:
    """Assess every target; keyed by indicator id, in input order (each on its own rows, grouped once)."""
    series_of, _, obs_of = by_target(series, observations)
    rows = {
        i.indicator_id: (series_of.get(i.indicator_id, []), obs_of.get(i.indicator_id, []))
        for i in indicators
    }
    return {i.indicator_id: assess(i, *rows[i.indicator_id], today) for i in indicators}
