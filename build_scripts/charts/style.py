"""What a chart shows and how each series looks: which series, in which unit, with which label,
colour, dash and point shape.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies),
given in order within one chart, official series first (always blue, solid, circles); each other
series also has its own dash and point shape, so no two series of a chart share a look even in
grey. The target is a black dashed rule with its own legend entry (a line), never a label over
the data.
"""

from __future__ import annotations

import re
import textwrap

from build_scripts.common.i18n import Lang
from build_scripts.load.package import Indicator, Package, Series

FONTS = {"zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "en": "Noto Sans CJK SC"}
ROLE_ORDER = ("official", "predecessor", "proxy", "component", "comparison")
# Okabe & Ito (2008), without yellow (#F0E442, under 2:1 on white). Blue is the official series.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right")
TARGET_STYLE = ("#1c1c1c", [5, 3], "stroke")
DEFINITION_HEAD = re.compile(r"^[^（(，,；;。:：]{2,}")


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
    """The definition up to its first punctuation, whole: a label cut with "…" can leave two series
    looking the same; the legend wraps long labels instead (`legend_lines`)."""
    definition = lang.pick(s.definition_zh, s.definition_en)
    head = DEFINITION_HEAD.match(definition)
    return head.group(0).strip() if head else definition


def legend_lines(lang: Lang, label: str) -> list[str]:
    """A legend label in lines that fit beside the wide chart (about 420 px of 13 px text)."""
    width = 64 if lang.is_en else 32
    return textwrap.wrap(label, width, break_on_hyphens=False) or [label]


def series_styles(siblings: list[Series]) -> dict[str, tuple[str, list[int], str]]:
    """(colour, dash, point shape) per series id, in the order given (official first): all distinct."""
    if len(siblings) > len(OKABE_ITO):
        raise ValueError(f"{len(siblings)} series on one chart: at most {len(OKABE_ITO)} can be told apart")
    return {s.series_id: (OKABE_ITO[i], DASHES[i], SHAPES[i]) for i, s in enumerate(siblings)}


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
    """The series drawn on the chart: those in the chart's unit that have data (others only appear in
    the data table, since one axis cannot carry two units), official first."""
    unit = chart_unit(ind, pkg)
    return [
        s for s in sorted_series(pkg, ind) if s.unit_id == unit and pkg.observations_of_series(s.series_id)
    ]
