"""What the pack holds, as plain values: the report and its rows, built by `build`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    Direction,
)
from riskreg.reports.pack.words import NOT_RECORDED, long_date
from riskreg.scoring.guidance import Scoring

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
    effectiveness: str | None = None
    assurance: str | None = None


@dataclass(frozen=True)
class AsAt:
    """The day and revision the pack describes: a commit's date and short hash in git."""

    day: dt.date
    revision: str | None = None
    changed: bool = False  # the working tree holds changes not yet committed
    register_hash: str | None = None  # SHA-256 of the register's files (git/seals.py)

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
    treatment: str | None = None  # "tolerate: No funded option this year"
    acceptance: str | None = None  # "by Chief Constable on 31 March 2022 until ..."
    acceptance_expired: bool = False
    control_summary: str | None = None  # "3 controls: 2 effective, 1 not assessed"

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
class IndicatorLine:
    """One key risk indicator of an open risk: its latest reading against its thresholds."""

    risk_id: str
    risk_name: str
    name: str
    latest: str  # "520 officers", or "" with no readings
    date: dt.date | None
    status: str | None  # red, amber, green, or None with no readings
    thresholds: str  # "amber >= 300 officers, red >= 500 officers"
    earlier: str = ""  # the three readings before the latest, oldest first


@dataclass(frozen=True)
class ObjectiveGroup:
    """One declared objective and the open risks threatening it, most serious first."""

    ident: str
    name: str
    risk_ids: tuple[str, ...]


@dataclass(frozen=True)
class TreatmentRow:
    """One open risk in the treatment and assurance section."""

    id: str
    name: str
    rating: str
    decision: str | None
    rationale: str | None
    acceptance: str | None
    acceptance_expired: bool
    outside_appetite: str | None
    controls: str  # the effectiveness summary, or "none recorded"


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
    # Each open risk's key risk indicators, and the risks whose latest reading is amber
    # or red; empty when no open risk has indicators.
    indicators: tuple[IndicatorLine, ...] = ()
    kri_breaches: tuple[str, ...] = ()
    # Set only when riskreg.yaml declares objectives: each with its open risks.
    objectives: tuple[ObjectiveGroup, ...] | None = None
    # Set only when a risk has a treatment or a control says how effective it is.
    treatment: tuple[TreatmentRow, ...] | None = None
    acceptances_expired: tuple[str, ...] = ()
    marking: str | None = None  # a protective marking, e.g. OFFICIAL-SENSITIVE
    templates: str | None = None  # a folder of templates that replace the bundled ones

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


def previous_note(report: Report) -> str:
    """How the "last quarter" column is counted, printed under the counts."""
    return (
        f"{report.previous.label} counts the risks open at the end of that quarter, each "
        "with its residual rating then: the last one its history records, else its current "
        f"one if it has not been re-rated since ({NOT_RECORDED} if it has). Risks new this "
        "quarter are not in it; risks closed this quarter are."
    )
