"""Chart labels are never cut: a series label keeps its whole definition head, and the wide chart's
legend (the download) wraps a long one onto more lines instead ("legends are cut", issue 13). A
legend symbol is dashed only where it is a line (the target's): a point shape keeps a plain outline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_scripts.charts.style import legend_lines
from build_scripts.common.i18n import Lang

SVG = "{http://www.w3.org/2000/svg}"
LINE = re.compile(r"M-?[\d.]+,0L-?[\d.]+,0")  # a legend symbol that is a line (the target's), no area


def test_no_chart_image_has_a_label_cut_with_an_ellipsis(built_site: Path) -> None:
    images = sorted(built_site.glob("charts/*/*.svg"))
    assert len(images) > 100
    cut = [str(p.relative_to(built_site)) for p in images if "…" in p.read_text(encoding="utf-8")]
    assert not cut, f"labels cut with … in {cut[:10]}"


@pytest.mark.parametrize(
    ("code", "label", "lines"),
    [
        (
            "en",
            "China (national) · comparison · National manufacturing product quality pass rate",
            ["China (national) · comparison · National manufacturing product", "quality pass rate"],
        ),
        (
            "zh",
            "湖北省 · 相关指标 · 农业农村部对湖北省农产品质量安全例行监测的上半年合格率",
            ["湖北省 · 相关指标 ·", "农业农村部对湖北省农产品质量安全例行监测的上半年合格率"],
        ),
        ("en", "Hubei Province · official series", ["Hubei Province · official series"]),
    ],
)
def test_a_long_legend_label_is_wrapped_whole(code: str, label: str, lines: list[str]) -> None:
    assert legend_lines(Lang(code), label) == lines


def legend_symbols(svg: Path) -> list[dict[str, str]]:
    """The attributes of each legend symbol drawn in a chart image."""
    root = ET.parse(svg).getroot()
    groups = [g for g in root.iter(f"{SVG}g") if "role-legend-symbol" in g.get("class", "")]
    return [dict(path.attrib) for g in groups for path in g.iter(f"{SVG}path") if "transform" in path.attrib]


def test_a_legend_symbol_is_dashed_only_where_it_is_a_line(built_site: Path) -> None:
    images = sorted(p for p in built_site.glob("charts/*/*.svg") if p.name.count(".") == 1)  # the wide ones
    symbols = [(p.relative_to(built_site), s) for p in images for s in legend_symbols(p)]
    lines = [(p, s) for p, s in symbols if LINE.fullmatch(s["d"])]
    points = [(p, s) for p, s in symbols if not LINE.fullmatch(s["d"])]
    assert lines and all(s.get("stroke-dasharray") for _, s in lines), (
        "the target's entry is not a dashed line"
    )
    assert len({s.get("stroke") for _, s in points}) > 2, "no chart has a legend with more than two series"
    dashed_points = [
        f"{p}: {s['d'][:20]} {s['stroke-dasharray']}" for p, s in points if s.get("stroke-dasharray")
    ]
    assert not dashed_points, dashed_points[:5]
