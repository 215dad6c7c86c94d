"""Rules on dates that have passed: a review or an action overdue.

"Today" is $RISKREG_TODAY when set. Each is a warning, so that `riskreg validate --strict`
can make CI enforce it.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.model.timeline import days_ago, overdue_actions, review_overdue, today
from riskreg.problems import Severity
from riskreg.rules.findings import Finding


def rule_review_not_overdue(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An open risk's next review date has not passed ($RISKREG_TODAY sets "today").

    Passes: `next_review: 2022-06-30` checked on 2022-06-30
    Fails:  `next_review: 2022-06-30` checked on 2022-07-01
    """
    if risk.next_review is None:
        return
    day = today()
    if review_overdue(risk, day):
        yield Finding(
            "review-overdue",
            f"review overdue: next_review {risk.next_review.isoformat()} was "
            f"{days_ago(risk.next_review, day)}; re-score the risk or set its trend "
            "to record the review",
            ("next_review",),
            Severity.WARNING,
        )


def rule_actions_not_overdue(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An open risk's actions that are not done are not past their due date.

    Passes: `actions: [{action: Recruit trainers, due: 2022-06-30, status: done}]`
    Fails:  `actions: [{action: Recruit trainers, due: 2022-06-30}]` checked in July
    """
    if not risk.actions:
        return
    day = today()
    for index, action in overdue_actions(risk, day):
        assert action.due is not None
        yield Finding(
            "action-overdue",
            f"action {index + 1} ({action.status}) was due {action.due.isoformat()}, "
            f"{days_ago(action.due, day)}: mark it done or set a new due date",
            ("actions", index, "due"),
            Severity.WARNING,
        )
