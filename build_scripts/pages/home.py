"""The home page: how Hubei is doing in one screen (status counts that link to their targets, the
ten sections with their counts), then the latest figures and the data's coverage."""

from __future__ import annotations

from collections import Counter

from build_scripts.charts.specs import series_label, sorted_series
from build_scripts.common.i18n import Lang, source_lang
from build_scripts.load.package import Observation
from build_scripts.pages.parts import (
    STATUS_ORDER,
    Site,
    front_matter,
    page_link,
    section_page,
    section_title,
    status_bar,
    target_page,
    updated_text,
)
from build_scripts.pages.words import w
from build_scripts.progress.assess import BASELINE_YEAR, Status, parse_period
from build_scripts.progress.certainty import Certainty
from build_scripts.progress.summaries import with_unit

HOME_UPDATES = 8


def status_anchor(status: str) -> str:
    """The anchor of one status's list of targets on the reporting page."""
    return f"status-{status}"


def home(site: Site, lang: Lang, intro: str) -> dict:
    """The home page's template context."""
    pkg, here = site.pkg, ""
    counts = Counter(a.status for a in site.assessments.values())
    unverified = Counter(a.status for a in site.assessments.values() if a.certainty == Certainty.UNVERIFIED)
    reporting = page_link(lang, here, "reporting/")
    return {
        "front": {
            "title": front_matter(lang.t("home.title")),
            "description": front_matter(_home_description(lang)),
        },
        "t": {
            **{k: lang.t(v) for k, v in _LABELS.items()},
            "lead": w(lang, "home.lead"),
            "counts_note": w(lang, "home.counts_note"),
            "about": w(lang, "home.about"),
        },
        "heading": lang.t("home.title"),
        "intro": intro,
        "about_href": page_link(lang, here, "about/"),
        "counts": [
            {
                "status": str(s),
                "count": counts.get(s, 0),
                "label": lang.t(f"status.{s}"),
                "href": f"{reporting}#{status_anchor(str(s))}",
                "unverified": w(lang, "home.unverified", n=unverified[s]) if unverified.get(s) else "",
            }
            for s in STATUS_ORDER
        ],
        "coverage": coverage(site, lang),
        "reporting_href": reporting,
        "tiles": [_tile(site, lang, s) for s in pkg.sections],
        "updates": latest_updates(site, lang, here),
        "updated": updated_text(lang, site.updated),
        "version": pkg.version,
    }


_LABELS = {
    "status_counts": "home.status_counts",
    "coverage": "home.coverage",
    "more": "home.more",
    "sections": "home.sections",
    "updates": "home.updates",
    "target": "target",
    "col_period": "col.period",
    "col_value": "col.value",
    "col_source": "col.source",
    "updated": "updated",
    "version": "version",
}


def _tile(site: Site, lang: Lang, s) -> dict:
    inds = [i for i in site.pkg.indicators if i.section_id == s.section_id]
    return {
        "title": section_title(lang, s.numeral_zh, s.section_id, s.title_zh, s.title_en),
        "href": page_link(lang, "", section_page(s.section_id)),
        "n_label": lang.t("home.targets_n", n=len(inds)) if inds else lang.t("home.no_targets"),
        "bar": status_bar(lang, [site.assessments[i.indicator_id] for i in inds]),
    }


def _home_description(lang: Lang) -> str:
    if lang.is_en:
        return (
            "Where Hubei stands on every target of its 2023 Quality Strong Province outline: status, latest "
            "figures with sources, and charts, in Chinese and English."
        )
    return lang.zh("逐项追踪《湖北省质量强省建设纲要》（2023年）的目标进展：状态、最新数据及来源、图表。")


def coverage(site: Site, lang: Lang) -> str:
    """How much of the outline has data: a sentence with counts."""
    pkg = site.pkg
    numeric = [i for i in pkg.indicators if i.kind == "numeric"]
    judged = [i for i in numeric if site.assessments[i.indicator_id].status != Status.AWAITING_DATA]
    any_data = [i for i in pkg.indicators if pkg.observations_of(i.indicator_id)]
    qual = len(pkg.indicators) - len(numeric)
    if lang.is_en:
        return (
            f"The outline has {len(pkg.indicators)} targets: {len(numeric)} numeric and {qual} qualitative. "
            f"{len(judged)} numeric targets have an official figure from {BASELINE_YEAR + 1} or later; "
            f"{len(any_data)} targets have at least one figure of any kind."
        )
    return lang.zh(
        f"纲要共有{len(pkg.indicators)}项目标：量化目标{len(numeric)}项，定性目标{qual}项。"
        f"其中{len(judged)}项量化目标有{BASELINE_YEAR + 1}年以来的考核口径数据；"
        f"{len(any_data)}项目标至少有一个相关数据。"
    )


def latest_updates(site: Site, lang: Lang, here: str) -> list[dict]:
    """The most recently published observations (by their source's publication date)."""
    pkg = site.pkg
    owner = {s.series_id: s for s in pkg.series}
    names = {i.indicator_id: i for i in pkg.indicators}
    dated = [o for o in pkg.observations if o.published_date is not None]

    def key(o: Observation) -> tuple:
        return (o.published_date, parse_period(o.period).end, o.series_id)

    out = []
    for o in sorted(dated, key=key, reverse=True)[:HOME_UPDATES]:
        ind = names[owner[o.series_id].indicator_id]
        src = pkg.sources[o.source_id]
        out.append(
            {
                "name": lang.pick(ind.name_zh, ind.name_en),
                "series": series_label(lang, owner[o.series_id], pkg, sorted_series(pkg, ind)),
                "href": page_link(lang, here, target_page(ind.indicator_id)),
                "period": lang.period(o.period, o.period_approximate),
                "value": with_unit(lang, pkg, owner[o.series_id].unit_id, o.value_text),
                "publisher": src.publisher,
                "publisher_lang": source_lang(src.publisher),
                "date": src.published_date.isoformat(),
            }
        )
    return out
