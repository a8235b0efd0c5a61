"""Which observation decides for a period, when several sources give one (rule 3 of `assess`).

The final figure beats a provisional one, then an official source beats the press, the press beats a
copy on a third-party host, then the more precise printed number, then the later publication.
"""

from __future__ import annotations

from build_scripts.common.periods import parse_period
from build_scripts.load.package import Observation

GRADE_RANK = {"official": 0, "press": 1, "copy": 2}


def _precision(obs: Observation) -> int:
    """Significant digits as printed: 93.50 → 4, 1064300 → 5, 1060000 → 3."""
    text = obs.value_text.lstrip("-")
    if "." in text:
        return len(text.replace(".", "").lstrip("0"))
    return len(text.strip("0"))


def pick(observations: list[Observation]) -> Observation:
    """The observation that decides for one period (rule 3 of the module docstring)."""

    def key(o: Observation) -> tuple:
        published = -(o.published_date.toordinal()) if o.published_date else 0
        return (o.status != "final", GRADE_RANK[o.grade], -_precision(o), published, o.source_id)

    return min(observations, key=key)


def by_period(observations: list[Observation]) -> list[Observation]:
    """One deciding observation per period, oldest period first."""
    groups: dict[str, list[Observation]] = {}
    for o in observations:
        groups.setdefault(o.period, []).append(o)
    return sorted((pick(g) for g in groups.values()), key=lambda o: parse_period(o.period).end)
