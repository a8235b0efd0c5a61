"""A target's comparator applied to one value: which way is better, whether it is met, the gap.

Comparators: ge ≥, gt >, le ≤, lt <; `range` is met inside [min, max] (beyond the max counts as met
when more is better, below the min when less is better); `approx` (左右) is met at or beyond the
value in the better direction, and for direction "none" within half a unit of its last printed digit.
"""

from __future__ import annotations

from decimal import Decimal

from build_scripts.load.package import Indicator


def better_is_higher(ind: Indicator) -> bool:
    """Which way the target points: ≥/> up, ≤/< down, range/approx by the stated direction."""
    if ind.comparator in ("ge", "gt"):
        return True
    if ind.comparator in ("le", "lt"):
        return False
    if ind.direction == "none" and ind.comparator == "approx":
        raise ValueError(f"{ind.indicator_id}: approx with direction none has no 'better' side")
    return ind.direction != "decrease"


def is_met(ind: Indicator, value: Decimal) -> bool:
    """Whether one value satisfies the target's comparator."""
    t = ind.target_value
    c = ind.comparator
    if c == "range":
        lo, hi = t, ind.target_value_max
        return (
            lo <= value <= hi
            or (ind.direction == "increase" and value > hi)
            or (ind.direction == "decrease" and value < lo)
        )
    if c == "approx" and ind.direction == "none":
        half = Decimal(1).scaleb(t.as_tuple().exponent) / 2
        return abs(value - t) <= half
    checks = {
        "ge": value >= t,
        "gt": value > t,
        "le": value <= t,
        "lt": value < t,
        "approx": value >= t if better_is_higher(ind) else value <= t,
    }
    if c not in checks:
        raise ValueError(f"{ind.indicator_id}: unknown comparator {c!r}")
    return checks[c]


def gap_to_target(ind: Indicator, value: Decimal) -> Decimal | None:
    """How far a value still is from the target (positive), or None when it meets it."""
    if is_met(ind, value):
        return None
    if ind.comparator == "range":
        return ind.target_value - value if value < ind.target_value else value - ind.target_value_max
    if ind.comparator == "approx" and ind.direction == "none":
        return abs(value - ind.target_value)
    return ind.target_value - value if better_is_higher(ind) else value - ind.target_value
