"""Vega-Lite for one target's chart in one layout (see `layers` for what is drawn and why)."""

from __future__ import annotations

import json
import textwrap

import altair as alt

from build_scripts.charts.layers import (
    LAYOUTS,
    chart_rows,
    font_of,
    panels,
    target_label,
    x_domain,
)
from build_scripts.charts.style import (
    TARGET_STYLE,
    charted_series,
    legend_lines,
    series_label,
    series_styles,
    sorted_series,
)
from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Package
from build_scripts.progress.summaries import axis_unit

TEXT, GRID = "#1c1c1c", "#d5d5d5"
LICENCE = "CC BY 4.0"


def build_vegalite(lang: Lang, ind: Indicator, pkg: Package, layout: str = "wide") -> dict | None:
    """The Vega-Lite spec of one target's chart, or None when the target has no observation."""
    shape = LAYOUTS[layout]
    history = shape.get("history", False)
    rows = chart_rows(lang, ind, pkg, history)
    if not rows:
        return None
    siblings = charted_series(ind, pkg)
    labelled = sorted_series(pkg, ind)
    styles = series_styles(siblings)
    drawn = {r["series"] for r in rows}
    shown = [s for s in siblings if series_label(lang, s, pkg, labelled) in drawn]
    domain = [series_label(lang, s, pkg, labelled) for s in shown]
    looks = [styles[s.series_id] for s in shown]
    target = None
    if ind.kind == "numeric" and ind.target_value is not None and not history:
        target = target_label(lang, pkg, ind)
        domain, looks = [*domain, target], [*looks, TARGET_STYLE]
    legend = _legend(lang, domain) if shape["legend"] else None
    scales = {
        "color": alt.Color(
            "series:N", scale=alt.Scale(domain=domain, range=[x[0] for x in looks]), legend=legend
        ),
        "dash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[x[1] for x in looks]), legend=legend
        ),
        "shape": alt.Shape(
            "series:N", scale=alt.Scale(domain=domain, range=[x[2] for x in looks]), legend=legend
        ),
    }
    # Altair writes each layer; the layers, panels and rows (named datasets) are put together as
    # plain Vega-Lite, because Altair deep-copies every layer at each `layer`/`vconcat` and inline
    # values with them: that was 3/4 of the time of building a chart.
    datasets: dict[str, list[dict]] = {}
    charts = [
        _panel(
            lang, ind, pkg, [r for r in rows if r["series"] in g], rows, scales, shape, target, i, datasets
        )
        for i, g in enumerate(panels(rows))
    ]
    spec = dict(charts[0]) if len(charts) == 1 else {"vconcat": charts, "spacing": 24}
    spec = {"$schema": alt.SCHEMA_URL, **spec, "datasets": datasets}
    if shape["title"]:
        spec["title"] = _title(lang, ind, pkg, rows)
    if shape["width"] == "container":
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["config"] = _config(lang, shape["font"])
    return spec


def _legend(lang: Lang, labels: list[str]) -> alt.Legend:
    """The wide chart's legend, under the plot; a long label is wrapped onto more lines (a label
    given as a list of lines), never cut."""
    wrapped = {x: lines for x in labels if len(lines := legend_lines(lang, x)) > 1}
    expr = f"({json.dumps(wrapped, ensure_ascii=False)})[datum.label] || datum.label" if wrapped else None
    return alt.Legend(orient="bottom", direction="vertical", title=None, labelExpr=expr or alt.Undefined)


def _panel(lang, ind, pkg, rows, all_rows, scales, shape, target, index: int, datasets: dict) -> dict:
    first = index == 0
    unit = pkg.units[charted_series(ind, pkg)[0].unit_id]
    fields = ("series", "period", "shown", "status", "source", "others")
    titles = ("col.series", "col.period", "col.value", "col.status", "col.source", "chart.others")
    tips = [alt.Tooltip(f"{f}:N", title=_word(lang, t)) for f, t in zip(fields, titles, strict=True)]
    x = alt.X(
        "date:T",
        title=None,
        scale=alt.Scale(domain=x_domain(ind, all_rows, shape.get("history", False))),
        axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0, labelOverlap=True),
    )
    zero = unit.unit_id not in ("percent", "score", "index-points")
    axis = alt.Axis(tickMinStep=1, format="d") if unit.unit_id.startswith("count-") else alt.Axis()
    # Head room: the highest point or the target never sits on the top of the frame.
    top = max(
        [r["value"] for r in rows]
        + ([float(ind.target_value_max or ind.target_value)] if target and first else [])
    )
    scale = (
        alt.Scale(zero=True, nice=True, domainMax=top * 1.06)
        if zero and top > 0
        else alt.Scale(zero=zero, nice=True, padding=14)
    )
    y = alt.Y("value:Q", title=axis_unit(lang, pkg, unit.unit_id), scale=scale, axis=axis)
    datasets[f"panel-{index}"] = rows[::-1]
    base = alt.Chart(alt.NamedData(name=f"panel-{index}")).encode(x, y, scales["color"])
    layers = []
    if target and first:
        layers.append(_target_rule(ind, all_rows, target, scales, datasets))
    layers.append(base.mark_line(strokeWidth=2.5).encode(scales["dash"], alt.Detail("segment:N")))
    point = {"size": 90, "opacity": 1, "strokeWidth": 2}
    if any(not r["provisional"] for r in rows):
        layers.append(
            base.mark_point(filled=True, **point)
            .encode(scales["shape"], tooltip=tips)
            .transform_filter("!datum.provisional")
        )
    if any(r["provisional"] for r in rows):
        layers.append(
            base.mark_point(filled=False, **point)
            .encode(scales["shape"], tooltip=tips)
            .transform_filter("datum.provisional")
        )
    if shape.get("nearest"):
        layers.append(_nearest(base, tips, index))
    height = shape["height"] if first else int(shape["height"] * 0.6)
    return {"layer": [_layer(x) for x in layers], "width": shape["width"], "height": height}


