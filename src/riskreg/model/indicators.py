"""Key risk indicators and the organisation's objectives.

A risk may carry `indicators:`, each a measure the owner watches (`name`, `unit`) with
two thresholds, `amber` and `red`, and its readings over time (`{date, value}`, often
monthly). The thresholds say which way is worse: when red is above amber, higher is
worse (a reading at or above red is red, at or above amber is amber); when red is below
amber, lower is worse (at or below red is red, at or below amber is amber). A breach is
the latest reading, by date, at amber or red.

`objectives:` in riskreg.yaml declares the organisation's objectives, by id and name;
a risk names, under its own `objectives:`, the ids of those it threatens.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

_Text = Annotated[str, Field(min_length=1)]
Number = int | float
Status = Literal["green", "amber", "red"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


def _no_readings() -> list[Reading]:
    return []


class Reading(_Model):
    """One reading of an indicator."""

    date: dt.date = Field(title="Date", description="The day of the reading, YYYY-MM-DD.")
    value: Number = Field(title="Value", description="The reading, a number.")


class Indicator(_Model):
    """A key risk indicator: a measure, its amber and red thresholds, and its readings."""

    name: _Text = Field(title="Indicator", description="What is measured, e.g. 999 answer time.")
    unit: str | None = Field(default=None, title="Unit", description="e.g. seconds, %, cases.")
    amber: Number = Field(
        title="Amber at",
        description="A reading at or beyond this is amber (beyond means above when red is "
        "above amber, below when red is below amber).",
    )
    red: Number = Field(
        title="Red at",
        description="A reading at or beyond this is red. Red above amber: higher is worse; "
        "red below amber: lower is worse.",
    )
    readings: list[Reading] = Field(
        default_factory=_no_readings,
        title="Readings",
        description="Readings over time, each {date, value}; the latest by date counts.",
    )

    @property
    def higher_is_worse(self) -> bool:
        return self.red > self.amber

    def status_of(self, value: Number) -> Status:
        if self.higher_is_worse:
            return "red" if value >= self.red else "amber" if value >= self.amber else "green"
        return "red" if value <= self.red else "amber" if value <= self.amber else "green"

    @property
    def latest(self) -> Reading | None:
        """The reading with the latest date (the later in the file on a tie)."""
        latest: Reading | None = None
        for reading in self.readings:
            if latest is None or reading.date >= latest.date:
                latest = reading
        return latest

    @property
    def status(self) -> Status | None:
        """The latest reading's status, or None with no readings."""
        latest = self.latest
        return None if latest is None else self.status_of(latest.value)

    def shown(self, value: Number) -> str:
        """A value with its unit: '12.5 min', '92%'."""
        text = f"{value:g}" if isinstance(value, float) else str(value)
        if not self.unit:
            return text
        return text + self.unit if self.unit == "%" else f"{text} {self.unit}"

    def describe(self) -> str:
        """One line: name, latest reading and status, thresholds."""
        way = ">=" if self.higher_is_worse else "<="
        thresholds = f"amber {way} {self.shown(self.amber)}, red {way} {self.shown(self.red)}"
        latest = self.latest
        if latest is None:
            return f"{self.name}: no readings ({thresholds})"
        return (
            f"{self.name}: {self.shown(latest.value)} on {latest.date.isoformat()}, "
            f"{self.status_of(latest.value)} ({thresholds})"
        )


def breaches(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators whose latest reading is amber or red, red first."""
    found = [i for i in indicators if i.status in ("amber", "red")]
    return sorted(found, key=lambda i: i.status != "red")


def worst_status(indicators: Iterable[Indicator]) -> Status | None:
    statuses = {i.status for i in indicators} - {None}
    for status in ("red", "amber", "green"):
        if status in statuses:
            return status
    return None


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name nearest to a mistyped one, for a did-you-mean."""
    names = list(known)
    folded = {n.casefold(): n for n in names}
    near = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


def objective_named(objectives: dict[str, str], name: str) -> str | None:
    """The declared objective id a risk's entry names: its id or its name, any case."""
    key = " ".join(name.split()).casefold()
    for ident, title in objectives.items():
        if ident.casefold() == key or " ".join(title.split()).casefold() == key:
            return ident
    return None
