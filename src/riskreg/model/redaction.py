"""The publication view: a risk with everything marked restricted left out.

A control or note written as `{text: ..., restricted: true}` and an action with
`restricted: true` stay in the register and in internal reports; `--public` reports
and exports leave them out, so one register can feed a public transparency page.
"""

from __future__ import annotations

from riskreg.model.assurance import ControlEntry
from riskreg.model.risk import Control, Note, Restricted, Risk


def is_restricted(item: Control | Note) -> bool:
    if isinstance(item, ControlEntry):
        return item.is_restricted
    return isinstance(item, Restricted) and item.restricted


def control_text(item: Control | Note) -> str:
    return item if isinstance(item, str) else item.text


def public_view(risk: Risk) -> Risk:
    """The risk without restricted controls, notes and actions (the same risk if none)."""
    controls = [item for item in risk.controls if not is_restricted(item)]
    notes = [item for item in risk.notes if not is_restricted(item)]
    actions = [action for action in risk.actions if not action.restricted]
    history = [entry for entry in risk.history if not entry.restricted]
    if (len(controls), len(notes), len(actions), len(history)) == (
        len(risk.controls),
        len(risk.notes),
        len(risk.actions),
        len(risk.history),
    ):
        return risk
    return risk.model_copy(
        update={"controls": controls, "notes": notes, "actions": actions, "history": history}
    )


def restricted_count(risk: Risk) -> int:
    """How many items the publication view leaves out of this risk."""
    return (
        sum(is_restricted(item) for item in risk.controls)
        + sum(is_restricted(item) for item in risk.notes)
        + sum(action.restricted for action in risk.actions)
        + sum(bool(entry.restricted) for entry in risk.history)
    )
