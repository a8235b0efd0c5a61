"""The page of one target: status, summary, chart, data table, outline quote, definitions, downloads.

The chart is the pre-rendered SVG (what a reader sees first, and all they see with JS off) inside a
figure whose `data-spec` attribute is the address of the live chart's compiled Vega spec (a file of
its own, `ChartFiles.live_spec`); `assets/js/charts.js` fetches it, vega and vega-embed only when the
reader points at, focuses or taps the chart. Targets with no data get an honest "no data yet" panel
instead of an empty chart.
"""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.charts.layers import LAYOUTS, has_history, legend_entries
from build_scripts.charts.specs import chart_unit, series_label, sorted_series
from build_scripts.common.i18n import HTML_LANG, Lang, source_lang
from build_scripts.common.links import safe_url
from build_scripts.load.package import Indicator, Observation
from build_scripts.pages.parts import (
    Site,
    asset_link,
    card,
    front_matter,
    measure_title,
    page_link,
    section_page,
    section_title,
    target_page,
    updated_text,
)
from build_scripts.pages.words import w
from build_scripts.progress.assess import parse_period
from build_scripts.progress.summaries import with_unit

LABELS = {
    "summary": "summary",
    "chart": "chart",
    "interactive": "chart.interactive",
    "hollow": "chart.hollow",
    "download_svg": "download.svg",
    "download_png": "download.png",
    "download_csv": "download.csv",
    "qualitative_panel": "qualitative_panel",
    "no_data": "no_data",
    "no_data_panel": "no_data_panel",
    "per_year_table": "per_year.table",
    "col_year": "col.year",
    "col_value": "col.value",
    "col_verdict": "col.verdict",
    "data_table": "data_table",
    "col_period": "col.period",
    "col_series": "col.series",
    "col_source": "col.source",
    "col_quote": "col.quote",
    "outline_quote": "outline_quote",
    "our_translation": "outline_quote.translation",
    "definitions": "definitions",
    "target_note": "target_note",
    "download": "download",
    "other_units": "chart.other_units",
    "no_chart": "chart.none",
    "updated": "updated",
    "version": "version",
    "section": "section",
}


def labels(lang: Lang) -> dict[str, str]:
    """The template's UI strings in one language."""
    hints = {f"hint_{k}": w(lang, f"chart.hint.{k}") for k in ("touch", "mouse")}
    return {**{k: lang.t(v) for k, v in LABELS.items()}, **hints, "in_table": w(lang, "chart.in_table")}


def context(site: Site, lang: Lang, ind: Indicator) -> dict:
    """Everything target.md.j2 needs for one target in one language."""
    here = target_page(ind.indicator_id)
    pkg = site.pkg
    summary = site.summaries[(lang.code, ind.indicator_id)]
    section = next(s for s in pkg.sections if s.section_id == ind.section_id)
    measure = next(m for m in pkg.measures if m.measure_id == ind.measure_id)
    name = lang.pick(ind.name_zh, ind.name_en)
    section_name = section_title(
        lang, section.numeral_zh, section.section_id, section.title_zh, section.title_en
    )
    return {
        "front": {"title": front_matter(name), "description": front_matter(summary)},
        "t": labels(lang),
        "card": card(site, lang, ind, here),
        "summary": summary,
        "section_href": page_link(lang, here, section_page(ind.section_id)),
        "section_name": section_name,
        "chart": _chart(site, lang, ind, here),
        "qualitative": ind.kind == "qualitative",
        "qualitative_text": _qualitative_text(site, lang, ind),
        "years": _years(site, lang, ind),
        "rows": _rows(site, lang, ind),
        "quote": lang.zh(ind.quote_zh) if not lang.is_en else ind.quote_zh,
        "quote_lang": "zh-Hant" if lang.code == "zh-Hant" else "zh-Hans",
        "quote_en": ind.quote_en if lang.is_en else None,
        "measure_href": page_link(lang, here, section_page(ind.section_id))
        + f"#measure-{measure.measure_id}",
        "measure_link": f"{section_name} · "
        + measure_title(lang, measure.numeral_zh, measure.measure_id, measure.title_zh, measure.title_en),
        "target_note": lang.runs(lang.pick(ind.note_zh, ind.note_en)),
        "series": _series(site, lang, ind),
        "csv_href": asset_link(lang, here, f"data/latest/targets/{ind.indicator_id}.csv"),
        "updated": updated_text(lang, site.updated),
        "version": pkg.version,
        "extra": Markup(site.target_extra(ind, lang, here)) if site.target_extra else "",
    }


