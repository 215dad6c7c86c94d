"""The audit committee pack as a plain value, built from a register; renderers lay it out.

The pack follows the published register it is modelled on: title and period, the
counts by rating, the heat map, the open risks ordered by rating with their four
latest trend arrows, the trend key, the closed risks, and the scoring guidance.

Nothing in it depends on the day it is built but its "as at" stamp, which the command
takes from the commit (or from today when the working tree has changes), so the pack for
a tagged revision (`riskreg report --as-of TAG`) is byte for byte the pack made at that
revision.

Counts "last quarter" are the risks that were open at the end of the previous
quarter, each with its residual rating then:

* a risk was open then unless its history says otherwise (its last created, closed
  or reopened entry up to that quarter), or it is new this quarter (a `created`
  entry this quarter, or trend `new` for the current period), or it is closed and
  its closure date falls before the previous quarter ended;
* its rating then is the rating of its last residual history entry up to that
  quarter; with none, its current residual rating, unless it has been re-rated
  since and its trend this quarter is not `unchanged`, when the rating then is
  not recorded (so is a closed risk's that has no residual rating).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from riskreg.model.appetite import Appetite, Escalation, breach
from riskreg.model.quarters import MONTH_NAMES, Quarter
from riskreg.model.redaction import control_text, is_restricted, public_view, restricted_count
from riskreg.model.risk import (
    Action,
    Assessment,
    Direction,
    HistoryEntry,
    RegisterConfig,
    Risk,
    id_key,
)
from riskreg.model.timeline import overdue_actions
from riskreg.register.loading import Register
from riskreg.reports.listing import shown_quarters, sorted_for_listing
from riskreg.scoring.guidance import Scoring

NOT_RECORDED = "Not recorded"
# The order directions are counted in, most telling first; None is "no arrow set".
MOVEMENT_ORDER: tuple[Direction | None, ...] = (
    Direction.WORSENED,
    Direction.IMPROVED,
    Direction.UNCHANGED,
    Direction.NEW,
    Direction.NA,
    None,
)


@dataclass(frozen=True)
class RatingCount:
    """Open risks with one rating, now and at the end of the previous quarter."""

    rating: str
    colour: str | None
    now: int
    previous: int

    @property
    def change(self) -> int:
        return self.now - self.previous


@dataclass(frozen=True)
class HeatCell:
    probability: int
    impact: int
    score: int
    band: str
    colour: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class BandGroup:
    """Risks of one band: the rated-but-unscored list under the heat map."""

    band: str
    colour: str | None
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ControlLine:
    text: str
    restricted: bool


@dataclass(frozen=True)
class AsAt:
    """The day and revision the pack describes: a commit's date and short hash in git."""

    day: dt.date
    revision: str | None = None
    changed: bool = False  # the working tree holds changes not yet committed

    def describe(self) -> str:
        """As at 20 March 2022, revision 1a2b3c4 (with uncommitted changes)."""
        words = f"As at {long_date(self.day)}"
        if self.revision:
            words += f", revision {self.revision}"
            if self.changed:
                words += " with uncommitted changes"
        return words


@dataclass(frozen=True)
class Level:
    """One of a risk's three assessments (inherent, residual, target) as the pack shows it."""

    rating: str
    colour: str | None
    score: int | None
    impact: int | None
    probability: int | None
    category: str | None

    def words(self) -> str:
        """High (12), or High when unscored."""
        return self.rating if self.score is None else f"{self.rating} ({self.score})"


@dataclass(frozen=True)
class ActionLine:
    text: str
    owner: str | None
    due: dt.date | None
    status: str
    overdue: bool
    restricted: bool


@dataclass(frozen=True)
class ScorePoint:
    """A risk's residual score as last recorded in one quarter."""

    quarter: Quarter
    score: int
    rating: str


@dataclass(frozen=True)
class OpenRisk:
    id: str
    name: str
    description: str
    impact_narrative: str
    controls: tuple[ControlLine, ...]
    trend: tuple[Direction | None, ...]
    rating: str
    colour: str | None
    score: int | None
    impact: int | None
    probability: int | None
    owner: str | None = None
    department: str | None = None
    inherent: Level | None = None
    target: Level | None = None
    category: str | None = None
    actions: tuple[ActionLine, ...] = ()
    note: str | None = None
    above_target: bool = False
    next_review: dt.date | None = None
    review_overdue: bool = False
    scores: tuple[ScorePoint, ...] = ()
    risk_category: str | None = None
    outside_appetite: str | None = None  # the level and tolerance it is above
    escalation: str | None = None  # "to Audit Committee on 31 March 2022: reason"

    @property
    def residual(self) -> Level:
        return Level(
            self.rating, self.colour, self.score, self.impact, self.probability, self.category
        )


