"""Scoring a risk: impact x probability, its band, and recording it in the risk's file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from riskreg.errors import UsageError
from riskreg.models import RegisterConfig, Risk
from riskreg.register import load_one
from riskreg.riskfile import AppendItem, Edit, SetValue
from riskreg.scoring import Band, Scoring
from riskreg.store import edited_text, save

Which = Literal["residual", "inherent", "target"]


@dataclass(frozen=True)
class Calculation:
    impact: int
    probability: int
    score: int
    band: Band


@dataclass(frozen=True)
class ScoreChange:
    risk: Risk
    which: Which
    calculation: Calculation
    old_rating: str | None
    old_score: int | None
    path: Path
    written: bool

    @property
    def changed(self) -> bool:
        return (self.old_rating or "").casefold() != self.calculation.band.name.casefold() or (
            self.old_score != self.calculation.score
        )


def calculate(scoring: Scoring, impact: int, probability: int) -> Calculation:
    """Impact x probability and its band; values off the scales are refused."""
    if not 1 <= impact <= scoring.max_impact:
        raise UsageError(f"impact {impact} is off the scale; allowed 1 to {scoring.max_impact}")
    if not 1 <= probability <= scoring.max_probability:
        raise UsageError(
            f"probability {probability} is off the scale; allowed 1 to {scoring.max_probability}"
        )
    score = impact * probability
    return Calculation(impact, probability, score, scoring.band_for(score))


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
) -> ScoreChange:
    calculation = calculate(config.scoring, impact, probability)
    if category is not None and category not in config.scoring.categories:
        raise UsageError(
            f"unknown impact category {category!r}; allowed: "
            + ", ".join(config.scoring.categories)
        )
    risk, doc, risk_file = load_one(root, risk_id, config)
    if not risk.is_open:
        raise UsageError(f"{risk.id} is closed; reopen it first with 'riskreg reopen {risk.id}'")
    before = getattr(risk, which)
    edits: list[Edit] = [
        SetValue((which, "rating"), calculation.band.name),
        SetValue((which, "impact"), impact),
        SetValue((which, "probability"), probability),
    ]
    if category is not None:
        edits.append(SetValue((which, "category"), category))
    entry: dict[str, object] = {
        "quarter": config.period,
        "date": today or dt.date.today(),
        "event": "scored",
        "assessment": which,
        "impact": impact,
        "probability": probability,
        "rating": calculation.band.name,
    }
    if category is not None:
        entry["category"] = category
    edits.append(AppendItem(("history",), entry))
    text, updated = edited_text(doc, edits, config, risk_file)
    if not dry_run:
        save(risk_file.path, text, doc)
    return ScoreChange(
        risk=updated,
        which=which,
        calculation=calculation,
        old_rating=before.rating if before else None,
        old_score=before.score if before else None,
        path=risk_file.path,
        written=not dry_run,
    )
