"""What the build changes in the Vega that Vega-Lite compiles, where Vega-Lite cannot say it.

- A voronoi cell shows the tooltip of the point it is drawn from. Vega-Lite (6.4) encodes a cell's
  tooltip with `datum["field"]`, but a cell's datum is the point's scene item, not the point's data,
  so every entry read "undefined"; the item's own `tooltip` is the point's evaluated tooltip.
- A legend symbol is dashed only where it is a line (the target's rule). Colour, dash and point shape
  share one legend (they encode the same field), so Vega-Lite gives every symbol its series' dash:
  on a filled point shape (a comparison series' square) the dashed outline drew a ragged blot. A
  point symbol keeps its colour and shape, which already tell the series apart (also in grey).
"""

from __future__ import annotations

from build_scripts.charts.style import TARGET_STYLE

LINE_SYMBOL = TARGET_STYLE[2]  # the target's entry is drawn as a line ("stroke"), not a point shape


def adjusted(spec: dict) -> dict:
    """The compiled Vega spec `spec`, changed in place as the module says."""
    _voronoi_tooltips(spec)
    _dashes_on_line_symbols_only(spec)
    return spec


def _voronoi_tooltips(spec: dict) -> None:
    for mark in spec.get("marks", []):
        update = mark.get("encode", {}).get("update", {})
        if update.get("isVoronoi") and "tooltip" in update:
            update["tooltip"] = {"signal": "datum.tooltip"}
        _voronoi_tooltips(mark)


def _dashes_on_line_symbols_only(spec: dict) -> None:
    for legend in spec.get("legends", []):
        dash, shape = legend.get("strokeDash"), legend.get("shape")
        if dash is None:
            continue
        if shape is None:
            raise ValueError(f"a legend with dashes but no point shapes: {legend}")
        del legend["strokeDash"]
        symbols = legend.setdefault("encode", {}).setdefault("symbols", {}).setdefault("update", {})
        symbols["strokeDash"] = {
            "signal": f"scale('{shape}', datum.value) === '{LINE_SYMBOL}' ? scale('{dash}', datum.value) : []"
        }
    for mark in spec.get("marks", []):
        _dashes_on_line_symbols_only(mark)