@dataclass(frozen=True)
class Change:
    """One line of "since last quarter": a risk, what happened, and why where recorded."""

    id: str
    name: str
    what: str
    reason: str | None = None


@dataclass(frozen=True)
class Changes:
    new: tuple[Change, ...] = ()
    reopened: tuple[Change, ...] = ()
    closed: tuple[Change, ...] = ()
    rerated: tuple[Change, ...] = ()
    first_scored: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.new or self.reopened or self.closed or self.rerated or self.first_scored)


@dataclass(frozen=True)
class Move:
    """A scored risk that moved cell on the heat map since the end of last quarter."""

    id: str
    before: tuple[int, int]  # (probability, impact)
    after: tuple[int, int]


@dataclass(frozen=True)
class BandTally:
    band: str
    colour: str | None
    count: int


@dataclass(frozen=True)
class QuarterBands:
    """Open risks at the end of a quarter by the rating recorded for them then."""

    quarter: Quarter
    tallies: tuple[BandTally, ...]
    not_recorded: int

    @property
    def recorded(self) -> int:
        return sum(tally.count for tally in self.tallies)


@dataclass(frozen=True)
class OverdueAction:
    id: str
    action: ActionLine


@dataclass(frozen=True)
class ClosedRisk:
    id: str
    name: str
    description: str
    impact_narrative: str
    controls: tuple[ControlLine, ...]
    rationale: str
    closed: dt.date
    reported: dt.date | None


@dataclass(frozen=True)
class AppetiteCategory:
    """One risk category of the appetite: its level, and its open risks within and above."""

    category: str
    level: str
    tolerance: str
    within: tuple[str, ...]
    outside: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    title: str
    organisation: str | None
    period: Quarter
    previous: Quarter
    quarters: tuple[Quarter, ...]
    counts: tuple[RatingCount, ...]
    new_ids: tuple[str, ...]
    closed_ids: tuple[str, ...]
    movement: tuple[tuple[Direction | None, int], ...]
    heat_map: tuple[tuple[HeatCell, ...], ...]
    unscored: tuple[BandGroup, ...]
    open_risks: tuple[OpenRisk, ...]
    closed_risks: tuple[ClosedRisk, ...]
    scoring: Scoring
    public: bool
    left_out: int
    as_at: AsAt | None = None
    reopened_ids: tuple[str, ...] = ()
    changes: Changes = Changes()
    moves: tuple[Move, ...] = ()
    band_history: tuple[QuarterBands, ...] = ()
    above_target: tuple[str, ...] = ()
    overdue_reviews: tuple[tuple[str, dt.date], ...] = ()
    overdue_actions: tuple[OverdueAction, ...] = ()
    scope: str | None = None  # "Owner: Head of L&D", for a directorate's own pack
    # Set only when riskreg.yaml has an appetite, so a register without one shows none.
    appetite: tuple[AppetiteCategory, ...] | None = None
    outside_appetite: tuple[str, ...] = ()

    @property
    def total_now(self) -> int:
        return sum(count.now for count in self.counts)

    @property
    def total_previous(self) -> int:
        return sum(count.previous for count in self.counts)

    @property
    def closed_since(self) -> Quarter:
        return self.quarters[0]

    @property
    def scored(self) -> int:
        return sum(len(cell.ids) for row in self.heat_map for cell in row)


def _matches(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value or "").strip().casefold() == wanted.strip().casefold()


