"""Charts: one Altair chart per target with data and language → Vega JSON, SVG and PNG.

Each series (口径) is its own line and point style: the official series a solid blue line, a
predecessor measure, proxy, national comparison or component each their own colour, dash and
point shape. Lines are drawn per series, so two series are never joined. The target is a dashed
rule (a band for a range) up to its year; provisional figures are hollow points; tooltips name the
source. The Vega-Lite spec is compiled to Vega at build time, so the browser runs only vega +
vega-embed (with the CSP-safe expression interpreter), and the same Vega spec is rendered here to
the SVG a reader sees first (and with JS off) and the PNG offered for download.

Rendering is the slow part of the build, so SVG/PNG are cached under `.cache/charts/` by a hash of
the Vega spec (and the renderer's version), drawn with a subset of the font (chart_fonts), and
rendered on two worker processes when there are many, while the pipeline goes on with the pages.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

import altair as alt
import vl_convert

from build_scripts.charts import fonts as chart_fonts
from build_scripts.charts.render import render_one, spec_hash, write_atomic
from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Observation, Package, Series
from build_scripts.progress.assess import by_period, parse_period
from build_scripts.progress.summaries import axis_unit, target_text, with_unit

WIDTH, HEIGHT = 360, 220  # small enough that a phone shows the SVG at ~85% (text ≥ 11 px)
FONTS = {"zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "en": "Noto Sans CJK SC"}
CODE_FILES = ("charts/specs.py", "common/i18n.py", "progress/summaries.py", "progress/assess.py")
ROLE_ORDER = ("official", "predecessor", "proxy", "component", "comparison")
# Per role, variants for a second, third… series of that role: (colour, dash). Colours have at least
# 3:1 contrast on the white chart background; the official series is always solid blue circles.
ROLE_STYLES = {
    "official": [("#1a5fb4", [1, 0])],
    "predecessor": [("#813d9c", [6, 3]), ("#613583", [2, 3]), ("#a347ba", [9, 3])],
    "proxy": [("#c64600", [2, 2]), ("#865e3c", [6, 2, 2, 2]), ("#a51d2d", [4, 4])],
    "component": [("#26805c", [4, 2, 1, 2]), ("#0f6b6b", [7, 3]), ("#4e7a27", [2, 4])],
    "comparison": [("#5e5c64", [8, 4]), ("#3d3846", [3, 3]), ("#77767b", [10, 2, 2, 2])],
}
# Lines join two figures of one series only when they are at most ~13 months apart: a longer gap is
# left open, because a line across it would suggest values nobody observed.
MAX_JOIN_DAYS = 400
POOL_FROM = 8  # fewer jobs than this run in this process (see Workers)
T = TypeVar("T")
SHAPES = ("square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left", "triangle-right")
DEFINITION_HEAD = re.compile(r"^[^（(，,；;。:：]{2,}")


@dataclass(frozen=True)
class ChartFiles:
    """The compiled Vega spec and the paths (relative to the site root) of one chart's images."""

    vega: dict
    svg: str
    png: str


def series_label(lang: Lang, s: Series, pkg: Package, siblings: list[Series]) -> str:
    """A legend label: place and role; when a target has two series of the same place and role, the
    head of each one's definition (e.g. 全国产品质量抽查合格率) tells them apart, and a number when
    even those heads are the same."""
    geo = pkg.geographies[s.geography_id]
    label = f"{lang.pick(geo.name_zh, geo.name_en)} · {lang.t('role.' + s.role)}"
    same = [x for x in siblings if x.geography_id == s.geography_id and x.role == s.role]
    if len(same) == 1:
        return label
    heads = [_definition_head(lang, x) for x in same]
    mine = heads[same.index(s)]
    if heads.count(mine) > 1:
        mine = f"{mine} {same.index(s) + 1}"
    return f"{label} · {mine}"


def _definition_head(lang: Lang, s: Series) -> str:
    definition = lang.pick(s.definition_zh, s.definition_en)
    head = DEFINITION_HEAD.match(definition)
    short = head.group(0).strip() if head else definition
    limit = 36 if lang.is_en else 18
    return short if len(short) <= limit else short[: limit - 1] + "…"


def series_styles(siblings: list[Series]) -> dict[str, tuple[str, list[int], str]]:
    """(colour, dash, point shape) per series id: distinct within one chart, colour family by role."""
    styles, used = {}, {role: 0 for role in ROLE_STYLES}
    shapes = iter(SHAPES * 3)
    for s in siblings:
        variants = ROLE_STYLES[s.role]
        colour, dash = variants[used[s.role] % len(variants)]
        used[s.role] += 1
        styles[s.series_id] = (colour, dash, "circle" if s.role == "official" else next(shapes))
    return styles


