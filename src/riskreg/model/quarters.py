"""Quarters of the register's year, labelled as public bodies do.

A financial year is named by the two calendar years it spans ("2021/22 Q4" ends March
2022 when the year starts in April); a calendar year (`year_start: 1`) by its own
number ("2022 Q1" is January to March 2022). Every quarter riskreg computes comes from
`Quarter.parse` or `Quarter.containing` given the register's `year_start`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

FINANCIAL = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
CALENDAR = re.compile(r"^(\d{4}) Q([1-4])$")
# The financial year starts in April (UK public sector) unless the register says otherwise.
FIRST_MONTH = 4
# Month names as reports and messages write them (never the locale's).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the register's year starts in
    number: int  # 1 to 4
    # The month the year starts in: 1 for a calendar year. Quarters of one register share
    # it, so it takes no part in comparing them.
    start: int = field(default=FIRST_MONTH, compare=False)

    @classmethod
    def parse(cls, text: str, start: int | None = None) -> Quarter:
        """The quarter a label names. With `start` (the register's year_start) the label
        must be in that year's form; without it, the form says which kind of year it is."""
        return _parse(text, start)

    @classmethod
    def containing(cls, day: dt.date, start: int = FIRST_MONTH) -> Quarter:
        months = (day.month - start) % 12
        year = day.year if day.month >= start else day.year - 1
        return cls(year, months // 3 + 1, start)

    @property
    def label(self) -> str:
        if self.start == 1:
            return f"{self.year} Q{self.number}"
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def financial_year(self) -> str:
        return self.label.split()[0]

    @property
    def short_year(self) -> str:
        """The year in two digits: "21/22", or "22" for a calendar year."""
        if self.start == 1:
            return f"{self.year % 100:02d}"
        return f"{self.year % 100:02d}/{(self.year + 1) % 100:02d}"

    @property
    def short(self) -> str:
        return f"Q{self.number}"

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.start)
        return Quarter(self.year, self.number + 1, self.start)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.start)
        return Quarter(self.year, self.number - 1, self.start)

    def first_day(self) -> dt.date:
        month = (self.start - 1 + 3 * (self.number - 1)) % 12 + 1
        year = self.year if month >= self.start else self.year + 1
        return dt.date(year, month, 1)

    def last_day(self) -> dt.date:
        return self.next().first_day() - dt.timedelta(days=1)

    def __str__(self) -> str:
        return self.label


def example_label(start: int | None) -> str:
    """How a quarter is written in a register whose year starts in month `start`."""
    return "2022 Q1" if start == 1 else "2021/22 Q4"


@lru_cache(maxsize=1024)
def _parse(text: str, start: int | None) -> Quarter:
    # Cached: a register repeats the same few labels in every file's trend.
    stripped = text.strip()
    calendar = CALENDAR.match(stripped)
    if calendar:
        if start is not None and start != 1:
            raise ValueError(
                f"{text!r} is a calendar-year quarter, but this register's year starts in "
                f"{MONTH_NAMES[start - 1]}; write it in the form '{example_label(start)}'"
            )
        return Quarter(int(calendar[1]), int(calendar[2]), 1)
    match = FINANCIAL.match(stripped)
    if not match:
        raise ValueError(
            f"{text!r} is not a quarter; write it in the form '{example_label(start)}'"
        )
    first, end, number = int(match[1]), int(match[2]), int(match[3])
    if (first + 1) % 100 != end:
        raise ValueError(f"{text!r}: {first}/{end:02d} is not a financial year")
    if start == 1:
        raise ValueError(
            f"{text!r} is a financial-year quarter, but this register keeps calendar "
            f"years (year_start: 1); write it in the form '{example_label(start)}'"
        )
    return Quarter(first, number, FIRST_MONTH if start is None else start)