def build_report(
    register: Register,
    public: bool = False,
    as_at: AsAt | None = None,
    owner: str | None = None,
    department: str | None = None,
) -> Report:
    """The pack for the register's current period; `public` leaves restricted items out.

    `owner` and `department` keep the risks of one owner or department (any case), for a
    directorate's own pack. `as_at` dates the pack; overdue reviews and actions are
    those overdue on its day.
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
    rows = tuple(_open_row(risk, quarters, scoring, day, config.appetite) for risk in open_risks)
    reopened = {risk.id for risk in open_risks if _reopened_in(risk, period)}
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
        counts=_counts(risks, period, scoring),
        new_ids=tuple(
            risk.id
            for risk in open_risks
            if not _previous_state(risk, period)[0] and risk.id not in reopened
        ),
        closed_ids=tuple(
            risk.id for risk in risks if not risk.is_open and _previous_state(risk, period)[0]
        ),
        movement=_movement(open_risks, period),
        heat_map=_heat_map(open_risks, scoring),
        unscored=_unscored(open_risks, scoring),
        open_risks=rows,
        closed_risks=_closed_rows(risks, quarters[0]),
        scoring=scoring,
        public=public,
        left_out=left_out,
        as_at=as_at,
        reopened_ids=tuple(risk.id for risk in open_risks if risk.id in reopened),
        changes=_changes(risks, period, scoring, reopened),
        moves=_moves(open_risks, period),
        band_history=_band_history(risks, period, scoring),
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
        appetite=_appetite(config, rows),
        outside_appetite=tuple(row.id for row in rows if row.outside_appetite),
    )


def _appetite(
    config: RegisterConfig, rows: tuple[OpenRisk, ...]
) -> tuple[AppetiteCategory, ...] | None:
    """Each category of the appetite with its open risks, within and outside it."""
    appetite = config.appetite
    if appetite is None:
        return None
    found = []
    for category, named in appetite.categories.items():
        level = appetite.level_named(named) or named
        mine = [r for r in rows if (r.risk_category or "").casefold() == category.casefold()]
        found.append(
            AppetiteCategory(
                category,
                level,
                str(appetite.levels.get(level, "?")),
                tuple(r.id for r in mine if not r.outside_appetite),
                tuple(r.id for r in mine if r.outside_appetite),
            )
        )
    return tuple(found)


def _in_quarter(entry: HistoryEntry, quarter: Quarter) -> bool:
    return Quarter.parse(entry.quarter) == quarter


def _reopened_in(risk: Risk, period: Quarter) -> bool:
    """Reopened this quarter: back on the register, not new to it."""
    return risk.is_open and any(
        entry.event == "reopened" and _in_quarter(entry, period) for entry in risk.history
    )


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def _changes(risks: list[Risk], period: Quarter, scoring: Scoring, reopened: set[str]) -> Changes:
    """New, reopened, closed, re-rated and first scored this quarter, with recorded reasons."""
    new, back, closed, rerated, first = [], [], [], [], []
    for risk in risks:
        was_open, rating_then = _previous_state(risk, period)
        this_quarter = [e for e in risk.history if _in_quarter(e, period)]
        if risk.is_open and risk.id in reopened:
            note = [e.note for e in this_quarter if e.event == "reopened"][-1]
            back.append(Change(risk.id, risk.name, "reopened", _one_line(note)))
        elif risk.is_open and not was_open:
            new.append(Change(risk.id, risk.name, f"new, {_band_name(risk.rating, scoring)}"))
        elif not risk.is_open and was_open and risk.closure is not None:
            closed.append(
                Change(
                    risk.id,
                    risk.name,
                    f"closed {long_date(risk.closure.closed)}",
                    _one_line(risk.closure.rationale),
                )
            )
        if not risk.is_open or not was_open:
            continue
        scored = [e for e in _residual_entries(this_quarter) if e.event == "scored"]
        if not scored:
            continue
        before = [e for e in risk.history if Quarter.parse(e.quarter) < period]
        earlier = [e for e in _residual_entries(before) if e.score is not None]
        now = Level(_band_name(risk.rating, scoring), None, risk.score, None, None, None).words()
        reason = _one_line(scored[-1].note)
        if earlier:
            then = Level(
                _band_name(earlier[-1].rating, scoring), None, earlier[-1].score, None, None, None
            ).words()
            if then != now:
                rerated.append(Change(risk.id, risk.name, f"{then} → {now}", reason))
        elif rating_then and _band_name(rating_then, scoring) != _band_name(risk.rating, scoring):
            rerated.append(
                Change(risk.id, risk.name, f"{_band_name(rating_then, scoring)} → {now}", reason)
            )
        elif risk.score is not None:
            first.append(Change(risk.id, risk.name, f"first scored: {now}", reason))
    return Changes(tuple(new), tuple(back), tuple(closed), tuple(rerated), tuple(first))


def _cell(entry: HistoryEntry | Assessment | None) -> tuple[int, int] | None:
    if entry is None or entry.impact is None or entry.probability is None:
        return None
    return (entry.probability, entry.impact)


def _moves(risks: list[Risk], period: Quarter) -> tuple[Move, ...]:
    """Scored risks whose heat map cell differs from the one recorded by last quarter's end."""
    moves = []
    previous = period.previous()
    for risk in risks:
        after = _cell(risk.residual)
        then = [
            e
            for e in _residual_entries(risk.history)
            if Quarter.parse(e.quarter) <= previous and _cell(e)
        ]
        before = _cell(then[-1]) if then else None
        if after and before and after != before:
            moves.append(Move(risk.id, before, after))
    return tuple(sorted(moves, key=lambda move: id_key(move.id)))


