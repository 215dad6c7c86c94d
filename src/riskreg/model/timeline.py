"""What a risk's history and dates say: its score per quarter, the arrow a change of score
implies, and the reviews and actions that are overdue.

Pure functions over a `Risk`, so that validation rules, `riskreg score` and the lifecycle
commands all read a risk's life the same way.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from riskreg.errors import UsageError
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Action, Direction, RegisterConfig, Risk
from riskreg.scoring.guidance import Scoring

# Set to YYYY-MM-DD to run as if it were that day (tests, or "what will be overdue on ...").
TODAY_VAR = "RISKREG_TODAY"

ARROWS = (Direction.IMPROVED, Direction.WORSENED, Direction.UNCHANGED)


def today() -> dt.date:
    """Today's date, or the date in $RISKREG_TODAY."""
    chosen = os.environ.get(TODAY_VAR)
    if not chosen:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(chosen.strip())
    except ValueError:
        raise UsageError(f"{TODAY_VAR}={chosen!r} is not a date; write it as YYYY-MM-DD") from None


@dataclass(frozen=True)
class QuarterScore:
    quarter: Quarter
    score: int
    rating: str | None = None


def residual_scores(risk: Risk) -> list[QuarterScore]:
    """Each recorded residual score, in the order the history holds them."""
    return [
        QuarterScore(Quarter.parse(entry.quarter), entry.score, entry.rating)
        for entry in risk.history
        if entry.assessment == "residual"
        and entry.score is not None
        and entry.event in ("created", "scored")
    ]


def last_score_in(risk: Risk, quarter: Quarter) -> int | None:
    """The residual score last recorded in `quarter`, if it was scored then."""
    found = last_scored_in(risk, quarter)
    return found.score if found else None


def last_scored_in(risk: Risk, quarter: Quarter) -> QuarterScore | None:
    """The residual score and rating last recorded in `quarter`, if it was scored then."""
    found = [item for item in residual_scores(risk) if item.quarter == quarter]
    return found[-1] if found else None


def last_score_before(risk: Risk, quarter: Quarter) -> QuarterScore | None:
    """The latest residual score recorded in a quarter before `quarter`."""
    earlier = [item for item in residual_scores(risk) if item.quarter < quarter]
    if not earlier:
        return None
    latest = max(item.quarter for item in earlier)
    return [item for item in earlier if item.quarter == latest][-1]


def direction_between(before: tuple[int, int], after: tuple[int, int]) -> Direction:
    """The arrow from one severity (band rank, score) to another."""
    if after < before:
        return Direction.IMPROVED
    if after > before:
        return Direction.WORSENED
    return Direction.UNCHANGED


@dataclass(frozen=True)
class Derivation:
    """The arrow for a quarter, from the change in residual risk since an earlier quarter:
    the band's rank first, then the score (`Scoring.severity`)."""

    quarter: Quarter
    previous: QuarterScore
    score: int
    rating: str | None = None
    scoring: Scoring | None = None

    @property
    def direction(self) -> Direction:
        if self.scoring is None:
            return direction_between((0, self.previous.score), (0, self.score))
        return direction_between(
            self.scoring.severity(self.previous.rating, self.previous.score),
            self.scoring.severity(self.rating, self.score),
        )

    def describe(self) -> str:
        """e.g. "16 in 2021/22 Q4 → 12 in 2022/23 Q1"."""
        return (
            f"{self.previous.score} in {self.previous.quarter.label} → "
            f"{self.score} in {self.quarter.label}"
        )


def derive(risk: Risk, quarter: Quarter, scoring: Scoring | None = None) -> Derivation | None:
    """The arrow the recorded scores give for `quarter`: None unless scored in it and before.

    With the guidance's `scoring`, a change of band outweighs the change of score."""
    scored = last_scored_in(risk, quarter)
    previous = last_score_before(risk, quarter)
    if scored is None or previous is None:
        return None
    return Derivation(quarter, previous, scored.score, scored.rating, scoring)


# ---------------------------------------------------------------------------
# Reviews and actions.


NEVER = "never"  # a band whose risks are deliberately never scheduled for review


def review_interval(config: RegisterConfig, rating: str | None) -> int | str | None:
    """Days between reviews for the band `rating`, NEVER, or None when the config sets none."""
    if rating is None:
        return None
    band = config.scoring.band_named(rating)
    wanted = (band.name if band else rating).casefold()
    for name, days in config.review_intervals.items():
        if name.casefold() == wanted:
            return days
    return None


def next_review_after(config: RegisterConfig, rating: str | None, day: dt.date) -> dt.date | None:
    """When a risk reviewed on `day` is next due, from the review interval of its band."""
    days = review_interval(config, rating)
    if not isinstance(days, int):
        return None
    return day + dt.timedelta(days=days)


