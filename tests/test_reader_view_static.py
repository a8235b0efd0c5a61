"""The reader's view (issue 13), static checks over every built page of the real site.

Target pages have og:image pointing at a file that exists, every page has og:image, a 404 page exists,
a target with figures never says 暂无数据 on its card, and every phone chart image keeps its text at
12 CSS px in a 390 px column. The same checks in Chromium are in test_reader_view.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_scripts.common.i18n import Lang
from tests.conftest import BuiltSite
from tests.test_reader_view import FONT_SIZE, LANGS, MIN_CHART_PX


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
