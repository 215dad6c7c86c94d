"""Choosing and ordering risks for `riskreg list`, and the rows every format shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from riskreg.errors import UsageError, unknown_choice
from riskreg.model.appetite import Breach, breach
from riskreg.model.indicators import Indicator, breaches, closest, objective_named
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Direction, RegisterConfig, Risk, id_key
from riskreg.model.timeline import (
    above_target,
    acceptance_expired,
    is_overdue,
    overdue_actions,
    review_due,
)
from riskreg.register.loading import Register

TREND_QUARTERS = 4


@dataclass(frozen=True)
class ListFilter:
    ratings: tuple[str, ...] = ()
    min_rating: str | None = None
    trend: str | None = None
    closed: bool = False
    all: bool = False
    overdue: bool = False  # open risks whose review or an action is past due
    above_target: bool = False  # residual score above the target score
    owners: tuple[str, ...] = ()  # any of these owners (any case)
    departments: tuple[str, ...] = ()  # any of these departments (any case)
    where: tuple[str, ...] = ()  # FIELD=VALUE, on the register's own fields (or owner, ...)
    outside_appetite: bool = False  # residual above its risk category's appetite
    objectives: tuple[str, ...] = ()  # threatening any of these objectives (id or name)


@dataclass
class Listing:
    """The risks to show, in order, with the quarters whose trend columns are shown."""

    config: RegisterConfig
    risks: list[Risk]
    quarters: list[Quarter]
    closed_view: bool = False
    warnings: list[str] = field(default_factory=list)
    today: dt.date | None = None  # set when overdue dates are shown
    show_target: bool = False
    show_appetite: bool = False
    show_indicators: bool = False  # some listed risk has key risk indicators

    def trend_row(self, risk: Risk) -> list[Direction | None]:
        return [risk.trend.get(quarter.label) for quarter in self.quarters]

    def extra_columns(self) -> list[str]:
        """Columns after the trend and rating, for --overdue and --above-target."""
        columns = []
        if self.show_target:
            columns += ["target_rating", "target_score"]
        if self.today is not None:
            columns += ["next_review", "overdue_actions", "owner", "why"]
        if self.show_appetite:
            columns += ["risk_category", "appetite", "escalated"]
        if self.show_indicators:
            columns += ["kri_breaches"]
        return columns

    def extra_cells(self, risk: Risk) -> list[str]:
        cells = []
        if self.show_target:
            target = risk.target
            cells += [
                (target.rating or "") if target else "",
                "" if target is None or target.score is None else str(target.score),
            ]
        if self.today is not None:
            due = review_due(risk, self.config)
            cells += [
                due.due.isoformat() if due is not None and due.due is not None else "",
                str(len(overdue_actions(risk, self.today))),
                risk.owner or "",
                self.why(risk),
            ]
        if self.show_appetite:
            found = appetite_breach(risk, self.config)
            cells += [
                risk.risk_category or "",
                f"{found.level} (up to {found.tolerance})" if found else "",
                risk.escalation.date.isoformat() if risk.escalation else "",
            ]
        if self.show_indicators:
            cells.append(kri_flag(risk))
        return cells

    def review_late(self, risk: Risk) -> bool:
        due = review_due(risk, self.config)
        return self.today is not None and due is not None and due.overdue(self.today)

    def why(self, risk: Risk) -> str:
        """Why `list --overdue` lists the risk, on one line."""
        return "; ".join(self.reasons(risk))

    def reasons(self, risk: Risk) -> list[str]:
        """Why `list --overdue` lists the risk: its review, and each late action."""
        return [] if self.today is None else overdue_reasons(risk, self.today, self.config)


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def overdue_reasons(risk: Risk, today: dt.date, config: RegisterConfig) -> list[str]:
    """Why a risk is on the overdue list: its review (a date passed, never reviewed in
    its band's interval, or a band with no interval), each late action by number, and an
    acceptance that has expired."""
    reasons = []
    due = review_due(risk, config)
    if due is not None and due.overdue(today):
        reasons.append(due.reason(today))
    for index, action in overdue_actions(risk, today):
        assert action.due is not None
        reasons.append(f"action {index + 1} due {action.due.isoformat()}")
    if acceptance_expired(risk, today):
        assert risk.treatment is not None and risk.treatment.acceptance is not None
        reasons.append(f"acceptance expired {risk.treatment.acceptance.expires.isoformat()}")
    return reasons


def shown_quarters(config: RegisterConfig, count: int = TREND_QUARTERS) -> list[Quarter]:
    """The latest `count` quarters, ending with the register's current period."""
    quarters = [config.quarter]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def select(register: Register, chosen: ListFilter, today: dt.date | None = None) -> Listing:
    scoring = register.config.scoring
    for name in (*chosen.ratings, *([chosen.min_rating] if chosen.min_rating else [])):
        if scoring.band_named(name) is None:
            raise unknown_choice("rating", name, scoring.band_names)
    direction = None
    if chosen.trend is not None:
        try:
            direction = Direction.parse(chosen.trend)
        except ValueError as error:
            raise UsageError(str(error)) from None
    if chosen.all:
        risks = list(register.risks)
    elif chosen.closed:
        risks = register.closed_risks
    else:
        risks = register.open_risks
    if chosen.ratings:
        wanted = {name.casefold() for name in chosen.ratings}
        risks = [r for r in risks if (r.rating or "").casefold() in wanted]
    if chosen.min_rating:
        floor = scoring.rank(chosen.min_rating)
        risks = [r for r in risks if scoring.rank(r.rating or "") >= floor]
    if direction is not None:
        current = register.config.period
        risks = [r for r in risks if r.trend.get(current) is direction]
    if chosen.overdue:
        if today is None:
            raise ValueError("select(overdue=True) needs today's date")
        risks = [r for r in risks if is_overdue(r, today, register.config)]
    if chosen.above_target:
        risks = [r for r in risks if above_target(r, scoring)]
    if chosen.owners:
        owners = {_words(name) for name in chosen.owners}
        risks = [r for r in risks if _words(r.owner) in owners]
    if chosen.departments:
        departments = {_words(name) for name in chosen.departments}
        risks = [r for r in risks if _words(r.department) in departments]
    for condition in chosen.where:
        risks = _where(risks, condition, register.config)
    if chosen.outside_appetite:
        risks = [r for r in risks if r.is_open and appetite_breach(r, register.config)]
    if chosen.objectives:
        wanted = {declared_objective(register.config, name) for name in chosen.objectives}
        risks = [r for r in risks if wanted & set(risk_objectives(r, register.config))]
    ordered = sorted_for_listing([r for r in risks if r.is_open], register.config)
    ordered += sorted((r for r in risks if not r.is_open), key=lambda r: id_key(r.id))
    return Listing(
        register.config,
        ordered,
        shown_quarters(register.config),
        closed_view=chosen.closed and not chosen.all,
        today=today if chosen.overdue else None,
        show_target=chosen.above_target,
        show_appetite=chosen.outside_appetite,
        show_indicators=any(r.indicators for r in ordered),
    )


def declared_objective(config: RegisterConfig, name: str) -> str:
    """The id of the objective `--objective NAME` names (its id or name, any case)."""
    found = objective_named(config.objectives, name)
    if found is not None:
        return found
    if not config.objectives:
        raise UsageError(
            f"--objective {name}: riskreg.yaml declares no objectives; declare them as "
            "objectives: {SO1: Keep people safe, ...}"
        )
    near = closest(name, [*config.objectives, *config.objectives.values()])
    hint = f"did you mean {objective_named(config.objectives, near)}? " if near else ""
    raise UsageError(
        f"--objective {name}: not an objective; {hint}allowed: " + ", ".join(config.objectives)
    )


def risk_objectives(risk: Risk, config: RegisterConfig) -> list[str]:
    """The declared ids of the objectives a risk names (those it misnames left out)."""
    found = (objective_named(config.objectives, name) for name in risk.objectives)
    return [ident for ident in found if ident is not None]


def kri_flag(risk: Risk) -> str:
    """The indicators at amber or red, on one line: 'red: Backlog; amber: Answer time'."""
    return "; ".join(f"{i.status}: {i.name}" for i in breaches(risk.indicators))


def indicator_summary(indicator: Indicator) -> dict[str, Any]:
    latest = indicator.latest
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "amber": indicator.amber,
        "red": indicator.red,
        "latest": None
        if latest is None
        else {"date": latest.date.isoformat(), "value": latest.value},
        "status": indicator.status,
    }


