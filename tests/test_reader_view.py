"""The reader's view (issue 13), in the real Chromium at 390×844 and 1366×900, in all three languages.

On every page type (home, a section, a target with a chart, a target with no data, a qualitative
target, reporting, methodology, data, about, search, 404):
- no table is wider than its container on a phone;
- every page ends with the feedback link: the repository's issue form, prefilled with the page's
  address (repo_url from mkdocs.yml);
- no request goes to another origin;
- the home page's status counts are links to lists that name each target of that status;
- on a phone no chart text is under 12 CSS px (the SVG's smallest font size times the scale it is
  drawn at), and the text legend too;
- without JavaScript no interactive control is shown;
- axe-core reports no violation on the pages this issue added (about, 404) and on the reworked
  ones in dark mode on a phone (test_accessibility covers light mode on both devices).
Static checks over every built page: target pages have og:image pointing at a file that exists,
every page has og:image, a 404 page exists, and a target with figures never says 暂无数据 on its
card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from build_scripts import paths
from build_scripts.common.i18n import Lang
from build_scripts.pages.parts import Site
from tests.conftest import BuiltSite

pytestmark = pytest.mark.browser

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
MIN_CHART_PX = 12.0
FONT_SIZE = re.compile(r'font-size[=:]\s*"?([0-9.]+)px')


class EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's loader: `!ENV [NAME, default]` gives the default."""


EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def repo_url() -> str:
    """The repository address the feedback links point at."""
    config = yaml.load(paths.MKDOCS_YML.read_text(encoding="utf-8"), Loader=EnvLoader)
    url = config.get("repo_url")
    assert url and url.startswith("https://"), "mkdocs.yml has no https repo_url"
    return url.rstrip("/")


def page_kinds(data: Site) -> dict[str, str]:
    """One page of each type (path below a language root)."""
    pkg = data.pkg
    with_chart = next(i for i in pkg.indicators if ("en", i.indicator_id) in data.charts)
    no_data = next(
        i for i in pkg.indicators if i.kind == "numeric" and not pkg.observations_of(i.indicator_id)
    )
    qualitative = next(i for i in pkg.indicators if i.kind == "qualitative")
    return {
        "home": "",
        "section": "sections/3/",
        "target-chart": f"targets/{with_chart.indicator_id}/",
        "target-no-data": f"targets/{no_data.indicator_id}/",
        "target-qualitative": f"targets/{qualitative.indicator_id}/",
        "reporting": "reporting/",
        "methodology": "methodology/",
        "data": "data/",
        "about": "about/",
        "search": "search/",
    }


@pytest.fixture(scope="module")
def kinds(real_build: BuiltSite) -> dict[str, str]:
    """Page types chosen from the real data."""
    return page_kinds(real_build.data)


@pytest.fixture(scope="module")
def phone_pages(browser: Browser, real_server: str, kinds: dict[str, str]) -> Iterator:
    """Open a page on a phone-sized screen, recording every request it makes."""
    contexts = []

    def open_page(url: str, scheme: str = "light", javascript: bool = True) -> tuple[Page, list[str]]:
        context = browser.new_context(**DEVICES["phone"], color_scheme=scheme, java_script_enabled=javascript)
        contexts.append(context)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        return page, requests

    yield open_page
    for context in contexts:
        context.close()


def visit(browser: Browser, url: str, device: str) -> tuple[Page, list[str]]:
    """A fresh context on `device`; the page and every request it made."""
    context = browser.new_context(**DEVICES[device])
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return page, requests


