"""Build-level conventions of the site built from the real package (no browser).

- Every target has a page in every language.
- A chart (SVG + PNG, and an interactive figure on the page) exists in every language **iff the
  target has at least one observation in the chart's unit** (the target's unit; for a qualitative
  target the one unit its series share): one axis cannot carry two units, so series in another unit
  are listed in the data table only. A target without data shows a "no data yet" panel (and a
  qualitative one its own panel) instead of an empty chart.
- Every section page lists (links to) every target of its section; every target page links back.
- Pages carry the right `<html lang>`, a page description, the CSP; zh-Hant text is Traditional.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from build_scripts import paths
from build_scripts.charts.specs import chart_unit
from build_scripts.common.i18n import LANGS, URL_PREFIX, to_hant
from build_scripts.load.package import Indicator, Package

HTML_LANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


def page(root: Path, lang: str, rel: str) -> str:
    """The HTML of one page ('' is the home page)."""
    path = root / URL_PREFIX[lang] / rel / "index.html"
    assert path.is_file(), f"missing page {path.relative_to(root)}"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pkg(real_build) -> Package:
    """The package the session site was built from."""
    return real_build.data.pkg


@pytest.fixture(scope="module")
def root(built_site: Path) -> Path:
    """The session site's root folder."""
    return built_site


def has_data(pkg: Package, ind: Indicator) -> bool:
    """Whether any series of the target has an observation."""
    return bool(pkg.observations_of(ind.indicator_id))


