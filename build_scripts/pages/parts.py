"""Shared pieces of the generated pages: the Jinja environment, URLs, escaping and target cards.

Pages are Markdown files whose data-bearing parts are raw HTML blocks rendered by Jinja2 with
autoescape on, so data text is HTML-escaped wherever it lands and Markdown never parses it (a
`[x](javascript:…)` in a name stays text). Where data must sit in Markdown (headings, front matter)
the `md` filter and `front_matter` escape it for that context. Links are written relative to the
page's final URL, so the site works under any sub-path.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_scripts.charts.specs import ChartFiles
from build_scripts.common import templates
from build_scripts.common.dates import LastUpdate, cannot_date
from build_scripts.common.i18n import FILE_SUFFIX, Lang
from build_scripts.common.text import md_escape
from build_scripts.common.urls import page_dir, relative
from build_scripts.load.package import Indicator, Package
from build_scripts.pages.words import w
from build_scripts.progress.assess import Assessment, Status
from build_scripts.progress.certainty import Certainty
from build_scripts.progress.summaries import latest_official, target_text, value_at

TEMPLATES = Path(__file__).parent / "templates"
STATUS_ORDER = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.MISSED,
    Status.AWAITING_DATA,
    Status.QUALITATIVE,
)


@dataclass
class Site:
    """Everything the page builders read."""

    pkg: Package
    assessments: dict[str, Assessment]
    charts: dict[tuple[str, str], ChartFiles]
    updated: LastUpdate
    text_dir: Path
    target_extra: Callable[[Indicator, Lang, str], str] | None = None
    summaries: dict[tuple[str, str], str] = field(default_factory=dict)


def md_filter(text: str) -> Markup:
    """The `md` filter: data text for a Markdown context (a heading), shown literally (`common/text.py`)."""
    return Markup(md_escape(text))


def front_matter(text: str) -> Markup:
    """A YAML front-matter value: HTML-escaped (the theme prints titles raw) and JSON-quoted."""
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False))


def environment() -> jinja2.Environment:
    """Jinja2 with autoescape for every template, strict about undefined names."""
    env = templates.environment(TEMPLATES)
    env.filters["md"] = md_filter
    return env


def page_link(lang: Lang, here: str, page: str) -> str:
    """A link from page `here` to page `page`, both in `lang` (e.g. 'sections/1/')."""
    return relative(page_dir(lang.code, page), page_dir(lang.code, here))


def asset_link(lang: Lang, here: str, path: str) -> str:
    """A link from page `here` in `lang` to a file at the site root (charts, downloads)."""
    return relative(path, page_dir(lang.code, here))


def source_file(docs_dir: Path, page: str, lang: Lang) -> Path:
    """Where a page's Markdown goes: 'targets/x/' → targets/x.en.md; '' → index.md."""
    stem = page.rstrip("/") or "index"
    return docs_dir / f"{stem}{FILE_SUFFIX[lang.code]}.md"


def target_page(ind_id: str) -> str:
    """The page of one target."""
    return f"targets/{ind_id}/"


def section_page(section_id: int) -> str:
    """The page of one section."""
    return f"sections/{section_id}/"


def section_title(lang: Lang, numeral_zh: str, section_id: int, title_zh: str, title_en: str) -> str:
    """'一、总体要求' / '1. General requirements'."""
    return f"{section_id}. {title_en}" if lang.is_en else f"{numeral_zh}、{lang.zh(title_zh)}"


def measure_title(lang: Lang, numeral_zh: str, measure_id: int, title_zh: str, title_en: str) -> str:
    """'（一）指导思想' / '(1) Guiding ideology'."""
    return f"({measure_id}) {title_en}" if lang.is_en else f"{lang.zh(numeral_zh)}{lang.zh(title_zh)}"


def status_label(lang: Lang, a: Assessment) -> str:
    """'已实现', 'Awaiting data', '已实现（来源待核实）' (a verdict that rests only on copies)."""
    label = lang.t(f"status.{a.status}")
    return label + w(lang, "unverified") if a.certainty == Certainty.UNVERIFIED else label


def card(site: Site, lang: Lang, ind: Indicator, here: str) -> dict:
    """What a target card shows: status, where it stands in one line, and the target."""
    a = site.assessments[ind.indicator_id]
    year = f" ({ind.target_year})" if lang.is_en else f"（{ind.target_year}年）"
    return {
        "name": lang.pick(ind.name_zh, ind.name_en),
        "href": page_link(lang, here, target_page(ind.indicator_id)),
        "status": str(a.status),
        "status_label": status_label(lang, a),
        "provisional": a.provisional,
        "provisional_label": lang.t("provisional"),
        "qualitative": ind.kind == "qualitative",
        "latest_label": lang.t("latest"),
        "latest": stands(site, lang, ind),
        "target_label": lang.t("target_value"),
        "target": target_text(lang, site.pkg, ind)
        + (year if ind.target_year and ind.kind == "numeric" else ""),
    }


def stands(site: Site, lang: Lang, ind: Indicator) -> str:
    """Where a target stands, in a few words: its latest official figure, else how many other figures
    there are (the same count the target page's chart and table show), else that there is none."""
    pkg, a = site.pkg, site.assessments[ind.indicator_id]
    mine = pkg.observations_of(ind.indicator_id)
    if ind.kind == "qualitative":
        return w(lang, "card.evidence", n=len(mine)) if mine else w(lang, "card.no_evidence")
    latest = a.latest or latest_official(ind, pkg)
    if latest:
        return value_at(lang, pkg, ind, latest)
    if mine:
        sep = "; " if lang.is_en else "；"
        return w(lang, "card.no_official") + sep + w(lang, "card.related", n=len(mine))
    return lang.t("no_data")


def status_bar(lang: Lang, assessments: list[Assessment]) -> dict | None:
    """A stacked bar of statuses, with a text alternative."""
    counts = {s: sum(1 for a in assessments if a.status == s) for s in STATUS_ORDER}
    segments = [
        {"status": str(s), "count": n, "label": lang.t(f"status.{s}")} for s, n in counts.items() if n
    ]
    if not segments:
        return None
    sep = ", " if lang.is_en else "，"
    label = sep.join(f"{lang.t('status.' + str(s))} {n}" for s, n in counts.items() if n)
    return {"segments": segments, "label": label}


def updated_text(lang: Lang, updated: LastUpdate) -> str:
    """The data's last-update date, or why there is none."""
    if updated.uncommitted:
        return lang.t("updated.uncommitted")
    if updated.day is None:
        raise cannot_date()
    return f"{updated.day.isoformat()} {lang.t('updated.git')}"
