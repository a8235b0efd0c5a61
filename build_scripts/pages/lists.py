"""Pages that list targets: a section (its text, measure by measure, with target cards) and the
reporting page (every target by status, then section by section, as compact lists that fit a phone)."""

from __future__ import annotations

from build_scripts.common import english
from build_scripts.common.i18n import Lang
from build_scripts.pages.home import coverage, status_anchor
from build_scripts.pages.parts import (
    STATUS_ORDER,
    Site,
    card,
    front_matter,
    measure_title,
    page_link,
    section_page,
    section_title,
    status_bar,
    status_label,
    target_page,
)
from build_scripts.pages.words import w
from build_scripts.progress.assess import parse_period
from build_scripts.progress.certainty import Certainty


def section(site: Site, lang: Lang, section_id: int) -> dict:
    """A section page: its counts by status, its full text measure by measure, each measure's targets."""
    pkg, here = site.pkg, section_page(section_id)
    s = next(x for x in pkg.sections if x.section_id == section_id)
    title = section_title(lang, s.numeral_zh, s.section_id, s.title_zh, s.title_en)
    paragraphs = [p for p in pkg.paragraphs if p.section_id == section_id]
    heading = f"{s.numeral_zh}、{s.title_zh}"
    text = [
        lang.pick(p.text_zh, p.text_en) for p in paragraphs if p.measure_id is None and p.text_zh != heading
    ]
    measures = []
    for m in [m for m in pkg.measures if m.section_id == section_id]:
        inds = [i for i in pkg.indicators if i.measure_id == m.measure_id]
        measures.append(
            {
                "id": m.measure_id,
                "heading": measure_title(lang, m.numeral_zh, m.measure_id, m.title_zh, m.title_en),
                "paragraphs": [
                    lang.pick(p.text_zh, p.text_en) for p in paragraphs if p.measure_id == m.measure_id
                ],
                "cards": [card(site, lang, i, here) for i in inds],
            }
        )
    inds = [i for i in pkg.indicators if i.section_id == section_id]
    n = len(inds)
    desc = (
        f"Section {section_id} of Hubei's Quality Strong Province outline: full text"
        + (f" and its {english.count(n, 'target')}." if n else ".")
        if lang.is_en
        else lang.zh(
            f"《湖北省质量强省建设纲要》第{s.numeral_zh}部分全文" + (f"及其{n}项目标。" if n else "。")
        )
    )
    return {
        "front": {"title": front_matter(title), "description": front_matter(desc)},
        "t": {"no_numeric_target": lang.t("no_numeric_target")},
        "has_targets": n > 0,
        "bar": status_bar(lang, [site.assessments[i.indicator_id] for i in inds]),
        "en_note": lang.t("full_text.en_note") if lang.is_en else "",
        "intro": text,
        "measures": measures,
    }


def reporting(site: Site, lang: Lang) -> dict:
    """Every target by status (the home page's counts link here), then which targets have data,
    section by section."""
    pkg, here = site.pkg, "reporting/"
    rows = {ind.indicator_id: _row(site, lang, ind, here) for ind in pkg.indicators}
    by_status = [
        {
            "id": status_anchor(str(s)),
            "label": lang.t(f"status.{s}"),
            "status": str(s),
            "rows": [r for i, r in rows.items() if site.assessments[i].status == s],
        }
        for s in STATUS_ORDER
    ]
    sections = [
        {
            "title": section_title(lang, s.numeral_zh, s.section_id, s.title_zh, s.title_en),
            "rows": [rows[i.indicator_id] for i in pkg.indicators if i.section_id == s.section_id],
        }
        for s in pkg.sections
    ]
    lead = coverage(site, lang)
    return {
        "front": {"title": front_matter(lang.t("reporting.title")), "description": front_matter(lead)},
        "t": {
            "no_numeric_target": lang.t("no_numeric_target"),
            "status_lists": w(lang, "status_lists"),
            "none": w(lang, "status_lists.none"),
            "by_section": w(lang, "by_section"),
        },
        "lead": lead,
        "by_status": by_status,
        "sections": sections,
    }


def _row(site: Site, lang: Lang, ind, here: str) -> dict:
    pkg, a = site.pkg, site.assessments[ind.indicator_id]
    official = {x.series_id for x in pkg.series_of(ind.indicator_id) if x.role == "official"}
    mine = pkg.observations_of(ind.indicator_id)
    n_off = sum(1 for o in mine if o.series_id in official)
    last = max(mine, key=lambda o: parse_period(o.period).end, default=None)
    latest = lang.period(last.period, last.period_approximate) if last else "—"
    return {
        "name": lang.pick(ind.name_zh, ind.name_en),
        "href": page_link(lang, here, target_page(ind.indicator_id)),
        "status": str(a.status),
        "status_label": status_label(lang, a),
        "unverified": w(lang, "unverified") if a.certainty == Certainty.UNVERIFIED else "",
        "counts": w(lang, "reporting.counts", a=n_off, b=len(mine) - n_off, p=latest),
    }
