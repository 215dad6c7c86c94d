"""A risk's life across quarters: create it, set its trend, open a new quarter, close it,
reopen it, and keep its owner and actions.

Every change is an edit spliced into the risk's own text (comments and layout survive)
and checked before it is written. Moving a risk between `risks/` and `closed/` writes
the destination first and then removes the source, so the risk is never in neither
folder; if the move is interrupted both copies exist and a rerun finishes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from riskreg.checks import validate_document
from riskreg.errors import BadRiskFile, UsageError, WriteError, WrongState
from riskreg.models import Direction, RegisterConfig, Risk, id_key, risk_as_data
from riskreg.quarters import Quarter
from riskreg.register import (
    CLOSED_DIR,
    CONFIG_NAME,
    OPEN_DIR,
    RiskFile,
    all_ids,
    check_placement,
    display_path,
    load_one,
    load_register,
    load_risk_file,
    normalise_id,
)
from riskreg.riskfile import (
    AppendItem,
    Edit,
    RemoveKey,
    SetValue,
    apply_edits,
    render_new_file,
    write_atomic,
)
from riskreg.store import edited_text
from riskreg.timeline import (
    ARROWS,
    Derivation,
    derive,
    is_overdue,
    last_score_before,
    next_review_after,
)
from riskreg.yamlsource import parse_text, read_document

SUFFIXES = (".yaml", ".yml")


# ---------------------------------------------------------------------------
# Edits shared by the commands that touch a risk.


def review_edits(config: RegisterConfig, rating: str | None, day: dt.date) -> list[Edit]:
    """Record a review on `day`: last_reviewed, and next_review from the band's interval.

    A band with no interval in the config has no scheduled review, so a stale
    next_review is removed rather than left to fall overdue.
    """
    due = next_review_after(config, rating, day)
    return [
        SetValue(("last_reviewed",), day),
        SetValue(("next_review",), due) if due else RemoveKey(("next_review",)),
    ]


def trend_edits(risk: Risk, quarter: Quarter, direction: Direction) -> list[Edit]:
    """Set the arrow for `quarter`, keeping the trend's quarters oldest first."""
    label = quarter.label
    later = [q for q in risk.trend if Quarter.parse(q) > quarter]
    if label in risk.trend or not later:
        return [SetValue(("trend", label), direction.value)]
    # A gap filled in the middle: rewrite the mapping in order (rare; loses comments in it).
    merged = {**risk.trend, label: direction}
    ordered = sorted(merged.items(), key=lambda item: Quarter.parse(item[0]))
    return [SetValue(("trend",), {q: d.value for q, d in ordered})]


@dataclass(frozen=True)
class TrendNote:
    """What scoring or a review did to a risk's arrow for one quarter."""

    risk_id: str
    quarter: Quarter
    derivation: Derivation | None
    before: Direction | None
    after: Direction | None


def derived_trend(risk: Risk, quarter: Quarter, score: int) -> tuple[list[Edit], TrendNote]:
    """The arrow for `quarter` once the risk is scored `score` in it.

    The arrow follows the change from the latest residual score of an earlier quarter:
    lower is improved, higher worsened, equal unchanged. A risk that is New this quarter
    stays New; with no earlier score the arrow is left for `riskreg trend`.
    """
    before = risk.trend.get(quarter.label)
    previous = last_score_before(risk, quarter)
    if previous is None or before is Direction.NEW:
        return [], TrendNote(risk.id, quarter, None, before, before)
    derivation = Derivation(quarter, previous, score)
    after = derivation.direction
    edits = [] if before is after else trend_edits(risk, quarter, after)
    return edits, TrendNote(risk.id, quarter, derivation, before, after)


# ---------------------------------------------------------------------------
# Creating a risk.


