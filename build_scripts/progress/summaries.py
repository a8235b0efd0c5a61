"""Plain-language sentences about one target, in zh-Hans, zh-Hant and English.

Generated from the target, its official series and its assessment: "2022年为93.58%，距2025年目标≥95%
还差1.42个百分点……". Every number in a sentence is either a value from the data (printed exactly as
in the CSV) or a difference/straight-line value computed from them by `progress`; nothing is
estimated. English uses English magnitudes (126.82万件 → 1.2682 million items, exactly) and nouns that
agree with their number. zh-Hant text is written in Simplified and converted once, whole, with
`Lang.zh` (OpenCC s2tw plus the project's overrides), so no Simplified character is left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import TypeVar

from build_scripts.common import english
from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Observation, Package
from build_scripts.progress.assess import Assessment, Status, by_period, gap_to_target, official_series

SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "约", "range": ""}
SYMBOL_EN = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "approx": "about ", "range": ""}
# English labels of units counted in 万/亿 may name the magnitude ("10k items (万件)"); English
# pages multiply the value out instead, so the magnitude and the Chinese unit are dropped.
F = TypeVar("F", bound=Callable[..., str])


def written_in_simplified(fn: F) -> F:
    """Build the text in Simplified Chinese and convert it to zh-Hant once, as a whole."""

    @wraps(fn)
    def wrapper(lang: Lang, *args: object) -> str:
        if lang.code == "zh-Hant":
            return lang.zh(fn(Lang("zh"), *args))
        return fn(lang, *args)

    return wrapper  # type: ignore[return-value]


def unit_label(lang: Lang, pkg: Package, unit_id: str) -> str:
    """The unit as a reader writes it (in English without the 万/亿 magnitude: see `en_amount`)."""
    unit = pkg.units[unit_id]
    if not lang.is_en:
        return lang.zh(unit.label_zh)
    return _en_unit(pkg, unit_id)[1]


def axis_unit(lang: Lang, pkg: Package, unit_id: str) -> str:
    """A chart axis title: the unit the plotted values are in ('万件'; in English 'items (× 10,000)')."""
    if not lang.is_en:
        return unit_label(lang, pkg, unit_id)
    multiplier, label = _en_unit(pkg, unit_id)
    return label if multiplier == 1 else f"{label} (× {multiplier:,})"


def _en_unit(pkg: Package, unit_id: str) -> tuple[int, str]:
    """(multiplier, English noun) of a unit: 万件 → (10000, 'items'), 个 → (1, 'items')."""
    unit = pkg.units[unit_id]
    found = english.unit_noun(unit.label_zh, unit.label_en)
    if found is None:  # the validator refuses such a label (unit-label-en-unreadable): never reached
        raise ValueError(f"unit {unit_id}: cannot tell the English noun of {unit.label_en!r}")
    return found


def en_number(pkg: Package, unit_id: str, value: str | Decimal) -> str:
    """The English number of an amount in this unit: 126.82 (万件) → '1.2682 million'; 117791 → '117,791'."""
    multiplier = _en_unit(pkg, unit_id)[0]
    if multiplier == 1:
        return Lang("en").number(value)
    return english.magnitude(value, multiplier)


@written_in_simplified
def with_unit(lang: Lang, pkg: Package, unit_id: str, value: str | Decimal) -> str:
    """'93.58%', '117791张', '1 organisation', '1.2682 million items': the number exactly as in the data."""
    if not lang.is_en:
        return f"{lang.number(value)}{unit_label(lang, pkg, unit_id)}"
    multiplier, label = _en_unit(pkg, unit_id)
    amount = Decimal(value) * multiplier
    return english.with_label(en_number(pkg, unit_id, value), label, amount)


@written_in_simplified
def gap_text(lang: Lang, pkg: Package, unit_id: str, gap: Decimal) -> str:
    """A difference: percentage points for percentages, else the unit."""
    if unit_id == "percent":
        if lang.is_en:
            return f"{lang.number(gap)} {english.agree(lang.t('gap.pp'), gap)}"
        return f"{gap}{lang.t('gap.pp')}"
    return with_unit(lang, pkg, unit_id, gap)


@written_in_simplified
def target_text(lang: Lang, pkg: Package, ind: Indicator) -> str:
    """'≥95%', '1–2家', 'about 30 items', '> 1 million items': the target value with its comparator."""
    if ind.kind == "qualitative" or ind.target_text is None:
        return ind.name_en if lang.is_en else ind.name_zh
    symbol = SYMBOL_EN[ind.comparator] if lang.is_en else SYMBOL[ind.comparator]
    if ind.comparator == "range":
        low = en_number(pkg, ind.unit_id, ind.target_text) if lang.is_en else ind.target_text
        return symbol + low + "–" + with_unit(lang, pkg, ind.unit_id, ind.target_max_text)
    return symbol + with_unit(lang, pkg, ind.unit_id, ind.target_text)


@written_in_simplified
def target_phrase(lang: Lang, pkg: Package, ind: Indicator) -> str:
    """The whole target: '2025年≥95%的目标', 'the target of ≥ 100 items every year'."""
    value = target_text(lang, pkg, ind)
    year = ind.target_year
    if lang.is_en:
        if ind.periodicity == "per_year":
            return f"the target of {value} every year" + (f" to {year}" if year else "")
        if ind.periodicity == "cumulative":
            return f"the target of {value} in total" + (f" by {year}" if year else "")
        return f"the {year} target of {value}" if year else f"the target of {value}"
    if ind.periodicity == "per_year":
        return f"每年{value}的目标"
    if ind.periodicity == "cumulative":
        return f"{year}年累计{value}的目标" if year else f"累计{value}的目标"
    return f"{year}年{value}的目标" if year else f"{value}的目标"


def latest_official(ind: Indicator, pkg: Package) -> Observation | None:
    """The latest figure of the official series, whatever its period (also before the baseline)."""
    off = official_series(ind, pkg.series_of(ind.indicator_id))
    if off is None:
        return None
    found = by_period(pkg.observations_of_series(off.series_id))
    return found[-1] if found else None


@written_in_simplified
def value_at(lang: Lang, pkg: Package, ind: Indicator, obs: Observation) -> str:
    """'2022年为93.58%' / '2022: 93.58%', '(provisional)' marked: a short label for cards and lists."""
    shown = with_unit(lang, pkg, ind.unit_id, obs.value_text)
    if lang.is_en:
        prov = f" ({lang.t('provisional')})" if obs.status == "provisional" else ""
        return f"{lang.period(obs.period, obs.period_approximate)}: {shown}{prov}"
    prov = f"（{lang.t('provisional')}）" if obs.status == "provisional" else ""
    return f"{lang.period(obs.period, obs.period_approximate)}为{shown}{prov}"


def _figure_was(lang: Lang, pkg: Package, ind: Indicator, obs: Observation) -> str:
    """The start of a whole sentence: 'In 2022 the figure was 93.58%' / '2022年为93.58%'."""
    if not lang.is_en:
        return value_at(lang, pkg, ind, obs)
    when = lang.period(obs.period, obs.period_approximate)
    prov = f" ({lang.t('provisional')})" if obs.status == "provisional" else ""
    prep = "On" if obs.period.count("-") == 2 else "In"
    return f"{prep} {when} the figure was {with_unit(lang, pkg, ind.unit_id, obs.value_text)}{prov}"


@written_in_simplified
def summary(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    """One short paragraph of whole sentences: where the target stands and why it has its status."""
    if a.status == Status.QUALITATIVE:
        n = len(pkg.observations_of(ind.indicator_id))
        if lang.is_en:
            held = (
                f"The site holds {english.count(n, 'related figure')}"
                if n
                else "The site holds no related figure yet"
            )
            return f"This is a qualitative target, so it gets no numeric verdict. {held}."
        return f"这是定性目标，不作数值评估。本站收录的相关数据：{n}个。"
    if a.status == Status.AWAITING_DATA:
        return _awaiting(lang, pkg, ind, a)
    if a.years:
        return _per_year(lang, pkg, ind, a)
    return _level(lang, pkg, ind, a)


def _sentence(lang: Lang, *parts: str) -> str:
    if lang.is_en:
        return " ".join(p if p.endswith(".") else p + "." for p in parts)
    return "".join(p if p.endswith("。") else p + "。" for p in parts)


def _head(lang: Lang, pkg: Package, ind: Indicator, obs: Observation, gap: Decimal | None) -> str:
    """'In 2022 the figure was 93.58%, 1.42 percentage points short of the 2025 target of ≥ 95%'."""
    phrase = target_phrase(lang, pkg, ind)
    was = _figure_was(lang, pkg, ind, obs)
    if gap is None:
        return f"{was}, which meets {phrase}" if lang.is_en else f"{was}，已达到{phrase}"
    amount = gap_text(lang, pkg, ind.unit_id, gap)
    return f"{was}, {amount} short of {phrase}" if lang.is_en else f"{was}，距{phrase}还差{amount}"


LEVEL_WHY = {
    "met": ("目标已实现", "The target is reached"),
    "short_in_target_year": ("目标年已过，目标未实现", "The target year is over and the target was missed"),
    "short_no_deadline": (
        "纲要未规定期限，目前仍未达到",
        "The outline sets no deadline, and the target is not reached yet",
    ),
    "short_no_baseline": (
        "缺少2022年或更早的考核口径数据，无法衡量进度；目前仍未达到，因此判为滞后",
        "With no official figure from 2022 or earlier, the pace cannot be measured; "
        "the target is not reached yet, so the status is Lagging",
    ),
}


def _level(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    head = _head(lang, pkg, ind, a.latest, a.gap)
    if a.reason in LEVEL_WHY:
        zh, en = LEVEL_WHY[a.reason]
        return _sentence(lang, head, en if lang.is_en else zh)
    expected = format(a.expected.quantize(Decimal("0.01")).normalize(), "f")
    status = lang.t("status." + a.status)
    if lang.is_en:
        start = (
            f"{lang.period(a.baseline.period, a.baseline.period_approximate)} ({a.baseline.value_text})"
            if a.baseline
            else "0 (2022)"
        )
        side = "at or ahead of" if a.status == Status.ON_TRACK else "behind"
        return _sentence(
            lang,
            head,
            f"A straight line from {start} to the target puts this date at about {lang.number(expected)}; "
            f"the figure is {side} that line, so the status is {status}",
        )
    start = (
        f"{lang.period(a.baseline.period, a.baseline.period_approximate)}的{a.baseline.value_text}"
        if a.baseline
        else "2022年底的0"
    )
    side = "达到或快于" if a.status == Status.ON_TRACK else "慢于"
    why = f"按从{start}到目标的直线进度，此时应约为{expected}；实际{side}这一进度，判为{status}"
    return _sentence(lang, head, why)


def _per_year(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    parts = []
    for v in a.years:
        if v.observation is None:
            continue
        verdict = lang.t("per_year.met" if v.met else "per_year.short")
        shown = value_at(lang, pkg, ind, v.observation)
        parts.append(f"{shown} ({verdict})" if lang.is_en else f"{shown}（{verdict}）")
    missing = [str(v.year) for v in a.years if v.observation is None]
    goal = target_phrase(lang, pkg, ind)
    if lang.is_en:
        head = f"Judged year by year against {goal}: {'; '.join(parts)}"
        tail = f"There is no figure yet for {_and(missing)}" if missing else ""
    else:
        head = f"按{goal}逐年判断：{'；'.join(parts)}"
        tail = f"{'、'.join(missing)}年尚无数据" if missing else ""
    return _sentence(lang, *[p for p in (head, tail) if p])


def _and(items: list[str]) -> str:
    """'2024', '2024 and 2025', '2023, 2024 and 2025'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


