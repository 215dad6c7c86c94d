"""The pack built from a register: each section's part, in the order the pack shows them."""

from __future__ import annotations

from riskreg.model.redaction import public_view, restricted_count
from riskreg.model.risk import (
    id_key,
)
from riskreg.register.loading import Register
from riskreg.reports.listing import shown_quarters, sorted_for_listing
from riskreg.reports.pack.appetite import appetite_view
from riskreg.reports.pack.charts import band_history
from riskreg.reports.pack.closed import closed_rows
from riskreg.reports.pack.heat_map import heat_map, moves, unscored
from riskreg.reports.pack.history import previous_state, reopened_in
from riskreg.reports.pack.indicators import indicator_lines, kri_breaches, objective_groups
from riskreg.reports.pack.model import AsAt, OverdueAction, Report
from riskreg.reports.pack.risks import open_row
from riskreg.reports.pack.summary import changes, counts, movement
from riskreg.reports.pack.treatment import treatment_view


def _matches(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value or "").strip().casefold() == wanted.strip().casefold()


def build_report(
    register: Register,
    public: bool = False,
    as_at: AsAt | None = None,
    owner: str | None = None,
    department: str | None = None,
    marking: str | None = None,
    templates: str | None = None,
) -> Report:
    """The pack for the register's current period; `public` leaves restricted items out.

    `owner` and `department` keep the risks of one owner or department (any case), for a
    directorate's own pack. `as_at` dates the pack; overdue reviews and actions are
    those overdue on its day. `marking` and `templates` (a folder) override the config's
    `pack:` settings, whose template folder is read from the register's folder.
    """
    config = register.config
    scoring = config.scoring
    period = config.quarter
    quarters = tuple(shown_quarters(config))
    risks = sorted(register.risks, key=lambda risk: id_key(risk.id))
    risks = [r for r in risks if _matches(owner, r.owner) and _matches(department, r.department)]
    left_out = sum(restricted_count(risk) for risk in risks) if public else 0
    if public:
        risks = [public_view(risk) for risk in risks]
    open_risks = sorted_for_listing([risk for risk in risks if risk.is_open], config)
    day = as_at.day if as_at else None
    rows = tuple(open_row(risk, quarters, scoring, day, config.appetite) for risk in open_risks)
    reopened = {risk.id for risk in open_risks if reopened_in(risk, period)}
    scope = " · ".join(
        f"{label}: {value}"
        for label, value in (("Owner", owner), ("Department", department))
        if value is not None
    )
    return Report(
        title=config.title,
        organisation=config.organisation,
        period=period,
        previous=period.previous(),
        quarters=quarters,
        counts=counts(risks, period, scoring),
        new_ids=tuple(
            risk.id
            for risk in open_risks
            if not previous_state(risk, period)[0] and risk.id not in reopened
        ),
        closed_ids=tuple(
            risk.id for risk in risks if not risk.is_open and previous_state(risk, period)[0]
        ),
        movement=movement(open_risks, period),
        heat_map=heat_map(open_risks, scoring),
        unscored=unscored(open_risks, scoring),
        open_risks=rows,
        closed_risks=closed_rows(risks, quarters[0]),
        scoring=scoring,
        public=public,
        left_out=left_out,
        as_at=as_at,
        reopened_ids=tuple(risk.id for risk in open_risks if risk.id in reopened),
        changes=changes(risks, period, scoring, reopened),
        moves=moves(open_risks, period),
        band_history=band_history(risks, period, scoring),
        above_target=tuple(row.id for row in rows if row.above_target),
        overdue_reviews=tuple(
            (row.id, row.next_review) for row in rows if row.review_overdue and row.next_review
        ),
        overdue_actions=tuple(
            OverdueAction(row.id, action)
            for row in rows
            for action in row.actions
            if action.overdue
        ),
        scope=scope or None,
        appetite=appetite_view(config, rows),
        outside_appetite=tuple(row.id for row in rows if row.outside_appetite),
        indicators=indicator_lines(open_risks),
        kri_breaches=kri_breaches(open_risks),
        objectives=objective_groups(config, open_risks),
        treatment=treatment_view(open_risks, rows),
        acceptances_expired=tuple(row.id for row in rows if row.acceptance_expired),
        marking=" ".join((marking or config.pack.marking or "").split()) or None,
        templates=templates
        or (str(register.root / config.pack.templates) if config.pack.templates else None),
    )
