"""Render one compiled Vega spec to SVG and PNG, cached by a hash of the spec.

Kept apart from `charts.py` so the worker processes that render in parallel import only
vl-convert, not Altair and pandas. PNG is rasterised from the SVG (resvg), so a chart is laid out
by Vega once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import vl_convert

from build_scripts.common.files import write_atomic

_registered_fonts: set[Path] = set()
_engine_in: set[int] = set()  # the processes that have started vl-convert's JS engine (see engine_started)
RENDER_VERSION = f"vl-convert {vl_convert.get_vega_version()} png@2 v2"
# The render-only subset font (chart_fonts) heads each font list; the published SVG drops it, so the
# file names only fonts a reader can have ("Noto Sans CJK SC, sans-serif").
SUBSET_IN_LIST = re.compile(r"HQT Chart [A-Z]{2} x[0-9a-f]{8}, ")


def subset_family(script: str, key: str) -> str:
    """The family name of a subset font: `SUBSET_IN_LIST` matches it at the head of a font list."""
    return f"HQT Chart {script} x{key}"


def spec_hash(vega: dict, families: dict[str, str]) -> str:
    """The cache key of a chart's images: its Vega spec, the font lists it is drawn with (system
    family → the list naming the subset first, chart_fonts; the subset's name carries its character
    set) and the renderer version. The spec as drawn is a function of the first two, so it is
    never built for a chart whose images are cached."""
    text = json.dumps([vega, families], sort_keys=True, ensure_ascii=False) + RENDER_VERSION
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cached_images(cache_dir: Path, key: str) -> tuple[Path, Path]:
    """Where the SVG and PNG@2x of the chart with cache key `key` are (or will be)."""
    return cache_dir / f"{key}.svg", cache_dir / f"{key}.png"


def render_one(
    vega: dict, key: str, cache_dir: Path, fonts: Path | None = None, png: bool = True
) -> tuple[Path, Path]:
    """The SVG (and with `png` the PNG@2x) of one spec as drawn, cached under `key` (`spec_hash`);
    also in a worker process. Only the download needs a PNG: the others skip its rasterising (a third
    of a chart's drawing time).

    `fonts`: a folder of fonts the spec names (the chart_fonts subset), registered first."""
    if fonts is not None:
        register_fonts(fonts)
    svg_path, png_path = cached_images(cache_dir, key)
    if not (svg_path.exists() and (png_path.exists() or not png)):
        engine_starts()
        svg = vl_convert.vega_to_svg(vega, allowed_base_urls=[])
        if png:
            write_atomic(png_path, vl_convert.svg_to_png(svg, scale=2))
        write_atomic(svg_path, SUBSET_IN_LIST.sub("", svg).encode("utf-8"))
    return svg_path, png_path


def register_fonts(directory: Path) -> None:
    """Make vl-convert in this process see the fonts in `directory` (once per folder); also a pool initializer."""
    if directory not in _registered_fonts:
        vl_convert.register_font_directory(str(directory))
        _registered_fonts.add(directory)


def engine_starts() -> None:
    """Called before every vl-convert call that runs its JS engine (which starts on the first one)."""
    _engine_in.add(os.getpid())


def engine_started() -> bool:
    """Whether this process has started vl-convert's JS engine: a forked copy of such a process cannot
    use the engine (its threads are not copied, their locks may be held), so it is forked to draw
    charts only before (charts/pending.py)."""
    return os.getpid() in _engine_in
