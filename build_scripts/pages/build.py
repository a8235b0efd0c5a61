"""Pages stage: write every generated Markdown page, in zh-Hans, zh-Hant and English, into the docs dir.

Pages: home (`index`), the ten sections (`sections/<n>`), one page per target (`targets/<id>`),
methodology, reporting status and search. File names follow mkdocs-static-i18n's suffix
structure: `page.md` (zh-Hans, served at /), `page.zh-Hant.md`, `page.en.md`. zh-Hant is written
by us from the Simplified text with OpenCC s2tw (see `i18n.py`), not by a MkDocs hook. Hand-written
prose (home introduction, methodology) lives in `docs/text/<name>.<zh|en>.md`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from markupsafe import Markup

from build_scripts.charts.specs import series_label, sorted_series
from build_scripts.common import english
from build_scripts.common.i18n import LANGS, Lang, source_lang
from build_scripts.load.package import Observation
from build_scripts.pages import target as page_target
from build_scripts.pages.examples import examples
from build_scripts.pages.parts import (
    STATUS_ORDER,
    Site,
    card,
    environment,
    front_matter,
    measure_title,
    page_link,
    section_page,
    section_title,
    source_file,
    status_bar,
    status_label,
    target_page,
    updated_text,
)
from build_scripts.progress.assess import BASELINE_YEAR, Status, parse_period
from build_scripts.progress.summaries import summary, with_unit

HOME_UPDATES = 8


def run(site: Site, docs_dir: Path, langs: tuple[str, ...] = LANGS) -> list[Path]:
    """Write every page in every language; returns the files written."""
    env = environment()
    for code in langs:
        for ind in site.pkg.indicators:
            site.summaries[(code, ind.indicator_id)] = summary(
                Lang(code), site.pkg, ind, site.assessments[ind.indicator_id]
            )
    written = []
    for code in langs:
        lang = Lang(code)
        pages = {
            "": ("home.md.j2", home(site, lang)),
            "reporting/": ("reporting.md.j2", reporting(site, lang)),
            "methodology/": ("methodology.md.j2", methodology(site, lang)),
            "search/": ("search.md.j2", search(lang)),
        }
        for s in site.pkg.sections:
            pages[section_page(s.section_id)] = ("section.md.j2", section(site, lang, s.section_id))
        for ind in site.pkg.indicators:
            pages[target_page(ind.indicator_id)] = ("target.md.j2", page_target.context(site, lang, ind))
        for page, (template, ctx) in pages.items():
            path = source_file(docs_dir, page, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(env.get_template(template).render(**ctx), encoding="utf-8")
            written.append(path)
    return written


def hand_written(site: Site, lang: Lang, name: str) -> Markup:
    """Trusted Markdown from docs/text/<name>.<zh|en>.md (zh-Hant converted from zh)."""
    text = (site.text_dir / f"{name}.{'en' if lang.is_en else 'zh'}.md").read_text(encoding="utf-8")
    return Markup(lang.zh(text) if not lang.is_en else text)


def _t(lang: Lang, **keys: str) -> dict[str, str]:
    return {name: lang.t(key) for name, key in keys.items()}


def home(site: Site, lang: Lang) -> dict:
    """The home page: what the outline is, status counts, section tiles, latest data, coverage."""
    pkg, here = site.pkg, ""
    counts = Counter(a.status for a in site.assessments.values())
    tiles = []
    for s in pkg.sections:
        inds = [i for i in pkg.indicators if i.section_id == s.section_id]
        title = section_title(lang, s.numeral_zh, s.section_id, s.title_zh, s.title_en)
        tiles.append(
            {
                "title": title,
                "href": page_link(lang, here, section_page(s.section_id)),
                "n_label": lang.t("home.targets_n", n=len(inds)) if inds else lang.t("home.no_targets"),
                "bar": status_bar(lang, [site.assessments[i.indicator_id] for i in inds]),
            }
        )
    return {
        "front": {
            "title": front_matter(lang.t("home.title")),
            "description": front_matter(_home_description(lang)),
        },
        "t": _t(
            lang,
            status_counts="home.status_counts",
            coverage="home.coverage",
            more="home.more",
            sections="home.sections",
            updates="home.updates",
            target="target",
            col_period="col.period",
            col_value="col.value",
            col_source="col.source",
            updated="updated",
            version="version",
        ),
        "heading": lang.t("home.title"),
        "intro": hand_written(site, lang, "home"),
        "counts": [
            {"status": str(s), "count": counts.get(s, 0), "label": lang.t(f"status.{s}")}
            for s in STATUS_ORDER
        ],
        "coverage": coverage(site, lang),
        "reporting_href": page_link(lang, here, "reporting/"),
        "tiles": tiles,
        "updates": latest_updates(site, lang, here),
        "updated": updated_text(lang, site.updated),
        "version": pkg.version,
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
                "period": lang.period(o.period),
                "value": with_unit(lang, pkg, owner[o.series_id].unit_id, o.value_text),
                "publisher": src.publisher,
                "publisher_lang": source_lang(src.publisher),
                "date": src.published_date.isoformat(),
            }
        )
    return out


def section(site: Site, lang: Lang, section_id: int) -> dict:
    """A section page: its full text measure by measure, each measure's targets as cards."""
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
    n = sum(len(m["cards"]) for m in measures)
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
        "t": _t(lang, no_numeric_target="no_numeric_target"),
        "has_targets": n > 0,
        "en_note": lang.t("full_text.en_note") if lang.is_en else "",
        "intro": text,
        "measures": measures,
    }


