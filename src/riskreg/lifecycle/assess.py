"""Recording a score (residual, inherent or target) in a risk's file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from riskreg.errors import UsageError, unknown_choice
from riskreg.lifecycle._shared import open_risk, review_edits
from riskreg.lifecycle.trends import TrendNote, derived_trend
from riskreg.model import timeline
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.editing import AppendItem, Edit, SetValue
from riskreg.register.writing import update_risk
from riskreg.scoring.calculation import Calculation, calculate

Which = Literal["residual", "inherent", "target"]


@dataclass(frozen=True)
class ScoreChange:
    risk: Risk
    which: Which
    calculation: Calculation
    old_rating: str | None
    old_score: int | None
    path: Path
    written: bool
    trend: TrendNote | None = None
    next_review: dt.date | None = None
    reviewed: bool = False

    @property
    def changed(self) -> bool:
        return (self.old_rating or "").casefold() != self.calculation.band.name.casefold() or (
            self.old_score != self.calculation.score
        )


def score_risk(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    impact: int,
    probability: int,
    which: Which = "residual",
    category: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    note: str | None = None,
) -> ScoreChange:
    """Record a score; `note` says why it changed, kept in the history entry."""
    calculation = calculate(config.scoring, impact, probability)
    if note is not None:
        from riskreg.lifecycle.text_fields import clean_text

        note = clean_text(note, paragraphs=True, what="--note")
        if not note:
            raise UsageError("--note: say why the score changed, or leave --note out")
    if category is not None:
        category = known_category(config.scoring.categories, category)
    risk, doc, risk_file = open_risk(root, config, risk_id)
    before = getattr(risk, which)
    edits: list[Edit] = [
        SetValue((which, "rating"), calculation.band.name),
        SetValue((which, "impact"), impact),
        SetValue((which, "probability"), probability),
    ]
    if category is not None:
        edits.append(SetValue((which, "category"), category))
    day = today or timeline.today()
    entry: dict[str, object] = {
        "quarter": config.period,
        "date": day,
        "event": "scored",
        "assessment": which,
        "impact": impact,
        "probability": probability,
        "rating": calculation.band.name,
    }
    if category is not None:
        entry["category"] = category
    if note:
        entry["note"] = note
    trend = None
    if which == "residual":
        # Scoring the residual risk is reviewing it: the quarter's arrow follows from the
        # change of score, and the next review is due by the new band's interval.
        trend_changes, trend = derived_trend(
            risk, config.quarter, calculation.score, calculation.band.name, config.scoring
        )
        edits += trend_changes
        edits += review_edits(config, calculation.band.name, day)
    edits.append(AppendItem(("history",), entry))
    updated = update_risk(doc, edits, config, risk_file, dry_run)
    return ScoreChange(
        risk=updated,
        which=which,
        calculation=calculation,
        old_rating=before.rating if before else None,
        old_score=before.score if before else None,
        path=risk_file.path,
        written=not dry_run,
        trend=trend,
        next_review=updated.next_review,
        reviewed=which == "residual",
    )


def known_category(categories: Sequence[str], given: str) -> str:
    """The impact category `given` names, in any case; else a "did you mean" error."""
    for category in categories:
        if category.lower() == given.strip().lower():
            return category
    raise unknown_choice("impact category", given, categories)
