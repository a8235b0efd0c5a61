"""Worked examples for the methodology page, chosen from the real assessments at build time.

For every rule that decided at least one target, the first such target (in the package's order)
is shown with the official figures the rule looked at and the generated summary. The examples
therefore always describe the data actually published, never a made-up case.
"""

from __future__ import annotations

from build_scripts.common.i18n import Lang
from build_scripts.pages.parts import Site, page_link, target_page
from build_scripts.progress.assess import by_period, official_series
from build_scripts.progress.summaries import with_unit

RULES: dict[str, tuple[str, str]] = {
    "met": (
        "考核口径最新数据（不晚于目标年）达到目标，判为已实现。",
        "The latest official figure (not later than the target year) meets the target: achieved.",
    ),
    "short_in_target_year": (
        "目标年已过，覆盖目标年全年的考核口径数据未达到目标，判为未实现。",
        "The target year is over and its official figure for the whole target year falls short: missed.",
    ),
    "target_year_over": (
        "目标年已过，但还没有覆盖目标年全年的考核口径数据（只有更早或不足一年的数据），暂无法评估，判为等待数据。",
        "The target year is over but there is no official figure for the whole target year yet (only "
        "earlier or part-year figures): it cannot be assessed yet, so awaiting data.",
    ),
    "on_path": (
        "目标年数据尚未公布：与从基数到目标的直线进度比较，达到或快于进度，判为进展顺利。",
        "No target-year figure yet: compared with the straight line from the baseline to the target, "
        "at or ahead of it: on track.",
    ),
    "behind_path": (
        "目标年数据尚未公布：与从基数到目标的直线进度比较，慢于进度，判为进度滞后。",
        "No target-year figure yet: compared with the straight line from the baseline to the target, "
        "behind it: lagging.",
    ),
    "short_no_baseline": (
        "没有2022年或更早的考核口径数据作基数，无法衡量进度；仍未达到目标，判为进度滞后。",
        "No official figure from 2022 or earlier to measure the pace from; still short of the "
        "target: lagging.",
    ),
    "short_no_deadline": (
        "纲要未规定期限，仍未达到目标，判为进度滞后。",
        "The outline sets no deadline and the target is not reached yet: lagging.",
    ),
    "year_short": (
        "每年目标逐年判断：有一年未达到，目标期已过判为未实现，否则判为进度滞后。",
        "A per-year target is judged year by year: a year fell short, so missed once the period is "
        "over, lagging before.",
    ),
    "every_year_met": (
        "每年目标逐年判断：每一年都有数据且都达到，判为已实现。",
        "A per-year target is judged year by year: every year has a figure and meets it: achieved.",
    ),
    "observed_years_met": (
        "每年目标逐年判断：已公布的年份都达到，其余年份尚无数据，判为进展顺利。",
        "A per-year target is judged year by year: every published year meets it, the others "
        "are not published yet: on track.",
    ),
    "only_before_baseline": (
        "考核口径只有纲要实施（2023年）以前的数据，不能说明进展，判为等待数据。",
        "The official series only has figures from before the outline (2023), which say "
        "nothing about progress: awaiting data.",
    ),
    "no_whole_year_figure": (
        "2023年以来只有不足一年的数据，每年目标需要全年数据，判为等待数据。",
        "Since 2023 there are only part-year figures; a per-year target needs whole years: awaiting data.",
    ),
    "no_official_observation": (
        "考核口径没有任何数据；相关指标、前身口径和全国数据只作参考，判为等待数据。",
        "The official series has no figure; proxies, predecessor measures and national "
        "figures are context only: awaiting data.",
    ),
    "no_official_series": (
        "没有考核口径；其他口径只作参考，判为等待数据。",
        "There is no official series; other series are context only: awaiting data.",
    ),
    "qualitative": (
        "定性目标不作数值评估，只列出证据。",
        "A qualitative target gets no numeric verdict; the evidence is listed.",
    ),
}


def examples(site: Site, lang: Lang, here: str) -> list[dict]:
    """One example per rule that decided some target, in the order of RULES."""
    pkg = site.pkg
    first: dict[str, str] = {}
    for ind in pkg.indicators:
        a = site.assessments[ind.indicator_id]
        if a.reason not in RULES:
            raise ValueError(f"{ind.indicator_id}: no methodology text for rule {a.reason!r}")
        first.setdefault(a.reason, ind.indicator_id)
    by_id = {i.indicator_id: i for i in pkg.indicators}
    out = []
    for reason, (zh, en) in RULES.items():
        if reason not in first:
            continue
        ind = by_id[first[reason]]
        a = site.assessments[ind.indicator_id]
        out.append(
            {
                "heading": f"{lang.t('status.' + a.status)} · {ind.name_en if lang.is_en else lang.zh(ind.name_zh)}",
                "name": lang.pick(ind.name_zh, ind.name_en),
                "href": page_link(lang, here, target_page(ind.indicator_id)),
                "rule": en if lang.is_en else lang.zh(zh),
                "figures": _official_values(site, lang, ind),
                "summary": site.summaries[(lang.code, ind.indicator_id)],
            }
        )
    return out


def _official_values(site: Site, lang: Lang, ind) -> list[str]:
    off = official_series(ind, site.pkg.series_of(ind.indicator_id))
    if off is None or ind.kind == "qualitative":
        return []
    obs = by_period(site.pkg.observations_of_series(off.series_id))
    label = lang.t("role.official")
    return [
        f"{label} · {lang.period(o.period, o.period_approximate)}: {with_unit(lang, site.pkg, off.unit_id, o.value_text)}"
        + (f" ({lang.t('provisional')})" if o.status == "provisional" else "")
        for o in obs
    ]