def reporting(site: Site, lang: Lang) -> dict:
    """Which targets have data, section by section."""
    pkg, here = site.pkg, "reporting/"
    sections = []
    for s in pkg.sections:
        rows = []
        for ind in [i for i in pkg.indicators if i.section_id == s.section_id]:
            a = site.assessments[ind.indicator_id]
            official = {x.series_id for x in pkg.series_of(ind.indicator_id) if x.role == "official"}
            mine = pkg.observations_of(ind.indicator_id)
            n_off = sum(1 for o in mine if o.series_id in official)
            last = max(mine, key=lambda o: parse_period(o.period).end, default=None)
            rows.append(
                {
                    "name": lang.pick(ind.name_zh, ind.name_en),
                    "href": page_link(lang, here, target_page(ind.indicator_id)),
                    "status": str(a.status),
                    "status_label": status_label(lang, a),
                    "official": n_off,
                    "other": len(mine) - n_off,
                    "latest": lang.period(last.period) if last else "—",
                }
            )
        title = section_title(lang, s.numeral_zh, s.section_id, s.title_zh, s.title_en)
        sections.append({"title": title, "rows": rows})
    lead = coverage(site, lang)
    return {
        "front": {"title": front_matter(lang.t("reporting.title")), "description": front_matter(lead)},
        "t": _t(
            lang,
            target="target",
            status="status",
            official_obs="reporting.official_obs",
            other_obs="reporting.other_obs",
            latest_period="reporting.latest_period",
            no_numeric_target="no_numeric_target",
        ),
        "lead": lead,
        "sections": sections,
    }


def methodology(site: Site, lang: Lang) -> dict:
    """The hand-written rules plus worked examples taken from the real assessments."""
    desc = (
        "How each target's status is computed from the data, with worked examples."
        if lang.is_en
        else lang.zh("每个目标的状态如何由数据算出，并以实际数据举例说明。")
    )
    return {
        "front": {"title": front_matter(lang.t("methodology.title")), "description": front_matter(desc)},
        "t": _t(lang, examples="methodology.examples"),
        "text": hand_written(site, lang, "methodology"),
        "examples": examples(site, lang, "methodology/"),
    }


def search(lang: Lang) -> dict:
    """The search page (pagefind, one index per language)."""
    return {
        "front": {
            "title": front_matter(lang.t("search.title")),
            "description": front_matter(lang.t("search.description")),
        },
        "t": _t(
            lang,
            none="search.none",
            loading="search.loading",
            label="search.label",
            button="search.button",
            noscript="search.noscript",
        ),
    }