WIDE_TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.parentElement.getBoundingClientRect();
    return {width: t.getBoundingClientRect().width, room: box.width, head: t.rows[0] ? t.rows[0].innerText.slice(0, 60) : ''};
}).filter(x => x.width > x.room + 1)"""


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_type_fits_links_back_and_stays_on_this_origin(
    browser: Browser, real_server: str, kinds: dict[str, str], lang: str, device: str
) -> None:
    repo, problems = repo_url(), []
    origin = urlsplit(real_server)
    for kind, rel in [*kinds.items(), ("404", "")]:
        url = real_server + ("404.html" if kind == "404" else LANGS[lang] + rel)
        page, requests = visit(browser, url, device)
        try:
            foreign = [r for r in requests if urlsplit(r).netloc != origin.netloc]
            problems += [f"{kind}: request to another origin {r}" for r in foreign]
            link = page.locator("a.tt-feedback__link")
            if link.count() != 1:
                problems.append(f"{kind}: {link.count()} feedback links, expected 1")
            else:
                href = link.get_attribute("href") or ""
                query = parse_qs(urlsplit(href).query)
                expected = "/" + LANGS[lang] + rel
                if not href.startswith(repo + "/issues/new?"):
                    problems.append(f"{kind}: feedback link {href!r} is not {repo}/issues/new")
                elif kind != "404" and expected not in query.get("body", [""])[0]:  # 404: any address
                    problems.append(f"{kind}: feedback link body {query.get('body')} lacks {expected}")
            if device == "phone":
                problems += [
                    f"{kind}: table wider than its container: {t}" for t in page.evaluate(WIDE_TABLES)
                ]
        finally:
            page.context.close()
    assert not problems, f"{lang} {device}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_home_status_counts_are_links_to_lists_naming_each_target(
    browser: Browser, real_server: str, real_build: BuiltSite, lang: str
) -> None:
    data = real_build.data
    page, _ = visit(browser, real_server + LANGS[lang], "phone")
    try:
        counts = page.eval_on_selector_all(
            ".tt-counts .tt-count",
            "els => els.map(e => ({n: e.querySelector('.tt-count__n').textContent,"
            " href: e.querySelector('a') && e.querySelector('a').href}))",
        )
        assert len(counts) == 6, counts
        assert all(c["href"] for c in counts), f"a status count is not a link: {counts}"
        first_screen = page.evaluate("document.querySelector('.tt-counts').getBoundingClientRect().bottom")
        assert first_screen <= 844, (
            f"the status counts end at {first_screen}px, below the phone's first screen"
        )
        for c in counts:
            page.goto(c["href"])
            anchor = urlsplit(c["href"]).fragment
            names = page.eval_on_selector_all(
                f"#{anchor} + ul.tt-names a", "els => els.map(e => e.textContent)"
            )
            status = anchor.removeprefix("status-")
            expected = [
                Lang(lang).pick(i.name_zh, i.name_en)
                for i in data.pkg.indicators
                if str(data.assessments[i.indicator_id].status) == status
            ]
            assert int(c["n"]) == len(expected), f"{anchor}: count {c['n']}, {len(expected)} targets"
            assert names == expected, f"{anchor}: the list names {names}, expected {expected}"
    finally:
        page.context.close()


SVG_SCALE = """() => [...document.querySelectorAll('img.tt-chart__fallback')].map(img => ({
    src: img.currentSrc, shown: img.getBoundingClientRect().width, natural: img.naturalWidth}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_text_under_12_css_px_on_a_phone(
    browser: Browser, real_server: str, real_build: BuiltSite, lang: str
) -> None:
    charted = sorted({ind for code, ind in real_build.data.charts if code == lang})
    assert charted, "no chart in this language"
    context = browser.new_context(**DEVICES["phone"])
    page = context.new_page()
    small = []
    try:
        for ind in charted[:: max(1, len(charted) // 8)]:  # eight charts of every shape of data
            page.goto(f"{real_server}{LANGS[lang]}targets/{ind}/", wait_until="load")
            [chart] = page.evaluate(SVG_SCALE)
            svg = page.request.get(chart["src"]).text()
            sizes = [float(x) for x in FONT_SIZE.findall(svg)]
            assert sizes, f"{chart['src']}: no font size found in the SVG"
            scale = chart["shown"] / chart["natural"]
            if min(sizes) * scale < MIN_CHART_PX:
                small.append(f"{ind}: {min(sizes)} px × {scale:.2f} = {min(sizes) * scale:.1f} CSS px")
            legend = page.eval_on_selector_all(
                ".tt-legend li", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
            )
            small += [f"{ind}: legend text {px} px" for px in legend if px < MIN_CHART_PX]
    finally:
        context.close()
    assert not small, "\n".join(small)


def test_no_interactive_control_without_javascript(
    phone_pages, real_server: str, kinds: dict[str, str]
) -> None:
    page, _ = phone_pages(real_server + kinds["target-chart"], javascript=False)
    assert page.locator(".tt-chart__activate").count() == 1
    assert not page.locator(".tt-chart__activate").is_visible(), (
        "the interactive-chart button shows without JS"
    )
    page2, _ = phone_pages(real_server + kinds["target-chart"])
    assert page2.locator(".tt-chart__activate").is_visible(), "with JS the interactive-chart button is shown"


def test_search_keeps_the_query_across_languages(phone_pages, real_server: str) -> None:
    page, _ = phone_pages(real_server + "search/?q=%E8%B4%A8%E9%87%8F")
    hrefs = page.eval_on_selector_all("a.md-select__link[hreflang]", "els => els.map(e => e.href)")
    assert len(hrefs) == 3, hrefs
    assert all(parse_qs(urlsplit(h).query).get("q") == ["质量"] for h in hrefs), hrefs


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations, one line each."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_axe_reports_no_violation_on_the_reader_pages(
    browser: Browser, real_server: str, kinds: dict[str, str], lang: str, scheme: str
) -> None:
    found = {}
    pages = {
        k: kinds[k] for k in ("home", "section", "target-chart", "target-qualitative", "reporting", "about")
    }
    pages["404"] = "404.html"
    for kind, rel in pages.items():
        context = browser.new_context(**DEVICES["phone"], color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        try:
            page.goto(real_server + (rel if kind == "404" else LANGS[lang] + rel), wait_until="networkidle")
            violations = axe_violations(page)
        finally:
            context.close()
        if violations:
            found[kind] = violations
    assert not found, f"{lang} {scheme}: {found}"


def test_target_pages_have_og_image_and_every_page_has_one(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 200
    missing, broken = [], []
    og = re.compile(r'<meta property="og:image" content="([^"]+)"')
    for page in pages:
        found = og.search(page.read_text(encoding="utf-8"))
        if not found:
            missing.append(str(page.relative_to(built_site)))
            continue
        target = (page.parent / found.group(1)).resolve()
        if not urlsplit(found.group(1)).scheme and not target.is_file():
            broken.append(f"{page.relative_to(built_site)} → {found.group(1)}")
    assert not missing, f"no og:image: {missing[:10]}"
    assert not broken, f"og:image file missing: {broken[:10]}"
    chart_pages = [
        p for p in pages if "/targets/" in str(p) and 'class="tt-chart"' in p.read_text(encoding="utf-8")
    ]
    assert chart_pages
    for page in chart_pages:
        assert re.search(r'og:image" content="[^"]*charts/[^"]+\.png"', page.read_text(encoding="utf-8")), (
            page
        )


def test_a_404_page_is_built(built_site: Path) -> None:
    page = built_site / "404.html"
    assert page.is_file(), "no 404.html in a build without SITE_URL"
    text = page.read_text(encoding="utf-8")
    assert "找不到这个页面" in text and "This page does not exist" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_with_figures_never_says_no_data_on_its_card(real_build: BuiltSite, lang: str) -> None:
    data, code = real_build.data, Lang(lang)
    no_data = code.t("no_data")
    wrong = []
    for s in data.pkg.sections:
        html = (real_build.root / LANGS[lang] / f"sections/{s.section_id}/index.html").read_text(
            encoding="utf-8"
        )
        for ind in [i for i in data.pkg.indicators if i.section_id == s.section_id]:
            if not data.pkg.observations_of(ind.indicator_id):
                continue
            card = re.search(
                rf'<article class="tt-card[^"]*">\s*<h3[^>]*><a href="[^"]*targets/{ind.indicator_id}/".*?</article>',
                html,
                re.S,
            )
            assert card, f"{ind.indicator_id}: no card on section {s.section_id}"
            if f"<dd>{no_data}</dd>" in card.group(0):
                wrong.append(ind.indicator_id)
    assert not wrong, f"cards say {no_data} though the target has figures: {wrong}"


def test_every_phone_chart_keeps_its_text_at_12_css_px_in_a_390_px_column(built_site: Path) -> None:
    """Every phone image, drawn at most 358 px wide (390 px less the page's margins), keeps 12 px text."""
    column = 358.0
    images = sorted(built_site.glob("charts/*/*.phone.svg"))
    assert len(images) > 50
    small = []
    for image in images:
        svg = image.read_text(encoding="utf-8")
        width = float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg).group(1))
        scale = min(1.0, column / width)
        smallest = min(float(x) for x in FONT_SIZE.findall(svg))
        if smallest * scale < MIN_CHART_PX:
            small.append(
                f"{image.relative_to(built_site)}: {width:.0f} px wide, text {smallest * scale:.1f} CSS px"
            )
    assert not small, "\n".join(small)
