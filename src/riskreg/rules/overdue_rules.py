"""Rules on dates that have passed: a review or an action overdue.

"Today" comes from the context: read once at the edge from `model.timeline.today`
($RISKREG_TODAY when set). Each is a warning, so that `riskreg validate --strict` can
make CI enforce it.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import Risk
from riskreg.model.timeline import days_ago, overdue_actions, review_overdue
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("review-overdue", RISK, Severity.WARNING, open_only=True, reads="next_review")
def review_not_overdue(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk's next review date has not passed.

    Passes (checked on 2022-06-30):
        status: open
        next_review: 2022-06-30
    Fails (checked on 2022-07-01):
        status: open
        next_review: 2022-06-30
    """
    assert risk.next_review is not None
    if review_overdue(risk, ctx.today):
        yield Finding(
            f"review overdue: next_review {risk.next_review.isoformat()} was "
            f"{days_ago(risk.next_review, ctx.today)}; re-score the risk or set its trend "
            "to record the review",
            ("next_review",),
        )


@rule("action-overdue", RISK, Severity.WARNING, open_only=True, reads="actions")
def actions_not_overdue(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk's actions that are not done are not past their due date.

    Passes (checked in July 2022):
        actions:
        - {action: Recruit trainers, due: 2022-06-30, status: done}
    Fails (checked in July 2022):
        actions:
        - {action: Recruit trainers, due: 2022-06-30}
    """
    for index, action in overdue_actions(risk, ctx.today):
        assert action.due is not None
        yield Finding(
            f"action {index + 1} ({action.status}) was due {action.due.isoformat()}, "
            f"{days_ago(action.due, ctx.today)}: mark it done or set a new due date",
            ("actions", index, "due"),
        )
