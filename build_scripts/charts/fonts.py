"""Chart fonts: a subset of Noto Sans CJK holding only the characters this build's charts use.

vl-convert lays out and draws chart text with the system's Noto Sans CJK (Debian `fonts-noto-cjk`: a
19 MB collection, 65,535 glyphs per face), and that font is most of the rendering time: a chart took
~330 ms (SVG + PNG) with it and ~130 ms with a subset of the few hundred characters the charts hold
(measured on this project's charts, 2-core machine). So before rendering, every Noto face the charts
name (SC and TC; Regular, and Bold for axis titles) is subset with HarfBuzz (~50 ms a face) and
renamed, and the render spec names the subset first:

    "Noto Sans CJK SC"  →  "HQT Chart SC x1a2b3c4d, Noto Sans CJK SC, sans-serif"

The glyphs and metrics are Noto's own, so the images are the same; the published SVG drops the
subset's name again (chart_render), so it names only fonts a reader can have. The family name carries a hash
of the character set, so two builds with different text in one process never pick each other's
subset; a character the subset lacks (none should: the set is every character of every string in
the specs, plus printable ASCII and what d3-format adds) falls back to Noto itself. The browser
spec is left alone: readers' browsers use their own fonts, and the SVG's font list falls back to
Noto Sans CJK, then sans-serif.
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import fontTools
import uharfbuzz as hb
from fontTools import ttLib

from build_scripts import paths
from build_scripts.charts.render import register_fonts, subset_family
from build_scripts.common.files import touch

# The families charts.py names, with the short script tag used in the subset's name.
SCRIPTS = {"Noto Sans CJK SC": "SC", "Noto Sans CJK TC": "TC"}
WEIGHTS = ("Regular", "Bold")
# Drawn by Vega but not in the spec's strings: d3-format's minus sign and SI prefixes (in printable), the
# ellipsis of a truncated label, and the non-breaking and thin spaces of some locales.
EXTRA = "\u2212\u2026\u00a0\u2009"
VERSION = f"hb {hb.__version__} fonttools {fontTools.version} v1"  # in the key: a new subsetter, new files


class ChartFontError(Exception):
    """The system font the charts need is missing or unusable; the message says how to fix it."""


@dataclass(frozen=True)
class ChartFonts:
    """A folder of subset fonts and, per system family, the font list the render spec uses."""

    directory: Path
    families: dict[str, str]

    def render_spec(self, vega: dict) -> dict:
        """The Vega spec with every `font` that names a system family replaced by the subset's list."""
        replaced = _replace_fonts(vega, self.families)
        assert isinstance(replaced, dict)
        return replaced


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON-like value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def charset(specs: Iterable[dict]) -> str:
    """The sorted characters any of the specs could draw."""
    chars = set(string.printable) | set(EXTRA)
    for spec in specs:
        for text in strings(spec):
            chars.update(text)
    return "".join(sorted(c for c in chars if c.isprintable() or c == " "))


def prepare(specs: Iterable[dict], cache_dir: Path, font_dir: Path = paths.NOTO_CJK) -> ChartFonts:
    """Subset fonts for these specs (cached under `cache_dir` by character set), registered with vl-convert."""
    chars = charset(specs)
    sources = {weight: font_dir / f"NotoSansCJK-{weight}.ttc" for weight in WEIGHTS}
    for source in sources.values():
        if not source.is_file():
            raise ChartFontError(
                f"{source} is missing: charts are drawn with Noto Sans CJK; install it with "
                "`make install` (Debian package fonts-noto-cjk)"
            )
    stamp = "|".join(f"{p.name}:{p.stat().st_size}" for p in sources.values())
    key = hashlib.sha256(f"{chars}|{stamp}|{VERSION}".encode()).hexdigest()[:8]
    directory = cache_dir / f"chart-fonts-{key}"
    families = {system: subset_family(script, key) for system, script in SCRIPTS.items()}
    if not directory.is_dir():
        staging = cache_dir / f"chart-fonts-{key}.tmp"
        staging.mkdir(parents=True, exist_ok=True)
        for weight, source in sources.items():
            for system, family in families.items():
                data = subset_face(source, system, chars)
                (staging / f"{family.replace(' ', '')}-{weight}.otf").write_bytes(
                    rename(data, family, weight)
                )
        staging.rename(directory)  # atomic: a concurrent build sees all four files or none
    else:
        touch(directory)
    register_fonts(directory)
    return ChartFonts(
        directory, {system: f"{family}, {system}, sans-serif" for system, family in families.items()}
    )


def face_index(blob: hb.Blob, family: str, source: Path) -> int:
    """The index of `family` in a font collection."""
    for index in range(64):
        name = hb.Face(blob, index).get_name(hb.OTNameIdPredefined.FONT_FAMILY)
        if name is None:
            break
        if name == family:
            return index
    raise ChartFontError(f"{source} has no face '{family}': reinstall fonts-noto-cjk (make install)")


def subset_face(source: Path, family: str, chars: str) -> bytes:
    """One face of the collection cut down to `chars` (layout tables kept, so text shapes as before)."""
    blob = hb.Blob.from_file_path(str(source))
    face = hb.Face(blob, face_index(blob, family, source))
    request = hb.SubsetInput()
    for char in chars:
        request.unicode_set.add(ord(char))
    result = hb.subset(face, request)
    if result is None:
        raise ChartFontError(f"HarfBuzz could not subset '{family}' from {source}")
    return result.blob.data


def rename(data: bytes, family: str, weight: str) -> bytes:
    """The font with its family, full and PostScript names replaced, so it never shadows Noto itself."""
    font = ttLib.TTFont(io.BytesIO(data))
    names = {
        1: family,
        2: weight,
        4: f"{family} {weight}",
        6: f"{family.replace(' ', '')}-{weight}",
        16: family,
        17: weight,
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def is_font_key(key: str) -> bool:
    """`font`, or a Vega config's `labelFont`, `titleFont`…"""
    return key == "font" or key.endswith("Font")


def _replace_fonts(value: object, families: dict[str, str]) -> object:
    if isinstance(value, dict):
        return {
            k: families.get(v, v) if is_font_key(k) and isinstance(v, str) else _replace_fonts(v, families)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_replace_fonts(v, families) for v in value]
    return value
