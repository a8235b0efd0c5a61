"""Plain-language sentences about one target, in zh-Hans, zh-Hant and English.

Generated from the target, its official series and its assessment: "2022年为93.58%，距2025年目标≥95%
还差1.42个百分点……". Every number in a sentence is either a value from the data (printed exactly as
in the CSV) or a difference/straight-line value computed from them by `progress`; nothing is
estimated. zh-Hant sentences are the Simplified ones converted with OpenCC s2tw.
"""

from __future__ import annotations

from decimal import Decimal

from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Observation, Package
from build_scripts.progress.assess import Assessment, Status, by_period, gap_to_target, official_series

SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "约", "range": ""}
SYMBOL_EN = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "approx": "about ", "range": ""}


def unit_label(lang: Lang, pkg: Package, unit_id: str) -> str:
    """The unit as a reader writes it."""
    unit = pkg.units[unit_id]
    return lang.pick(unit.label_zh, unit.label_en)


def with_unit(lang: Lang, pkg: Package, unit_id: str, value: str | Decimal) -> str:
    """'93.58%', '117791张', '1,178,761 certificates': the number exactly as in the data."""
    label = unit_label(lang, pkg, unit_id)
    number = lang.number(value)
    if label == "%" or not lang.is_en:
        return f"{number}{label}"
    return f"{number} {label}"


def gap_text(lang: Lang, pkg: Package, unit_id: str, gap: Decimal) -> str:
    """A difference: percentage points for percentages, else the unit."""
    if unit_id == "percent":
        return f"{lang.number(gap)} {lang.t('gap.pp')}" if lang.is_en else f"{gap}{lang.t('gap.pp')}"
    return with_unit(lang, pkg, unit_id, gap)


def target_text(lang: Lang, pkg: Package, ind: Indicator) -> str:
    """'≥95%', '1–2家', 'about 30 items': the target value with its comparator."""
    if ind.kind == "qualitative" or ind.target_text is None:
        return lang.zh(ind.name_zh) if not lang.is_en else ind.name_en
    symbol = SYMBOL_EN[ind.comparator] if lang.is_en else SYMBOL[ind.comparator]
    if ind.comparator == "range":
        return (
            symbol
            + lang.number(ind.target_text)
            + "–"
            + with_unit(lang, pkg, ind.unit_id, ind.target_max_text)
        )
    return symbol + with_unit(lang, pkg, ind.unit_id, ind.target_text)


def target_phrase(lang: Lang, pkg: Package, ind: Indicator) -> str:
    """The whole target: '2025年目标≥95%', 'every year ≥ 100 items', 'by 2025 a total of ≥ 300 items'."""
    value = target_text(lang, pkg, ind)
    year = ind.target_year
    if lang.is_en:
        if ind.periodicity == "per_year":
            return f"the target of {value} every year" + (f" to {year}" if year else "")
        if ind.periodicity == "cumulative":
            return f"the target of {value} in total" + (f" by {year}" if year else "")
        return f"the {year} target of {value}" if year else f"the target of {value}"
    if ind.periodicity == "per_year":
        return lang.zh(f"每年{value}的目标")
    if ind.periodicity == "cumulative":
        return lang.zh(f"{year}年累计{value}的目标" if year else f"累计{value}的目标")
    return lang.zh(f"{year}年{value}的目标" if year else f"{value}的目标")


def latest_official(ind: Indicator, pkg: Package) -> Observation | None:
    """The latest figure of the official series, whatever its period (also before the baseline)."""
    off = official_series(ind, pkg.series)
    if off is None:
        return None
    found = by_period([o for o in pkg.observations if o.series_id == off.series_id])
    return found[-1] if found else None


def value_at(lang: Lang, pkg: Package, ind: Indicator, obs: Observation) -> str:
    """'2022年为93.58%' / 'In 2022 it was 93.58%', '(provisional)' marked."""
    prov = f" ({lang.t('provisional')})" if obs.status == "provisional" else ""
    if lang.is_en:
        return f"{lang.period(obs.period)}: {with_unit(lang, pkg, ind.unit_id, obs.value_text)}{prov}"
    prov = f"（{lang.t('provisional')}）" if prov else ""
    return f"{lang.period(obs.period)}为{with_unit(lang, pkg, ind.unit_id, obs.value_text)}{prov}"


