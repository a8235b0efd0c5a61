"""How sure a verdict is: a pure function of the evidence grades of the figures it rests on.

A verdict is supported in one or more ways, each a set of figures that together decide it (a level
reached: any one figure that meets the target; a per-year target: every judged year together;
otherwise the deciding figure). It is `confirmed` when at least one way rests only on figures read
on an official page (the publishing agency's own) or a press page (a news organisation's own), and
`unverified` when every way needs a copy (the text read on a third-party host): pages show it as
已实现（来源待核实）/ Achieved (source unverified). No verdict, no certainty (`none`).
"""

from __future__ import annotations

from enum import StrEnum

from build_scripts.load.package import Observation


class Certainty(StrEnum):
    """How sure a verdict is (rule 7 of `progress.assess`)."""

    CONFIRMED = "confirmed"
    UNVERIFIED = "unverified"
    NONE = "none"


Support = tuple[tuple[Observation, ...], ...]


def certainty_of(support: Support) -> Certainty:
    """confirmed if some way of supporting the verdict needs no copy, unverified if every way does."""
    ways = [way for way in support if way]
    if not ways:
        return Certainty.NONE
    if any(all(o.grade != "copy" for o in way) for way in ways):
        return Certainty.CONFIRMED
    return Certainty.UNVERIFIED
