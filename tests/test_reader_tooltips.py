"""The live chart's tooltips reach the nearest figure by tap (touch screen) and by pointer (mouse).

In real Chromium: on a phone (390×844, touch, mobile) a first tap loads the live chart, and a tap a
few px off a point (outside the drawn point) shows that point's period and value; on a desktop the
mouse near a point does the same. The caption says "tap" on the phone and "point" on the desktop,
and neither without JavaScript. The drawn images (phone, wide, long run) carry no voronoi: only the
live chart changed.

A point's figure is read from the scene item Vega binds to its SVG element (`__data__`, the object
Vega's own event handler reads), and checked against the chart's rows computed from the package.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page

from build_scripts.charts.layers import chart_rows
from build_scripts.common.i18n import URL_PREFIX, Lang
from tests.conftest import BuiltSite

pytestmark = pytest.mark.browser

LANGS = URL_PREFIX  # language → the prefix of its pages' URLs
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
OFF = 8  # px right and down of a point's centre: ~11 px away, outside the 90 px² (r ≈ 5.4 px) point

POINTS = """() => [...document.querySelectorAll('.tt-chart__live g.mark-symbol path')]
  .filter(e => e.__data__ && e.__data__.datum && e.__data__.datum.period)
  .map(e => { const r = e.getBoundingClientRect(), d = e.__data__.datum;
    return {x: r.x + r.width / 2, y: r.y + r.height / 2, period: d.period, shown: d.shown}; })"""
TOOLTIP = """() => { const t = document.getElementById('vg-tooltip-element');
  if (!t) return null; const r = t.getBoundingClientRect();
  return {visible: t.classList.contains('visible') && getComputedStyle(t).visibility === 'visible',
          text: t.innerText, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"""


def charted(real_build: BuiltSite, lang: str) -> str:
    """A target whose live chart has at least three points (so 'nearest' has neighbours to beat)."""
    data = real_build.data
    for code, ind_id in sorted(data.charts):
        ind = next(i for i in data.pkg.indicators if i.indicator_id == ind_id)
        if code == lang and len(chart_rows(Lang(lang), ind, data.pkg)) >= 3:
            return ind_id
    raise AssertionError(f"no {lang} chart with three points")


def loneliest(page: Page) -> dict:
    """The drawn point farthest from every other point: a tap near it can only mean it."""
    points = {(round(p["x"]), round(p["y"])): p for p in page.evaluate(POINTS)}.values()
    assert len(points) >= 3, f"the live chart shows {len(points)} points"

    def room(p: dict) -> float:
        return min(math.dist((p["x"], p["y"]), (q["x"], q["y"])) for q in points if q is not p)

    best = max(points, key=room)
    assert room(best) > 3 * OFF, f"every point has a neighbour within {room(best):.0f} px"
    return best


def expect_tooltip(page: Page, point: dict, rows: list[dict]) -> None:
    assert any(r["period"] == point["period"] and r["shown"] == point["shown"] for r in rows), point
    page.wait_for_function("() => document.querySelector('#vg-tooltip-element.visible')")
    tip = page.evaluate(TOOLTIP)
    assert tip["visible"], tip
    assert point["period"] in tip["text"] and point["shown"] in tip["text"], (point, tip["text"])
    width = page.viewport_size["width"]
    assert tip["left"] >= 0 and tip["right"] <= width, f"the tooltip leaves the window: {tip}"


@contextmanager
def chart_page(browser: Browser, base: str, build: BuiltSite, lang: str, device: dict) -> Iterator[tuple]:
    """A target page with a chart of at least three points, loaded on `device`; (page, the chart's rows)."""
    ind_id = charted(build, lang)
    ind = next(i for i in build.data.pkg.indicators if i.indicator_id == ind_id)
    context = browser.new_context(**device)
    try:
        page = context.new_page()
        page.goto(f"{base}{LANGS[lang]}targets/{ind_id}/", wait_until="load")
        yield page, chart_rows(Lang(lang), ind, build.data.pkg)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_tap_near_a_point_shows_its_tooltip_on_a_phone(
    touch_browser: Browser, real_server: str, real_build: BuiltSite, lang: str
) -> None:
    # the full Chromium: the headless shell hides the tooltip again after a tap (build_scripts/common/browser.py)
    with chart_page(touch_browser, real_server, real_build, lang, PHONE) as (page, rows):
        assert page.locator(".tt-chart__hint-touch").is_visible(), "the phone caption does not say tap"
        assert not page.locator(".tt-chart__hint-mouse").is_visible()
        image = page.locator("img.tt-chart__fallback")
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("figure.tt-chart[data-state=live]")
        assert not page.evaluate(TOOLTIP) or not page.evaluate(TOOLTIP)["visible"], "the loading tap"
        point = loneliest(page)
        page.touchscreen.tap(point["x"] + OFF, point["y"] + OFF)
        expect_tooltip(page, point, rows)


@pytest.mark.parametrize("lang", LANGS)
def test_the_mouse_near_a_point_shows_its_tooltip_on_a_desktop(
    browser: Browser, real_server: str, real_build: BuiltSite, lang: str
) -> None:
    with chart_page(browser, real_server, real_build, lang, DESKTOP) as (page, rows):
        assert page.locator(".tt-chart__hint-mouse").is_visible(), "the desktop caption does not say point"
        assert not page.locator(".tt-chart__hint-touch").is_visible()
        page.locator("img.tt-chart__fallback").hover()
        page.wait_for_selector("figure.tt-chart[data-state=live]")
        point = loneliest(page)
        page.mouse.move(point["x"] + OFF + 20, point["y"] + OFF + 20)  # a move, as a hand makes
        page.mouse.move(point["x"] + OFF, point["y"] + OFF, steps=4)
        expect_tooltip(page, point, rows)


def test_without_javascript_the_caption_promises_no_interaction(
    browser: Browser, real_server: str, real_build: BuiltSite
) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{real_server}targets/{charted(real_build, 'zh')}/", wait_until="load")
        caption = page.locator("figure.tt-chart figcaption")
        assert caption.is_visible()
        assert not page.locator(".tt-chart__hint").is_visible(), "the caption says tap without JS"
        assert "数据表" in caption.inner_text(), "the caption no longer points at the data table"
    finally:
        context.close()


def test_only_the_live_chart_has_the_nearest_point_layer(real_chart_files: dict) -> None:
    charts = real_chart_files
    assert charts
    for key, files in charts.items():
        live = json.dumps(files.vega)
        assert '"isVoronoi"' in live, f"{key}: the live chart has no voronoi layer"
        assert '"tooltip": {"signal": "datum.tooltip"}' in live, f"{key}: voronoi cells lack the tooltip"
        for layout, spec in files.drawn.items():
            assert '"isVoronoi"' not in json.dumps(spec), f"{key}: the {layout} image has a voronoi layer"
