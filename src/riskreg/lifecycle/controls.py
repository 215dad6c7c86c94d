"""A risk's controls and actions: add, change and remove them, numbered as `show` lists them.

A removed control or action is not lost: its text goes into the risk's history with the
day it was removed (marked restricted when the item was), so the file, git and the
history all still say what was there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import clean, open_risk, parse_day
from riskreg.lifecycle.ownership import ActionStatus, Edited, describe_action
from riskreg.lifecycle.text_fields import clean_text
from riskreg.model.assurance import ControlEntry, parse_assurance, parse_effectiveness
from riskreg.model.redaction import control_text, is_restricted
from riskreg.model.risk import Action, RegisterConfig, Risk
from riskreg.register.editing import AppendItem, Edit, RemoveKey, SetValue
from riskreg.register.writing import update_risk

STATUSES: dict[str, ActionStatus] = {
    "open": "open",
    "in progress": "in progress",
    "in-progress": "in progress",
    "started": "in progress",
    "done": "done",
}


@dataclass(frozen=True)
class ActionChange:
    """What `action ID --edit N` changes; None leaves a part as it is, '' removes it."""

    text: str | None = None
    due: str | None = None
    owner: str | None = None
    status: str | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.text, self.due, self.owner, self.status))


def _item(risk: Risk, kind: str, number: int) -> int:
    """The 0-based index of item `number`, or a one-line error naming what there is."""
    items = risk.controls if kind == "control" else risk.actions
    if 1 <= number <= len(items):
        return number - 1
    count = len(items)
    have = f"it has {count} {kind}{'s' if count != 1 else ''}" if count else "it has none"
    raise UsageError(f"{risk.id} has no {kind} {number}; {have} (see 'riskreg show {risk.id}')")


def _text(text: str, kind: str, example: str) -> str:
    cleaned = clean_text(text, paragraphs=True, what=f"the {kind}")
    if not cleaned:
        raise UsageError(f"say what the {kind} is: {example}")
    return cleaned


def _removal(
    config: RegisterConfig, kind: str, note: str, restricted: bool, day: dt.date
) -> AppendItem:
    entry: dict[str, Any] = {
        "quarter": config.period,
        "date": day,
        "event": f"{kind} removed",
        "note": note,
    }
    if restricted:
        entry["restricted"] = True
    return AppendItem(("history",), entry)


def _remove_item(risk: Risk, kind: str, index: int) -> Edit:
    """Remove one item; the last one takes its key with it (an empty list is no list)."""
    key = "controls" if kind == "control" else "actions"
    if len(getattr(risk, key)) == 1:
        return RemoveKey((key,))
    return RemoveKey((key, index))


# ---------------------------------------------------------------------------
# Controls.


def add_control(root: Path, config: RegisterConfig, risk_id: str, text: str) -> Edited:
    what = _text(text, "control", "riskreg control CRR18 'Monthly review of course demand'")
    _, doc, risk_file = open_risk(root, config, risk_id)
    updated = update_risk(doc, [AppendItem(("controls",), what)], config, risk_file)
    number = len(updated.controls)
    return Edited(updated, risk_file.path, f"{updated.id} control {number} added: {_short(what)}")


@dataclass(frozen=True)
class ControlChange:
    """What `control ID --edit N` changes; None leaves a part as it is, '' removes it."""

    text: str | None = None
    effectiveness: str | None = None
    assurance: str | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.text, self.effectiveness, self.assurance))


def _parsed(value: str | None, parse: Any, option: str) -> str | None:
    """The value as the model spells it, None to leave it, '' to remove it."""
    if value is None or not value.strip():
        return None if value is None else ""
    try:
        word: str = parse(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None
    return word


def edit_control(
    root: Path, config: RegisterConfig, risk_id: str, number: int, change: ControlChange
) -> Edited:
    """Change a control's text, effectiveness or assurance; '' removes either of the last
    two. A control written as text becomes a mapping once it has either."""
    if change.empty:
        raise UsageError(
            "say what to change: --edit N with --text TEXT, --effectiveness or --assurance"
        )
    what = None
    if change.text is not None:
        what = _text(change.text, "control", "--edit N --text 'Monthly review of course demand'")
    effectiveness = _parsed(change.effectiveness, parse_effectiveness, "--effectiveness")
    assurance = _parsed(change.assurance, parse_assurance, "--assurance")
    risk, doc, risk_file = open_risk(root, config, risk_id)
    index = _item(risk, "control", number)
    item = risk.controls[index]
    entry = item if isinstance(item, ControlEntry) else ControlEntry(text=item, restricted=False)
    wanted = {
        "text": what if what is not None else entry.text,
        "effectiveness": entry.effectiveness if effectiveness is None else effectiveness or None,
        "assurance": entry.assurance if assurance is None else assurance or None,
    }
    before = {
        "text": entry.text,
        "effectiveness": entry.effectiveness,
        "assurance": entry.assurance,
    }
    if wanted == before:
        return Edited(risk, risk_file.path, f"{risk.id} control {number} unchanged", written=False)
    edits: list[Edit] = []
    restricted = entry.is_restricted
    if isinstance(item, str) or (
        # A mapping left with only its text would read as restricted: say which it is.
        entry.restricted is None
        and not (wanted["effectiveness"] or wanted["assurance"])
        and bool(before["effectiveness"] or before["assurance"])
    ):
        edits.append(SetValue(("controls", index), _control_value(wanted, restricted)))
    else:
        base = ("controls", index)
        for key in ("text", "effectiveness", "assurance"):
            if wanted[key] == before[key]:
                continue
            value = wanted[key]
            edits.append(SetValue((*base, key), value) if value else RemoveKey((*base, key)))
    updated = update_risk(doc, edits, config, risk_file)
    return Edited(updated, risk_file.path, describe_control(number, updated))


def _control_value(parts: dict[str, Any], restricted: bool) -> str | dict[str, Any]:
    """A control as the file writes it: plain text when it says nothing else."""
    value = {key: parts[key] for key in ("text", "effectiveness", "assurance") if parts[key]}
    if restricted:
        value["restricted"] = True
    return value["text"] if len(value) == 1 else value


def describe_control(number: int, risk: Risk) -> str:
    """'CRR18 control 2 now: Weekly scrutiny (effective, second line)'."""
    item = risk.controls[number - 1]
    said = [
        part
        for part in (
            item.effectiveness if isinstance(item, ControlEntry) else None,
            item.assurance if isinstance(item, ControlEntry) else None,
        )
        if part
    ]
    extra = f" ({', '.join(said)})" if said else ""
    return f"{risk.id} control {number} now: {_short(control_text(item))}{extra}"


def remove_control(
    root: Path, config: RegisterConfig, risk_id: str, number: int, day: dt.date
) -> Edited:
    risk, doc, risk_file = open_risk(root, config, risk_id)
    index = _item(risk, "control", number)
    item = risk.controls[index]
    edits = [
        _remove_item(risk, "control", index),
        _removal(config, "control", control_text(item), is_restricted(item), day),
    ]
    updated = update_risk(doc, edits, config, risk_file)
    return Edited(
        updated,
        risk_file.path,
        f"{risk.id} control {number} removed (kept in the history): {_short(control_text(item))}",
    )


# ---------------------------------------------------------------------------
# Actions.


def parse_status(text: str) -> ActionStatus:
    status = STATUSES.get(" ".join(text.casefold().split()))
    if status is None:
        raise UsageError(f"--status: {text!r} is not a status; use open, 'in progress' or done")
    return status


def edit_action(
    root: Path, config: RegisterConfig, risk_id: str, number: int, change: ActionChange
) -> Edited:
    """Change an action's text, due date, owner or status; '' removes the due date or owner."""
    if change.empty:
        raise UsageError("say what to change: --text, --due, --owner or --status")
    what = None
    if change.text is not None:
        what = _text(change.text, "action", "--edit N --text 'Recruit 20 trainers'")
    due = None if not change.due else parse_day(change.due, "--due")
    status = None if change.status is None else parse_status(change.status)
    owner = None if change.owner is None else clean(change.owner)
    risk, doc, risk_file = open_risk(root, config, risk_id)
    index = _item(risk, "action", number)
    action: Action = risk.actions[index]
    base = ("actions", index)
    edits: list[Edit] = []
    if what is not None and what != action.action:
        edits.append(SetValue((*base, "action"), what))
    if change.owner is not None and owner != action.owner:
        edits.append(SetValue((*base, "owner"), owner) if owner else RemoveKey((*base, "owner")))
    if change.due is not None and due != action.due:
        edits.append(SetValue((*base, "due"), due) if due else RemoveKey((*base, "due")))
    if status is not None and status != action.status:
        edits.append(SetValue((*base, "status"), status))
    if not edits:
        return Edited(risk, risk_file.path, describe_action(number, risk) + " (unchanged)", False)
    updated = update_risk(doc, edits, config, risk_file)
    return Edited(updated, risk_file.path, describe_action(number, updated))


def remove_action(
    root: Path, config: RegisterConfig, risk_id: str, number: int, day: dt.date
) -> Edited:
    risk, doc, risk_file = open_risk(root, config, risk_id)
    index = _item(risk, "action", number)
    action = risk.actions[index]
    said = describe_action(number, risk).split(": ", 1)[1]
    edits = [
        _remove_item(risk, "action", index),
        _removal(config, "action", said, action.restricted, day),
    ]
    updated = update_risk(doc, edits, config, risk_file)
    return Edited(
        updated,
        risk_file.path,
        f"{risk.id} action {number} removed (kept in the history): {_short(said)}",
    )


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
