"""The pack's fixed wording: dates, quarter headings, trend arrows, shared by every renderer."""

from __future__ import annotations

import datetime as dt

from riskreg.model.quarters import MONTH_NAMES, Quarter
from riskreg.model.risk import (
    Direction,
)

NOT_RECORDED = "Not recorded"


def trend_label(direction: Direction | None) -> str:
    """A trend cell as the published register prints it: an arrow, New or N/A."""
    return direction.arrow if direction is not None else ""


TREND_KEY = (
    "Improved (↓), Worsened (↑) or Unchanged (↔); New: added to the register that "
    "quarter; N/A: not on the register that quarter."
)


def movement_phrase(direction: Direction | None, count: int) -> str:
    """One part of "Direction of travel": 4 improved (↓), 2 new, 1 not set."""
    if direction is None:
        return f"{count} not set"
    if direction in (Direction.NEW, Direction.NA):
        return f"{count} {direction.value}"
    return f"{count} {direction.value} ({direction.arrow})"


def quarter_heading(quarter: Quarter) -> str:
    """A trend column heading: Q4 21/22 (Q4 22 in a calendar year)."""
    return f"{quarter.short} {quarter.short_year}"


def long_date(day: dt.date) -> str:
    """8 March 2022: spelled out, so no reader takes 08/03 for August."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_range(quarter: Quarter) -> str:
    return f"{long_date(quarter.first_day())} to {long_date(quarter.last_day())}"
