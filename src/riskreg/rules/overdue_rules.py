"""Rules on dates that have passed: a review or an action overdue.

"Today" comes from the context: read once at the edge from `model.timeline.today`
($RISKREG_TODAY when set). Each is a warning, so that `riskreg validate --strict` can
make CI enforce it.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import Risk
from riskreg.model.timeline import days_ago, overdue_actions, review_due
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("review-overdue", RISK, Severity.WARNING, open_only=True)
def review_not_overdue(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk's review is not past due.

    The due date is `next_review`; without one, the band's review interval counted from
    `last_reviewed`. A risk never reviewed has no date in its file to point at, so it is
    left to `riskreg list --overdue`, which lists it once its interval since it was raised
    has passed; otherwise every imported register would open with a warning per risk.

    Passes (checked on 2022-06-30):
        status: open
        next_review: 2022-06-30
    Fails (checked on 2022-07-01):
        status: open
        next_review: 2022-06-30
    """
    if risk.next_review is None and risk.last_reviewed is None:
        return
    if ctx.config is None:
        return
    due = review_due(risk, ctx.config)
    if due is None or due.basis not in ("next_review", "last_reviewed"):
        return  # the config's own warning names a band with no interval
    if not due.overdue(ctx.today):
        return
    assert due.due is not None
    if due.basis == "next_review":
        message = (
            f"review overdue: next_review {due.due.isoformat()} was "
            f"{days_ago(due.due, ctx.today)}; re-score the risk or set its trend to record "
            "the review"
        )
    else:
        message = f"review overdue: {due.reason(ctx.today)}; re-score the risk to record a review"
    yield Finding(message, (due.basis,))


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