def _date(period: str) -> str:
    """Where a period is plotted: the middle of a year or month, or the day itself."""
    p = parse_period(period)
    mid = p.start + (p.end - p.start) / 2
    return mid.isoformat()


def chart_unit(ind: Indicator, pkg: Package) -> str | None:
    """The unit of a target's y axis: the target's own, or for a qualitative target the one unit its
    series with data share (None when they do not share one: no chart then)."""
    if ind.unit_id:
        return ind.unit_id
    units = {s.unit_id for s in pkg.series_of(ind.indicator_id) if pkg.observations_of_series(s.series_id)}
    return units.pop() if len(units) == 1 else None


def sorted_series(pkg: Package, ind: Indicator) -> list[Series]:
    """A target's series, official first, in the order their labels are numbered."""
    return sorted(pkg.series_of(ind.indicator_id), key=lambda s: ROLE_ORDER.index(s.role))


def charted_series(ind: Indicator, pkg: Package) -> list[Series]:
    """The series drawn on the chart: those in the chart's unit (others only appear in the data table,
    since one axis cannot carry two units), official first."""
    unit = chart_unit(ind, pkg)
    return [s for s in sorted_series(pkg, ind) if s.unit_id == unit]


def chart_rows(lang: Lang, ind: Indicator, pkg: Package) -> list[dict]:
    """One row per charted series and period (the deciding source for that period), for the chart data."""
    siblings = charted_series(ind, pkg)
    if not siblings:
        return []
    rows = []
    for s in siblings:
        segment, last = 0, None
        for o in by_period(pkg.observations_of_series(s.series_id)):
            row = _row(lang, s, o, pkg, siblings)
            day = date.fromisoformat(row["date"])
            if last is not None and (day - last).days > MAX_JOIN_DAYS:
                segment += 1
            row["segment"], last = f"{s.series_id}#{segment}", day
            rows.append(row)
    return rows


def _row(lang: Lang, s: Series, o: Observation, pkg: Package, siblings: list[Series]) -> dict:
    src = pkg.sources[o.source_id]
    published = f" ({src.published_date.isoformat()})" if src.published_date else ""
    return {
        "series": series_label(lang, s, pkg, siblings),
        "role": s.role,
        "date": _date(o.period),
        "period": lang.period(o.period),
        "value": float(o.value),
        "shown": with_unit(lang, pkg, s.unit_id, o.value_text),
        "status": lang.t("provisional" if o.status == "provisional" else "final"),
        "provisional": o.status == "provisional",
        "source": f"{src.publisher}{published}",
    }


def _target_layer(lang: Lang, pkg: Package, ind: Indicator, rows: list[dict]) -> list[alt.Chart]:
    """A dashed rule (or band for a range) at the target, from 2023 (or the first point) to its year."""
    first = min([r["date"] for r in rows] + ["2023-01-01"])
    last = f"{ind.target_year}-12-31" if ind.target_year else max(r["date"] for r in rows)
    year = f"{ind.target_year} " if ind.target_year else ""
    label = f"{year}{lang.t('chart.target')} {target_text(lang, pkg, ind)}"
    top = float(ind.target_value_max or ind.target_value)
    data = alt.Data(
        values=[{"x": first, "x2": last, "y": float(ind.target_value), "y2": top, "label": label}]
    )
    tip = alt.Tooltip("label:N", title=lang.t("target"))
    if ind.comparator == "range":
        mark = alt.Chart(data).mark_rect(color="#e5a50a", opacity=0.3)
        mark = mark.encode(alt.X("x:T"), alt.X2("x2"), alt.Y("y:Q"), alt.Y2("y2"), tooltip=[tip])
    else:
        mark = alt.Chart(data).mark_rule(color="#a51d2d", strokeDash=[5, 3], strokeWidth=2)
        mark = mark.encode(alt.X("x:T"), alt.X2("x2"), alt.Y("y:Q"), tooltip=[tip])
    text = alt.Chart(data).mark_text(align="right", dy=-7, color="#a51d2d", fontSize=13)
    text = text.encode(alt.X("x2:T"), alt.Y("y2:Q"), alt.Text("label:N"))
    return [mark, text]


def _scale(labels: list[str], styles: list[tuple], index: int) -> alt.Scale:
    """One style dimension (colour, dash or shape) per series, in legend order."""
    return alt.Scale(domain=labels, range=[style[index] for style in styles])


