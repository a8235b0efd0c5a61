"""Observation periods: a year ('2024'), a month ('2024-05') or a day ('2024-05-31').

Parsing is strict (anything else raises), and a period's end can be read as an exact fractional
year, which the progress rules use to measure pace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

PERIOD_RE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


@dataclass(frozen=True)
class Period:
    """An observation period: a year, a month or a day."""

    text: str
    year: int
    start: date
    end: date

    @property
    def whole_year(self) -> bool:
        """True for a calendar-year period such as '2024'."""
        return len(self.text) == 4


def parse_period(text: str) -> Period:
    """'2024' → the year; '2024-05' → May 2024; '2024-05-31' → that day. Anything else raises."""
    if not PERIOD_RE.match(text):
        raise ValueError(f"unknown period {text!r}")
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return Period(text, parts[0], date(parts[0], 1, 1), date(parts[0], 12, 31))
    if len(parts) == 2:
        year, month = parts
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return Period(text, year, date(year, month, 1), date.fromordinal(nxt.toordinal() - 1))
    if len(parts) == 3:
        day = date(*parts)
        return Period(text, day.year, day, day)
    raise ValueError(f"unknown period {text!r}")


def year_position(day: date) -> Fraction:
    """A day as an exact fractional year: the end of 2024 is 2025, mid-2024 about 2024.5."""
    length = date(day.year, 12, 31).timetuple().tm_yday
    return day.year + Fraction(day.timetuple().tm_yday, length)