def _open_at_end(risk: Risk, quarter: Quarter) -> bool:
    """Whether the risk was on the register at the end of `quarter`, by what it records."""
    membership = [
        e
        for e in risk.history
        if Quarter.parse(e.quarter) <= quarter and e.event in ("created", "closed", "reopened")
    ]
    if membership:
        return membership[-1].event != "closed"
    if any(e.event == "created" and Quarter.parse(e.quarter) > quarter for e in risk.history):
        return False
    trend = [(Quarter.parse(label), d) for label, d in risk.trend_in_order()]
    if any(q == quarter and d is Direction.NA for q, d in trend):
        return False
    if any(d is Direction.NEW and q > quarter for q, d in trend) and not any(
        d is Direction.NEW and q <= quarter for q, d in trend
    ):
        return False
    if risk.closure is not None and not risk.is_open:
        return risk.closure.closed > quarter.last_day()
    return True


BAND_HISTORY_QUARTERS = 8


def _band_history(risks: list[Risk], period: Quarter, scoring: Scoring) -> tuple[QuarterBands, ...]:
    """Open risks by band at the end of each quarter on record, from the ratings recorded then.

    A past quarter counts only ratings its history records up to that quarter, never
    today's: a risk open then with no rating recorded is counted as not recorded.
    """
    starts = [Quarter.parse(e.quarter) for risk in risks for e in risk.history]
    starts += [Quarter.parse(label) for risk in risks for label in risk.trend]
    first = min([*starts, period])
    quarters = [period]
    while quarters[-1] > first and len(quarters) < BAND_HISTORY_QUARTERS:
        quarters.append(quarters[-1].previous())
    names = [band.name for band in reversed(scoring.bands)]
    result = []
    for quarter in reversed(quarters):
        seen: Counter[str] = Counter()
        for risk in risks:
            if quarter == period:
                if risk.is_open:
                    seen[_band_name(risk.rating, scoring)] += 1
                continue
            if not _open_at_end(risk, quarter):
                continue
            rated = [
                e for e in _residual_entries(risk.history) if Quarter.parse(e.quarter) <= quarter
            ]
            seen[_band_name(rated[-1].rating, scoring) if rated else NOT_RECORDED] += 1
        others = sorted(set(seen) - set(names) - {NOT_RECORDED})
        tallies = []
        for name in [*names, *others]:
            band = scoring.band_named(name)
            tallies.append(BandTally(name, band.colour if band else None, seen[name]))
        result.append(QuarterBands(quarter, tuple(tallies), seen[NOT_RECORDED]))
    return tuple(result)


def _band_name(rating: str | None, scoring: Scoring) -> str:
    if not rating:
        return NOT_RECORDED
    band = scoring.band_named(rating)
    return band.name if band else rating


def _residual_entries(history: list[HistoryEntry]) -> list[HistoryEntry]:
    return [
        entry
        for entry in history
        if entry.rating
        and entry.assessment in (None, "residual")
        and entry.event in ("created", "scored")
    ]


