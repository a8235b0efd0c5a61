"""The charts' subset font (build_scripts/chart_fonts.py): same pictures as Noto, faster, and never seen.

The subset is only a speed-up, so the tests prove it changes nothing a reader gets: every character
drawn in the built SVGs is in the subset; charts drawn with the subset and with the full system Noto
Sans CJK give the same SVG text layout and byte-identical PNGs; the published SVG names only real
fonts; a missing system font stops the build with a message.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import vl_convert
from fontTools import ttLib

from build_scripts.charts import fonts as chart_fonts
from build_scripts.charts import render as chart_render
from build_scripts.charts.specs import FONTS
from tests.conftest import BuiltSite

SVG_NS = "{http://www.w3.org/2000/svg}"
FONT_FAMILY = re.compile(r'font-family="([^"]*)"')


def drawn_text(svg: Path) -> str:
    """Every character of every <text> element in an SVG."""
    root = ET.parse(svg).getroot()
    return "".join("".join(node.itertext()) for node in root.iter(f"{SVG_NS}text"))


def test_every_drawn_character_is_in_the_subset(
    real_build: BuiltSite, real_chart_files: dict, tmp_path: Path
) -> None:
    drawn_specs = [spec for files in real_chart_files.values() for spec in files.drawn.values()]
    fonts = chart_fonts.prepare(drawn_specs, tmp_path)  # the images' specs (phone, wide, long run)
    files = sorted(fonts.directory.glob("*.otf"))
    assert [f.name.split("-")[-1] for f in files] == ["Bold.otf", "Regular.otf"] * 2
    svgs = sorted((real_build.root / "charts").rglob("*.svg"))
    drawn = {c for svg in svgs for c in drawn_text(svg)} - {" "}
    assert len(svgs) == len(drawn_specs) and len(drawn) > 50  # digits, labels, CJK text
    for font in files:
        cmap = {chr(code) for code in ttLib.TTFont(font).getBestCmap()}
        assert drawn - cmap == set(), font.name


def test_subset_draws_exactly_what_noto_draws(real_chart_files: dict, tmp_path: Path) -> None:
    specs = {key: files.vega for key, files in real_chart_files.items()}  # the browser's specs
    fonts = chart_fonts.prepare(specs.values(), tmp_path)
    # one chart per language (SC, TC and the English charts, which use the SC face)
    picked = {lang: spec for (lang, _), spec in sorted(specs.items())}
    assert sorted(picked) == ["en", "zh", "zh-Hant"]
    for lang, spec in picked.items():
        with_noto = vl_convert.vega_to_svg(spec, allowed_base_urls=[])
        with_subset = vl_convert.vega_to_svg(fonts.render_spec(spec), allowed_base_urls=[])
        assert set(FONT_FAMILY.findall(with_noto)) == {FONTS[lang]}
        assert set(FONT_FAMILY.findall(with_subset)) == {fonts.families[FONTS[lang]]}
        # the same layout: only the font list differs
        assert chart_render.SUBSET_IN_LIST.sub("", with_subset) == with_noto.replace(
            f'font-family="{FONTS[lang]}"', f'font-family="{FONTS[lang]}, sans-serif"'
        ), lang
        assert vl_convert.svg_to_png(with_subset, scale=2) == vl_convert.svg_to_png(with_noto, scale=2), lang


def test_published_svgs_name_only_real_fonts(real_build: BuiltSite) -> None:
    families = {
        family
        for svg in (real_build.root / "charts").rglob("*.svg")
        for family in FONT_FAMILY.findall(svg.read_text())
    }
    assert families == {f"{family}, sans-serif" for family in set(FONTS.values())}


def test_the_subset_is_named_apart_by_character_set(tmp_path: Path) -> None:
    a = chart_fonts.prepare([{"text": "湖北"}], tmp_path)
    b = chart_fonts.prepare([{"text": "湖南"}], tmp_path)
    again = chart_fonts.prepare([{"text": "北湖"}], tmp_path)  # same characters, same subset
    assert a.directory != b.directory and a.families != b.families
    assert again == a
    assert a.render_spec(
        {"config": {"font": "Noto Sans CJK SC", "axis": {"labelFont": "Noto Sans CJK TC"}}}
    ) == {
        "config": {
            "font": a.families["Noto Sans CJK SC"],
            "axis": {"labelFont": a.families["Noto Sans CJK TC"]},
        }
    }
    assert a.render_spec({"text": "Noto Sans CJK SC"}) == {"text": "Noto Sans CJK SC"}  # only font fields


def test_a_missing_system_font_stops_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(chart_fonts.ChartFontError, match="fonts-noto-cjk"):
        chart_fonts.prepare([{"text": "湖北"}], tmp_path / "cache", font_dir=tmp_path / "no-fonts")
