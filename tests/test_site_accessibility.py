"""Accessibility of the built site, in the real Chromium with axe-core from npm.

- axe-core 4.14.1 (node_modules, pinned in package.json) reports 0 violations, all rules that axe
  runs by default (WCAG 2.x A/AA and best practices), on every page type (home, a section with targets,
  a section without numeric targets, a target page with a chart, a target page without one,
  methodology, reporting, data, search) in all three languages, on a phone-sized and a desktop
  viewport, in dark mode as well as light, and once the chart has turned interactive (vega's SVG);
- `<html lang>` is right for each language (zh-Hans / zh-Hant / en, or their region equivalents);
- keyboard focus is visible: tabbing through the first stops of a page, each focused element is on
  screen and drawn differently when focused (outline, box shadow, colours or underline);
- every chart has a text alternative (the generated summary) and a data table, checked statically on
  every target page of every language.

axe is loaded as an init script (DevTools protocol), so the page's own Content-Security-Policy stays
in force while axe runs.
"""

from __future__ import annotations

import html.parser
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from build_scripts import paths
from build_scripts.common.http_server import serve

pytestmark = pytest.mark.browser

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
HTML_LANG = {
    "zh": {"zh-hans", "zh-cn", "zh-hans-cn"},
    "zh-Hant": {"zh-hant", "zh-tw", "zh-hant-tw"},
    "en": {"en"},
}
PHONE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TAB_STOPS = 12
CHART_IMG = "charts/"  # pre-rendered chart images live under charts/<lang>/<id>.svg


class Tags(html.parser.HTMLParser):
    """The start tags of a page with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Tags:
    """Tags of one HTML file."""
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def target_dirs(site: Path) -> list[Path]:
    """The zh target page folders."""
    dirs = sorted(p for p in (site / "targets").iterdir() if (p / "index.html").is_file())
    assert dirs, f"no target pages under {site / 'targets'}"
    return dirs


def has_chart(page: Path) -> bool:
    """Whether a built page shows a pre-rendered chart image."""
    return any(tag == "img" and CHART_IMG in a.get("src", "") for tag, a in parse(page).tags)


def page_paths(site: Path) -> dict[str, str]:
    """One page of each type (path relative to a language root)."""
    targets = target_dirs(site)
    with_chart = next((d for d in targets if has_chart(d / "index.html")), None)
    without_chart = next((d for d in targets if not has_chart(d / "index.html")), None)
    assert with_chart is not None, "no target page has a chart"
    pages = {
        "home": "",
        "section": "sections/1/",
        "section-no-numeric-target": "sections/10/",
        "target-chart": f"targets/{with_chart.name}/",
        "methodology": "methodology/",
        "reporting": "reporting/",
        "data": "data/",
        "search": "search/",
    }
    if without_chart is not None:
        pages["target-no-chart"] = f"targets/{without_chart.name}/"
    for lang, prefix in LANGS.items():
        for kind, rel in pages.items():
            assert (site / prefix / rel / "index.html").is_file(), f"{lang} {kind}: {prefix}{rel} not built"
    return pages


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The session build (conftest)."""
    return built_site


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    """One page of each type, chosen once per module."""
    return page_paths(site)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served with gzip on 127.0.0.1."""
    with serve(site) as url:
        yield url


def cases(kinds: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(language, page kind) pairs for parametrisation."""
    all_kinds = (
        "home",
        "section",
        "section-no-numeric-target",
        "target-chart",
        "target-no-chart",
        "methodology",
        "reporting",
        "data",
        "search",
    )
    return [(lang, kind) for lang in LANGS for kind in (kinds or all_kinds)]


def open_page(browser: Browser, url: str, device: dict, scheme: str = "light") -> Page:
    """A fresh context with axe available in every document."""
    context = browser.new_context(**device, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    response = page.goto(url, wait_until="load")  # the site fetches nothing after its load event
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    # The theme animates colours (nav links: 125 ms) when the palette is applied: axe must read the
    # colours the reader sees, not a frame halfway from light to dark.
    page.wait_for_function(
        "() => document.getAnimations().filter(a => a instanceof CSSTransition)"
        ".every(a => a.playState === 'finished')"
    )
    return page


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page, trimmed to what a report needs."""
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      summary: n.failureSummary}))}));
        }"""
    )
    return result


