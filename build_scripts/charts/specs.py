"""Charts: one chart per target with data and language → Vega JSON, SVG and PNG.

What is drawn and how it looks is in `style` and `layers`; the Vega-Lite is written in `vegalite`
(three layouts of one chart: `phone`, `wide`, `live`). Here the specs are compiled to Vega at build
time (the browser runs only vega + vega-embed, with the CSP-safe expression interpreter), cached,
and rendered to the SVGs a reader sees first (and all they see with JS off) and the PNG offered
for download.

Rendering is the slow part of the build, so SVG/PNG are cached under `.cache/charts/` by a hash of
the Vega spec (and the renderer's version), drawn with a subset of the font (chart_fonts), and
rendered on two worker processes when there are many, while the pipeline goes on with the pages.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path

import vl_convert

from build_scripts.charts import fonts as chart_fonts
from build_scripts.charts.compiled import adjusted
from build_scripts.charts.layers import LAYOUTS, chart_rows, has_history, main_rows, site_address
from build_scripts.charts.render import cached_images, engine_starts, render_one, spec_hash
from build_scripts.charts.style import FONTS, chart_unit, charted_series, series_label, sorted_series
from build_scripts.charts.workers import POOL_FROM, Workers, worker_package
from build_scripts.common.files import code_digest, touch, write_atomic
from build_scripts.common.i18n import Lang
from build_scripts.load.package import Package

__all__ = [  # what other stages and the tests use from the charts stage
    "FONTS",
    "HEIGHT",
    "POOL_FROM",
    "WIDTH",
    "ChartFiles",
    "Drawing",
    "Workers",
    "build_specs",
    "chart_unit",
    "series_label",
    "sorted_series",
    "start_drawing",
]
WIDTH, HEIGHT = LAYOUTS["phone"]["width"], LAYOUTS["phone"]["height"]
DRAWN = ("phone", "wide", "history")  # rendered to images; `live` is drawn by the reader's browser
DOWNLOADED = "wide"  # the layout also offered as a PNG download


@dataclass(frozen=True)
class ChartFiles:
    """One chart: the compiled Vega spec of its live version, and the paths (relative to the site
    root) of its images: the wide SVG/PNG (desktop, downloads) and the phone SVG. Where a forked copy
    draws the charts (charts/pending.py) the build knows only the paths: `vega` and `drawn` are empty."""

    vega: dict
    svg: str
    png: str
    drawn: dict = field(default_factory=dict, compare=False)  # layout → compiled spec of each image

    @property
    def phone_svg(self) -> str:
        """The narrow image shown on phones (same chart, larger text relative to its width)."""
        return self.svg.removesuffix(".svg") + ".phone.svg"

    @property
    def history_svg(self) -> str:
        """The long-run image (every figure), drawn when some are older than the main chart's start."""
        return self.svg.removesuffix(".svg") + ".history.svg"

    @property
    def live_spec(self) -> str:
        """The live chart's compiled Vega spec as a file of its own: fetched (assets/js/charts.js) only
        when the reader reaches for the chart, so the page's HTML does not carry it."""
        return self.svg.removesuffix(".svg") + ".vg.json"


def compile_vega(vl_spec: dict) -> dict:
    """Vega-Lite → Vega, once, at build time (the browser never loads vega-lite)."""
    engine_starts()
    return adjusted(vl_convert.vegalite_to_vega(vl_spec))


def _code_version() -> str:
    """A hash of the code that shapes a chart (this module and every module of ours it imports, the
    chart builder it imports lazily included) and of the libraries that build and compile it, so a
    cached spec is dropped when any of them changes."""
    return f"{code_digest(__name__)} altair {version('altair')} vl-convert {version('vl-convert-python')}"


