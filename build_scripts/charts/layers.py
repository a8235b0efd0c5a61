"""The Vega-Lite spec of one target's chart, in three layouts of the same content.

- `phone`: narrow, 14 px text, no legend (the page shows the legend as text under the image), so
  at 390 px no chart text is under 12 CSS px;
- `wide`: fills a desktop content column, with its legend, and with the title, unit, sources,
  date of the data, licence and the site's address, because it is also the SVG/PNG download;
- `live`: the interactive chart, as wide as its container, no legend (the page's legend applies),
  where a pointer or a tap anywhere in the plot shows the nearest figure's tooltip;
- `history`: the long run, every figure from the first, small, without the target (only drawn
  when some figures are older than the main chart's first year).

The x axis runs from the outline's baseline (the last figure before 2023) to the target year, with
half a year's padding either side; older figures stay in the data table. One point per series and
period end (the deciding source, by the same rule as the status); the other sources for that
period are named in the tooltip. Lines join two figures of one series only when they are at most
~13 months apart. Counts get integer ticks. A series far smaller than the largest (under 1/8 of
its peak) goes to a second panel with its own axis, where it does not read as zero.
"""

from __future__ import annotations

import os
from datetime import date

from build_scripts.charts.style import (
    FONTS,
    TARGET_STYLE,
    charted_series,
    series_label,
    series_styles,
    sorted_series,
)
from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Observation, Package, Series
from build_scripts.progress.assess import BASELINE_YEAR, parse_period
from build_scripts.progress.choice import pick
from build_scripts.progress.summaries import target_text, with_unit

LAYOUTS = {
    "phone": {"width": 290, "height": 220, "font": 14, "legend": False, "title": False},
    "wide": {"width": 560, "height": 280, "font": 13, "legend": True, "title": True},
    "live": {
        "width": "container",
        "height": 260,
        "font": 13,
        "legend": False,
        "title": False,
        "nearest": True,
    },
    "history": {"width": 290, "height": 150, "font": 14, "legend": False, "title": False, "history": True},
}
MAX_JOIN_DAYS = 400
BASELINE_REACH = 3  # a baseline older than 2020 is history: in the long-run chart and the table
SMALL_SCALE = 8  # a series whose peak is under 1/8 of the largest peak gets its own panel


def chart_rows(lang: Lang, ind: Indicator, pkg: Package, history: bool = False) -> list[dict]:
    """One row per charted series and period end (the deciding source), from the baseline on (or
    every year, for the long-run chart)."""
    siblings, labelled = charted_series(ind, pkg), sorted_series(pkg, ind)
    if not siblings:
        return []
    rows = []
    for s in siblings:
        segment, last = 0, None
        for group in _by_period_end(pkg.observations_of_series(s.series_id)):
            row = _row(lang, s, group, pkg, labelled)
            day = date.fromisoformat(row["date"])
            if last is not None and (day - last).days > MAX_JOIN_DAYS:
                segment += 1
            row["segment"], last = f"{s.series_id}#{segment}", day
            rows.append(row)
    return rows if history else main_rows(rows)


def main_rows(every: list[dict]) -> list[dict]:
    """The main chart's rows among all of a chart's rows (`chart_rows(..., history=True)`): from the
    baseline on."""
    start = baseline_start(every) if every else "0000"
    return [r for r in every if r["date"] >= start]


def has_history(lang: Lang, ind: Indicator, pkg: Package) -> bool:
    """Whether some figures are older than the main chart's first year (then a long-run chart shows all)."""
    return len(chart_rows(lang, ind, pkg, history=True)) > len(chart_rows(lang, ind, pkg))


def _by_period_end(observations: list[Observation]) -> list[list[Observation]]:
    """Observations grouped by the day their period ends ('2023' and '2023-12' are one point), the
    deciding one first, oldest group first."""
    groups: dict[date, list[Observation]] = {}
    for o in observations:
        groups.setdefault(parse_period(o.period).end, []).append(o)
    out = []
    for end in sorted(groups):
        first = pick(groups[end])
        out.append([first, *[o for o in groups[end] if o is not first]])
    return out