def build_vegalite(lang: Lang, ind: Indicator, pkg: Package) -> dict | None:
    """The Vega-Lite spec of one target's chart, or None when the target has no observation."""
    rows = chart_rows(lang, ind, pkg)
    if not rows:
        return None
    siblings = charted_series(ind, pkg)
    by_label = {series_label(lang, s, pkg, siblings): s.series_id for s in siblings}
    labels = list(dict.fromkeys(r["series"] for r in rows))
    all_styles = series_styles(siblings)
    styles = [all_styles[by_label[x]] for x in labels]
    rows = rows[::-1]  # the official series is drawn last, on top
    unit = pkg.units[siblings[0].unit_id]
    color = alt.Color(
        "series:N", title=None, scale=_scale(labels, styles, 0), legend=alt.Legend(orient="bottom")
    )
    dash = alt.StrokeDash("series:N", title=None, scale=_scale(labels, styles, 1))
    shape = alt.Shape("series:N", title=None, scale=_scale(labels, styles, 2))
    fields = ("series", "period", "shown", "status", "source")
    titles = ("col.series", "col.period", "col.value", "col.status", "col.source")
    tips = [alt.Tooltip(f"{f}:N", title=lang.t(t)) for f, t in zip(fields, titles, strict=True)]
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    zero = unit.unit_id not in ("percent", "score", "index-points")
    y = alt.Y("value:Q", title=axis_unit(lang, pkg, unit.unit_id), scale=alt.Scale(zero=zero))
    base = alt.Chart(alt.Data(values=rows)).encode(x, y, color)
    lines = base.mark_line(strokeWidth=2).encode(dash, alt.Detail("segment:N"))
    final = base.mark_point(filled=True, size=60, opacity=1).encode(shape, tooltip=tips)
    prov = base.mark_point(filled=False, size=70, strokeWidth=2, opacity=1).encode(shape, tooltip=tips)
    layers = [*(_target_layer(lang, pkg, ind, rows) if ind.kind == "numeric" else []), lines]
    if any(not r["provisional"] for r in rows):  # no empty layers: vega warns about their extent
        layers.append(final.transform_filter("!datum.provisional"))
    if any(r["provisional"] for r in rows):
        layers.append(prov.transform_filter("datum.provisional"))
    config = {
        "font": FONTS[lang.code],
        "background": "#ffffff",
        "axis": {
            "labelFontSize": 13,
            "titleFontSize": 13,
            "labelColor": "#241f31",
            "titleColor": "#241f31",
            "gridColor": "#deddda",
        },
        "legend": {"labelFontSize": 13, "labelLimit": 0, "symbolStrokeWidth": 2, "columns": 1},
        "view": {"stroke": None},
    }
    spec = alt.LayerChart(layer=layers, width=WIDTH, height=HEIGHT).to_dict(validate=False)
    spec["config"] = config
    return spec


def compile_vega(vl_spec: dict) -> dict:
    """Vega-Lite → Vega, once, at build time (the browser never loads vega-lite)."""
    return vl_convert.vegalite_to_vega(vl_spec)


def _code_version() -> str:
    """A hash of the code that shapes a chart, so a cached spec is dropped when that code changes."""
    here = Path(__file__).resolve().parents[1]  # build_scripts/
    text = "".join((here / name).read_text(encoding="utf-8") for name in CODE_FILES)
    return hashlib.sha256((text + alt.__version__).encode("utf-8")).hexdigest()


class Workers:
    """Two worker processes for the slow parts (spec compilation, rendering), started on first use.

    `spawn`, not fork: vl-convert runs a JS engine thread that a forked child would inherit locked.
    Each worker gets the package once (initializer), then only (language, target) pairs or specs.
    A worker takes ~1.5 s to start (importing Altair, loading vl-convert's JS engine), so this
    process works too: it takes jobs from the end of the list while the workers take them from the
    front (`map`). Fewer jobs than POOL_FROM all run here: the start-up would cost more than it saves.
    """

    def __init__(self, pkg: Package, count: int = 2) -> None:
        self.pkg, self.count = pkg, count
        self._pool: ProcessPoolExecutor | None = None

    def worth_it(self, jobs: int) -> bool:
        """Whether `jobs` jobs should go to the workers."""
        return self.count > 1 and jobs >= POOL_FROM

    def map(self, fn: Callable[..., T], jobs: list[tuple], local: Callable[..., T] | None = None) -> list[T]:
        """`fn(*job)` for every job, in order; `local` is how this process runs a job (default `fn`)."""
        local = local or fn
        if not self.worth_it(len(jobs)):
            return [local(*job) for job in jobs]
        futures = [self.pool().submit(fn, *job) for job in jobs]
        results: dict[int, T] = {}
        for index in reversed(range(len(jobs))):
            if not futures[index].cancel():  # a worker has it (or had it): the rest are theirs
                break
            results[index] = local(*jobs[index])
        return [results[i] if i in results else futures[i].result() for i in range(len(jobs))]

    def pool(self) -> ProcessPoolExecutor:
        """The pool, started now if it is not yet."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.count, mp_context=context, initializer=_worker_init, initargs=(self.pkg,)
            )
        return self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


_worker_pkg: Package | None = None


def _worker_init(pkg: Package) -> None:
    global _worker_pkg  # one package per worker process, set once
    _worker_pkg = pkg


def compile_chart(code: str, indicator_id: str, pkg: Package | None = None) -> dict:
    """The compiled Vega spec of one target's chart in one language (in a worker: its package)."""
    pkg = pkg or _worker_pkg
    if pkg is None:
        raise RuntimeError("compile_chart ran in a worker that was given no package")
    [ind] = [i for i in pkg.indicators if i.indicator_id == indicator_id]
    return compile_vega(build_vegalite(Lang(code), ind, pkg))


