"""The share image of pages without a chart (docs/assets/images/og.png, 1200×630, committed).

A target page's share image is its chart's PNG; every other page shares this card: the site's
name in its three languages. Regenerate after renaming the site:
`python -m build_scripts.charts.og_card`.
"""

from __future__ import annotations

import vl_convert

from build_scripts import paths

LINES = (
    ("湖北质量强省目标追踪", 64, "bold"),
    ("湖北質量強省目標追蹤", 40, "normal"),
    ("Hubei Quality Province Target Tracker", 40, "normal"),
    ("《湖北省质量强省建设纲要》每一项目标的进展 · 数据 CC BY 4.0", 28, "normal"),
)


def spec() -> dict:
    """A Vega spec of the card: white text on the site's indigo."""
    marks, y = [], 190
    for text, size, weight in LINES:
        marks.append(
            {
                "type": "text",
                "encode": {
                    "enter": {
                        "x": {"value": 80},
                        "y": {"value": y},
                        "text": {"value": text},
                        "fontSize": {"value": size},
                        "fontWeight": {"value": weight},
                        "font": {"value": "Noto Sans CJK SC"},
                        "fill": {"value": "#ffffff"},
                    }
                },
            }
        )
        y += size + 44
    return {"width": 1200, "height": 630, "padding": 0, "background": "#3f51b5", "marks": marks}


def main() -> None:
    """Write docs/assets/images/og.png."""
    out = paths.DOCS / "assets" / "images" / "og.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(vl_convert.svg_to_png(vl_convert.vega_to_svg(spec(), allowed_base_urls=[]), scale=1))


if __name__ == "__main__":
    main()
