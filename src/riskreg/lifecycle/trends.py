"""A risk's arrow for a quarter: set by hand, or derived from a change of score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import open_risk, review_edits
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Direction, RegisterConfig, Risk
from riskreg.model.timeline import ARROWS, Derivation, derive, last_score_before
from riskreg.register.editing import Edit, SetValue
from riskreg.register.writing import update_risk
from riskreg.scoring.guidance import Scoring


def trend_edits(risk: Risk, quarter: Quarter, direction: Direction) -> list[Edit]:
    """Set the arrow for `quarter`, keeping the trend's quarters oldest first."""
    label = quarter.label
    later = [q for q in risk.trend if Quarter.parse(q) > quarter]
    if label in risk.trend or not later:
        return [SetValue(("trend", label), direction.value)]
    # A gap filled in the middle: rewrite the mapping in order (rare; loses comments in it).
    merged = {**risk.trend, label: direction}
    ordered = sorted(merged.items(), key=lambda item: Quarter.parse(item[0]))
    return [SetValue(("trend",), {q: d.value for q, d in ordered})]


@dataclass(frozen=True)
class TrendNote:
    """What scoring or a review did to a risk's arrow for one quarter."""

    risk_id: str
    quarter: Quarter
    derivation: Derivation | None
    before: Direction | None
    after: Direction | None


def derived_trend(
    risk: Risk,
    quarter: Quarter,
    score: int,
    rating: str | None = None,
    scoring: Scoring | None = None,
) -> tuple[list[Edit], TrendNote]:
    """The arrow for `quarter` once the risk is scored `score` (rated `rating`) in it.

    The arrow follows the change from the latest residual score of an earlier quarter:
    a lower band, or the same band and a lower score, is improved; higher is worsened;
    equal unchanged. A risk that is New this quarter
    stays New; with no earlier score the arrow is left for `riskreg trend`.
    """
    before = risk.trend.get(quarter.label)
    previous = last_score_before(risk, quarter)
    if previous is None or before is Direction.NEW:
        return [], TrendNote(risk.id, quarter, None, before, before)
    derivation = Derivation(quarter, previous, score, rating, scoring)
    after = derivation.direction
    edits = [] if before is after else trend_edits(risk, quarter, after)
    return edits, TrendNote(risk.id, quarter, derivation, before, after)


@dataclass(frozen=True)
class TrendSet:
    risk: Risk
    path: Path
    quarter: Quarter
    before: Direction | None
    after: Direction
    contradiction: Derivation | None
    next_review: dt.date | None
    reviewed: bool


def parse_direction(text: str) -> Direction:
    try:
        return Direction.parse(text)
    except ValueError as error:
        raise UsageError(str(error)) from None


def parse_quarter(text: str, year_start: int) -> Quarter:
    """A quarter given on the command line, in the form of the register's year."""
    try:
        return Quarter.parse(text, year_start)
    except ValueError as error:
        raise UsageError(str(error)) from None


def set_trend(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    direction_text: str,
    quarter_text: str | None,
    day: dt.date,
) -> TrendSet:
    """Set a risk's arrow for a quarter (the current one by default).

    Setting the current quarter's arrow records a review, as scoring does.
    """
    direction = parse_direction(direction_text)
    quarter = parse_quarter(quarter_text, config.year_start) if quarter_text else config.quarter
    if quarter > config.quarter:
        raise UsageError(
            f"{quarter.label} is after the current quarter {config.period}; "
            "open it first with 'riskreg review'"
        )
    risk, doc, risk_file = open_risk(root, config, risk_id)
    edits = trend_edits(risk, quarter, direction)
    reviewed = quarter == config.quarter
    if reviewed:
        edits += review_edits(config, risk.rating, day)
    updated = update_risk(doc, edits, config, risk_file)
    derivation = derive(updated, quarter, config.scoring)
    contradiction = (
        derivation
        if derivation is not None and direction in ARROWS and derivation.direction is not direction
        else None
    )
    return TrendSet(
        updated,
        risk_file.path,
        quarter,
        risk.trend.get(quarter.label),
        direction,
        contradiction,
        updated.next_review,
        reviewed,
    )
