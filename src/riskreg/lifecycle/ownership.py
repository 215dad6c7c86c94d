"""Who owns a risk, and the actions taken on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import clean, open_risk, parse_day
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.editing import AppendItem, Edit, RemoveKey, SetValue
from riskreg.register.writing import update_risk


@dataclass(frozen=True)
class Edited:
    """A risk after an edit, and what to tell the user about it."""

    risk: Risk
    path: Path
    summary: str
    written: bool = True


def set_owner(
    root: Path, config: RegisterConfig, risk_id: str, owner: str | None, department: str | None
) -> Edited:
    """Set who owns a risk and its portfolio or department; an empty value removes it."""
    if owner is None and department is None:
        raise UsageError("give the owner (riskreg owner CRR18 'Head of Fleet') and/or --department")
    risk, doc, risk_file = open_risk(root, config, risk_id)
    edits: list[Edit] = []
    said = []
    for key, value in (("owner", owner), ("department", department)):
        if value is None:
            continue
        text = clean(value)
        edits.append(SetValue((key,), text) if text else RemoveKey((key,)))
        said.append(f"{key} {text}" if text else f"no {key}")
    updated = update_risk(doc, edits, config, risk_file)
    return Edited(updated, risk_file.path, f"{risk.id}: " + "; ".join(said))


def describe_action(number: int, risk: Risk) -> str:
    action = risk.actions[number - 1]
    parts: list[str] = [action.status]
    if action.owner:
        parts.append(action.owner)
    if action.due:
        parts.append(f"due {action.due.isoformat()}")
    return f"{risk.id} action {number}: {action.action} ({', '.join(parts)})"


def add_action(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    text: str,
    owner: str | None,
    due_text: str | None,
) -> Edited:
    """Add an open action to a risk."""
    what = clean(text)
    if what is None:
        raise UsageError("say what the action is: riskreg action CRR18 'Recruit trainers'")
    due = parse_day(due_text, "--due")
    _, doc, risk_file = open_risk(root, config, risk_id)
    action: dict[str, Any] = {"action": what}
    if clean(owner):
        action["owner"] = clean(owner)
    if due is not None:
        action["due"] = due
    action["status"] = "open"
    updated = update_risk(doc, [AppendItem(("actions",), action)], config, risk_file)
    return Edited(updated, risk_file.path, describe_action(len(updated.actions), updated))


ActionStatus = Literal["open", "in progress", "done"]


def set_action_status(
    root: Path, config: RegisterConfig, risk_id: str, number: int, status: ActionStatus
) -> Edited:
    """Mark action `number` (1-based, as `show` numbers them) open, in progress or done."""
    risk, doc, risk_file = open_risk(root, config, risk_id)
    if not 1 <= number <= len(risk.actions):
        count = len(risk.actions)
        have = f"it has {count} action{'s' if count != 1 else ''}" if count else "it has none"
        raise UsageError(f"{risk.id} has no action {number}; {have} (see 'riskreg show {risk.id}')")
    # apply_edits walks list indexes as well as keys.
    loc = cast(tuple[str, ...], ("actions", number - 1, "status"))
    updated = update_risk(doc, [SetValue(loc, status)], config, risk_file)
    return Edited(updated, risk_file.path, describe_action(number, updated))
