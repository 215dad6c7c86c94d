"""What more than one lifecycle command needs: recording a review, reading what the user
typed (text, dates, a rating), and loading a risk that is about to change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from riskreg.errors import UsageError, WrongState, unknown_choice
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.model.timeline import next_review_after
from riskreg.register.editing import Edit, RemoveKey, SetValue
from riskreg.register.layout import RiskFile
from riskreg.register.loading import load_one
from riskreg.scoring.guidance import Band, Scoring
from riskreg.yamlsource import Document


def review_edits(config: RegisterConfig, rating: str | None, day: dt.date) -> list[Edit]:
    """Record a review on `day`: last_reviewed, and next_review from the band's interval.

    A band with no interval in the config has no scheduled review, so a stale
    next_review is removed rather than left to fall overdue.
    """
    due = next_review_after(config, rating, day)
    return [
        SetValue(("last_reviewed",), day),
        SetValue(("next_review",), due) if due else RemoveKey(("next_review",)),
    ]


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def parse_day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date; write it as YYYY-MM-DD") from None


def known_band(scoring: Scoring, rating: str) -> Band:
    band = scoring.band_named(rating)
    if band is None:
        raise unknown_choice("rating", rating, scoring.band_names)
    return band


def open_risk(root: Path, config: RegisterConfig, risk_id: str) -> tuple[Risk, Document, RiskFile]:
    """Load a risk to edit; a closed one must be reopened first."""
    risk, doc, risk_file = load_one(root, risk_id, config)
    if not risk.is_open:
        raise WrongState(f"{risk.id} is closed; reopen it first with 'riskreg reopen {risk.id}'")
    return risk, doc, risk_file
