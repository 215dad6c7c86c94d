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


def residual_scores(risk: Risk) -> list[QuarterScore]:
    """Each recorded residual score, in the order the history holds them."""
    return [
        QuarterScore(Quarter.parse(entry.quarter), entry.score)
        for entry in risk.history
        if entry.assessment == "residual"
        and entry.score is not None
        and entry.event in ("created", "scored")
    ]


def last_score_in(risk: Risk, quarter: Quarter) -> int | None:
    """The residual score last recorded in `quarter`, if it was scored then."""
    found = [item.score for item in residual_scores(risk) if item.quarter == quarter]
    return found[-1] if found else None


def last_score_before(risk: Risk, quarter: Quarter) -> QuarterScore | None:
    """The latest residual score recorded in a quarter before `quarter`."""
    earlier = [item for item in residual_scores(risk) if item.quarter < quarter]
    if not earlier:
        return None
    latest = max(item.quarter for item in earlier)
    return [item for item in earlier if item.quarter == latest][-1]


def direction_between(before: int, after: int) -> Direction:
    if after < before:
        return Direction.IMPROVED
    if after > before:
        return Direction.WORSENED
    return Direction.UNCHANGED


@dataclass(frozen=True)
class Derivation:
    """The arrow for a quarter, from the change in residual score since an earlier quarter."""

    quarter: Quarter
    previous: QuarterScore
    score: int

    @property
    def direction(self) -> Direction:
        return direction_between(self.previous.score, self.score)

    def describe(self) -> str:
        """e.g. "16 in 2021/22 Q4 → 12 in 2022/23 Q1"."""
        return (
            f"{self.previous.score} in {self.previous.quarter.label} → "
            f"{self.score} in {self.quarter.label}"
        )


def derive(risk: Risk, quarter: Quarter) -> Derivation | None:
    """The arrow the recorded scores give for `quarter`: None unless scored in it and before."""
    score = last_score_in(risk, quarter)
    previous = last_score_before(risk, quarter)
    if score is None or previous is None:
        return None
    return Derivation(quarter, previous, score)


# ---------------------------------------------------------------------------
# Reviews and actions.


def next_review_after(config: RegisterConfig, rating: str | None, day: dt.date) -> dt.date | None:
    """When a risk reviewed on `day` is next due, from the review interval of its band."""
    if rating is None:
        return None
    band = config.scoring.band_named(rating)
    wanted = (band.name if band else rating).casefold()
    for name, days in config.review_intervals.items():
        if name.casefold() == wanted:
            return day + dt.timedelta(days=days)
    return None


def review_overdue(risk: Risk, day: dt.date) -> bool:
    """An open risk whose next review date has passed."""
    return risk.is_open and risk.next_review is not None and risk.next_review < day


def overdue_actions(risk: Risk, day: dt.date) -> list[tuple[int, Action]]:
    """The actions of an open risk that are not done and whose due date has passed."""
    if not risk.is_open:
        return []
    return [
        (index, action)
        for index, action in enumerate(risk.actions)
        if action.status != "done" and action.due is not None and action.due < day
    ]


def is_overdue(risk: Risk, day: dt.date) -> bool:
    return review_overdue(risk, day) or bool(overdue_actions(risk, day))


def above_target(risk: Risk) -> bool:
    """The residual score exceeds the target score (both scored)."""
    residual = risk.residual.score if risk.residual else None
    target = risk.target.score if risk.target else None
    return residual is not None and target is not None and residual > target


def days_ago(day: dt.date, today_: dt.date) -> str:
    days = (today_ - day).days
    return "1 day ago" if days == 1 else f"{days} days ago"
