"""Closing and reopening: moving a risk's file between risks/ and closed/, and finishing
a move that was interrupted between its two writes."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from riskreg.errors import BadRiskFile, UnknownRisk, UsageError, WrongState
from riskreg.lifecycle._shared import clean, known_band, parse_day, review_edits
from riskreg.model.risk import RegisterConfig, Risk, risk_as_data
from riskreg.register.editing import AppendItem, Edit, RemoveKey, SetValue
from riskreg.register.layout import CLOSED_DIR, OPEN_DIR, SUFFIXES, RiskFile, display_path
from riskreg.register.loading import load_risk_file
from riskreg.register.writing import edited_text, move_file, remove_file, update_risk
from riskreg.rules import validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.yamlsource import Document, read_document


@dataclass(frozen=True)
class Copies:
    """Where a risk's file is: in risks/, in closed/, or (after an interrupted move) both."""

    risk_id: str
    open: RiskFile | None
    closed: RiskFile | None


def find_copies(root: Path, risk_id: str) -> Copies:
    found: dict[str, RiskFile | None] = {OPEN_DIR: None, CLOSED_DIR: None}
    for folder in found:
        for suffix in SUFFIXES:
            path = root / folder / f"{risk_id}{suffix}"
            if os.path.lexists(path):
                found[folder] = RiskFile(path, folder)
                break
    return Copies(risk_id, found[OPEN_DIR], found[CLOSED_DIR])


def _load(
    risk_file: RiskFile, config: RegisterConfig, any_folder: bool = False
) -> tuple[Risk, Document]:
    """Load a risk to move; `any_folder` accepts one whose status says it is in the wrong
    folder (hand-edited), which the move puts right."""
    if any_folder:
        doc = read_document(risk_file.path, display_path(risk_file.path))
        risk = validate_document(doc, config)
        if risk is not None:
            check_placement(
                doc, risk, RiskFile(risk_file.path, OPEN_DIR if risk.is_open else CLOSED_DIR)
            )
        risk = risk if doc.ok else None
    else:
        risk, doc = load_risk_file(risk_file, config)
    if risk is None:
        raise BadRiskFile.from_problems(doc.problems, f"{doc.path}: cannot load")
    return risk, doc


Move = Literal["close", "reopen"]


@dataclass(frozen=True)
class Moved:
    """A risk moved between folders (or a move finished, or a date recorded in place)."""

    risk: Risk
    source: Path
    destination: Path
    finished_interrupted: bool = False
    notes: list[str] = field(default_factory=list)


def _move(
    text: str, bom: bool, source: Path, destination: Path, command: Move, risk_id: str
) -> None:
    """Write the destination, then remove the source: never in neither folder."""
    move_file(text, bom, source, destination, f"riskreg {command} {risk_id}")


def _remove_source(source: Path, command: Move, risk_id: str) -> None:
    remove_file(source, f"riskreg {command} {risk_id}")


# Fields a close or reopen changes; the rest must agree for two copies to be one risk.
_MOVE_FIELDS = ("status", "closure", "history", "last_reviewed", "next_review")


def _same_risk(open_risk: Risk, closed_risk: Risk) -> bool:
    left, right = risk_as_data(open_risk), risk_as_data(closed_risk)
    for key in _MOVE_FIELDS:
        left.pop(key, None)
        right.pop(key, None)
    if "residual" not in right or "rating" not in right["residual"]:
        left.pop("residual", None)  # reopen gave a rating to a risk closed without one
        right.pop("residual", None)
    return left == right


def _last_event(risk: Risk) -> str | None:
    return risk.history[-1].event if risk.history else None