def build_specs(
    pkg: Package, langs: tuple[str, ...], cache_dir: Path | None = None, workers: Workers | None = None
) -> dict[tuple[str, str], dict]:
    """Compiled Vega specs for every target with data, keyed by (language, indicator id).

    Building a spec with Altair and compiling it takes ~55 ms, so specs are cached under
    `cache_dir` by a hash of the chart's inputs (its rows, the target, the unit) and of this code;
    the uncached ones are built on the workers when there are many.
    """
    specs: dict[tuple[str, str], dict] = {}
    todo: dict[tuple[str, str], Path | None] = {}
    version = _code_version()
    for code in langs:
        lang = Lang(code)
        for ind in pkg.indicators:
            rows = chart_rows(lang, ind, pkg)
            if not rows:
                continue
            key = (code, ind.indicator_id)
            inputs = json.dumps(
                [code, repr(ind), rows, repr(charted_series(ind, pkg)), version], ensure_ascii=False
            )
            digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:32]
            cached = cache_dir / f"{digest}.vg.json" if cache_dir else None
            specs[key] = {}  # keeps the order; filled below
            if cached and cached.exists():
                specs[key] = json.loads(cached.read_text(encoding="utf-8"))
            else:
                todo[key] = cached
    jobs = list(todo)
    local = partial(compile_chart, pkg=pkg)
    results = workers.map(compile_chart, jobs, local) if workers else [local(*job) for job in jobs]
    built = dict(zip(jobs, results, strict=True))
    for key, cached in todo.items():
        specs[key] = built[key]
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, json.dumps(built[key], ensure_ascii=False).encode("utf-8"))
    return specs


def chart_files(specs: dict[tuple[str, str], dict]) -> dict[tuple[str, str], ChartFiles]:
    """Where each chart's images go (relative to the site root), known before they are drawn."""
    return {
        (lang, ind_id): ChartFiles(spec, f"charts/{lang}/{ind_id}.svg", f"charts/{lang}/{ind_id}.png")
        for (lang, ind_id), spec in specs.items()
    }


@dataclass
class Drawing:
    """Charts being drawn (on the workers) while the build goes on; `finish` writes them into the site."""

    files: dict[tuple[str, str], ChartFiles]
    rendered: dict[tuple[str, str], dict]
    cache_dir: Path
    fonts: Path
    pending: list[Future]

    def finish(self, site_dir: Path) -> None:
        """Wait for the drawing, then copy every chart's SVG and PNG into `site_dir`."""
        for job in self.pending:
            job.result()  # a failed render raises here
        for key, files in self.files.items():
            svg, png = render_one(self.rendered[key], self.cache_dir, self.fonts)  # from the cache
            (site_dir / files.svg).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / files.svg).write_bytes(svg.read_bytes())
            (site_dir / files.png).write_bytes(png.read_bytes())


def start_drawing(
    specs: dict[tuple[str, str], dict], cache_dir: Path, workers: Workers | None = None
) -> Drawing:
    """Draw every chart not in the cache: on the workers without waiting when there are many, else here.

    The images are drawn with a subset of the charts' font (see chart_fonts); the cache key is the
    spec as rendered, so it includes the subset's name and with it the character set. Pages only
    need the specs and the images' paths, so the pipeline builds the pages and runs MkDocs while the
    workers draw, and copies the images into the site afterwards (`Drawing.finish`).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    fonts = chart_fonts.prepare(specs.values(), cache_dir)
    rendered = {key: fonts.render_spec(spec) for key, spec in specs.items()}
    missing = [k for k in rendered if not (cache_dir / f"{spec_hash(rendered[k])}.png").exists()]
    pending = []
    if workers and workers.worth_it(len(missing)):
        pending = [
            workers.pool().submit(render_one, rendered[k], cache_dir, fonts.directory) for k in missing
        ]
    else:
        for key in missing:
            render_one(rendered[key], cache_dir, fonts.directory)
    return Drawing(chart_files(specs), rendered, cache_dir, fonts.directory, pending)