def baseline_start(rows: list[dict]) -> str:
    """The first date drawn: the year of the baseline (the last figure before the outline, if it is
    from the BASELINE_REACH years before 2023), else 2022, the year before the outline; when every
    figure is older than that, the first figure's year (the chart is then all history)."""
    years = [int(r["date"][:4]) for r in rows]
    recent = [y for y in years if y > BASELINE_YEAR - BASELINE_REACH]
    if not recent:
        return f"{min(years)}-01-01"
    before = [y for y in recent if y <= BASELINE_YEAR]
    return f"{max(before) if before else BASELINE_YEAR}-01-01"


def _row(lang: Lang, s: Series, group: list[Observation], pkg: Package, siblings: list[Series]) -> dict:
    o = group[0]
    src = pkg.sources[o.source_id]
    published = f" ({src.published_date.isoformat()})" if src.published_date else ""
    p = parse_period(o.period)
    sep = "; " if lang.is_en else "；"
    others = sep.join(
        f"{with_unit(lang, pkg, s.unit_id, x.value_text)} ({pkg.sources[x.source_id].publisher})"
        for x in group[1:]
    )
    return {
        "series": series_label(lang, s, pkg, siblings),
        "date": (p.start + (p.end - p.start) / 2).isoformat(),
        "period": lang.period(o.period, o.period_approximate),
        "value": float(o.value),
        "shown": with_unit(lang, pkg, s.unit_id, o.value_text),
        "status": lang.t("provisional" if o.status == "provisional" else "final"),
        "provisional": o.status == "provisional",
        "source": f"{src.publisher}{published}",
        "others": others or "—",
    }


def x_domain(ind: Indicator, rows: list[dict], history: bool = False) -> list[str]:
    """From the baseline year's start (or the first figure's) to the end of the target year (or of
    the last figure's year)."""
    last_year = max([int(r["date"][:4]) for r in rows] + ([ind.target_year] if ind.target_year else []))
    first = f"{min(r['date'] for r in rows)[:4]}-01-01" if history else baseline_start(rows)
    return [first, f"{last_year}-12-31"]


def target_label(lang: Lang, pkg: Package, ind: Indicator) -> str:
    """'2025年目标 ≥600件' / '2025 target ≥ 600 items'."""
    year = (f"{ind.target_year} " if lang.is_en else f"{ind.target_year}年") if ind.target_year else ""
    return f"{year}{lang.t('chart.target')} {target_text(lang, pkg, ind)}"


def panels(rows: list[dict]) -> list[list[str]]:
    """Series labels per panel: one panel, or two when some series are far smaller than the largest."""
    peaks: dict[str, float] = {}
    for r in rows:
        peaks[r["series"]] = max(peaks.get(r["series"], 0.0), abs(r["value"]))
    top = max(peaks.values())
    small = [s for s, v in peaks.items() if v * SMALL_SCALE < top]
    big = [s for s in peaks if s not in small]
    return [big, small] if small else [big]


def legend_entries(lang: Lang, ind: Indicator, pkg: Package) -> list[dict]:
    """The chart's legend as data (for the page's text legend): label, colour, dash, shape."""
    rows = chart_rows(lang, ind, pkg)
    styles = series_styles(charted_series(ind, pkg))
    labels = {
        series_label(lang, s, pkg, sorted_series(pkg, ind)): s.series_id for s in charted_series(ind, pkg)
    }
    out = [
        {"label": label, "colour": c, "dash": " ".join(map(str, d)), "shape": sh}
        for label, sid in labels.items()
        if any(r["series"] == label for r in rows)
        for c, d, sh in [styles[sid]]
    ]
    if ind.kind == "numeric" and ind.target_value is not None:
        c, d, sh = TARGET_STYLE
        out.append(
            {"label": target_label(lang, pkg, ind), "colour": c, "dash": " ".join(map(str, d)), "shape": sh}
        )
    return out


def site_address() -> str:
    """The site's address for a download's footer: SITE_URL when the build has one."""
    return os.environ.get("SITE_URL", "").strip()


def font_of(lang: Lang) -> str:
    """The chart font of a language."""
    return FONTS[lang.code]
