"""The pictures' data: open risks by band per quarter, and each risk's score over time."""

from __future__ import annotations

from collections import Counter

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    HistoryEntry,
    Risk,
)
from riskreg.reports.pack.history import band_name, open_at_end, residual_entries
from riskreg.reports.pack.model import BandTally, QuarterBands, ScorePoint
from riskreg.reports.pack.words import NOT_RECORDED
from riskreg.scoring.guidance import Scoring

BAND_HISTORY_QUARTERS = 8


def band_history(risks: list[Risk], period: Quarter, scoring: Scoring) -> tuple[QuarterBands, ...]:
    """Open risks by band at the end of each quarter on record, from the ratings recorded then.

    A past quarter counts only ratings its history records up to that quarter, never
    today's: a risk open then with no rating recorded is counted as not recorded.
    """
    starts = [Quarter.parse(e.quarter) for risk in risks for e in risk.history]
    starts += [Quarter.parse(label) for risk in risks for label in risk.trend]
    first = min([*starts, period])
    quarters = [period]
    while quarters[-1] > first and len(quarters) < BAND_HISTORY_QUARTERS:
        quarters.append(quarters[-1].previous())
    names = [band.name for band in reversed(scoring.bands)]
    result = []
    for quarter in reversed(quarters):
        seen: Counter[str] = Counter()
        for risk in risks:
            if quarter == period:
                if risk.is_open:
                    seen[band_name(risk.rating, scoring)] += 1
                continue
            if not open_at_end(risk, quarter):
                continue
            rated = [
                e for e in residual_entries(risk.history) if Quarter.parse(e.quarter) <= quarter
            ]
            seen[band_name(rated[-1].rating, scoring) if rated else NOT_RECORDED] += 1
        others = sorted(set(seen) - set(names) - {NOT_RECORDED})
        tallies = []
        for name in [*names, *others]:
            band = scoring.band_named(name)
            tallies.append(BandTally(name, band.colour if band else None, seen[name]))
        result.append(QuarterBands(quarter, tuple(tallies), seen[NOT_RECORDED]))
    return tuple(result)


def scores(risk: Risk, scoring: Scoring) -> tuple[ScorePoint, ...]:
    """The residual score last recorded in each quarter, oldest first."""
    last: dict[Quarter, HistoryEntry] = {}
    for entry in residual_entries(risk.history):
        if entry.score is not None:
            last[Quarter.parse(entry.quarter)] = entry
    return tuple(
        ScorePoint(quarter, entry.score or 0, band_name(entry.rating, scoring))
        for quarter, entry in sorted(last.items())
    )
