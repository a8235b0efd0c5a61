"""Data text is escaped wherever it lands: the site built from the FIXTURE package
`tests/fixtures/site-mini` (synthetic data only), whose names, quotes, notes, definitions and source
fields hold `<script>`, `<img onerror>` and `[x](javascript:…)`, shows them as inert text, in the
HTML and in the browser: no dialog, no injected element, JSON-LD still parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from build_scripts import paths
from build_scripts.common.i18n import LANGS
from tests.site_tour import fixture_pages, fixture_visits

# Markup that must never appear raw in HTML (as escaped text it is fine; `javascript:` URLs as text are
# fine too, and as link targets they are caught by test_no_inline_handlers_or_script_urls and the DOM check).
HOSTILE_RAW = ("<script>alert(", "<img src=x", "<iframe", "<svg/onload", "<b onmouseover")
HOSTILE_SHOWN = {
    "zh": [
        "<script>alert('name')</script>恶意名称",
        "<script>alert('quote')</script>",
        "<img src=x onerror=alert(9)>",
        "[x](javascript:alert(10))",
    ],
    "zh-Hant": ["<script>alert('name')</script>惡意名稱", "<script>alert('quote')</script>"],
    "en": [
        "<img src=x onerror=alert('name')> [x](javascript:alert(1))",
        "<script>alert('quote')</script>",
        "<script>alert('quote_en')</script> <svg/onload=alert(12)> \"quoted\" & [y](javascript:alert(13))",
    ],
}


def test_fixture_package_really_is_hostile() -> None:
    """The fixture still carries every payload this file relies on (so the tests below are not vacuous)."""
    text = "".join(
        p.read_text(encoding="utf-8") for p in (paths.FIXTURES / "site-mini" / "data").glob("*.csv")
    )
    for payload in (
        "<script>alert('name')</script>",
        "<img src=x onerror=alert('name')>",
        "[x](javascript:alert(1))",
        "<script>alert('quote')</script>",
        "<script>alert('quote_en')</script>",
        "<iframe",
        "</script><script>alert(7)</script>",
    ):
        assert payload in text, payload


def test_hostile_text_never_reaches_html_unescaped(fixture_site: Path) -> None:
    """No HTML file of the fixture site holds a payload as markup: in text, attributes, JSON-LD or chart
    specs it is always escaped (`&lt;`, `\\u003c`)."""
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) > 30
    problems = []
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        problems += [
            f"{page.relative_to(fixture_site)}: {needle!r}"
            for needle in HOSTILE_RAW
            if needle.lower() in raw.lower()
        ]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_is_inert_in_the_browser(
    browser: Browser, fixture_server: str, fixture_site: Path, once, lang: str
) -> None:
    """Every fixture page: no dialog, no injected element or handler, JSON-LD parses, no CSP violation;
    the hostile chart's tooltips and a search for the hostile name stay text too (tests/site_tour.py)."""
    tour = fixture_visits(once, browser, fixture_server, fixture_site, lang)
    problems = [
        f"{rel}: {x}" for rel in fixture_pages(fixture_site) for x in tour.injected[rel] + tour.problems[rel]
    ]
    problems += [f"not shown as text: {t!r}" for t in HOSTILE_SHOWN[lang] if t not in tour.hostile_text]
    if not any("<img src=x onerror=alert('pub')>" in t for t in tour.tooltips):
        problems.append(f"no chart tooltip showed the hostile source publisher as text: {tour.tooltips}")
    problems += [f"search: {x}" for x in tour.search_problems]
    assert not problems, "\n".join(problems)


# --- A failed build leaves the previous site intact ---------------------------------------------------