def _previous_state(risk: Risk, period: Quarter) -> tuple[bool, str | None]:
    """Whether the risk was open at the end of the previous quarter, and its rating then."""
    previous = period.previous()
    before = [e for e in risk.history if Quarter.parse(e.quarter) <= previous]
    since = [e for e in risk.history if Quarter.parse(e.quarter) > previous]
    membership = [e for e in before if e.event in ("created", "closed", "reopened")]
    if membership:
        was_open = membership[-1].event != "closed"
    elif any(e.event == "created" for e in since) or risk.trend.get(period.label) is Direction.NEW:
        was_open = False
    elif risk.closure is not None and not risk.is_open:
        was_open = risk.closure.closed > previous.last_day()
    else:
        was_open = True
    rated_before = _residual_entries(before)
    if rated_before:
        rating: str | None = rated_before[-1].rating
    elif not _residual_entries(since) or risk.trend.get(period.label) is Direction.UNCHANGED:
        rating = risk.rating
    else:
        rating = None
    return was_open, rating


def _counts(risks: list[Risk], period: Quarter, scoring: Scoring) -> tuple[RatingCount, ...]:
    now = Counter(_band_name(risk.rating, scoring) for risk in risks if risk.is_open)
    then: Counter[str] = Counter()
    for risk in risks:
        was_open, rating = _previous_state(risk, period)
        if was_open:
            then[_band_name(rating, scoring)] += 1
    names = [band.name for band in reversed(scoring.bands)]
    names += sorted(name for name in (now.keys() | then.keys()) - set(names) - {NOT_RECORDED})
    if now[NOT_RECORDED] or then[NOT_RECORDED]:
        names.append(NOT_RECORDED)
    counts = []
    for name in names:
        band = scoring.band_named(name) if name != NOT_RECORDED else None
        counts.append(RatingCount(name, band.colour if band else None, now[name], then[name]))
    return tuple(counts)


def _movement(risks: list[Risk], period: Quarter) -> tuple[tuple[Direction | None, int], ...]:
    seen = Counter(risk.trend.get(period.label) for risk in risks)
    return tuple((direction, seen[direction]) for direction in MOVEMENT_ORDER if seen[direction])


def _heat_map(risks: list[Risk], scoring: Scoring) -> tuple[tuple[HeatCell, ...], ...]:
    placed: dict[tuple[int, int], list[str]] = {}
    for risk in sorted(risks, key=lambda r: id_key(r.id)):
        residual = risk.residual
        if residual is not None and residual.impact and residual.probability:
            placed.setdefault((residual.probability, residual.impact), []).append(risk.id)
    rows = []
    for probability in range(scoring.max_probability, 0, -1):
        row = []
        for impact in range(1, scoring.max_impact + 1):
            score = impact * probability
            band = scoring.band_for(score)
            ids = tuple(placed.get((probability, impact), ()))
            row.append(HeatCell(probability, impact, score, band.name, band.colour, ids))
        rows.append(tuple(row))
    return tuple(rows)


def _unscored(risks: list[Risk], scoring: Scoring) -> tuple[BandGroup, ...]:
    groups: dict[str, list[str]] = {}
    for risk in sorted(risks, key=lambda r: id_key(r.id)):
        if risk.score is None:
            groups.setdefault(_band_name(risk.rating, scoring), []).append(risk.id)
    ordered = [band.name for band in reversed(scoring.bands)]
    ordered += sorted(set(groups) - set(ordered))
    result = []
    for name in ordered:
        if name in groups:
            band = scoring.band_named(name)
            result.append(BandGroup(name, band.colour if band else None, tuple(groups[name])))
    return tuple(result)


def _controls(risk: Risk) -> tuple[ControlLine, ...]:
    return tuple(ControlLine(control_text(item), is_restricted(item)) for item in risk.controls)


def _level(assessment: Assessment | None, scoring: Scoring) -> Level | None:
    if assessment is None or (assessment.rating is None and assessment.score is None):
        return None
    rating = assessment.rating
    if rating is None and assessment.score is not None:
        rating = scoring.band_for(assessment.score).name
    name = _band_name(rating, scoring)
    band = scoring.band_named(name)
    return Level(
        name,
        band.colour if band else None,
        assessment.score,
        assessment.impact,
        assessment.probability,
        assessment.category,
    )


def _action_line(action: Action, overdue: bool) -> ActionLine:
    return ActionLine(
        action.action, action.owner, action.due, action.status, overdue, action.restricted
    )


