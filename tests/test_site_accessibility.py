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
in force while axe runs (tests/browser_checks.py). Each (language, device, scheme) is one tour, made
once per test run: every page of it is loaded once and every check above is made on that load.
"""

from __future__ import annotations

import dataclasses
import html.parser
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from build_scripts.common.http_server import serve
from build_scripts.common.i18n import URL_PREFIX
from tests.browser_checks import AXE, axe_context, axe_violations, describe, load

pytestmark = pytest.mark.browser

LANGS = URL_PREFIX  # language → the prefix of its pages' URLs
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
DEVICES = {"phone": PHONE, "desktop": DESKTOP}
PAGE_KINDS = ("home", "section", "section-no-numeric-target", "target-chart", "target-no-chart")
ALL_KINDS = (*PAGE_KINDS, "methodology", "reporting", "data", "search")
DARK_KINDS = ("home", "section", "target-chart", "data")
FOCUS_KINDS = ("home", "target-chart")
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
def pages(built_site: Path) -> dict[str, str]:
    """One page of each type, chosen once per module."""
    return page_paths(built_site)


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The site served with gzip on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


def cases(kinds: tuple[str, ...] = ALL_KINDS) -> list[tuple[str, str]]:
    """(language, page kind) pairs for parametrisation."""
    return [(lang, kind) for lang in LANGS for kind in kinds]


def test_axe_is_the_pinned_npm_build() -> None:
    package = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == "4.14.1"


@dataclass(frozen=True)
class Seen:
    """What one page showed in one (language, device, scheme); picklable, so xdist workers share it."""

    axe: list[dict]
    live_axe: list[dict] | None = None  # desktop, light, target-chart: once vega has drawn the chart
    focus: tuple[list[dict], list[str]] | None = None  # desktop, light, FOCUS_KINDS: `focus_stops`


def tour(browser: Browser, base: str, pages: dict[str, str], key: tuple[str, str, str]) -> dict[str, Seen]:
    """Each page of `key` = (language, device, scheme) loaded once, in one page: axe on it, and on the
    desktop in light mode the keyboard-focus probe and axe on the live chart."""
    lang, device, scheme = key
    kinds = [k for k in (DARK_KINDS if scheme == "dark" else ALL_KINDS) if k in pages]
    context = axe_context(browser, **DEVICES[device], color_scheme=scheme)
    page, seen = context.new_page(), {}
    extras = device == "desktop" and scheme == "light"
    try:
        for kind in kinds:
            load(page, base + LANGS[lang] + pages[kind])
            found = Seen(axe_violations(page))
            if extras and kind in FOCUS_KINDS:
                found = dataclasses.replace(found, focus=focus_stops(page))
            if extras and kind == "target-chart":
                page.locator(".tt-chart[data-spec]").first.hover()
                page.wait_for_selector(".tt-chart[data-state='live'] .tt-chart__live svg", timeout=30_000)
                found = dataclasses.replace(found, live_axe=axe_violations(page))
                page.mouse.move(0, 0)  # the next page is checked with no element under the pointer
            seen[kind] = found
    finally:
        context.close()
    return seen


@pytest.fixture(scope="module")
def seen(browser: Browser, base_url: str, pages: dict[str, str], once) -> Callable[..., dict[str, Seen]]:
    """`seen(lang, device, scheme)`: the tour of that key, made once per test run (conftest `once`)."""

    def of(lang: str, device: str, scheme: str = "light") -> dict[str, Seen]:
        key = (lang, device, scheme)
        return once("a11y-" + "-".join(key), lambda _folder: tour(browser, base_url, pages, key))

    return of


@pytest.mark.parametrize(("lang", "kind"), cases())
@pytest.mark.parametrize("device", DEVICES)
def test_axe_reports_no_violation(
    seen: Callable[..., dict[str, Seen]], pages: dict[str, str], lang: str, kind: str, device: str
) -> None:
    if kind not in pages:
        pytest.fail(f"the site has no page of kind {kind}: every page type must exist in every language")
    violations = seen(lang, device)[kind].axe
    assert not violations, f"{LANGS[lang]}{pages[kind]} ({device}):\n{describe(violations)}"


@pytest.mark.parametrize(("lang", "kind"), cases(DARK_KINDS))
def test_axe_reports_no_violation_in_dark_mode(
    seen: Callable[..., dict[str, Seen]], pages: dict[str, str], lang: str, kind: str
) -> None:
    violations = seen(lang, "desktop", "dark")[kind].axe
    assert not violations, f"{LANGS[lang]}{pages[kind]} (dark):\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGS)
def test_axe_reports_no_violation_on_the_interactive_chart(
    seen: Callable[..., dict[str, Seen]], pages: dict[str, str], lang: str
) -> None:
    violations = seen(lang, "desktop")["target-chart"].live_axe
    assert violations is not None, "the tour did not make the chart live"
    assert not violations, f"{LANGS[lang]}{pages['target-chart']} (live chart):\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_matches_the_language(built_site: Path, lang: str) -> None:
    """Every page of a language declares it, checked on every built page."""
    site = built_site
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


def focus_stops(page: Page) -> tuple[list[dict], list[str]]:
    """Tab through the first TAB_STOPS stops from the top of the page: each stop probed while focused,
    then every stop's style once nothing is focused."""
    stops = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        probe = page.evaluate(FOCUS_PROBE)
        if probe is not None:
            stops.append(probe)
    return stops, page.evaluate(UNFOCUSED_STYLES)


@pytest.mark.parametrize(("lang", "kind"), cases(FOCUS_KINDS))
def test_keyboard_focus_is_visible(
    seen: Callable[..., dict[str, Seen]], pages: dict[str, str], lang: str, kind: str
) -> None:
    """Tab through the first stops: each focused element is on screen and styled differently."""
    stops, unfocused = seen(lang, "desktop")[kind].focus or ([], [])
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
def test_every_chart_has_a_text_alternative_and_a_data_table(built_site: Path, lang: str) -> None:
    """On every target page: each chart image has a real alt text, and the page has a data table."""
    site, problems, charts = built_site, [], 0
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
