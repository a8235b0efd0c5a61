"""Width and height on every chart image of a page, read from the drawn SVG.

A chart's `<img>` (and the `<picture>`'s `<source>` for wide screens) had no size, so the browser laid the
page out without the chart and moved everything below it once the image arrived: Lighthouse counted a
layout shift of 0.15 on target pages. With `width` and `height` the browser reserves the image's box
from its aspect ratio (CSS keeps `max-width: 100%; height: auto`). The sizes are only known once the
charts are drawn, after MkDocs, so they are added here, before hardening.
"""

from __future__ import annotations

import re
from pathlib import Path
from posixpath import dirname, join, normpath

# <img … src="…charts/….svg" …> and <source … srcset="…charts/….svg" …> without a width yet
TAG_RE = re.compile(
    r'<(img|source)\b(?![^>]*\swidth=)([^>]*?\s(?:src|srcset)="([^"]*charts/[^"]+\.svg)"[^>]*)>'
)
SIZE_RE = re.compile(r'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The width and height (CSS px) on a drawn SVG's root element, or None."""
    with path.open("rb") as svg:
        head = svg.read(2048).decode("utf-8", errors="replace")
    found = SIZE_RE.search(head)
    return (round(float(found[1])), round(float(found[2]))) if found else None


def add_sizes(page: str, rel_path: str, site: Path) -> tuple[str, list[str]]:
    """`page` (at `rel_path` in `site`) with width/height on each chart image it shows, and the
    problems found (an image missing from the site, or one without a size)."""
    problems: list[str] = []

    def sized(match: re.Match) -> str:
        target = normpath(join(dirname(rel_path), match[3]))
        size = (
            None
            if target.startswith("..")
            else svg_size(site / target)
            if (site / target).is_file()
            else None
        )
        if size is None:
            problems.append(f"chart image {match[3]!r} is missing or has no width and height")
            return match[0]
        return f'<{match[1]}{match[2]} width="{size[0]}" height="{size[1]}">'

    return TAG_RE.sub(sized, page), problems
