"""One open risk as the pack shows it: levels, actions, owner, review, appetite."""

from __future__ import annotations

import datetime as dt

from riskreg.model.appetite import Appetite, Escalation, breach
from riskreg.model.assurance import ControlEntry, assessed, effectiveness_summary
from riskreg.model.quarters import Quarter
from riskreg.model.redaction import control_text, is_restricted
from riskreg.model.risk import (
    Action,
    Assessment,
    Risk,
)
from riskreg.model.timeline import above_target, overdue_actions
from riskreg.model.treatment import Treatment, expired_acceptance
from riskreg.reports.pack.charts import scores
from riskreg.reports.pack.history import band_name, one_line
from riskreg.reports.pack.model import ActionLine, ControlLine, Level, OpenRisk
from riskreg.reports.pack.words import long_date
from riskreg.scoring.guidance import Scoring


def controls(risk: Risk) -> tuple[ControlLine, ...]:
    return tuple(
        ControlLine(
            control_text(item),
            is_restricted(item),
            item.effectiveness if isinstance(item, ControlEntry) else None,
            item.assurance if isinstance(item, ControlEntry) else None,
        )
        for item in risk.controls
    )


def _level(assessment: Assessment | None, scoring: Scoring) -> Level | None:
    if assessment is None or (assessment.rating is None and assessment.score is None):
        return None
    rating = assessment.rating
    if rating is None and assessment.impact is not None and assessment.probability is not None:
        rating = scoring.band_at(assessment.impact, assessment.probability).name
    name = band_name(rating, scoring)
    band = scoring.band_named(name)
    return Level(
        name,
        band.colour if band else None,
        assessment.score,
        assessment.impact,
        assessment.probability,
        assessment.category,
    )


def _action_line(action: Action, overdue: bool) -> ActionLine:
    return ActionLine(
        action.action, action.owner, action.due, action.status, overdue, action.restricted
    )


def open_row(
    risk: Risk,
    quarters: tuple[Quarter, ...],
    scoring: Scoring,
    day: dt.date | None = None,
    appetite: Appetite | None = None,
) -> OpenRisk:
    residual = risk.residual
    rating = band_name(risk.rating, scoring)
    band = scoring.band_named(rating)
    late = {index for index, _ in overdue_actions(risk, day)} if day else set()
    noted = [e.note for e in risk.history if e.event == "scored" and e.note]
    return OpenRisk(
        id=risk.id,
        name=risk.name,
        description=risk.description,
        impact_narrative=risk.impact_narrative,
        controls=controls(risk),
        trend=tuple(risk.trend.get(quarter.label) for quarter in quarters),
        rating=rating,
        colour=band.colour if band else None,
        score=risk.score,
        impact=residual.impact if residual else None,
        probability=residual.probability if residual else None,
        owner=risk.owner,
        department=risk.department,
        inherent=_level(risk.inherent, scoring),
        target=_level(risk.target, scoring),
        category=residual.category if residual else None,
        actions=tuple(
            _action_line(action, index in late) for index, action in enumerate(risk.actions)
        ),
        note=one_line(noted[-1]) if noted else None,
        above_target=above_target(risk, scoring),
        next_review=risk.next_review,
        review_overdue=day is not None and risk.next_review is not None and risk.next_review < day,
        scores=scores(risk, scoring),
        risk_category=risk.risk_category,
        outside_appetite=_outside(appetite, scoring, risk),
        escalation=_escalation(risk.escalation),
        treatment=_treatment(risk.treatment),
        acceptance=_acceptance(risk.treatment),
        acceptance_expired=day is not None and expired_acceptance(risk.treatment, day) is not None,
        control_summary=effectiveness_summary(risk.controls) if assessed(risk.controls) else None,
    )


def _treatment(treatment: Treatment | None) -> str | None:
    if treatment is None:
        return None
    why = f": {treatment.rationale}" if treatment.rationale else ""
    return f"{treatment.decision.capitalize()}{why}"


def _acceptance(treatment: Treatment | None) -> str | None:
    accepted = treatment.acceptance if treatment else None
    if accepted is None:
        return None
    return f"by {accepted.by} on {long_date(accepted.date)} until {long_date(accepted.expires)}"


def _outside(appetite: Appetite | None, scoring: Scoring, risk: Risk) -> str | None:
    found = breach(appetite, scoring, risk.risk_category, risk.score, risk.rating)
    return f"{found.level} (up to {found.tolerance})" if found else None


def _escalation(escalation: Escalation | None) -> str | None:
    if escalation is None:
        return None
    by = f" by {escalation.by}" if escalation.by else ""
    return f"to {escalation.to} on {long_date(escalation.date)}{by}: {escalation.reason}"
