"""What changed in a register between two revisions: risks added, closed, reopened, re-rated...

`compare(old, new)` takes two loaded registers (from git or the working tree) and
returns a plain `RegisterDiff`; `riskreg diff` renders it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from riskreg.model.assurance import ControlEntry
from riskreg.model.quarters import Quarter
from riskreg.model.redaction import control_text, is_restricted
from riskreg.model.risk import Control, Direction, Risk, id_key
from riskreg.register.loading import Register
from riskreg.scoring.guidance import Scoring

# Fields reported under "other changes": everything not covered by its own section.
OTHER_FIELDS = (
    "name",
    "description",
    "impact_narrative",
    "inherent",
    "target",
    "owner",
    "department",
    "last_reviewed",
    "next_review",
    "actions",
    "notes",
    "closure",
    "treatment",
)


@dataclass(frozen=True)
class Rated:
    rating: str | None
    score: int | None

    def __str__(self) -> str:
        score = "unscored" if self.score is None else str(self.score)
        return f"{self.rating or 'unrated'} ({score})"


@dataclass(frozen=True)
class Added:
    id: str
    name: str
    status: str
    rated: Rated


@dataclass(frozen=True)
class Removed:
    id: str
    name: str


@dataclass(frozen=True)
class Closed:
    id: str
    name: str
    closed: dt.date | None


@dataclass(frozen=True)
class Reopened:
    id: str
    name: str
    rated: Rated


@dataclass(frozen=True)
class Rerated:
    id: str
    name: str
    old: Rated
    new: Rated
    note: str | None = None  # why, as the newest residual scoring since says


@dataclass(frozen=True)
class TrendChange:
    id: str
    name: str
    quarter: str
    old: Direction | None
    new: Direction | None


@dataclass(frozen=True)
class ControlsChange:
    id: str
    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Edited:
    id: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RegisterDiff:
    old_label: str
    new_label: str
    register: tuple[str, ...] = ()
    added: tuple[Added, ...] = ()
    closed: tuple[Closed, ...] = ()
    reopened: tuple[Reopened, ...] = ()
    removed: tuple[Removed, ...] = ()
    rerated: tuple[Rerated, ...] = ()
    trend: tuple[TrendChange, ...] = ()
    controls: tuple[ControlsChange, ...] = ()
    edited: tuple[Edited, ...] = ()
    scored: tuple[Rerated, ...] = ()  # scored for the first time: not a re-rating

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, f.name) for f in fields(self) if f.name not in ("old_label", "new_label")
        )

    def summary(self) -> str:
        parts = [
            (
                len(self.register),
                "register change" if len(self.register) == 1 else "register changes",
            ),
            (len(self.added), "added"),
            (len(self.closed), "closed"),
            (len(self.reopened), "reopened"),
            (len(self.removed), "removed"),
            (len(self.scored), "scored"),
            (len(self.rerated), "re-rated"),
            (len(self.trend), "trend change" if len(self.trend) == 1 else "trend changes"),
            (len(self.controls), "with changed controls"),
            (len(self.edited), "with other changes"),
        ]
        return ", ".join(f"{count} {words}" for count, words in parts if count)


def _band(rating: str | None, scoring: Scoring) -> str | None:
    if not rating:
        return None
    band = scoring.band_named(rating)
    return band.name if band else rating


def _rated(risk: Risk, scoring: Scoring) -> Rated:
    return Rated(_band(risk.rating, scoring), risk.score)


def _control_lines(risk: Risk) -> list[str]:
    """Each control as a line, with its effectiveness and assurance: a change of either
    shows as the control's old line gone and its new line added."""
    return [
        ("[restricted] " if is_restricted(item) else "") + control_text(item) + _assurance(item)
        for item in risk.controls
    ]


def _assurance(item: Control) -> str:
    if not isinstance(item, ControlEntry):
        return ""
    said = [part for part in (item.effectiveness, item.assurance) if part]
    return f" ({', '.join(said)})" if said else ""


def _value(risk: Risk, name: str) -> object:
    value = getattr(risk, name)
    return value.model_dump() if hasattr(value, "model_dump") else value


def _score_note(was: Risk, now: Risk) -> str | None:
    """The note of the newest residual scoring recorded since `was`, if it has one."""
    for entry in reversed(now.history[len(was.history) :]):
        if entry.event == "scored" and entry.assessment in (None, "residual"):
            return entry.note
    return None


def compare(old: Register, new: Register, old_label: str, new_label: str) -> RegisterDiff:
    scoring = new.config.scoring
    before = {risk.id: risk for risk in old.risks}
    after = {risk.id: risk for risk in new.risks}
    register = []
    for name in ("title", "organisation", "period"):
        was, now = getattr(old.config, name), getattr(new.config, name)
        if was != now:
            register.append(f"{name}: {was or '(none)'} → {now or '(none)'}")
    if old.config.scoring != new.config.scoring:
        register.append("scoring guidance changed")
    if old.config.review_intervals != new.config.review_intervals:
        register.append("review intervals changed")
    added, closed, reopened, removed = [], [], [], []
    scored: list[Rerated] = []
    rerated: list[Rerated] = []
    trend, controls, edited = [], [], []
    for risk_id in sorted(before.keys() | after.keys(), key=id_key):
        was, now = before.get(risk_id), after.get(risk_id)
        if was is None:
            assert now is not None
            added.append(Added(now.id, now.name, now.status, _rated(now, scoring)))
            continue
        if now is None:
            removed.append(Removed(was.id, was.name))
            continue
        if was.is_open and not now.is_open:
            closed.append(Closed(now.id, now.name, now.closure.closed if now.closure else None))
        elif not was.is_open and now.is_open:
            reopened.append(Reopened(now.id, now.name, _rated(now, scoring)))
        elif now.is_open:
            old_rated, new_rated = _rated(was, scoring), _rated(now, scoring)
            if (old_rated.rating or "").casefold() != (
                new_rated.rating or ""
            ).casefold() or old_rated.score != new_rated.score:
                change = Rerated(now.id, now.name, old_rated, new_rated, _score_note(was, now))
                first = old_rated.score is None and new_rated.score is not None
                (scored if first else rerated).append(change)
        for quarter in sorted(was.trend.keys() | now.trend.keys(), key=Quarter.parse):
            if was.trend.get(quarter) != now.trend.get(quarter):
                trend.append(
                    TrendChange(
                        now.id, now.name, quarter, was.trend.get(quarter), now.trend.get(quarter)
                    )
                )
        old_controls, new_controls = _control_lines(was), _control_lines(now)
        gone = [line for line in old_controls if line not in new_controls]
        new_lines = [line for line in new_controls if line not in old_controls]
        if gone or new_lines:
            controls.append(ControlsChange(now.id, now.name, tuple(new_lines), tuple(gone)))
        changed = [
            name
            for name in OTHER_FIELDS
            if _value(was, name) != _value(now, name)
            # closing and reopening change the closure; only an edit of it is news
            and (name != "closure" or was.status == now.status == "closed")
        ]
        if was.residual and now.residual and was.residual.category != now.residual.category:
            changed.append("residual category")
        if changed:
            edited.append(Edited(now.id, now.name, tuple(changed)))
    return RegisterDiff(
        old_label,
        new_label,
        tuple(register),
        tuple(added),
        tuple(closed),
        tuple(reopened),
        tuple(removed),
        tuple(rerated),
        tuple(trend),
        tuple(controls),
        tuple(edited),
        tuple(scored),
    )
