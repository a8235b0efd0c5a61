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
- axe-core reports no violation on a phone on the page types test_accessibility does not tour
  (about, 404, a qualitative target), and on all of these in dark mode (test_accessibility covers
  light mode on both devices and dark mode on the desktop).
Each (language, device, scheme) is one tour, made once per test run: every page of it is loaded once
(tests/browser_checks.py: up to its load event) and every check above is made on that load. The static
checks over every built page are in test_reader_view_static.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from build_scripts.common.i18n import URL_PREFIX, Lang
from tests.browser_checks import SMALL_TEXT, axe_context, axe_violations, describe, load
from tests.conftest import BuiltSite
from tests.reader_pages import page_kinds, repo_url

pytestmark = pytest.mark.browser

LANGS = URL_PREFIX  # language → the prefix of its pages' URLs
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
MIN_CHART_PX = 12.0
FONT_SIZE = re.compile(r'font-size[=:]\s*"?([0-9.]+)px')


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
        load(page, url)
        return page, requests

    yield open_page
    for context in contexts:
        context.close()


WIDE_TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.parentElement.getBoundingClientRect();
    return {width: t.getBoundingClientRect().width, room: box.width, head: t.rows[0] ? t.rows[0].innerText.slice(0, 60) : ''};
}).filter(x => x.width > x.room + 1)"""
AXE_KINDS = ("home", "section", "target-chart", "target-qualitative", "reporting", "about", "404")
# In light mode test_site_accessibility runs axe on every other page type on a phone: only these are new.
AXE_LIGHT_KINDS = ("target-qualitative", "about", "404")


def axe_kinds(scheme: str) -> tuple[str, ...]:
    """The page types this module runs axe on, on a phone, in `scheme`."""
    return AXE_KINDS if scheme == "dark" else AXE_LIGHT_KINDS


@dataclass(frozen=True)
class Seen:
    """One page in one (language, device, scheme): what is wrong with its feedback link, tables and
    requests, and axe's violations (phone only); picklable, so xdist workers share it."""

    problems: list[str]
    axe: list[dict] | None


def page_problems(page: Page, kind: str, expected: str, device: str, repo: str) -> list[str]:
    """The feedback link (one, to the issue form, naming the page's address) and, on a phone, tables
    and text size."""
    problems, link = [], page.locator("a.tt-feedback__link")
    if link.count() != 1:
        problems.append(f"{kind}: {link.count()} feedback links, expected 1")
    else:
        href = link.get_attribute("href") or ""
        query = parse_qs(urlsplit(href).query)
        if not href.startswith(repo + "/issues/new?"):
            problems.append(f"{kind}: feedback link {href!r} is not {repo}/issues/new")
        elif kind != "404" and expected not in query.get("body", [""])[0]:  # 404: any address
            problems.append(f"{kind}: feedback link body {query.get('body')} lacks {expected}")
    if device == "phone":
        problems += [f"{kind}: table wider than its container: {t}" for t in page.evaluate(WIDE_TABLES)]
        problems += [f"{kind}: text under 12 CSS px: {t}" for t in page.evaluate(SMALL_TEXT)]
    return problems


def tour(browser: Browser, base: str, kinds: dict[str, str], key: tuple[str, str, str]) -> dict[str, Seen]:
    """Every page type (in dark mode: those axe checks) of `key` = (language, device, scheme), each loaded
    once in one page, every check made on that load; the requests are those made from the page's
    navigation until its last check, axe's run included."""
    lang, device, scheme = key
    repo, origin = repo_url(), urlsplit(base).netloc
    chosen = [*kinds.items(), ("404", "")]
    chosen = [(k, rel) for k, rel in chosen if scheme == "light" or k in AXE_KINDS]
    context_args = {**DEVICES[device], "color_scheme": scheme}
    context = (
        axe_context(browser, **context_args) if device == "phone" else browser.new_context(**context_args)
    )
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page, seen = context.new_page(), {}
    try:
        for kind, rel in chosen:
            requests.clear()
            load(page, base + ("404.html" if kind == "404" else LANGS[lang] + rel))
            problems = page_problems(page, kind, "/" + LANGS[lang] + rel, device, repo)
            axe = axe_violations(page) if device == "phone" and kind in axe_kinds(scheme) else None
            problems += [
                f"{kind}: request to another origin {r}" for r in requests if urlsplit(r).netloc != origin
            ]
            seen[kind] = Seen(problems, axe)
    finally:
        context.close()
    return seen


@pytest.fixture(scope="module")
def seen(browser: Browser, real_server: str, kinds: dict[str, str], once) -> Callable[..., dict[str, Seen]]:
    """`seen(lang, device, scheme)`: the tour of that key, made once per test run (conftest `once`)."""

    def of(lang: str, device: str, scheme: str) -> dict[str, Seen]:
        key = (lang, device, scheme)
        return once("reader-" + "-".join(key), lambda _folder: tour(browser, real_server, kinds, key))

    return of


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_type_fits_links_back_and_stays_on_this_origin(
    seen: Callable[..., dict[str, Seen]], kinds: dict[str, str], lang: str, device: str
) -> None:
    pages = seen(lang, device, "light")
    assert sorted(pages) == sorted([*kinds, "404"]), f"the tour missed a page type: {sorted(pages)}"
    problems = [p for page in pages.values() for p in page.problems]
    assert not problems, f"{lang} {device}:\n" + "\n".join(problems)


def visit(browser: Browser, url: str, device: str) -> Page:
    """A fresh context on `device`; the page, loaded."""
    page = browser.new_context(**DEVICES[device]).new_page()
    load(page, url)
    return page


@pytest.mark.parametrize("lang", LANGS)
def test_home_status_counts_are_links_to_lists_naming_each_target(
    browser: Browser, real_server: str, real_build: BuiltSite, lang: str
) -> None:
    data = real_build.data
    page = visit(browser, real_server + LANGS[lang], "phone")
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_axe_reports_no_violation_on_the_reader_pages(
    seen: Callable[..., dict[str, Seen]], lang: str, scheme: str
) -> None:
    pages = seen(lang, "phone", scheme)
    assert sorted(k for k, page in pages.items() if page.axe is not None) == sorted(axe_kinds(scheme))
    found = {kind: describe(page.axe) for kind, page in pages.items() if page.axe}
    assert not found, f"{lang} {scheme}:\n" + "\n".join(f"{kind}:\n{text}" for kind, text in found.items())