def compile_chart(code: str, indicator_id: str, pkg: Package | None = None) -> dict:
    """The compiled Vega specs (layout → spec) of one target's chart in one language."""
    # Imported here: Altair takes half a second to import, and a build whose specs are all cached needs none.
    from altair.utils.schemapi import debug_mode

    from build_scripts.charts.vegalite import build_vegalite

    pkg = worker_package(pkg)
    [ind] = [i for i in pkg.indicators if i.indicator_id == indicator_id]
    lang = Lang(code)
    layouts = [x for x in LAYOUTS if x != "history" or has_history(lang, ind, pkg)]
    # Altair's debug mode checks every object against the Vega-Lite schema as it is made: 30 % of the
    # time of a chart (the real package's 74 charts of two languages: 6.7 s → 4.6 s); the specs are
    # the same, byte for byte, and vl-convert's Vega-Lite compiler still fails on a spec it cannot read.
    with debug_mode(False):
        return {layout: compile_vega(build_vegalite(lang, ind, pkg, layout)) for layout in layouts}


def build_specs(
    pkg: Package, langs: tuple[str, ...], cache_dir: Path | None = None, workers: Workers | None = None
) -> dict[tuple[str, str], dict]:
    """Compiled Vega specs (layout → spec) for every target with data, keyed by (language, indicator id).

    Building a chart's specs with Altair and compiling them takes ~60 ms (its 3-4 layouts), so specs
    are cached under `cache_dir` by a hash of the chart's inputs and of this code: every row any of its
    layouts draws (the long-run chart's too: an old figure corrected must redraw it), the target, the
    charted series and their unit; the uncached ones are built on the workers when there are many."""
    return compile_planned(pkg, *plan_specs(pkg, langs, cache_dir), workers)


Planned = dict[tuple[str, str], "Path | None"]  # (language, target) → the file of its cached specs, if any
Todo = dict[tuple[str, str], "Path | None"]  # the charts to compile → where their specs are cached


def plan_specs(pkg: Package, langs: tuple[str, ...], cache_dir: Path | None = None) -> tuple[Planned, Todo]:
    """Every chart to be drawn, in order, with the file of its specs where they are cached (read by
    `compile_planned`: a build whose charts are drawn elsewhere need not read them); those to compile."""
    specs: Planned = {}
    todo: Todo = {}
    version = _code_version()
    for code in langs:
        lang = Lang(code)
        for ind in pkg.indicators:
            every = chart_rows(lang, ind, pkg, history=True)  # the long-run chart draws them all
            if not main_rows(every):
                continue
            key = (code, ind.indicator_id)
            siblings = charted_series(ind, pkg)
            inputs = json.dumps(
                [code, repr(ind), every, repr(siblings), repr(pkg.units[siblings[0].unit_id]), version],
                ensure_ascii=False,
            )
            digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:32]
            cached = cache_dir / f"{digest}.vg.json" if cache_dir else None
            if cached and cached.exists():
                specs[key] = cached
                touch(cached)
            else:
                specs[key], todo[key] = None, cached
    return specs, todo


def compile_planned(
    pkg: Package, specs: Planned, todo: Todo, workers: Workers | None = None
) -> dict[tuple[str, str], dict]:
    """`plan_specs`' charts with the missing specs compiled (and cached), and the site's address added."""
    jobs = list(todo)
    local = partial(compile_chart, pkg=pkg)
    results = workers.map(compile_chart, jobs, local) if workers else [local(*job) for job in jobs]
    built = dict(zip(jobs, results, strict=True))
    for key, cached in todo.items():
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, json.dumps(built[key], ensure_ascii=False).encode("utf-8"))
    address = site_address()
    return {
        key: with_address(
            built[key] if key in built else json.loads(path.read_text(encoding="utf-8")), address
        )
        for key, path in specs.items()
    }


def with_address(spec: dict, address: str) -> dict:
    """The specs of one chart with the site's address (SITE_URL) ending the download's footer line.

    Added after compiling, so the cached specs do not depend on it: a build with SITE_URL (a deploy)
    compiles nothing again; only the wide image, whose title carries it, is drawn again."""
    if address and "wide" in spec:
        title = spec["wide"]["title"]
        if not isinstance(title.get("subtitle"), list):
            raise TypeError(f"the wide chart's title has no list of subtitle lines: {title!r}")
        spec["wide"]["title"] = {
            **title,
            "subtitle": [*title["subtitle"][:-1], f"{title['subtitle'][-1]} · {address}"],
        }
    return spec


