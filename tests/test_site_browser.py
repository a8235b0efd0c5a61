"""The built site in a real headless Chromium (Debian's, driven by Playwright).

- Home, every section page, several target pages (one of each kind, chosen from the real data),
  methodology, reporting, search and data pages load in all three languages with no console error,
  no failed or off-origin request and no CSP violation, also after the chart turns interactive.
- Charts: the vega runtime is not fetched until the reader reaches for a chart; pointer or keyboard
  focus then renders an SVG with marks; with JavaScript off the pre-rendered SVG is visible.
- Search: a Chinese and an English query find the right page, and results stay in the page's language.
- The language switcher keeps the reader on the same page.
- The FIXTURE site (tests/fixtures/site-mini) shows `<script>`, `<img onerror>` and `[x](javascript:…)`
  from its data as inert text.

The page tours (every page above, once per language) are shared with test_site_security and made once
per test run (tests/site_tour.py); the other tests open their own watched page (tests/watched_page.py).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from build_scripts.common.i18n import LANGS, URL_PREFIX
from tests.site_tour import Visit, chosen_targets, fixture_visits, real_visits
from tests.watched_page import watched_page

pytestmark = pytest.mark.browser


def open_page(page: Page, base: str, lang: str, rel: str) -> None:
    """Load one page of the site up to its load event.

    The load event is enough: every script, stylesheet and image a page needs is in its HTML, and the
    site fetches nothing later on its own (vega waits for the reader, pagefind for a query); a check
    that needs more waits for its own element.
    """
    page.goto(base + URL_PREFIX[lang] + rel, wait_until="load")


@pytest.fixture(scope="module")
def targets(real_build) -> dict[str, str]:
    """One target of each kind, chosen from the real data."""
    return chosen_targets(real_build.data)


@pytest.fixture(scope="module")
def visits(browser: Browser, real_server: str, real_build, once) -> Callable[[str], dict[str, Visit]]:
    """Every page of `site_pages` (and test_site_security's) in one language, loaded once per test run:
    the tests below read the same visit, whichever xdist worker they run on (tests/site_tour.py)."""
    return lambda lang: real_visits(once, browser, real_server, real_build, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_load_cleanly(visits, lang: str) -> None:
    """No console error, failed or off-origin request, CSP violation or dialog, also after the chart
    turned interactive (which every chart does)."""
    seen = visits(lang)
    bad = {rel: v.problems for rel, v in seen.items() if v.problems}
    bad |= {
        rel: ["the chart did not turn interactive"] for rel, v in seen.items() if v.has_chart and not v.live
    }
    assert not bad, f"{lang}: {bad}"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_loads_vega_only_on_interaction_and_draws_marks(visits, targets, lang: str) -> None:
    seen = visits(lang)[f"targets/{targets['chart']}/"]
    assert not seen.vega_before_interaction, "vega was fetched before any interaction"
    assert seen.fallback_shown_before
    assert seen.marks >= 2
    assert not seen.fallback_shown_after
    assert not seen.problems


def test_keyboard_focus_also_makes_the_chart_interactive(browser: Browser, real_server: str, targets) -> None:
    with watched_page(browser, real_server) as (page, watch):
        open_page(page, real_server, "en", f"targets/{targets['chart']}/")
        page.locator(".tt-chart__activate").first.focus()
        page.wait_for_selector(".tt-chart[data-state='live'] .tt-chart__live svg", timeout=15000)
        assert not watch.problems(page)


@pytest.mark.parametrize("lang", LANGS)
def test_svg_fallback_is_visible_without_javascript(
    browser: Browser, real_server: str, targets, lang: str
) -> None:
    with watched_page(browser, real_server, java_script_enabled=False) as (page, _):
        open_page(page, real_server, lang, f"targets/{targets['chart']}/")
        image = page.locator(".tt-chart__fallback")
        assert image.is_visible()
        assert page.evaluate("document.querySelector('.tt-chart__fallback').naturalWidth") > 100
        assert page.locator(".tt-data table tbody tr").count() >= 1


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("zh", "注册商标", "targets/effective-trademarks/"),
        ("zh-Hant", "註冊商標", "zh-Hant/targets/effective-trademarks/"),
        ("en", "trademarks", "en/targets/effective-trademarks/"),
        ("zh", "数控化率", "targets/key-process-cnc-rate/"),
        ("en", "numerical control", "en/targets/key-process-cnc-rate/"),
    ],
)
def test_search_finds_the_page_in_its_own_language(
    browser: Browser, real_server: str, lang: str, query: str, expected: str
) -> None:
    with watched_page(browser, real_server) as (page, watch):
        open_page(page, real_server, lang, "search/")
        page.locator("#tt-q").fill(query)
        page.locator(".tt-search__form button").click()
        page.wait_for_selector(".tt-search__results li a", timeout=15000)
        hrefs = [
            urlsplit(h).path
            for h in page.eval_on_selector_all(".tt-search__results li a", "as => as.map(a => a.href)")
        ]
        assert any(h.endswith("/" + expected) for h in hrefs), hrefs
        others = [p for code, p in URL_PREFIX.items() if code != lang and p]
        mine = URL_PREFIX[lang]
        assert all(not any(f"/{o}" in h for o in others) for h in hrefs), (
            f"results in other languages: {hrefs}"
        )
        if mine:
            assert all(f"/{mine}" in h for h in hrefs), hrefs
        assert not watch.problems(page)


def test_search_from_the_address_bar(browser: Browser, real_server: str) -> None:
    with watched_page(browser, real_server) as (page, _):
        page.goto(real_server + "en/search/?q=trademarks")
        page.wait_for_selector(".tt-search__results li a", timeout=15000)
        assert page.locator("#tt-q").input_value() == "trademarks"


@pytest.mark.parametrize(("start", "lang"), [("zh", "en"), ("en", "zh-Hant"), ("zh-Hant", "zh")])
def test_language_switcher_keeps_the_page(
    browser: Browser, real_server: str, targets, start: str, lang: str
) -> None:
    rel = f"targets/{targets['chart']}/"
    with watched_page(browser, real_server) as (page, watch):
        open_page(page, real_server, start, rel)
        page.locator(".md-header .md-select").hover()
        page.locator(f".md-select__link[hreflang='{lang}']").click()
        page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + URL_PREFIX[lang] + rel))
        assert urlsplit(page.url).path.endswith("/" + URL_PREFIX[lang] + rel), page.url
        assert not watch.problems(page)


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_fixture_text_is_inert(
    browser: Browser, fixture_server: str, fixture_site, once, lang: str
) -> None:
    tour = fixture_visits(once, browser, fixture_server, fixture_site, lang)
    for rel in ["targets/fixture-hostile/", "sections/2/", "", "reporting/", "methodology/"]:
        assert not tour.injected[rel], (
            f"{lang} {rel}: an element was injected from data text: {tour.injected[rel]}"
        )
        assert not tour.problems[rel], f"{lang} {rel}: {tour.problems[rel]}"
        assert rel not in tour.not_live, f"{lang} {rel}: the chart did not turn interactive"
    shown = {
        "zh": ["<script>alert('name')</script>恶意名称"],
        "zh-Hant": ["<script>alert('name')</script>惡意名稱"],
        "en": [
            "<img src=x onerror=alert('name')>",
            "[x](javascript:alert(1))",
            "<script>alert('quote_en')</script>",
        ],
    }[lang] + ["<script>alert('quote')</script>", "<img src=x onerror=alert(9)>"]
    for fragment in shown:
        assert fragment in tour.hostile_text, f"{lang}: {fragment!r} is not shown as text"
    assert "javascript:" not in tour.hostile_hrefs


# --- The theme without Material's bundle.js (assets/js/site.js does the part the site needs) ---------


def eventually(page: Page, expression: str, seconds: float = 5.0) -> bool:
    """Whether `expression` becomes true within `seconds` (checked on every animation frame, so a CSS
    transition is followed to its end without a fixed sleep)."""
    try:
        page.wait_for_function(f"() => {expression}", timeout=seconds * 1000)
    except PlaywrightTimeout:
        return False
    return True


def scheme(page: Page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def visible_palette_labels(page: Page) -> list[str]:
    return page.locator("[data-md-component=palette] label:visible").evaluate_all(
        "labels => labels.map(l => l.getAttribute('for'))"
    )


def test_no_page_loads_materials_bundle(built_site) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 200
    loading = [p for p in pages if "assets/javascripts/" in p.read_text(encoding="utf-8")]
    assert loading == []
    assert not (built_site / "assets" / "javascripts").exists()  # and it is not deployed


@pytest.mark.parametrize(("system", "expected"), [("light", "default"), ("dark", "slate")])
def test_palette_follows_the_system_until_the_reader_chooses(
    browser: Browser, real_server: str, system: str, expected: str
) -> None:
    other = {"default": "slate", "slate": "default"}[expected]
    with watched_page(browser, real_server, color_scheme=system) as (page, watch):
        open_page(page, real_server, "zh", "")
        assert scheme(page) == expected
        [label] = visible_palette_labels(page)  # one toggle: to the other scheme
        page.locator(f"[data-md-component=palette] label[for='{label}']").click()
        assert scheme(page) == other
        open_page(page, real_server, "en", "sections/1/")  # the choice is kept on other pages
        assert scheme(page) == other
        assert len(visible_palette_labels(page)) == 1
        assert not watch.problems(page)


def test_palette_toggle_works_from_the_keyboard(browser: Browser, real_server: str) -> None:
    with watched_page(browser, real_server, color_scheme="light") as (page, _):
        open_page(page, real_server, "zh-Hant", "")
        page.locator("[data-md-component=palette] input").first.focus()
        page.keyboard.press("ArrowRight")  # radio group: the arrow keys move the choice
        assert scheme(page) == "slate"


def test_phone_drawer_opens_and_escape_closes_it(browser: Browser, real_server: str) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    drawer_left = "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left"
    drawer_right = "document.querySelector('.md-sidebar--primary').getBoundingClientRect().right"
    with watched_page(browser, real_server, **phone) as (page, watch):
        open_page(page, real_server, "en", "")
        assert eventually(page, f"{drawer_right} <= 0")  # off screen
        page.locator("label.md-header__button[for='__drawer']").click()
        assert page.evaluate("document.getElementById('__drawer').checked")
        # the drawer slides into view (a CSS transition) and shows the site's pages
        assert eventually(page, f"{drawer_left} >= 0")
        assert page.locator(".md-sidebar--primary .md-nav__link", has_text="Methodology").first.is_visible()
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__drawer').checked")
        assert eventually(page, f"{drawer_right} <= 0")
        assert not watch.problems(page)