def _chart(site: Site, lang: Lang, ind: Indicator, here: str) -> dict | None:
    files = site.charts.get((lang.code, ind.indicator_id))
    if files is None:
        return None
    return {
        "spec": asset_link(lang, here, files.live_spec),
        "svg": asset_link(lang, here, files.svg),
        "phone_svg": asset_link(lang, here, files.phone_svg),
        "png": asset_link(lang, here, files.png),
        "og_image": files.png,
        "history_svg": asset_link(lang, here, files.history_svg) if has_history(lang, ind, site.pkg) else "",
        "history_label": w(lang, "chart.long_run"),
        "width": LAYOUTS["phone"]["width"],
        "height": LAYOUTS["phone"]["height"],
        "legend": legend_entries(lang, ind, site.pkg),
        "provisional": any(o.status == "provisional" for o in site.pkg.observations_of(ind.indicator_id)),
        "other_units": any(
            s.unit_id != chart_unit(ind, site.pkg) and site.pkg.observations_of_series(s.series_id)
            for s in site.pkg.series_of(ind.indicator_id)
        ),
    }


def _qualitative_text(site: Site, lang: Lang, ind: Indicator) -> str:
    """What a qualitative target's page promises: the evidence below, or plainly that there is none."""
    n = len(site.pkg.observations_of(ind.indicator_id))
    return w(lang, "qualitative_evidence", n=n) if n else w(lang, "qualitative_none")


def _years(site: Site, lang: Lang, ind: Indicator) -> list[dict]:
    out = []
    for v in site.assessments[ind.indicator_id].years:
        shown = with_unit(lang, site.pkg, ind.unit_id, v.observation.value_text) if v.observation else "—"
        key = "per_year.none" if v.met is None else "per_year.met" if v.met else "per_year.short"
        out.append({"year": v.year, "value": shown, "verdict": lang.t(key)})
    return out


def _rows(site: Site, lang: Lang, ind: Indicator) -> list[dict]:
    """Every observation of every series (all sources, not only the deciding one)."""
    pkg = site.pkg
    siblings = sorted_series(pkg, ind)
    rows = []
    for s in siblings:
        mine = pkg.observations_of_series(s.series_id)
        for o in sorted(mine, key=lambda o: (parse_period(o.period).end, o.source_id)):
            rows.append(_row(site, lang, series_label(lang, s, pkg, siblings), s.unit_id, o))
    return rows


def _row(site: Site, lang: Lang, label: str, unit_id: str, o: Observation) -> dict:
    src = site.pkg.sources[o.source_id]
    return {
        "period": lang.period(o.period, o.period_approximate),
        "series": lang.runs(label),
        "value": with_unit(lang, site.pkg, unit_id, o.value_text),
        "provisional": o.status == "provisional",
        "status": lang.t("provisional"),
        "url": None if src.host_warning else safe_url(src.url),
        "warning": w(lang, f"host_warning.{src.host_warning}") if src.host_warning else "",
        "address": src.url if src.host_warning else "",
        "title": src.title,
        "title_lang": source_lang(src.title),
        "publisher": src.publisher,
        "publisher_lang": source_lang(src.publisher),
        "date": src.published_date.isoformat() if src.published_date else "",
        "tier": lang.t(f"grade.{src.grade}"),
        "quote": o.quote,
        "quote_lang": source_lang(o.quote),
        **_note(lang, o.note),
    }


def _note(lang: Lang, text: str | None) -> dict:
    """An observation's note in the page's language; `note_lang` only when it is in another one."""
    shown = lang.note(text)
    if shown is None:
        return {"note": [], "note_lang": None}
    note, note_lang = shown
    if note_lang == HTML_LANG[lang.code]:
        return {"note": lang.runs(note), "note_lang": None}
    return {"note": [(note, None)], "note_lang": note_lang}


def _series(site: Site, lang: Lang, ind: Indicator) -> list[dict]:
    pkg = site.pkg
    siblings = sorted_series(pkg, ind)
    return [
        {
            "label": lang.runs(series_label(lang, s, pkg, siblings)),
            "definition": lang.runs(lang.pick(s.definition_zh, s.definition_en)),
            "note": lang.runs(lang.pick(s.note_zh, s.note_en)),
        }
        for s in siblings
    ]
