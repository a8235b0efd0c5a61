"""The tours of the built sites that test_site_browser and test_site_security both check.

In a watched page (tests/watched_page.py), a tour loads each page once per language, up to its load event (the site fetches
nothing later on its own; a check that needs more waits for its own element), and makes its chart live.

- `real_tour`: home, every section, targets (one of each kind from the real data, and the first three
  with and the first three without a chart), methodology, reporting, search, data, and a search query.
- `fixture_tour`: every page of the FIXTURE site (tests/fixtures/site-mini, hostile strings), each point
  of its charts hovered for the tooltip, the hostile target's text and links, a search for the hostile name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page

from build_scripts.charts.specs import chart_unit
from build_scripts.common.i18n import URL_PREFIX
from build_scripts.pages.parts import Site
from build_scripts.progress.assess import Status
from tests.watched_page import Watch, go, watched_page

# Elements and attributes that data text must never become (test_site_browser's list; INJECTED: security's).
INJECTED_SELECTOR = '[onerror],[onload],[onmouseover],img[src="x"],iframe,b,svg[onload]'
INJECTED = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) {
      if (a.toLowerCase().startsWith('on')) found.push(`<${el.localName} ${a}>`);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href], form[action], iframe[src]')) {
    const url = (a.getAttribute('href') || a.getAttribute('action') || a.getAttribute('src') || '').trim();
    if (/^(javascript|vbscript|data):/i.test(url)) found.push(`<${a.localName} ${url}>`);
  }
  for (const el of document.querySelectorAll('iframe, object, embed, img[src="x"], b')) {
    found.push(`<${el.localName}> element`);
  }
  for (const s of document.querySelectorAll('script')) {
    if (/alert\(/.test(s.textContent) && s.type !== 'application/ld+json') found.push('script with alert(');
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { found.push('JSON-LD does not parse: ' + e); }
  }
  return found;
}"""
TOOLTIP = """() => {
  const tip = document.querySelector('#vg-tooltip-element');
  if (!tip || !tip.classList.contains('visible')) return null;
  const tags = [...tip.querySelectorAll('*')].map((el) => el.localName)
    .filter((t) => !['table', 'thead', 'tbody', 'tr', 'td', 'th', 'h2'].includes(t));
  return {text: tip.innerText, tags};
}"""
LIVE_SVG = ".tt-chart[data-state='live'] .tt-chart__live svg"
SYMBOLS = ".tt-chart__live svg .mark-symbol path"


def make_live(page: Page) -> bool:
    """Reach for the first chart (pointer over it) and wait until vega has drawn it or given up;
    True when it is live."""
    chart = page.locator(".tt-chart[data-spec]").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    page.wait_for_selector(".tt-chart[data-state='live'], .tt-chart[data-state='failed']", timeout=30_000)
    return page.locator(LIVE_SVG).count() > 0


@dataclass
class Visit:
    """What one page did in one language, loaded once for every check."""

    problems: list[str]
    has_chart: bool = False
    live: bool = False
    vega_before_interaction: list[str] = field(default_factory=list)
    fallback_shown_before: bool = False
    marks: int = 0
    fallback_shown_after: bool = False


def visit(page: Page, watch: Watch, url: str) -> Visit:
    """Load the page once; if it has a chart, record the state before and after making it live, and
    point at its first point."""
    go(page, url)
    seen = Visit([], has_chart=page.locator(".tt-chart").count() > 0)
    if seen.has_chart:
        # requests already made, and scripts already inserted (a request not yet under way)
        seen.vega_before_interaction = [u for u in watch.requests if "/assets/vega/" in u] + page.evaluate(
            "[...document.scripts].map(s => s.src).filter(src => src.includes('/assets/vega/'))"
        )
        seen.fallback_shown_before = page.locator(".tt-chart__fallback").is_visible()
        seen.live = page.locator(".tt-chart[data-spec]").count() > 0 and make_live(page)
        seen.marks = page.locator(
            ".tt-chart__live svg .mark-symbol path, .tt-chart__live svg .mark-line path"
        ).count()
        seen.fallback_shown_after = page.locator(".tt-chart__fallback").is_visible()
        if page.locator(SYMBOLS).count():
            # force: the nearest-point (voronoi) layer lies over the points and takes the pointer;
            # the point's cell carries its tooltip
            page.locator(SYMBOLS).first.hover(force=True)
    seen.problems = watch.problems(page)
    watch.clear()
    return seen


def real_tour(
    browser: Browser, base: str, lang_prefix: str, pages: list[str], query: str
) -> dict[str, Visit]:
    """Each of `pages` (paths below the language root) visited once, then a search for `query`
    (the key `search?q=`) once its results are shown."""
    with watched_page(browser, base) as (page, watch):
        seen = {rel: visit(page, watch, base + lang_prefix + rel) for rel in pages}
        go(page, base + lang_prefix + "search/?q=" + query)
        page.wait_for_selector(".tt-search__results li a", timeout=15_000)
        seen["search?q="] = Visit(watch.problems(page))
    return seen