def has_chartable_data(pkg: Package, ind: Indicator) -> bool:
    """Whether a series in the chart's unit has an observation."""
    unit = chart_unit(ind, pkg)
    return any(
        s.unit_id == unit and pkg.observations_of_series(s.series_id) for s in pkg.series_of(ind.indicator_id)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_target_has_a_page_in_every_language(root: Path, pkg: Package, lang: str) -> None:
    missing = [
        i.indicator_id
        for i in pkg.indicators
        if not (root / URL_PREFIX[lang] / "targets" / i.indicator_id / "index.html").is_file()
    ]
    assert not missing, f"{lang}: no page for {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_exists_iff_the_target_has_data(root: Path, pkg: Package, lang: str) -> None:
    wrong = []
    for ind in pkg.indicators:
        files = [root / "charts" / lang / f"{ind.indicator_id}.{ext}" for ext in ("svg", "png")]
        html = page(root, lang, f"targets/{ind.indicator_id}")
        figure = 'class="tt-chart"' in html and "data-spec=" in html
        if has_chartable_data(pkg, ind):
            ok = all(f.is_file() and f.stat().st_size > 1000 for f in files) and figure
        else:
            ok = not any(f.exists() for f in files) and not figure and 'class="tt-panel"' in html
        if not ok:
            wrong.append(ind.indicator_id)
    assert not wrong, f"{lang}: chart presence does not match data presence for {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_charts_live_spec_is_a_file_of_its_own(root: Path, pkg: Package, lang: str) -> None:
    """The page names its live chart's compiled Vega spec (data-spec, relative to the page) instead of
    carrying it; the file is that spec."""
    charted = [i.indicator_id for i in pkg.indicators if has_chartable_data(pkg, i)]
    for ind_id in charted:
        html = page(root, lang, f"targets/{ind_id}")
        [address] = re.findall(r'data-spec="([^"]*)"', html)
        found = (root / URL_PREFIX[lang] / "targets" / ind_id / address).resolve()
        assert found == (root / "charts" / lang / f"{ind_id}.vg.json").resolve(), (ind_id, address)
        spec = json.loads(found.read_text(encoding="utf-8"))
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega/v"), ind_id
        assert spec["marks"] and '"marks"' not in html, ind_id


def test_some_targets_have_charts_and_some_do_not(pkg: Package) -> None:
    with_data = [i for i in pkg.indicators if has_chartable_data(pkg, i)]
    assert 0 < len(with_data) < len(pkg.indicators)


@pytest.mark.parametrize("lang", LANGS)
def test_every_observation_is_in_its_target_data_table(root: Path, pkg: Package, lang: str) -> None:
    for ind in pkg.indicators:
        html = page(root, lang, f"targets/{ind.indicator_id}")
        rows = html.count("<tr>\n<td>")
        assert rows == len(pkg.observations_of(ind.indicator_id)), ind.indicator_id


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_page_lists_its_targets(root: Path, pkg: Package, lang: str) -> None:
    for section in pkg.sections:
        html = page(root, lang, f"sections/{section.section_id}")
        for ind in [i for i in pkg.indicators if i.section_id == section.section_id]:
            assert f'href="../../targets/{ind.indicator_id}/"' in html, (
                f"{lang} section {section.section_id} does not link to {ind.indicator_id}"
            )
        if not any(i.section_id == section.section_id for i in pkg.indicators):
            assert 'class="tt-panel"' in html, (
                f"{lang} section {section.section_id}: no 'no numeric target' note"
            )


@pytest.mark.parametrize("lang", LANGS)
def test_target_pages_link_to_their_section_measure_and_csv(root: Path, pkg: Package, lang: str) -> None:
    for ind in pkg.indicators:
        html = page(root, lang, f"targets/{ind.indicator_id}")
        assert f'href="../../sections/{ind.section_id}/#measure-{ind.measure_id}"' in html
        depth = "../../../" if lang != "zh" else "../../"
        assert f'href="{depth}data/latest/targets/{ind.indicator_id}.csv"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_pages_have_lang_description_and_csp(root: Path, lang: str) -> None:
    for rel in ("", "sections/1", "reporting", "methodology", "search"):
        html = page(root, lang, rel)
        assert f'<html lang="{HTML_LANG[lang]}"' in html, (lang, rel)
        assert re.search(r'<meta name="description" content="[^"]{20,}"', html), (lang, rel)
        assert 'http-equiv="Content-Security-Policy"' in html, (lang, rel)


def test_zh_hant_pages_are_traditional(root: Path, pkg: Package) -> None:
    section = pkg.sections[0]
    html = page(root, "zh-Hant", f"sections/{section.section_id}")
    first = next(p for p in pkg.paragraphs if p.section_id == section.section_id and p.measure_id)
    assert to_hant(first.text_zh) in html
    assert to_hant(first.text_zh) != first.text_zh, "the test paragraph should differ between the scripts"


def test_english_pages_carry_english_text(root: Path, pkg: Package) -> None:
    ind = next(i for i in pkg.indicators if has_data(pkg, i))
    html = page(root, "en", f"targets/{ind.indicator_id}")
    assert ind.name_en.replace("&", "&amp;").replace('"', "&#34;") in html or ind.name_en in html
    assert "Data table" in html and "Summary" in html


def test_methodology_has_worked_examples_from_the_data(root: Path, pkg: Package) -> None:
    html = page(root, "zh", "methodology")
    linked = re.findall(r'href="\.\./targets/([a-z0-9-]+)/"', html)
    assert linked, "no worked example links to a target"
    ids = {i.indicator_id for i in pkg.indicators}
    assert set(linked) <= ids


def test_english_target_pages_show_our_translation_of_the_quote(root: Path, pkg: Package) -> None:
    """English pages show the quote's English rendering under the Chinese quote, marked as our
    translation; Chinese pages show the quote only."""
    for ind in pkg.indicators:
        html = page(root, "en", f"targets/{ind.indicator_id}")
        line = f'<p class="tt-translation" lang="en">Our translation: “{escape(ind.quote_en)}”</p>'
        assert line in html, ind.indicator_id
        assert html.index("<blockquote") < html.index(line), ind.indicator_id
        for lang in ("zh", "zh-Hant"):
            html = page(root, lang, f"targets/{ind.indicator_id}")
            assert "tt-translation" not in html and escape(ind.quote_en) not in html, (lang, ind.indicator_id)


CHART_IMAGE_RE = re.compile(r'<(?:img|source)\b[^>]*?\s(?:src|srcset)="([^"]*charts/[^"]+\.svg)"[^>]*>')


def test_every_chart_image_has_the_width_and_height_of_its_svg(root: Path) -> None:
    """So the browser reserves the chart's box before the image arrives (no layout shift)."""
    checked, wrong = 0, []
    for path in sorted(root.rglob("*.html")):
        for tag in CHART_IMAGE_RE.finditer(path.read_text(encoding="utf-8")):
            svg = (path.parent / tag[1]).resolve()
            drawn = re.search(
                r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', svg.read_text("utf-8")
            )
            size = re.search(r'\swidth="(\d+)"[^>]*?\sheight="(\d+)"', tag[0])
            checked += 1
            if (
                not drawn
                or not size
                or [round(float(x)) for x in drawn.groups()] != list(map(int, size.groups()))
            ):
                wrong.append(f"{path.relative_to(root)}: {tag[0][:160]}")
    assert checked > 200, checked  # phone and wide images of every chart in three languages
    assert wrong == [], "\n".join(wrong[:20])


def test_the_search_index_is_the_pinned_pagefind_one_per_language(root: Path) -> None:
    pinned = json.loads((paths.ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pagefind"]
    entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == pinned
    pages = {lang: len(list((root / URL_PREFIX[lang]).glob("targets/*/index.html"))) for lang in LANGS}
    indexes = {"zh": "zh-hans", "zh-Hant": "zh-hant", "en": "en"}
    for lang, index in indexes.items():
        assert entry["languages"][index]["page_count"] > pages[lang] > 0, (lang, entry["languages"])
    assert len(entry["languages"]) == len(LANGS)


CELLS_RUN_TOGETHER = re.compile(r"</(th|td|dt|dd)><(th|td|dt|dd)[\s>]")


def test_no_two_cells_or_terms_run_together_in_a_pages_text(root: Path) -> None:
    """Whitespace between adjacent table cells and between a term and its description: a browser lays
    them out apart anyway, but the search index, a screen reader's text and a copy-paste read the
    page's text, where `<th>Period</th><th>Series</th>` is "PeriodSeries"."""
    joined = {
        page.relative_to(root).as_posix(): found[0]
        for page in sorted(root.rglob("*.html"))
        if (found := CELLS_RUN_TOGETHER.search(page.read_text(encoding="utf-8")))
    }
    assert joined == {}
    fragments = {}
    for path in (root / "pagefind" / "fragment").glob("en_*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{") :])
        fragments[fragment["url"]] = fragment["content"]
    tables = [text for url, text in fragments.items() if "/en/targets/" in url and "Period Series" in text]
    assert tables, "no English target page's indexed text has its data table's header words apart"
    assert not any("PeriodSeries" in text for text in fragments.values())