def next_id(root: Path, config: RegisterConfig) -> str:
    """The ID after the highest ever used in risks/ or closed/: IDs are never reused."""
    prefix = config.id_prefix
    numbers = [
        int(rest)
        for risk_id in all_ids(root)
        if risk_id.startswith(prefix) and (rest := risk_id[len(prefix):]).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@dataclass(frozen=True)
class NewRisk:
    """What `riskreg new` was told about a risk."""

    name: str
    rating: str | None = None
    impact: int | None = None
    probability: int | None = None
    category: str | None = None
    description: str = ""
    impact_narrative: str = ""
    controls: tuple[str, ...] = ()
    owner: str | None = None
    department: str | None = None


@dataclass(frozen=True)
class Created:
    risk: Risk
    path: Path


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def residual_for(config: RegisterConfig, fields: NewRisk) -> dict[str, Any]:
    """The residual assessment of a new risk, from a rating or from impact and probability."""
    from riskreg.score import calculate

    scoring = config.scoring
    band = None
    if fields.rating is not None:
        band = scoring.band_named(fields.rating)
        if band is None:
            raise UsageError(f"unknown rating {fields.rating!r}; allowed: "
                             + ", ".join(scoring.band_names))
    if (fields.impact is None) != (fields.probability is None):
        raise UsageError("give both --impact and --prob, or neither")
    residual: dict[str, Any] = {}
    if fields.impact is not None and fields.probability is not None:
        calculation = calculate(scoring, fields.impact, fields.probability)
        if band is not None and band.name != calculation.band.name:
            raise UsageError(
                f"--rating {band.name} disagrees with {calculation.impact} x "
                f"{calculation.probability} = {calculation.score}, which is "
                f"{calculation.band.name}; give one or the other"
            )
        band = calculation.band
        residual = {"rating": band.name, "impact": fields.impact,
                    "probability": fields.probability}
    elif band is not None:
        residual = {"rating": band.name}
    else:
        raise UsageError("a new risk needs a rating: give --rating (" + ", ".join(
            scoring.band_names) + ") or --impact and --prob")
    if fields.category is not None:
        if fields.category not in scoring.categories:
            raise UsageError(f"unknown impact category {fields.category!r}; allowed: "
                             + ", ".join(scoring.categories))
        residual["category"] = fields.category
    return residual


def new_risk_data(risk_id: str, config: RegisterConfig, fields: NewRisk,
                  day: dt.date) -> dict[str, Any]:
    """A new risk's fields in file order: New in the current quarter, reviewed today."""
    name = _clean(fields.name)
    if name is None:
        raise UsageError("a new risk needs a name: give --name '...'")
    residual = residual_for(config, fields)
    data: dict[str, Any] = {"id": risk_id, "name": name, "status": "open"}
    for key in ("description", "impact_narrative"):
        text = _clean(getattr(fields, key))
        if text:
            data[key] = text
    controls = [text for text in map(_clean, fields.controls) if text]
    if controls:
        data["controls"] = controls
    data["trend"] = {config.period: Direction.NEW.value}
    data["residual"] = residual
    for key in ("owner", "department"):
        text = _clean(getattr(fields, key))
        if text:
            data[key] = text
    data["last_reviewed"] = day
    due = next_review_after(config, residual["rating"], day)
    if due is not None:
        data["next_review"] = due
    created: dict[str, Any] = {"quarter": config.period, "date": day, "event": "created",
                               "assessment": "residual"}
    created.update(residual)
    data["history"] = [created]
    return data


def create_risk(root: Path, config: RegisterConfig, fields: NewRisk,
                day: dt.date) -> Created:
    """Write `risks/<next ID>.yaml`; a file that appears meanwhile is never overwritten."""
    folder = root / OPEN_DIR
    for _attempt in range(100):
        risk_id = next_id(root, config)
        path = folder / f"{risk_id}.yaml"
        text = render_new_file(new_risk_data(risk_id, config, fields, day))
        risk = _checked_new(text, path, config)
        try:
            folder.mkdir(exist_ok=True)
            _create_exclusive(path, text)
        except FileExistsError:
            continue  # someone else took this ID just now: take the next
        return Created(risk, path)
    raise WriteError(f"{display_path(folder)}: could not find a free risk ID")  # pragma: no cover


def _checked_new(text: str, path: Path, config: RegisterConfig) -> Risk:
    doc = parse_text(text, display_path(path))
    risk = validate_document(doc, config)
    if risk is not None:
        check_placement(doc, risk, RiskFile(path, OPEN_DIR))
    errors = sorted(p for p in doc.problems if p.is_error)
    if risk is None or errors:
        first = errors[0].one_line() if errors else f"{doc.path}: invalid"
        raise BadRiskFile(f"refusing to write an invalid risk: {first}")
    return risk


def _create_exclusive(path: Path, text: str) -> None:
    """Write a new file whole, failing with FileExistsError if `path` exists."""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(f"{display_path(path)}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        try:
            os.link(temp, path)  # atomic, and refuses to replace an existing file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        raise WriteError(f"{display_path(path)}: cannot write: {error.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


# ---------------------------------------------------------------------------
# Closing and reopening: moving a file between risks/ and closed/.


@dataclass(frozen=True)
class Copies:
    """Where a risk's file is: in risks/, in closed/, or (after an interrupted move) both."""

    risk_id: str
    open: RiskFile | None
    closed: RiskFile | None


def find_copies(root: Path, risk_id: str) -> Copies:
    wanted = normalise_id(risk_id)
    found: dict[str, RiskFile | None] = {OPEN_DIR: None, CLOSED_DIR: None}
    for folder in found:
        for suffix in SUFFIXES:
            path = root / folder / f"{wanted}{suffix}"
            if os.path.lexists(path):
                found[folder] = RiskFile(path, folder)
                break
    return Copies(wanted, found[OPEN_DIR], found[CLOSED_DIR])


def _load(risk_file: RiskFile, config: RegisterConfig,
          any_folder: bool = False) -> tuple[Risk, Any]:
    """Load a risk to move; `any_folder` accepts one whose status says it is in the wrong
    folder (hand-edited), which the move puts right."""
    if any_folder:
        doc = read_document(risk_file.path, display_path(risk_file.path))
        risk = validate_document(doc, config)
        if risk is not None:
            check_placement(doc, risk, RiskFile(risk_file.path,
                                                OPEN_DIR if risk.is_open else CLOSED_DIR))
        risk = risk if doc.ok else None
    else:
        risk, doc = load_risk_file(risk_file, config)
    if risk is None:
        errors = sorted(p for p in doc.problems if p.is_error)
        first = errors[0].one_line() if errors else f"{doc.path}: cannot load"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise BadRiskFile(first + more)
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


def _move(text: str, bom: bool, source: Path, destination: Path, command: Move,
          risk_id: str) -> None:
    """Write the destination, then remove the source: never in neither folder."""
    try:
        destination.parent.mkdir(exist_ok=True)
    except OSError as error:
        raise WriteError(f"{display_path(destination.parent)}: cannot create the folder: "
                         f"{error.strerror}; nothing changed") from None
    write_atomic(destination, text, bom=bom)
    _remove_source(source, command, risk_id)


def _remove_source(source: Path, command: Move, risk_id: str) -> None:
    try:
        os.unlink(source)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteError(
            f"{display_path(source)}: cannot remove it ({error.strerror}) after writing the "
            f"moved copy; both copies exist now: rerun 'riskreg {command} {risk_id}' to finish"
        ) from None
    with contextlib.suppress(OSError):
        fd = os.open(source.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    was_close = (same and _last_event(closed_risk) == "closed"
                 and len(closed_risk.history) > len(open_risk.history))
    was_reopen = (same and _last_event(open_risk) == "reopened"
                  and len(open_risk.history) > len(closed_risk.history))
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
        raise WrongState(f"{both}: an interrupted {other}; run 'riskreg {other} {rid}' "
                         "to finish it")
    raise WrongState(f"{both} and differ; keep the right one, delete the other, then "
                     "run 'riskreg validate'")


def _parse_day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date; write it as YYYY-MM-DD") from None


def close_risk(root: Path, config: RegisterConfig, risk_id: str, rationale: str | None,
               closed_on: str | None, reported_on: str | None, day: dt.date) -> Moved:
    """Close a risk: record the closure, move risks/ID.yaml to closed/ID.yaml.

    On a risk that is closed already, `reported_on` alone records when the closure was
    reported to the audit committee; anything else is refused.
    """
    closed_date = _parse_day(closed_on, "--date")
    reported = _parse_day(reported_on, "--reported")
    copies = find_copies(root, risk_id)
    rid = copies.risk_id
    if copies.open is not None and copies.closed is not None:
        return finish_interrupted(config, copies, "close")
    if copies.open is None:
        if copies.closed is None:
            from riskreg.errors import UnknownRisk

            raise UnknownRisk(rid)
        return _record_reported(config, copies.closed, rationale, closed_date, reported)
    risk, doc = _load(copies.open, config, any_folder=True)
    if not risk.is_open:
        return _move_as_is(risk, doc, copies.open, CLOSED_DIR, "close", rid)
    text_rationale = _clean(rationale)
    if text_rationale is None:
        raise UsageError(f"say why {rid} is closed: --rationale '...'")
    closed_date = closed_date or day
    if closed_date > day:
        raise UsageError(f"--date {closed_date.isoformat()} is in the future; a risk is "
                         "closed on the day it is closed")
    if reported is not None and reported < closed_date:
        raise UsageError(f"--reported {reported.isoformat()} is before the closed date "
                         f"{closed_date.isoformat()}")
    closure: dict[str, Any] = {"rationale": text_rationale, "closed": closed_date}
    if reported is not None:
        closure["reported"] = reported
    # The rationale stays in closure only: the history entry takes it on reopening. A small
    # change keeps the move a rename for git (`git log --follow`).
    edits: list[Edit] = [
        SetValue(("status",), "closed"),
        SetValue(("closure",), closure),
        AppendItem(("history",), {"quarter": config.period, "date": closed_date,
                                  "event": "closed"}),
    ]
    destination = RiskFile(root / CLOSED_DIR / copies.open.path.name, CLOSED_DIR)
    text, updated = edited_text(doc, edits, config, destination)
    _move(text, doc.bom, copies.open.path, destination.path, "close", rid)
    return Moved(updated, copies.open.path, destination.path)


def _move_as_is(risk: Risk, doc: Any, source: RiskFile, folder: str, command: Move,
                rid: str) -> Moved:
    """A file whose status was edited by hand: move it, unchanged, to where it belongs."""
    destination = source.path.parent.parent / folder / source.path.name
    _move(doc.text, doc.bom, source.path, destination, command, rid)
    return Moved(risk, source.path, destination,
                 notes=[f"{rid} was marked {risk.status} already; moved it unchanged"])


def _record_reported(config: RegisterConfig, closed: RiskFile, rationale: str | None,
                     closed_date: dt.date | None, reported: dt.date | None) -> Moved:
    risk, doc = _load(closed, config)
    assert risk.closure is not None
    when = f"closed {risk.closure.closed.isoformat()}"
    if rationale is not None or closed_date is not None or reported is None:
        raise WrongState(
            f"{risk.id} is already closed ({when}, {display_path(closed.path)}); reopen it "
            f"first, or give only --reported YYYY-MM-DD to record when the closure was reported"
        )
    if reported < risk.closure.closed:
        raise UsageError(f"--reported {reported.isoformat()} is before the closed date "
                         f"{risk.closure.closed.isoformat()}")
    text, updated = edited_text(doc, [SetValue(("closure", "reported"), reported)], config,
                                closed)
    write_atomic(closed.path, text, bom=doc.bom)
    return Moved(updated, closed.path, closed.path,
                 notes=[f"recorded the closure of {risk.id} as reported on "
                        f"{reported.isoformat()}"])


def reopen_risk(root: Path, config: RegisterConfig, risk_id: str, reason: str | None,
                rating: str | None, day: dt.date) -> Moved:
    """Reopen a closed risk: move it back to risks/, keeping its closure in its history."""
    copies = find_copies(root, risk_id)
    rid = copies.risk_id
    if copies.open is not None and copies.closed is not None:
        return finish_interrupted(config, copies, "reopen")
    if copies.closed is None:
        if copies.open is None:
            from riskreg.errors import UnknownRisk

            raise UnknownRisk(rid)
        risk, _ = _load(copies.open, config, any_folder=True)
        if not risk.is_open:
            raise WrongState(f"{display_path(copies.open.path)} says status: closed but is in "
                             f"{OPEN_DIR}/; 'riskreg close {rid}' moves it to {CLOSED_DIR}/")
        raise WrongState(f"{rid} is open already ({display_path(copies.open.path)})")
    risk, doc = _load(copies.closed, config, any_folder=True)
    if risk.is_open:
        return _move_as_is(risk, doc, copies.closed, OPEN_DIR, "reopen", rid)
    why = _clean(reason)
    if why is None:
        raise UsageError(f"say why {rid} is reopened: --reason '...'")
    edits: list[Edit] = [RemoveKey(("closure",)), SetValue(("status",), "open")]
    band_name = risk.rating
    if rating is not None:
        band = config.scoring.band_named(rating)
        if band is None:
            raise UsageError(f"unknown rating {rating!r}; allowed: "
                             + ", ".join(config.scoring.band_names))
        residual = risk.residual
        if residual is not None and residual.score is not None:
            raise UsageError(f"{rid} is scored ({residual.impact} x {residual.probability} = "
                             f"{residual.score}, {residual.rating}); leave out --rating and "
                             f"re-score it after reopening with 'riskreg score {rid}'")
        band_name = band.name
        edits.append(SetValue(("residual", "rating"), band.name))
    elif band_name is None:
        raise UsageError(f"{rid} has no residual rating and an open risk needs one: give "
                         "--rating (" + ", ".join(config.scoring.band_names) + ")")
    edits += review_edits(config, band_name, day)
    edits += _closure_into_history(risk, config)
    edits.append(AppendItem(("history",), {"quarter": config.period, "date": day,
                                           "event": "reopened", "note": why}))
    destination = RiskFile(root / OPEN_DIR / copies.closed.path.name, OPEN_DIR)
    text, updated = edited_text(doc, edits, config, destination)
    _move(text, doc.bom, copies.closed.path, destination.path, "reopen", rid)
    notes = []
    if config.period not in updated.trend:
        notes.append(f"{rid} has no trend for {config.period}; set it with "
                     f"'riskreg trend {rid} improved|worsened|unchanged'")
    return Moved(updated, copies.closed.path, destination.path, notes=notes)


def _closure_into_history(risk: Risk, config: RegisterConfig) -> list[Edit]:
    """Keep the closure (rationale, dates) in the history entry of the closing."""
    closure = risk.closure
    assert closure is not None
    wanted: dict[str, Any] = {"date": closure.closed, "note": closure.rationale}
    if closure.reported is not None:
        wanted["reported"] = closure.reported
    index = next((i for i in reversed(range(len(risk.history)))
                  if risk.history[i].event == "closed"), None)
    if index is None:  # closed before riskreg kept history (as the seed's closed risks)
        quarter = min(Quarter.containing(closure.closed), config.quarter)
        entry: dict[str, Any] = {"quarter": quarter.label, "date": closure.closed,
                                 "event": "closed", "note": closure.rationale}
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


# ---------------------------------------------------------------------------
# Trends.


@dataclass(frozen=True)
class TrendSet:
    risk: Risk
    path: Path
    quarter: Quarter
    before: Direction | None
    after: Direction
    contradiction: Derivation | None
    next_review: dt.date | None
    reviewed: bool


def parse_direction(text: str) -> Direction:
    try:
        return Direction.parse(text)
    except ValueError as error:
        raise UsageError(str(error)) from None


def parse_quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise UsageError(str(error)) from None


def set_trend(root: Path, config: RegisterConfig, risk_id: str, direction_text: str,
              quarter_text: str | None, day: dt.date) -> TrendSet:
    """Set a risk's arrow for a quarter (the current one by default).

    Setting the current quarter's arrow records a review, as scoring does.
    """
    direction = parse_direction(direction_text)
    quarter = parse_quarter(quarter_text) if quarter_text else config.quarter
    if quarter > config.quarter:
        raise UsageError(f"{quarter.label} is after the current quarter {config.period}; "
                         "open it first with 'riskreg review'")
    risk, doc, risk_file = load_one(root, risk_id, config)
    if not risk.is_open:
        raise WrongState(f"{risk.id} is closed; reopen it first with 'riskreg reopen {risk.id}'")
    edits = trend_edits(risk, quarter, direction)
    reviewed = quarter == config.quarter
    if reviewed:
        edits += review_edits(config, risk.rating, day)
    text, updated = edited_text(doc, edits, config, risk_file)
    write_atomic(risk_file.path, text, bom=doc.bom)
    derivation = derive(updated, quarter)
    contradiction = (derivation if derivation is not None and direction in ARROWS
                     and derivation.direction is not direction else None)
    return TrendSet(updated, risk_file.path, quarter, risk.trend.get(quarter.label),
                    direction, contradiction, updated.next_review, reviewed)


# ---------------------------------------------------------------------------
# Opening a new quarter.


@dataclass
class QuarterOpened:
    previous: Quarter
    quarter: Quarter
    config_path: Path
    moved: bool
    derived: list[TrendNote] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    needed: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def _later_entries(risk: Risk, quarter: Quarter) -> str | None:
    for label in risk.trend:
        if Quarter.parse(label) > quarter:
            return f"a trend for {label}"
    for entry in risk.history:
        if Quarter.parse(entry.quarter) > quarter:
            return f"history in {entry.quarter}"
    return None


def open_quarter(root: Path, config: RegisterConfig, quarter_text: str | None, force: bool,
                 day: dt.date) -> QuarterOpened:
    """Make `quarter` the register's current period and give each open risk its arrow.

    Quarters open in turn: going back or skipping one needs `force`, and going back is
    refused while any risk records something in a later quarter. The config is written
    first, so a rerun after an interruption finds the quarter open and finishes the risks.
    """
    current = config.quarter
    if quarter_text is None:
        raise UsageError(f"give the quarter to open: --quarter '{current.next().label}' "
                         f"(the one after {current.label})")
    quarter = parse_quarter(quarter_text)
    register = load_register(root, config)
    if register.errors:
        first = register.errors[0].one_line()
        more = len(register.errors) - 1
        raise BadRiskFile(f"fix the register before opening a quarter: {first}"
                          + (f" (and {more} more; run 'riskreg validate')" if more else ""))
    if quarter < current:
        if not force:
            raise UsageError(f"{quarter.label} is before the current quarter {current.label}; "
                             "quarters move forward (use --force to go back)")
        for risk in register.risks:
            later = _later_entries(risk, quarter)
            if later:
                raise WrongState(f"cannot go back to {quarter.label}: {risk.id} has {later}")
    elif quarter > current.next() and not force:
        raise UsageError(f"{quarter.label} skips {current.next().label}; open quarters in "
                         "turn (use --force to skip)")
    config_path = root / CONFIG_NAME
    moved = quarter != current
    if moved:
        _write_period(config_path, quarter)
        config = config.model_copy(update={"period": quarter.label})
    outcome = QuarterOpened(current, quarter, config_path, moved)
    for risk in sorted(register.open_risks, key=lambda r: id_key(r.id)):
        if is_overdue(risk, day):
            outcome.overdue.append(risk.id)
        before = risk.trend.get(quarter.label)
        if before is not None:
            outcome.kept.append(risk.id)
            continue
        derivation = derive(risk, quarter)
        if derivation is None:
            outcome.needed.append(risk.id)
            continue
        path = register.paths[risk.id]
        doc = read_document(path, display_path(path))
        risk_file = RiskFile(path, OPEN_DIR)
        text, _ = edited_text(doc, trend_edits(risk, quarter, derivation.direction), config,
                              risk_file)
        write_atomic(path, text, bom=doc.bom)
        outcome.derived.append(TrendNote(risk.id, quarter, derivation, None,
                                         derivation.direction))
    return outcome


def _write_period(config_path: Path, quarter: Quarter) -> None:
    """Set `period:` in riskreg.yaml in place, keeping its comments and layout."""
    from pydantic import ValidationError

    from riskreg.models import RegisterConfig as Config

    doc = read_document(config_path, display_path(config_path))
    if doc.root is None or not isinstance(doc.value, dict):
        raise BadRiskFile(f"{doc.path}: cannot read the register config")
    text = apply_edits(doc, [SetValue(("period",), quarter.label)])
    new_doc = parse_text(text, doc.path)
    try:
        Config.model_validate(new_doc.value)
    except ValidationError:  # pragma: no cover - the config loaded before the edit
        raise BadRiskFile(f"{doc.path}: setting the period would break the config; "
                          "file left unchanged") from None
    write_atomic(config_path, text, bom=doc.bom)


# ---------------------------------------------------------------------------
# Ownership and actions.


@dataclass(frozen=True)
class Edited:
    """A risk after an edit, and what to tell the user about it."""

    risk: Risk
    path: Path
    summary: str


def _open_risk(root: Path, config: RegisterConfig, risk_id: str) -> tuple[Risk, Any, RiskFile]:
    risk, doc, risk_file = load_one(root, risk_id, config)
    if not risk.is_open:
        raise WrongState(f"{risk.id} is closed; reopen it first with 'riskreg reopen {risk.id}'")
    return risk, doc, risk_file


def set_owner(root: Path, config: RegisterConfig, risk_id: str, owner: str | None,
              department: str | None) -> Edited:
    """Set who owns a risk and its portfolio or department; an empty value removes it."""
    if owner is None and department is None:
        raise UsageError("give the owner (riskreg owner CRR18 'Head of Fleet') and/or "
                         "--department")
    risk, doc, risk_file = _open_risk(root, config, risk_id)
    edits: list[Edit] = []
    said = []
    for key, value in (("owner", owner), ("department", department)):
        if value is None:
            continue
        text = _clean(value)
        edits.append(SetValue((key,), text) if text else RemoveKey((key,)))
        said.append(f"{key} {text}" if text else f"no {key}")
    text, updated = edited_text(doc, edits, config, risk_file)
    write_atomic(risk_file.path, text, bom=doc.bom)
    return Edited(updated, risk_file.path, f"{risk.id}: " + "; ".join(said))


def describe_action(number: int, risk: Risk) -> str:
    action = risk.actions[number - 1]
    parts: list[str] = [action.status]
    if action.owner:
        parts.append(action.owner)
    if action.due:
        parts.append(f"due {action.due.isoformat()}")
    return f"{risk.id} action {number}: {action.action} ({', '.join(parts)})"


def add_action(root: Path, config: RegisterConfig, risk_id: str, text: str,
               owner: str | None, due_text: str | None) -> Edited:
    """Add an open action to a risk."""
    what = _clean(text)
    if what is None:
        raise UsageError("say what the action is: riskreg action CRR18 'Recruit trainers'")
    due = _parse_day(due_text, "--due")
    _, doc, risk_file = _open_risk(root, config, risk_id)
    action: dict[str, Any] = {"action": what}
    if _clean(owner):
        action["owner"] = _clean(owner)
    if due is not None:
        action["due"] = due
    action["status"] = "open"
    text_after, updated = edited_text(doc, [AppendItem(("actions",), action)], config,
                                      risk_file)
    write_atomic(risk_file.path, text_after, bom=doc.bom)
    return Edited(updated, risk_file.path, describe_action(len(updated.actions), updated))


ActionStatus = Literal["open", "in progress", "done"]


def set_action_status(root: Path, config: RegisterConfig, risk_id: str, number: int,
                      status: ActionStatus) -> Edited:
    """Mark action `number` (1-based, as `show` numbers them) open, in progress or done."""
    risk, doc, risk_file = _open_risk(root, config, risk_id)
    if not 1 <= number <= len(risk.actions):
        count = len(risk.actions)
        have = f"it has {count} action{'s' if count != 1 else ''}" if count else "it has none"
        raise UsageError(f"{risk.id} has no action {number}; {have} "
                         f"(see 'riskreg show {risk.id}')")
    # apply_edits walks list indexes as well as keys.
    loc = cast(tuple[str, ...], ("actions", number - 1, "status"))
    text, updated = edited_text(doc, [SetValue(loc, status)], config, risk_file)
    write_atomic(risk_file.path, text, bom=doc.bom)
    return Edited(updated, risk_file.path, describe_action(number, updated))