def raised_on(risk: Risk, year_start: int = 4) -> dt.date | None:
    """The day a risk was raised: its `created` event, else the first day of the quarter
    its trend marks New, else of its earliest trend quarter (an imported risk)."""
    for entry in risk.history:
        if entry.event == "created":
            return entry.date
    ordered = risk.trend_in_order()
    for label, direction in ordered:
        if direction is Direction.NEW:
            return Quarter.parse(label, year_start).first_day()
    if ordered:
        return Quarter.parse(ordered[0][0], year_start).first_day()
    return None


@dataclass(frozen=True)
class ReviewDue:
    """When an open risk's next review falls due, and how that date was found.

    `due` is None when no date can be worked out (no interval for the band, or nothing
    to count from): such a risk is always due, since nobody has scheduled its review.
    """

    due: dt.date | None
    basis: str  # "next_review", "last_reviewed", "raised", "no-interval" or "no-date"
    rating: str | None = None
    interval: int | None = None
    since: dt.date | None = None

    def overdue(self, day: dt.date) -> bool:
        return self.due is None or self.due < day

    def reason(self, day: dt.date) -> str:
        """Why the review is due, in a risk manager's words."""
        if self.basis == "no-interval":
            return f"no review interval for {self.rating} in riskreg.yaml"
        if self.basis == "no-date":
            return "never reviewed, with no date to count from"
        assert self.due is not None
        if self.basis == "next_review":
            return f"review due {self.due.isoformat()}"
        assert self.since is not None
        counted = "last review" if self.basis == "last_reviewed" else "raised"
        lead = "review due" if self.basis == "last_reviewed" else "never reviewed; due"
        return (
            f"{lead} {self.due.isoformat()} ({counted} {self.since.isoformat()} + "
            f"{self.interval} days)"
        )


def review_due(risk: Risk, config: RegisterConfig) -> ReviewDue | None:
    """When the next review of an open risk is due; None for a closed risk or a band that
    is never reviewed.

    A `next_review` date rules. Without one, the band's interval counts from the last
    review, or for a risk never reviewed from the day it was raised.
    """
    if not risk.is_open:
        return None
    if risk.next_review is not None:
        return ReviewDue(risk.next_review, "next_review")
    band = config.scoring.band_named(risk.rating) if risk.rating else None
    rating = band.name if band else risk.rating
    days = review_interval(config, rating)
    if days == NEVER:
        return None
    if not isinstance(days, int):
        return ReviewDue(None, "no-interval", rating)
    since, basis = risk.last_reviewed, "last_reviewed"
    if since is None:
        since, basis = raised_on(risk, config.year_start), "raised"
    if since is None:
        return ReviewDue(None, "no-date", rating, days)
    return ReviewDue(since + dt.timedelta(days=days), basis, rating, days, since)


def review_overdue(risk: Risk, day: dt.date, config: RegisterConfig) -> bool:
    """An open risk whose review is past due (see `review_due`)."""
    due = review_due(risk, config)
    return due is not None and due.overdue(day)


def overdue_actions(risk: Risk, day: dt.date) -> list[tuple[int, Action]]:
    """The actions of an open risk that are not done and whose due date has passed."""
    if not risk.is_open:
        return []
    return [
        (index, action)
        for index, action in enumerate(risk.actions)
        if action.status != "done" and action.due is not None and action.due < day
    ]


def acceptance_expired(risk: Risk, day: dt.date) -> bool:
    """An open risk whose acceptance (treatment.acceptance) expired before `day`."""
    treatment = risk.treatment
    if not risk.is_open or treatment is None or treatment.acceptance is None:
        return False
    return treatment.acceptance.expired(day)


def is_overdue(risk: Risk, day: dt.date, config: RegisterConfig) -> bool:
    return (
        review_overdue(risk, day, config)
        or bool(overdue_actions(risk, day))
        or acceptance_expired(risk, day)
    )


def above_target(risk: Risk, scoring: Scoring) -> bool:
    """The residual risk is graver than its target (both scored): band rank, then score."""
    residual, target = risk.residual, risk.target
    if residual is None or target is None or residual.score is None or target.score is None:
        return False
    return scoring.severity(residual.rating, residual.score) > scoring.severity(
        target.rating, target.score
    )


def days_ago(day: dt.date, today_: dt.date) -> str:
    days = (today_ - day).days
    return "1 day ago" if days == 1 else f"{days} days ago"


def stale_period(config: RegisterConfig, day: dt.date) -> str | None:
    """Why the register's period is out of date on `day`, or None while it is current.

    A quarter's review often runs into the quarter after it, so the period is out of
    date only once a whole quarter more has passed since it ended.
    """
    period = config.quarter
    if day <= period.next().last_day():
        return None
    now = config.quarter_of(day)
    step = period.next()
    jump = "" if step == now else f' (or --quarter "{now.label}" --force to jump to it)'
    return (
        f"the period is still {period.label} (ended {period.last_day().isoformat()}) and "
        f"today is in {now.label}, so scores and trends go under an old quarter: run "
        f"'riskreg review --quarter \"{step.label}\"' to open the next quarter{jump}"
    )