def chart_files(specs: dict[tuple[str, str], dict]) -> dict[tuple[str, str], ChartFiles]:
    """Where each chart's images go (relative to the site root), known before they are drawn."""
    return {
        key: ChartFiles(
            spec["live"], *image_paths(*key), {layout: spec[layout] for layout in DRAWN if layout in spec}
        )
        for key, spec in specs.items()
    }


def image_paths(lang: str, ind_id: str) -> tuple[str, str]:
    """Where a chart's wide SVG and PNG go, relative to the site root (its other SVGs: `ChartFiles`)."""
    return f"charts/{lang}/{ind_id}.svg", f"charts/{lang}/{ind_id}.png"


@dataclass
class Drawing:
    """Charts being drawn (on the workers) while the build goes on; `finish` writes them into the site."""

    files: dict[tuple[str, str], ChartFiles]
    keys: dict[tuple[str, str, str], str]  # (language, target, layout) → the images' cache key
    cache_dir: Path
    pending: list[Future]

    def stop(self) -> None:
        """Nothing to end here: jobs still on the workers are cancelled when the Workers close."""

    def finish(self, site_dir: Path) -> None:
        """Wait for the drawing, then copy every chart's SVGs and PNG into `site_dir`, and write its
        live spec."""
        for job in self.pending:
            job.result()  # a failed render raises here
        site_dir.mkdir(parents=True, exist_ok=True)
        for (lang, ind_id), files in self.files.items():
            (site_dir / files.svg).parent.mkdir(parents=True, exist_ok=True)
            live = json.dumps(files.vega, ensure_ascii=False, separators=(",", ":"))
            (site_dir / files.live_spec).write_text(live, encoding="utf-8")
            for layout, target in (
                ("wide", files.svg),
                ("phone", files.phone_svg),
                ("history", files.history_svg),
            ):
                key = self.keys.get((lang, ind_id, layout))
                if key is None:  # no long-run chart for this target
                    continue
                svg, png = cached_images(self.cache_dir, key)
                (site_dir / target).write_bytes(svg.read_bytes())
                if layout == DOWNLOADED:
                    (site_dir / files.png).write_bytes(png.read_bytes())


def needed(cache_dir: Path, key: str, layout: str) -> tuple[Path, ...]:
    """The cached files a chart image of `layout` needs: its SVG, and the PNG for the download."""
    svg, png = cached_images(cache_dir, key)
    return (svg, png) if layout == DOWNLOADED else (svg,)


def start_drawing(
    specs: dict[tuple[str, str], dict], cache_dir: Path, workers: Workers | None = None
) -> Drawing:
    """Draw every chart image not in the cache: on the workers without waiting when there are many.

    The images are drawn with a subset of the charts' font (see chart_fonts); the cache key is the
    spec and the font lists naming the subset (whose name carries the character set), so the spec
    as drawn is built only for the charts that are drawn. Pages only need the specs and the images'
    paths, so the pipeline builds the pages and runs MkDocs while the workers draw, and copies the
    images into the site afterwards (`Drawing.finish`).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    drawn = {
        (lang, i, layout): spec[layout]
        for (lang, i), spec in specs.items()
        for layout in DRAWN
        if layout in spec
    }
    fonts = chart_fonts.prepare(drawn.values(), cache_dir)
    keys = {k: spec_hash(spec, fonts.families) for k, spec in drawn.items()}
    missing = [k for k in keys if not all(p.exists() for p in needed(cache_dir, keys[k], k[2]))]
    for k in set(keys) - set(missing):
        for path in needed(cache_dir, keys[k], k[2]):
            touch(path)
    jobs = [
        (fonts.render_spec(drawn[k]), keys[k], cache_dir, fonts.directory, k[2] == DOWNLOADED)
        for k in missing
    ]
    pending = []
    if workers and workers.worth_it(len(jobs)):
        pending = [workers.pool().submit(render_one, *job) for job in jobs]
    else:
        for job in jobs:
            render_one(*job)
    return Drawing(chart_files(specs), keys, cache_dir, pending)
