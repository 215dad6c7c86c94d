"""The treatment and assurance view: each open risk's decision, any acceptance of it,
and how effective its controls are."""

from __future__ import annotations

from riskreg.model.risk import Risk
from riskreg.reports.pack.model import OpenRisk, TreatmentRow


def treatment_view(
    open_risks: list[Risk], rows: tuple[OpenRisk, ...]
) -> tuple[TreatmentRow, ...] | None:
    """The treatment and control effectiveness of each open risk that has a treatment, an
    assessed control or a residual outside appetite, in the pack's order; None when no
    risk has a treatment and no control says how effective it is (a register that
    records neither shows no such section)."""
    if not any(row.treatment or row.control_summary for row in rows):
        return None
    by_id = {risk.id: risk for risk in open_risks}
    found = []
    for row in rows:
        if not (row.treatment or row.control_summary or row.outside_appetite):
            continue
        treatment = by_id[row.id].treatment
        found.append(
            TreatmentRow(
                row.id,
                row.name,
                row.rating,
                treatment.decision if treatment else None,
                treatment.rationale if treatment else None,
                row.acceptance,
                row.acceptance_expired,
                row.outside_appetite,
                row.control_summary or _plain(len(row.controls)),
            )
        )
    return tuple(found)


def _plain(count: int) -> str:
    if not count:
        return "none recorded"
    return f"{count} control{'s' if count != 1 else ''}: {count} not assessed"
