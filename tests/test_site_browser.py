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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from build_scripts.charts.specs import chart_unit
from build_scripts.common.i18n import LANGS, URL_PREFIX
from build_scripts.progress.assess import Status

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


@dataclass
class Watch:
    """What a page did: console errors, requests, failed requests, CSP violations, dialogs."""

    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def off_origin(self) -> list[str]:
        """Requests to anything but the local server (data: URLs are not requests)."""
        return [u for u in self.requests if not u.startswith(self.origin) and not u.startswith("data:")]

    def problems(self, page: Page) -> list[str]:
        """Everything that should not have happened."""
        csp = page.evaluate("window.__csp || []")
        return (
            [f"console: {e}" for e in self.errors]
            + [f"off-origin: {u}" for u in self.off_origin()]
            + [f"failed: {u}" for u in self.failed]
            + [f"csp: {c}" for c in csp]
            + [f"dialog: {d}" for d in self.dialogs]
        )


@contextmanager
def watched_page(browser: Browser, base: str, **context_args) -> Iterator[tuple[Page, Watch]]:
    """A fresh page with every listener attached."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    parts = urlsplit(base)
    watch = Watch(f"{parts.scheme}://{parts.netloc}/")
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("request", lambda r: watch.requests.append(r.url))
    # A request the browser cancels itself because the tour moved on (a favicon still loading after the
    # load event) is net::ERR_ABORTED: not a fault of the page. A missing file is a 4xx response (below),
    # a blocked one a CSP report; every other failure is recorded with its reason.
    page.on(
        "requestfailed",
        lambda r: watch.failed.append(f"{r.url} ({r.failure})") if r.failure != "net::ERR_ABORTED" else None,
    )
    page.on("response", lambda r: watch.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    try:
        yield page, watch
    finally:
        context.close()


def open_page(page: Page, base: str, lang: str, rel: str) -> None:
    """Load one page of the site up to its load event.

    The load event is enough: every script, stylesheet and image a page needs is in its HTML, and the
    site fetches nothing later on its own (vega waits for the reader, pagefind for a query); a check
    that needs more waits for its own element.
    """
    page.goto(base + URL_PREFIX[lang] + rel, wait_until="load")


def make_live(page: Page) -> None:
    """Point at the first chart and wait until vega has drawn it."""
    page.locator(".tt-chart").first.hover()
    page.wait_for_selector(".tt-chart[data-state='live'] .tt-chart__live svg", timeout=15000)


@pytest.fixture(scope="module")
def targets(real_build) -> dict[str, str]:
    """One target of each kind, chosen from the real data."""
    pkg, assessments = real_build.data.pkg, real_build.data.assessments

    def first(test) -> str:
        return next(i.indicator_id for i in pkg.indicators if test(i))

    charted = [
        i
        for i in pkg.indicators
        if (unit := chart_unit(i, pkg))
        and any(
            s.unit_id == unit and pkg.observations_of_series(s.series_id)
            for s in pkg.series_of(i.indicator_id)
        )
    ]
    return {
        "chart": max(charted, key=lambda i: len(pkg.series_of(i.indicator_id))).indicator_id,
        "achieved": first(lambda i: assessments[i.indicator_id].status == Status.ACHIEVED),
        "no data": first(lambda i: i.kind == "numeric" and not pkg.observations_of(i.indicator_id)),
        "qualitative": first(lambda i: i.kind == "qualitative"),
        "per year": first(lambda i: i.periodicity == "per_year"),
    }


def site_pages(real_build, targets: dict[str, str]) -> list[str]:
    """Home, every section, the chosen targets and the other page types."""
    sections = [f"sections/{s.section_id}/" for s in real_build.data.pkg.sections]
    chosen = [f"targets/{t}/" for t in dict.fromkeys(targets.values())]
    return ["", *sections, *chosen, "methodology/", "reporting/", "search/", "data/"]


@dataclass
class Visit:
    """What one page did in one language, loaded once for every check below."""

    problems: list[str]
    vega_before_interaction: list[str] = field(default_factory=list)
    fallback_shown_before: bool = False
    marks: int = 0
    fallback_shown_after: bool = False


def visit(page: Page, watch: Watch, base: str, lang: str, rel: str) -> Visit:
    """Load the page once; if it has a chart, record the state before and after making it live."""
    open_page(page, base, lang, rel)
    seen = Visit([])
    if page.locator(".tt-chart").count():
        # requests already made, and scripts already inserted (a request not yet under way)
        seen.vega_before_interaction = [u for u in watch.requests if "/assets/vega/" in u] + page.evaluate(
            "[...document.scripts].map(s => s.src).filter(src => src.includes('/assets/vega/'))"
        )
        seen.fallback_shown_before = page.locator(".tt-chart__fallback").is_visible()
        make_live(page)
        seen.marks = page.locator(
            ".tt-chart__live svg .mark-symbol path, .tt-chart__live svg .mark-line path"
        ).count()
        seen.fallback_shown_after = page.locator(".tt-chart__fallback").is_visible()
    seen.problems = watch.problems(page)
    watch.errors.clear(), watch.requests.clear(), watch.failed.clear()
    return seen


@pytest.fixture(scope="module")
def visits(
    browser: Browser, real_server: str, real_build, targets, once
) -> Callable[[str], dict[str, Visit]]:
    """Every page of `site_pages` in one language, loaded once per test run: the tests below read the
    same visit, whichever xdist worker they run on (conftest `once`)."""

    def tour(lang: str, _folder) -> dict[str, Visit]:
        with watched_page(browser, real_server) as (page, watch):
            return {
                rel: visit(page, watch, real_server, lang, rel) for rel in site_pages(real_build, targets)
            }

    return lambda lang: once(f"browser-visits-{lang}", functools.partial(tour, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_pages_load_cleanly(visits, lang: str) -> None:
    """No console error, failed or off-origin request, CSP violation or dialog, also after the chart
    turned interactive."""
    bad = {rel: seen.problems for rel, seen in visits(lang).items() if seen.problems}
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
def test_hostile_fixture_text_is_inert(browser: Browser, fixture_server: str, lang: str) -> None:
    pages = ["targets/fixture-hostile/", "sections/2/", "", "reporting/", "methodology/"]
    with watched_page(browser, fixture_server) as (page, watch):
        for rel in pages:
            open_page(page, fixture_server, lang, rel)
            if page.locator(".tt-chart").count():
                make_live(page)
                page.locator(".tt-chart__live svg .mark-symbol path").first.hover()
            injected = page.evaluate(
                "document.querySelectorAll('[onerror],[onload],[onmouseover],img[src=\"x\"],iframe,b,svg[onload]').length"
            )
            assert injected == 0, f"{lang} {rel}: an element was injected from data text"
            assert not watch.problems(page), f"{lang} {rel}: {watch.problems(page)}"
        open_page(page, fixture_server, lang, "targets/fixture-hostile/")
        text = page.locator("article").inner_text()
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
            assert fragment in text, f"{lang}: {fragment!r} is not shown as text"
        assert "javascript:" not in page.eval_on_selector_all("a", "as => as.map(a => a.href).join(' ')")


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