def _scores(risk: Risk, scoring: Scoring) -> tuple[ScorePoint, ...]:
    """The residual score last recorded in each quarter, oldest first."""
    last: dict[Quarter, HistoryEntry] = {}
    for entry in _residual_entries(risk.history):
        if entry.score is not None:
            last[Quarter.parse(entry.quarter)] = entry
    return tuple(
        ScorePoint(quarter, entry.score or 0, _band_name(entry.rating, scoring))
        for quarter, entry in sorted(last.items())
    )


def _open_row(
    risk: Risk,
    quarters: tuple[Quarter, ...],
    scoring: Scoring,
    day: dt.date | None = None,
    appetite: Appetite | None = None,
) -> OpenRisk:
    residual = risk.residual
    rating = _band_name(risk.rating, scoring)
    band = scoring.band_named(rating)
    late = {index for index, _ in overdue_actions(risk, day)} if day else set()
    noted = [e.note for e in risk.history if e.event == "scored" and e.note]
    target = risk.target.score if risk.target else None
    return OpenRisk(
        id=risk.id,
        name=risk.name,
        description=risk.description,
        impact_narrative=risk.impact_narrative,
        controls=_controls(risk),
        trend=tuple(risk.trend.get(quarter.label) for quarter in quarters),
        rating=rating,
        colour=band.colour if band else None,
        score=risk.score,
        impact=residual.impact if residual else None,
        probability=residual.probability if residual else None,
        owner=risk.owner,
        department=risk.department,
        inherent=_level(risk.inherent, scoring),
        target=_level(risk.target, scoring),
        category=residual.category if residual else None,
        actions=tuple(
            _action_line(action, index in late) for index, action in enumerate(risk.actions)
        ),
        note=_one_line(noted[-1]) if noted else None,
        above_target=risk.score is not None and target is not None and risk.score > target,
        next_review=risk.next_review,
        review_overdue=day is not None and risk.next_review is not None and risk.next_review < day,
        scores=_scores(risk, scoring),
        risk_category=risk.risk_category,
        outside_appetite=_outside(appetite, scoring, risk),
        escalation=_escalation(risk.escalation),
    )


def _outside(appetite: Appetite | None, scoring: Scoring, risk: Risk) -> str | None:
    found = breach(appetite, scoring, risk.risk_category, risk.score, risk.rating)
    return f"{found.level} (up to {found.tolerance})" if found else None


def _escalation(escalation: Escalation | None) -> str | None:
    if escalation is None:
        return None
    by = f" by {escalation.by}" if escalation.by else ""
    return f"to {escalation.to} on {long_date(escalation.date)}{by}: {escalation.reason}"


def _closed_rows(risks: list[Risk], since: Quarter) -> tuple[ClosedRisk, ...]:
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
                controls=_controls(risk),
                rationale=closure.rationale,
                closed=closure.closed,
                reported=closure.reported,
            )
        )
    return tuple(sorted(rows, key=lambda row: (row.closed, id_key(row.id))))


def trend_label(direction: Direction | None) -> str:
    """A trend cell as the published register prints it: an arrow, New or N/A."""
    return direction.arrow if direction is not None else ""


TREND_KEY = (
    "Improved (↓), Worsened (↑) or Unchanged (↔); New: added to the register that "
    "quarter; N/A: not on the register that quarter."
)


def previous_note(report: Report) -> str:
    """How the "last quarter" column is counted, printed under the counts."""
    return (
        f"{report.previous.label} counts the risks open at the end of that quarter, each "
        "with its residual rating then: the last one its history records, else its current "
        f"one if it has not been re-rated since ({NOT_RECORDED} if it has). Risks new this "
        "quarter are not in it; risks closed this quarter are."
    )


def movement_phrase(direction: Direction | None, count: int) -> str:
    """One part of "Direction of travel": 4 improved (↓), 2 new, 1 not set."""
    if direction is None:
        return f"{count} not set"
    if direction in (Direction.NEW, Direction.NA):
        return f"{count} {direction.value}"
    return f"{count} {direction.value} ({direction.arrow})"


def quarter_heading(quarter: Quarter) -> str:
    """A trend column heading: Q4 21/22."""
    return f"{quarter.short} {quarter.year % 100:02d}/{(quarter.year + 1) % 100:02d}"


def long_date(day: dt.date) -> str:
    """8 March 2022: spelled out, so no reader takes 08/03 for August."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_range(quarter: Quarter) -> str:
    return f"{long_date(quarter.first_day())} to {long_date(quarter.last_day())}"