def finish_interrupted(config: RegisterConfig, copies: Copies, command: Move) -> Moved:
    """Both copies exist: finish the close or reopen that was interrupted between writes.

    An interrupted close left a closed copy whose last history event is `closed`; an
    interrupted reopen left an open copy whose last event is `reopened`. Anything else is
    two different files, which only a person can merge.
    """
    assert copies.open is not None and copies.closed is not None
    open_risk, _ = _load(copies.open, config)
    closed_risk, _ = _load(copies.closed, config)
    same = _same_risk(open_risk, closed_risk)
    was_close = (
        same
        and _last_event(closed_risk) == "closed"
        and len(closed_risk.history) > len(open_risk.history)
    )
    was_reopen = (
        same
        and _last_event(open_risk) == "reopened"
        and len(open_risk.history) > len(closed_risk.history)
    )
    both = f"{display_path(copies.open.path)} and {display_path(copies.closed.path)} both exist"
    rid = copies.risk_id
    if command == "close" and was_close:
        _remove_source(copies.open.path, command, rid)
        return Moved(closed_risk, copies.open.path, copies.closed.path, True)
    if command == "reopen" and was_reopen:
        _remove_source(copies.closed.path, command, rid)
        return Moved(open_risk, copies.closed.path, copies.open.path, True)
    if was_close or was_reopen:
        other = "close" if was_close else "reopen"
        raise WrongState(
            f"{both}: an interrupted {other}; run 'riskreg {other} {rid}' to finish it"
        )
    raise WrongState(
        f"{both} and differ; keep the right one, delete the other, then run 'riskreg validate'"
    )


def close_risk(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    rationale: str | None,
    closed_on: str | None,
    reported_on: str | None,
    day: dt.date,
) -> Moved:
    """Close a risk: record the closure, move risks/ID.yaml to closed/ID.yaml.

    On a risk that is closed already, `reported_on` alone records when the closure was
    reported to the audit committee; anything else is refused.
    """
    closed_date = parse_day(closed_on, "--date")
    reported = parse_day(reported_on, "--reported")
    if reported is not None and reported > day:
        raise UsageError(
            f"--reported {reported.isoformat()} is in the future; record the day the "
            "closure was reported once it has been"
        )
    copies = find_copies(root, risk_id)
    rid = copies.risk_id
    if copies.open is not None and copies.closed is not None:
        return finish_interrupted(config, copies, "close")
    if copies.open is None:
        if copies.closed is None:
            raise UnknownRisk(rid)
        return _record_reported(config, copies.closed, rationale, closed_date, reported)
    risk, doc = _load(copies.open, config, any_folder=True)
    if not risk.is_open:
        return _move_as_is(risk, doc, copies.open, CLOSED_DIR, "close", rid)
    text_rationale = clean(rationale)
    if text_rationale is None:
        raise UsageError(f"say why {rid} is closed: --rationale '...'")
    closed_date = closed_date or day
    if closed_date > day:
        raise UsageError(
            f"--date {closed_date.isoformat()} is in the future; a risk is "
            "closed on the day it is closed"
        )
    if reported is not None and reported < closed_date:
        raise UsageError(
            f"--reported {reported.isoformat()} is before the closed date {closed_date.isoformat()}"
        )
    closure: dict[str, Any] = {"rationale": text_rationale, "closed": closed_date}
    if reported is not None:
        closure["reported"] = reported
    # The rationale stays in closure only: the history entry takes it on reopening. A small
    # change keeps the move a rename for git (`git log --follow`).
    edits: list[Edit] = [
        SetValue(("status",), "closed"),
        SetValue(("closure",), closure),
        AppendItem(
            ("history",), {"quarter": config.period, "date": closed_date, "event": "closed"}
        ),
    ]
    destination = RiskFile(root / CLOSED_DIR / copies.open.path.name, CLOSED_DIR)
    text, updated = edited_text(doc, edits, config, destination)
    _move(text, doc.bom, copies.open.path, destination.path, "close", rid)
    return Moved(updated, copies.open.path, destination.path)


def _move_as_is(
    risk: Risk, doc: Document, source: RiskFile, folder: str, command: Move, rid: str
) -> Moved:
    """A file whose status was edited by hand: move it, unchanged, to where it belongs."""
    destination = source.path.parent.parent / folder / source.path.name
    _move(doc.text, doc.bom, source.path, destination, command, rid)
    return Moved(
        risk,
        source.path,
        destination,
        notes=[f"{rid} was marked {risk.status} already; moved it unchanged"],
    )


def _record_reported(
    config: RegisterConfig,
    closed: RiskFile,
    rationale: str | None,
    closed_date: dt.date | None,
    reported: dt.date | None,
) -> Moved:
    risk, doc = _load(closed, config)
    assert risk.closure is not None
    when = f"closed {risk.closure.closed.isoformat()}"
    if rationale is not None or closed_date is not None or reported is None:
        raise WrongState(
            f"{risk.id} is already closed ({when}, {display_path(closed.path)}); reopen it "
            f"first, or give only --reported YYYY-MM-DD to record when the closure was reported"
        )
    if reported < risk.closure.closed:
        raise UsageError(
            f"--reported {reported.isoformat()} is before the closed date "
            f"{risk.closure.closed.isoformat()}"
        )
    updated = update_risk(doc, [SetValue(("closure", "reported"), reported)], config, closed)
    return Moved(
        updated,
        closed.path,
        closed.path,
        notes=[f"recorded the closure of {risk.id} as reported on {reported.isoformat()}"],
    )


