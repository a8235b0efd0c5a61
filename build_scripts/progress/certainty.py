"""How sure a verdict is: a pure function of the evidence grades of the figures it rests on.

A status resting on at least one figure read only on a copy (a mirror or re-host of an official
or press text) is `unverified` and shown as such (已实现（来源待核实）/ Achieved (source
unverified)); every figure read on the publisher's own page or a news organisation's own page
makes it `confirmed`; no verdict, no certainty (`none`).
"""

from __future__ import annotations

from enum import StrEnum

from build_scripts.load.package import Observation


class Certainty(StrEnum):
    """How sure a verdict is (rule 7 of `progress.assess`)."""

    CONFIRMED = "confirmed"
    UNVERIFIED = "unverified"
    NONE = "none"


def certainty_of(evidence: tuple[Observation, ...]) -> Certainty:
    """confirmed when every figure is read on an official or press page, unverified if any is a copy."""
    if not evidence:
        return Certainty.NONE
    return Certainty.UNVERIFIED if any(o.grade == "copy" for o in evidence) else Certainty.CONFIRMED
