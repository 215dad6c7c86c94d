"""Financial-year quarters, labelled as public bodies do: "2021/22 Q4" ends March 2022."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

LABEL = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
# The financial year starts in April (UK public sector): Q1 is April to June.
FIRST_MONTH = 4
# Month names as reports and messages write them (never the locale's).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in
    number: int  # 1 to 4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        return _parse(text)

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        months = (day.month - FIRST_MONTH) % 12
        year = day.year if day.month >= FIRST_MONTH else day.year - 1
        return cls(year, months // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def financial_year(self) -> str:
        return self.label.split()[0]

    @property
    def short(self) -> str:
        return f"Q{self.number}"

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def first_day(self) -> dt.date:
        month = (FIRST_MONTH - 1 + 3 * (self.number - 1)) % 12 + 1
        year = self.year if month >= FIRST_MONTH else self.year + 1
        return dt.date(year, month, 1)

    def last_day(self) -> dt.date:
        return self.next().first_day() - dt.timedelta(days=1)

    def __str__(self) -> str:
        return self.label


@lru_cache(maxsize=1024)
def _parse(text: str) -> Quarter:
    # Cached: a register repeats the same few labels in every file's trend.
    match = LABEL.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a quarter; write it as '2021/22 Q4'")
    start, end, number = int(match[1]), int(match[2]), int(match[3])
    if (start + 1) % 100 != end:
        raise ValueError(f"{text!r}: {start}/{end:02d} is not a financial year")
    return Quarter(start, number)
