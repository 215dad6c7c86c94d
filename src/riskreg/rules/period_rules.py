"""Rules on the register's period: the quarter that new scores and trends go under."""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.timeline import stale_period
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import CONFIG, Context, rule
from riskreg.scoring.guidance import Scoring


@rule("period-stale", CONFIG, Severity.WARNING)
def period_current(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """The period has not ended more than a quarter before today.

    Passes (checked on 2022-06-30: its review may run into the next quarter):
        period: 2021/22 Q4
        title: Corporate Risk Register
    Fails (checked on 2022-07-01: scores would still go under 2021/22 Q4):
        period: 2021/22 Q4
        title: Corporate Risk Register
    """
    if ctx.config is None:
        return
    reason = stale_period(ctx.config, ctx.today)
    if reason:
        yield Finding(reason, ("period",))
