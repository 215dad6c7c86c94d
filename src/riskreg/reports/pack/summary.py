"""The executive summary: counts by rating now and last quarter, direction of travel, changes."""

from __future__ import annotations

from collections import Counter

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    Direction,
    Risk,
)
from riskreg.reports.pack.history import (
    band_name,
    in_quarter,
    one_line,
    previous_state,
    residual_entries,
)
from riskreg.reports.pack.model import (
    MOVEMENT_ORDER,
    Change,
    Changes,
    Level,
    RatingCount,
)
from riskreg.reports.pack.words import NOT_RECORDED, long_date
from riskreg.scoring.guidance import Scoring


def changes(risks: list[Risk], period: Quarter, scoring: Scoring, reopened: set[str]) -> Changes:
    """New, reopened, closed, re-rated and first scored this quarter, with recorded reasons."""
    new, back, closed, rerated, first = [], [], [], [], []
    for risk in risks:
        was_open, rating_then = previous_state(risk, period)
        this_quarter = [e for e in risk.history if in_quarter(e, period)]
        if risk.is_open and risk.id in reopened:
            note = [e.note for e in this_quarter if e.event == "reopened"][-1]
            back.append(Change(risk.id, risk.name, "reopened", one_line(note)))
        elif risk.is_open and not was_open:
            new.append(Change(risk.id, risk.name, f"new, {band_name(risk.rating, scoring)}"))
        elif not risk.is_open and was_open and risk.closure is not None:
            closed.append(
                Change(
                    risk.id,
                    risk.name,
                    f"closed {long_date(risk.closure.closed)}",
                    one_line(risk.closure.rationale),
                )
            )
        if not risk.is_open or not was_open:
            continue
        scored = [e for e in residual_entries(this_quarter) if e.event == "scored"]
        if not scored:
            continue
        before = [e for e in risk.history if Quarter.parse(e.quarter) < period]
        earlier = [e for e in residual_entries(before) if e.score is not None]
        now = Level(band_name(risk.rating, scoring), None, risk.score, None, None, None).words()
        reason = one_line(scored[-1].note)
        if earlier:
            then = Level(
                band_name(earlier[-1].rating, scoring), None, earlier[-1].score, None, None, None
            ).words()
            if then != now:
                rerated.append(Change(risk.id, risk.name, f"{then} → {now}", reason))
        elif rating_then and band_name(rating_then, scoring) != band_name(risk.rating, scoring):
            rerated.append(
                Change(risk.id, risk.name, f"{band_name(rating_then, scoring)} → {now}", reason)
            )
        elif risk.score is not None:
            first.append(Change(risk.id, risk.name, f"first scored: {now}", reason))
    return Changes(tuple(new), tuple(back), tuple(closed), tuple(rerated), tuple(first))


def counts(risks: list[Risk], period: Quarter, scoring: Scoring) -> tuple[RatingCount, ...]:
    now = Counter(band_name(risk.rating, scoring) for risk in risks if risk.is_open)
    then: Counter[str] = Counter()
    for risk in risks:
        was_open, rating = previous_state(risk, period)
        if was_open:
            then[band_name(rating, scoring)] += 1
    names = [band.name for band in reversed(scoring.bands)]
    names += sorted(name for name in (now.keys() | then.keys()) - set(names) - {NOT_RECORDED})
    if now[NOT_RECORDED] or then[NOT_RECORDED]:
        names.append(NOT_RECORDED)
    counts = []
    for name in names:
        band = scoring.band_named(name) if name != NOT_RECORDED else None
        counts.append(RatingCount(name, band.colour if band else None, now[name], then[name]))
    return tuple(counts)


def movement(risks: list[Risk], period: Quarter) -> tuple[tuple[Direction | None, int], ...]:
    seen = Counter(risk.trend.get(period.label) for risk in risks)
    return tuple((direction, seen[direction]) for direction in MOVEMENT_ORDER if seen[direction])