def reopen_risk(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    reason: str | None,
    rating: str | None,
    day: dt.date,
) -> Moved:
    """Reopen a closed risk: move it back to risks/, keeping its closure in its history."""
    copies = find_copies(root, risk_id)
    rid = copies.risk_id
    if copies.open is not None and copies.closed is not None:
        return finish_interrupted(config, copies, "reopen")
    if copies.closed is None:
        if copies.open is None:
            raise UnknownRisk(rid)
        risk, _ = _load(copies.open, config, any_folder=True)
        if not risk.is_open:
            raise WrongState(
                f"{display_path(copies.open.path)} says status: closed but is in "
                f"{OPEN_DIR}/; 'riskreg close {rid}' moves it to {CLOSED_DIR}/"
            )
        raise WrongState(f"{rid} is open already ({display_path(copies.open.path)})")
    risk, doc = _load(copies.closed, config, any_folder=True)
    if risk.is_open:
        return _move_as_is(risk, doc, copies.closed, OPEN_DIR, "reopen", rid)
    why = clean(reason)
    if why is None:
        raise UsageError(f"say why {rid} is reopened: --reason '...'")
    edits: list[Edit] = [RemoveKey(("closure",)), SetValue(("status",), "open")]
    band_name = risk.rating
    if rating is not None:
        band = known_band(config.scoring, rating)
        residual = risk.residual
        if residual is not None and residual.score is not None:
            raise UsageError(
                f"{rid} is scored ({residual.impact} x {residual.probability} = "
                f"{residual.score}, {residual.rating}); leave out --rating and "
                f"re-score it after reopening with 'riskreg score {rid}'"
            )
        band_name = band.name
        edits.append(SetValue(("residual", "rating"), band.name))
    elif band_name is None:
        raise UsageError(
            f"{rid} has no residual rating and an open risk needs one: give "
            "--rating (" + ", ".join(config.scoring.band_names) + ")"
        )
    edits += review_edits(config, band_name, day)
    edits += _closure_into_history(risk, config)
    edits.append(
        AppendItem(
            ("history",), {"quarter": config.period, "date": day, "event": "reopened", "note": why}
        )
    )
    destination = RiskFile(root / OPEN_DIR / copies.closed.path.name, OPEN_DIR)
    text, updated = edited_text(doc, edits, config, destination)
    _move(text, doc.bom, copies.closed.path, destination.path, "reopen", rid)
    notes = []
    if config.period not in updated.trend:
        notes.append(
            f"{rid} has no trend for {config.period}; set it with "
            f"'riskreg trend {rid} improved|worsened|unchanged'"
        )
    return Moved(updated, copies.closed.path, destination.path, notes=notes)


def _closure_into_history(risk: Risk, config: RegisterConfig) -> list[Edit]:
    """Keep the closure (rationale, dates) in the history entry of the closing."""
    closure = risk.closure
    assert closure is not None
    wanted: dict[str, Any] = {"date": closure.closed, "note": closure.rationale}
    if closure.reported is not None:
        wanted["reported"] = closure.reported
    index = next(
        (i for i in reversed(range(len(risk.history))) if risk.history[i].event == "closed"), None
    )
    if index is None:  # closed before riskreg kept history (as the seed's closed risks)
        quarter = min(config.quarter_of(closure.closed), config.quarter)
        entry: dict[str, Any] = {
            "quarter": quarter.label,
            "date": closure.closed,
            "event": "closed",
            "note": closure.rationale,
        }
        if closure.reported is not None:
            entry["reported"] = closure.reported
        return [AppendItem(("history",), entry)]
    current = risk.history[index]
    edits: list[Edit] = []
    for key, value in wanted.items():
        if getattr(current, key) != value:
            # apply_edits walks list indexes as well as keys.
            loc = cast(tuple[str, ...], ("history", index, key))
            edits.append(SetValue(loc, value))
    return edits