AWAITING_WHY = {
    "only_before_baseline": (
        "这是纲要实施（2023年）以前的数据，此后尚无考核口径的数据",
        "That figure predates the outline (2023), and there is no official figure since",
    ),
    "target_year_over": (
        "目标年份{year}年已过，尚无覆盖{year}年全年的考核口径数据，暂无法评估",
        "The target year {year} is over and there is no official figure for the whole of {year} yet, "
        "so the target cannot be assessed yet",
    ),
}
AWAITING_OTHER = ("2023年以来尚无全年的考核口径数据", "There is no whole-year official figure since 2023")


def _awaiting(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    goal = target_phrase(lang, pkg, ind)
    others = len(pkg.observations_of(ind.indicator_id))
    latest = latest_official(ind, pkg)
    if a.reason in ("no_official_series", "no_official_observation") or latest is None:
        if lang.is_en:
            extra = ""
            if others:
                verb = "is" if others == 1 else "are"
                extra = f" {english.count(others, 'figure')} of related series {verb} listed below for context only."
            return f"There is no figure of the official series yet for {goal}.{extra}"
        extra = f"下面列出的{others}个相关数据仅作参考。" if others else ""
        return f"{goal}尚无考核口径的数据。{extra}"
    zh, en = AWAITING_WHY.get(a.reason, AWAITING_OTHER)
    why = (en if lang.is_en else zh).format(year=ind.target_year)
    if a.reason == "only_before_baseline" and ind.periodicity == "per_year":
        # A yearly target runs from 2023: a figure from before says nothing about meeting it.
        return _sentence(lang, _figure_was(lang, pkg, ind, latest), why)
    return _sentence(lang, _head(lang, pkg, ind, latest, gap_to_target(ind, latest.value)), why)
