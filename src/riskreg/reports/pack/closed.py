"""The closed risks the pack reports: closed in the quarters shown, or not yet reported."""

from __future__ import annotations

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    Risk,
    id_key,
)
from riskreg.reports.pack.model import ClosedRisk
from riskreg.reports.pack.risks import controls


def closed_rows(risks: list[Risk], since: Quarter) -> tuple[ClosedRisk, ...]:
    """Risks closed in the quarters the trend columns show, and any closure not yet reported."""
    rows = []
    for risk in risks:
        closure = risk.closure
        if risk.is_open or closure is None:
            continue
        if closure.closed < since.first_day() and closure.reported is not None:
            continue
        rows.append(
            ClosedRisk(
                id=risk.id,
                name=risk.name,
                description=risk.description,
                impact_narrative=risk.impact_narrative,
                controls=controls(risk),
                rationale=closure.rationale,
                closed=closure.closed,
                reported=closure.reported,
            )
        )
    return tuple(sorted(rows, key=lambda row: (row.closed, id_key(row.id))))
