"""Chart labels are never cut: a series label keeps its whole definition head, and the wide chart's
legend (the download) wraps a long one onto more lines instead ("legends are cut", issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.charts.style import legend_lines
from build_scripts.common.i18n import Lang


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
