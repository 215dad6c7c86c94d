"""The audit committee pack as a plain value, built from a register; renderers lay it out.

The pack follows the published register it is modelled on: title and period, the
counts by rating, the heat map, the open risks ordered by rating with their four
latest trend arrows, the trend key, the closed risks, and the scoring guidance.

Nothing in it depends on the day it is built, so the pack for a tagged revision
(`riskreg report --as-of TAG`) is byte for byte the pack made at that revision.

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

from riskreg.model.quarters import Quarter
from riskreg.model.redaction import control_text, is_restricted, public_view, restricted_count
from riskreg.model.risk import Direction, HistoryEntry, Risk, id_key
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


def build_report(register: Register, public: bool = False) -> Report:
    """The pack for the register's current period; `public` leaves restricted items out."""
    config = register.config
    scoring = config.scoring
    period = config.quarter
    quarters = tuple(shown_quarters(config))
    risks = sorted(register.risks, key=lambda risk: id_key(risk.id))
    left_out = sum(restricted_count(risk) for risk in risks) if public else 0
    if public:
        risks = [public_view(risk) for risk in risks]
    open_risks = sorted_for_listing([risk for risk in risks if risk.is_open], config)
    return Report(
        title=config.title,
        organisation=config.organisation,
        period=period,
        previous=period.previous(),
        quarters=quarters,
        counts=_counts(risks, period, scoring),
        new_ids=tuple(risk.id for risk in open_risks if not _previous_state(risk, period)[0]),
        closed_ids=tuple(
            risk.id for risk in risks if not risk.is_open and _previous_state(risk, period)[0]
        ),
        movement=_movement(open_risks, period),
        heat_map=_heat_map(open_risks, scoring),
        unscored=_unscored(open_risks, scoring),
        open_risks=tuple(_open_row(risk, quarters, scoring) for risk in open_risks),
        closed_risks=_closed_rows(risks, quarters[0]),
        scoring=scoring,
        public=public,
        left_out=left_out,
    )


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


def _open_row(risk: Risk, quarters: tuple[Quarter, ...], scoring: Scoring) -> OpenRisk:
    residual = risk.residual
    rating = _band_name(risk.rating, scoring)
    band = scoring.band_named(rating)
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
    )


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


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """8 March 2022: spelled out, so no reader takes 08/03 for August."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_range(quarter: Quarter) -> str:
    return f"{long_date(quarter.first_day())} to {long_date(quarter.last_day())}"