@dataclass
class FixtureTour:
    """The fixture site in one language: per page, what was injected and what went wrong."""

    injected: dict[str, list[str]]  # INJECTED's findings, plus a count of INJECTED_SELECTOR if not 0
    problems: dict[str, list[str]]
    tooltips: list[str]
    not_live: list[str]  # pages whose chart did not turn interactive
    hostile_text: str  # the hostile target's article, as text
    hostile_hrefs: str  # every link target on it
    search_problems: list[str]


def hover_marks(page: Page) -> list[str]:
    """Move the pointer over each point of the live chart; the tooltips' text (markup in them fails)."""
    texts = []
    for mark in page.locator(SYMBOLS).all():
        box = mark.bounding_box()
        if box is None:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(80)  # vega updates the tooltip in its own dataflow run: no event to wait for
        tip = page.evaluate(TOOLTIP)
        if tip is not None:
            assert not tip["tags"], f"markup in a chart tooltip: {tip}"
            texts.append(tip["text"])
    return texts


def fixture_tour(browser: Browser, base: str, lang_prefix: str, pages: list[str], query: str) -> FixtureTour:
    """Each fixture page visited once with its chart live and every point hovered; then the hostile
    target afresh (its text) and a search for `query`."""
    injected, problems, tooltips, not_live = {}, {}, [], []
    with watched_page(browser, base) as (page, watch):
        for rel in pages:
            go(page, base + lang_prefix + rel)
            if page.locator(".tt-chart[data-spec]").count() and make_live(page):
                tooltips += hover_marks(page)
            elif page.locator(".tt-chart").count():
                not_live.append(rel)
            count = page.evaluate(f"document.querySelectorAll({INJECTED_SELECTOR!r}).length")
            injected[rel] = page.evaluate(INJECTED) + ([f"{count} injected elements"] if count else [])
            problems[rel] = watch.problems(page)
            watch.clear()
        go(page, base + lang_prefix + "targets/fixture-hostile/")
        text = page.locator("article").inner_text()
        hrefs = page.eval_on_selector_all("a", "as => as.map(a => a.href).join(' ')")
        go(page, base + lang_prefix + "search/?q=" + query)
        page.wait_for_selector(".tt-search__results li a", timeout=15_000)
        search = page.evaluate(INJECTED) + watch.problems(page)
    return FixtureTour(injected, problems, tooltips, not_live, text, hrefs, search)


# --- Which pages, and each tour once per language per test run (conftest `once`) ----------------------

SEARCH_WORD = {"zh": "质量", "zh-Hant": "質量", "en": "quality"}
HOSTILE_QUERY = {"zh": "恶意名称", "zh-Hant": "惡意名稱", "en": "onerror"}


def chosen_targets(data: Site) -> dict[str, str]:
    """One target of each kind, chosen from the real data."""
    pkg, assessments = data.pkg, data.assessments

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


def site_pages(data: Site) -> list[str]:
    """test_site_browser's pages: home, every section, the chosen targets and the other page types."""
    sections = [f"sections/{s.section_id}/" for s in data.pkg.sections]
    chosen = [f"targets/{t}/" for t in dict.fromkeys(chosen_targets(data).values())]
    return ["", *sections, *chosen, "methodology/", "reporting/", "search/", "data/"]


def csp_pages(site: Path) -> list[str]:
    """test_site_security's pages: every page type: home, every section, methodology, reporting, data,
    search, and target pages with and without a chart (every target page that has one is too slow; the
    first three of each)."""
    targets = sorted(p.parent for p in (site / "targets").glob("*/index.html"))
    charted = [t for t in targets if 'class="tt-chart' in (t / "index.html").read_text(encoding="utf-8")]
    plain = [t for t in targets if t not in charted]
    assert charted, "no target page with a chart"
    chosen = [f"targets/{t.name}/" for t in charted[:3] + plain[:3]]
    sections = sorted(f"sections/{p.parent.name}/" for p in (site / "sections").glob("*/index.html"))
    return ["", *sections, *chosen, "methodology/", "reporting/", "data/", "search/"]


def fixture_pages(site: Path) -> list[str]:
    """Every page of the fixture site, as paths under a language root."""
    others = [site / p for p in URL_PREFIX.values() if p]
    rels = []
    for page in sorted(site.rglob("index.html")):
        if any(page.is_relative_to(o) for o in others):
            continue
        rel = page.parent.relative_to(site).as_posix()
        rels.append("" if rel == "." else rel + "/")
    return rels


def real_visits(once, browser: Browser, base: str, build, lang: str) -> dict[str, Visit]:
    """The real site's tour in `lang` (both test modules' pages), made once per test run."""
    pages = list(dict.fromkeys([*site_pages(build.data), *csp_pages(build.root)]))
    return once(
        f"real-tour-{lang}",
        lambda _folder: real_tour(browser, base, URL_PREFIX[lang], pages, SEARCH_WORD[lang]),
    )


def fixture_visits(once, browser: Browser, base: str, site: Path, lang: str) -> FixtureTour:
    """The fixture site's tour in `lang`, made once per test run."""
    return once(
        f"fixture-tour-{lang}",
        lambda _folder: fixture_tour(
            browser, base, URL_PREFIX[lang], fixture_pages(site), HOSTILE_QUERY[lang]
        ),
    )
