"""What a risk's history records about earlier quarters: open then, and rated what."""

from __future__ import annotations

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    Direction,
    HistoryEntry,
    Risk,
)
from riskreg.reports.pack.words import NOT_RECORDED
from riskreg.scoring.guidance import Scoring


def in_quarter(entry: HistoryEntry, quarter: Quarter) -> bool:
    return Quarter.parse(entry.quarter) == quarter


def reopened_in(risk: Risk, period: Quarter) -> bool:
    """Reopened this quarter: back on the register, not new to it."""
    return risk.is_open and any(
        entry.event == "reopened" and in_quarter(entry, period) for entry in risk.history
    )


def one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def on_register_by_trend(risk: Risk, quarter: Quarter) -> bool:
    """The trend records the risk on the register by `quarter`: a direction other than
    n/a in it or an earlier quarter.

    A `created` entry after such a quarter is when the risk came into this register's
    files (an import of a sheet whose trend columns go back further), not when it was
    raised: the trend, copied from the register it came from, is the better record.
    """
    return any(
        Quarter.parse(label) <= quarter and direction is not Direction.NA
        for label, direction in risk.trend_in_order()
    )


def open_at_end(risk: Risk, quarter: Quarter) -> bool:
    """Whether the risk was on the register at the end of `quarter`, by what it records."""
    membership = [
        e
        for e in risk.history
        if Quarter.parse(e.quarter) <= quarter and e.event in ("created", "closed", "reopened")
    ]
    if membership:
        return membership[-1].event != "closed"
    if any(
        e.event == "created" and Quarter.parse(e.quarter) > quarter for e in risk.history
    ) and not on_register_by_trend(risk, quarter):
        return False
    trend = [(Quarter.parse(label), d) for label, d in risk.trend_in_order()]
    if any(q == quarter and d is Direction.NA for q, d in trend):
        return False
    if any(d is Direction.NEW and q > quarter for q, d in trend) and not any(
        d is Direction.NEW and q <= quarter for q, d in trend
    ):
        return False
    if risk.closure is not None and not risk.is_open:
        return risk.closure.closed > quarter.last_day()
    return True


def band_name(rating: str | None, scoring: Scoring) -> str:
    if not rating:
        return NOT_RECORDED
    band = scoring.band_named(rating)
    return band.name if band else rating


def residual_entries(history: list[HistoryEntry]) -> list[HistoryEntry]:
    return [
        entry
        for entry in history
        if entry.rating
        and entry.assessment in (None, "residual")
        and entry.event in ("created", "scored")
    ]


def previous_state(risk: Risk, period: Quarter) -> tuple[bool, str | None]:
    """Whether the risk was open at the end of the previous quarter, and its rating then."""
    previous = period.previous()
    before = [e for e in risk.history if Quarter.parse(e.quarter) <= previous]
    since = [e for e in risk.history if Quarter.parse(e.quarter) > previous]
    membership = [e for e in before if e.event in ("created", "closed", "reopened")]
    if membership:
        was_open = membership[-1].event != "closed"
    elif risk.trend.get(period.label) is Direction.NEW or (
        any(e.event == "created" for e in since) and not on_register_by_trend(risk, previous)
    ):
        was_open = False
    elif risk.closure is not None and not risk.is_open:
        was_open = risk.closure.closed > previous.last_day()
    else:
        was_open = True
    rated_before = residual_entries(before)
    if rated_before:
        rating: str | None = rated_before[-1].rating
    elif not residual_entries(since) or risk.trend.get(period.label) is Direction.UNCHANGED:
        rating = risk.rating
    else:
        rating = None
    return was_open, rating