def describe(violations: list[dict]) -> str:
    """One readable block per violation: rule id, impact, elements."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [
            f"    {n['target']}: {n['summary'].splitlines()[-1].strip() if n['summary'] else ''}"
            for n in v["nodes"]
        ]
    return "\n".join(lines)


def test_axe_is_the_pinned_npm_build() -> None:
    package = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == "4.14.1"


@pytest.mark.parametrize(("lang", "kind"), cases())
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_axe_reports_no_violation(
    browser: Browser, base_url: str, pages: dict[str, str], lang: str, kind: str, device: str
) -> None:
    if kind not in pages:
        pytest.fail(f"the site has no page of kind {kind}: every page type must exist in every language")
    page = open_page(browser, base_url + LANGS[lang] + pages[kind], PHONE if device == "phone" else DESKTOP)
    try:
        violations = axe_violations(page)
    finally:
        page.context.close()
    assert not violations, f"{LANGS[lang]}{pages[kind]} ({device}):\n{describe(violations)}"


@pytest.mark.parametrize(("lang", "kind"), cases(("home", "section", "target-chart", "data")))
def test_axe_reports_no_violation_in_dark_mode(
    browser: Browser, base_url: str, pages: dict[str, str], lang: str, kind: str
) -> None:
    page = open_page(browser, base_url + LANGS[lang] + pages[kind], DESKTOP, scheme="dark")
    try:
        violations = axe_violations(page)
    finally:
        page.context.close()
    assert not violations, f"{LANGS[lang]}{pages[kind]} (dark):\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGS)
def test_axe_reports_no_violation_on_the_interactive_chart(
    browser: Browser, base_url: str, pages: dict[str, str], lang: str
) -> None:
    page = open_page(browser, base_url + LANGS[lang] + pages["target-chart"], DESKTOP)
    try:
        page.locator(".tt-chart[data-spec]").first.hover()
        page.wait_for_selector(".tt-chart[data-state='live'] .tt-chart__live svg", timeout=30_000)
        violations = axe_violations(page)
    finally:
        page.context.close()
    assert not violations, f"{LANGS[lang]}{pages['target-chart']} (live chart):\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_matches_the_language(site: Path, lang: str) -> None:
    """Every page of a language declares it, checked on every built page."""
    root = site / LANGS[lang] if LANGS[lang] else site
    others = [site / p for p in LANGS.values() if p]
    pages = [
        p for p in root.rglob("index.html") if lang != "zh" or not any(p.is_relative_to(o) for o in others)
    ]
    assert len(pages) > 50
    wrong = []
    for page in pages:
        html_tag = next(a for tag, a in parse(page).tags if tag == "html")
        if html_tag.get("lang", "").lower() not in HTML_LANG[lang]:
            wrong.append(f"{page.relative_to(site)}: lang={html_tag.get('lang')!r}")
    assert not wrong, "\n".join(wrong[:30])


FOCUS_PROBE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    window.__stops = window.__stops || [];
    window.__stops.push(el);
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {i: window.__stops.length - 1, tag: el.tagName, text: (el.getAttribute('aria-label') ||
            el.textContent || '').trim().slice(0, 40), visible: r.width > 0 && r.height > 0 &&
            r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth &&
            s.visibility !== 'hidden',
            style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
                    s.color, s.textDecorationLine, s.borderColor].join('|'),
            focusVisible: el.matches(':focus-visible')};
}"""
UNFOCUSED_STYLES = """() => { document.activeElement && document.activeElement.blur();
    return window.__stops.map(el => { const s = getComputedStyle(el);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
                s.textDecorationLine, s.borderColor].join('|'); }); }"""


@pytest.mark.parametrize(("lang", "kind"), cases(("home", "target-chart")))
def test_keyboard_focus_is_visible(
    browser: Browser, base_url: str, pages: dict[str, str], lang: str, kind: str
) -> None:
    """Tab through the first stops: each focused element is on screen and styled differently."""
    page = open_page(browser, base_url + LANGS[lang] + pages[kind], DESKTOP)
    try:
        stops = []
        for _ in range(TAB_STOPS):
            page.keyboard.press("Tab")
            probe = page.evaluate(FOCUS_PROBE)
            if probe is not None:
                stops.append(probe)
        unfocused = page.evaluate(UNFOCUSED_STYLES)
    finally:
        page.context.close()
    assert len(stops) >= 5, f"only {len(stops)} focus stops reached with Tab"
    problems = []
    for stop in stops:
        name = f"#{stop['i']} <{stop['tag'].lower()}> {stop['text']!r}"
        if not stop["visible"]:
            problems.append(f"{name} is focused but not on screen")
        elif stop["style"] == unfocused[stop["i"]]:
            problems.append(f"{name} looks the same focused and unfocused ({stop['style']})")
    assert not problems, f"{LANGS[lang]}{pages[kind]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_a_text_alternative_and_a_data_table(site: Path, lang: str) -> None:
    """On every target page: each chart image has a real alt text, and the page has a data table."""
    problems, charts = [], 0
    for target in target_dirs(site):
        page = site / LANGS[lang] / "targets" / target.name / "index.html"
        tags = parse(page)
        images = [a for tag, a in tags.tags if tag == "img" and CHART_IMG in a.get("src", "")]
        charts += len(images)
        for img in images:
            alt = img.get("alt", "").strip()
            if len(alt) < 10:
                problems.append(f"{page.relative_to(site)}: chart {img['src']} has alt {alt!r}")
        if images and not any(tag == "table" for tag, _ in tags.tags):
            problems.append(f"{page.relative_to(site)}: a chart but no data table")
    assert charts > 10, f"only {charts} charts found in {lang}"
    assert not problems, "\n".join(problems[:40])