def summary(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    """One short paragraph: where the target stands and why it has its status."""
    if a.status == Status.QUALITATIVE:
        n = len(pkg.observations_of(ind.indicator_id))
        if lang.is_en:
            return f"A qualitative target with no numeric verdict. Figures on record: {n}."
        return lang.zh(f"这是定性目标，不作数值评估。本站收录的相关数据：{n}个。")
    if a.status == Status.AWAITING_DATA:
        return _awaiting(lang, pkg, ind, a)
    if a.years:
        return _per_year(lang, pkg, ind, a)
    return _level(lang, pkg, ind, a)


def _sentence(lang: Lang, *parts: str) -> str:
    if lang.is_en:
        return " ".join(p if p.endswith(".") else p + "." for p in parts)
    return "".join(p if p.endswith("。") else p + "。" for p in parts)


def _gap_clause(lang: Lang, pkg: Package, ind: Indicator, gap: Decimal | None) -> str:
    phrase = target_phrase(lang, pkg, ind)
    if gap is None:
        return f"it meets {phrase}" if lang.is_en else lang.zh(f"已达到{phrase}")
    amount = gap_text(lang, pkg, ind.unit_id, gap)
    return f"{amount} short of {phrase}" if lang.is_en else lang.zh(f"距{phrase}还差{amount}")


def _level(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    head = f"{value_at(lang, pkg, ind, a.latest)}, {_gap_clause(lang, pkg, ind, a.gap)}"
    if not lang.is_en:
        head = f"{value_at(lang, pkg, ind, a.latest)}，{_gap_clause(lang, pkg, ind, a.gap)}"
    why = {
        "met": ("目标已实现", "The target is reached"),
        "short_in_target_year": (
            "目标年已过，目标未实现",
            "The target year is over and the target was missed",
        ),
        "short_no_deadline": (
            "纲要未规定期限，目前仍未达到",
            "The outline sets no deadline; it is not reached yet",
        ),
        "short_no_baseline": (
            "缺少2022年或更早的考核口径数据，无法衡量进度；目前仍未达到，因此判为滞后",
            "With no official figure from 2022 or earlier the pace cannot be measured; it is short, so lagging",
        ),
    }
    if a.reason in why:
        zh, en = why[a.reason]
        return _sentence(lang, head, en if lang.is_en else lang.zh(zh))
    expected = format(a.expected.quantize(Decimal("0.01")).normalize(), "f")
    start = f"{lang.period(a.baseline.period)} ({a.baseline.value_text})" if a.baseline else "0 (2022)"
    if lang.is_en:
        side = "at or ahead of" if a.status == Status.ON_TRACK else "behind"
        return _sentence(
            lang,
            head,
            f"A straight line from {start} to the target puts this date at about "
            f"{lang.number(expected)}; the figure is {side} that line, so: {lang.t('status.' + a.status)}",
        )
    start = f"{lang.period(a.baseline.period)}的{a.baseline.value_text}" if a.baseline else "2022年底的0"
    side = "达到或快于" if a.status == Status.ON_TRACK else "慢于"
    return _sentence(
        lang,
        head,
        lang.zh(
            f"按从{start}到目标的直线进度，此时应约为{expected}；实际{side}这一进度，"
            f"判为{lang.t('status.' + a.status)}"
        ),
    )


def _per_year(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    parts = []
    for v in a.years:
        if v.observation is None:
            continue
        verdict = lang.t("per_year.met" if v.met else "per_year.short")
        parts.append(
            f"{value_at(lang, pkg, ind, v.observation)} ({verdict})"
            if lang.is_en
            else f"{value_at(lang, pkg, ind, v.observation)}（{verdict}）"
        )
    missing = [str(v.year) for v in a.years if v.observation is None]
    joined = "; ".join(parts) if lang.is_en else "；".join(parts)
    tail = ""
    if missing:
        tail = (
            f"No figure yet for {', '.join(missing)}"
            if lang.is_en
            else lang.zh(f"{'、'.join(missing)}年尚无数据")
        )
    goal = target_phrase(lang, pkg, ind)
    head = (
        f"Judged year by year against {goal}: {joined}"
        if lang.is_en
        else lang.zh(f"按{goal}逐年判断：{joined}")
    )
    return _sentence(lang, *[p for p in (head, tail) if p])


def _awaiting(lang: Lang, pkg: Package, ind: Indicator, a: Assessment) -> str:
    goal = target_phrase(lang, pkg, ind)
    others = len(pkg.observations_of(ind.indicator_id))
    if a.reason == "no_official_series" or a.reason == "no_official_observation":
        if lang.is_en:
            extra = f" {others} figure(s) of related series are shown for context only." if others else ""
            return f"No figure of the official series yet for {goal}.{extra}"
        extra = f"图表中的{others}个相关数据仅作参考。" if others else ""
        return lang.zh(f"{goal}尚无考核口径的数据。{extra}")
    latest = latest_official(ind, pkg)
    head = f"{value_at(lang, pkg, ind, latest)}, {_gap_clause(lang, pkg, ind, _gap(ind, latest))}"
    year = ind.target_year
    if lang.is_en:
        why = {
            "only_before_baseline": "That figure predates the outline (2023); there is no official figure since",
            "target_year_over": f"The target year {year} is over and there is no official figure for the whole "
            f"of {year} yet, so the target cannot be assessed yet",
        }.get(a.reason, "There is no whole-year official figure since 2023")
        return _sentence(lang, head, why)
    head = f"{value_at(lang, pkg, ind, latest)}，{_gap_clause(lang, pkg, ind, _gap(ind, latest))}"
    why = {
        "only_before_baseline": "这是纲要实施（2023年）以前的数据，此后尚无考核口径的数据",
        "target_year_over": f"目标年份{year}年已过，尚无覆盖{year}年全年的考核口径数据，暂无法评估",
    }.get(a.reason, "2023年以来尚无全年的考核口径数据")
    return _sentence(lang, head, lang.zh(why))


def _gap(ind: Indicator, obs: Observation) -> Decimal | None:
    return gap_to_target(ind, obs.value)