# Built-in text fields that --where also filters on, beside the register's own.
_WHERE_BUILT_IN = ("owner", "department", "status")


def _where(risks: list[Risk], condition: str, config: RegisterConfig) -> list[Risk]:
    """The risks whose field matches `FIELD=VALUE` (a list field: holds the value)."""
    from riskreg.model.custom_fields import FieldSpec, declared_fields

    name, equals, text = condition.partition("=")
    name = name.strip()
    declared = declared_fields(config)
    if not equals or not name:
        raise UsageError(f"--where {condition!r}: write FIELD=VALUE, e.g. directorate=Operations")
    if name in declared:
        spec = declared[name]
        try:
            wanted = spec.parse(text)
        except ValueError as error:
            raise UsageError(f"--where {name}: {error}") from None
        return [r for r in risks if spec.matches(r.custom.get(name), wanted)]
    if name in _WHERE_BUILT_IN:
        plain = FieldSpec()
        return [r for r in risks if plain.matches(getattr(r, name), text.strip())]
    known = [*declared, *_WHERE_BUILT_IN]
    raise UsageError(f"--where: unknown field {name!r}; allowed: " + ", ".join(known))


def risk_summary(risk: Risk, listing: Listing) -> dict[str, Any]:
    """One risk as the machine formats show it."""
    scoring = listing.config.scoring
    band = scoring.band_named(risk.rating) if risk.rating else None
    summary: dict[str, Any] = {
        "id": risk.id,
        "name": risk.name,
        "status": risk.status,
        "rating": band.name if band else risk.rating,
        "score": risk.score,
        "impact": risk.residual.impact if risk.residual else None,
        "probability": risk.residual.probability if risk.residual else None,
        "trend": {quarter: direction.value for quarter, direction in risk.trend_in_order()},
    }
    for key in ("owner", "department"):
        if getattr(risk, key):
            summary[key] = getattr(risk, key)
    for key in ("last_reviewed", "next_review"):
        value = getattr(risk, key)
        if value is not None:
            summary[key] = value.isoformat()
    for key, value in risk.custom.items():
        summary[key] = value.isoformat() if isinstance(value, dt.date) else value
    if risk.target is not None:
        summary["target"] = {"rating": risk.target.rating, "score": risk.target.score}
    if listing.today is not None:
        due = review_due(risk, listing.config)
        summary["overdue"] = {
            "review": listing.review_late(risk),
            "review_due": due.due.isoformat() if due is not None and due.due else None,
            "actions": [
                {
                    "action": "(restricted)" if action.restricted else action.action,
                    "owner": action.owner,
                    "due": action.due.isoformat() if action.due else None,
                    "status": action.status,
                }
                for _, action in overdue_actions(risk, listing.today)
            ],
            "why": listing.reasons(risk),
        }
    if risk.risk_category:
        summary["risk_category"] = risk.risk_category
    found = appetite_breach(risk, listing.config)
    if found is not None:
        summary["outside_appetite"] = {"level": found.level, "tolerance": found.tolerance}
    if risk.objectives:
        summary["objectives"] = list(risk.objectives)
    if risk.indicators:
        summary["indicators"] = [indicator_summary(i) for i in risk.indicators]
    if risk.escalation is not None:
        summary["escalation"] = risk.escalation.model_dump(mode="json", exclude_none=True)
    if risk.treatment is not None:
        summary["treatment"] = risk.treatment.model_dump(mode="json", exclude_none=True)
    if risk.closure is not None:
        summary["closure"] = {
            "rationale": risk.closure.rationale,
            "closed": risk.closure.closed.isoformat(),
            "reported": risk.closure.reported.isoformat() if risk.closure.reported else None,
        }
    return summary


def appetite_breach(risk: Risk, config: RegisterConfig) -> Breach | None:
    """The risk's breach of its category's appetite, if it has one."""
    return breach(config.appetite, config.scoring, risk.risk_category, risk.score, risk.rating)


def sorted_for_listing(risks: Iterable[Risk], config: RegisterConfig) -> list[Risk]:
    """Critical to Low, then by score (highest first, unscored last), then by ID."""
    scoring = config.scoring

    def key(risk: Risk) -> tuple[int, int, tuple[str, int]]:
        rank, score = scoring.severity(risk.rating, risk.score)
        return (-rank, -score, id_key(risk.id))

    return sorted(risks, key=key)