def _nearest(base: alt.Chart, tips: list, index: int) -> alt.Chart:
    """Invisible points over every figure, with a nearest-point selection: Vega-Lite then lays a
    voronoi layer over the plot whose cells carry the tooltip, so a pointer (or, with charts.js, a
    tap) anywhere in the plot reaches the nearest figure, not only the 7 px point itself."""
    near = alt.selection_point(
        name=f"nearest_{index}", nearest=True, on="pointerover", clear="pointerout", empty=False
    )
    return base.mark_point(opacity=0, aria=False).encode(tooltip=tips).add_params(near)


def _layer(chart: alt.Chart) -> dict:
    """One layer as Vega-Lite, without what belongs to the whole spec."""
    spec = chart.to_dict(validate=False)
    for key in ("$schema", "config", "datasets"):
        spec.pop(key, None)
    return spec


def _target_rule(ind: Indicator, rows: list[dict], label: str, scales: dict, datasets: dict) -> alt.Chart:
    """The target as a dashed rule (a band for a range) from 2023 to its year (or the axis's end),
    named in the legend; never outside the axis."""
    start, end = x_domain(ind, rows)
    first = max(start, "2023-01-01")  # the outline's first year, or the axis's start when later
    if first > end:  # no target year and every figure older than 2023: the rule spans the axis
        first = start
    top = float(ind.target_value_max or ind.target_value)
    datasets["target"] = [{"x": first, "x2": end, "y": float(ind.target_value), "y2": top, "series": label}]
    data = alt.NamedData(name="target")
    tip = [alt.Tooltip("series:N", title=None)]
    if ind.comparator == "range":
        mark = alt.Chart(data).mark_rect(opacity=0.25)
        return mark.encode(
            alt.X("x:T"), alt.X2("x2"), alt.Y("y:Q"), alt.Y2("y2"), scales["color"], tooltip=tip
        )
    mark = alt.Chart(data).mark_rule(strokeWidth=2)
    return mark.encode(alt.X("x:T"), alt.X2("x2"), alt.Y("y:Q"), scales["color"], scales["dash"], tooltip=tip)


def _title(lang: Lang, ind: Indicator, pkg: Package, rows: list[dict]) -> dict:
    """Title, unit, sources, date of the data and licence: what a download must carry (the site's
    address is added to the compiled spec's last line: `specs.with_address`)."""
    unit = axis_unit(lang, pkg, charted_series(ind, pkg)[0].unit_id)  # in the page's own words
    sources = list(dict.fromkeys(r["source"].split(" (")[0] for r in rows))
    latest = max(rows, key=lambda r: r["date"])["period"]
    site = lang.t("home.title")
    if lang.is_en:
        lines = [f"Unit: {unit}", *_wrap("Sources: " + "; ".join(sources), 90)]
        lines.append(f"Data up to {latest} · Licence {LICENCE} · {site}")
    else:
        lines = [lang.zh("单位：") + unit, *_wrap(lang.zh("来源：") + "；".join(sources), 44)]
        lines.append(lang.zh(f"数据截至{latest} · 许可 {LICENCE} · ") + site)
    return {
        "text": lang.pick(ind.name_zh, ind.name_en),
        "subtitle": lines,
        "anchor": "start",
        "fontSize": 16,
        "subtitleFontSize": 12,
        "color": TEXT,
        "subtitleColor": TEXT,
        "offset": 12,
    }


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _config(lang: Lang, font: int) -> dict:
    return {
        "font": font_of(lang),
        "background": "#ffffff",
        "padding": 8,
        "axis": {
            "labelFontSize": font,
            "titleFontSize": font,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "gridColor": GRID,
            "domainColor": TEXT,
            "tickColor": TEXT,
        },
        "legend": {"labelFontSize": font, "labelLimit": 0, "symbolStrokeWidth": 2.5, "symbolSize": 120},
        "view": {"stroke": None},
    }


def _word(lang: Lang, key: str) -> str:
    if key == "chart.others":
        return "Other sources" if lang.is_en else lang.zh("其他来源")
    return lang.t(key)
