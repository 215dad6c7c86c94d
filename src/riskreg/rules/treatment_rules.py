"""Rules on the treatment decision: an acceptance of a risk above appetite runs out.

An expired acceptance is a warning, as an overdue review is, so `validate --strict`
fails on it and `list --overdue` lists the risk.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import Risk
from riskreg.model.timeline import days_ago
from riskreg.model.treatment import expired_acceptance
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("acceptance-expired", RISK, Severity.WARNING, open_only=True, reads="treatment")
def acceptance_not_expired(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk's acceptance has not passed the day it expires.

    Passes (checked on 2022-03-31):
        treatment: {decision: tolerate, acceptance:
          {by: Chief Constable, date: 2022-01-10, expires: 2022-06-30}}
    Fails (checked on 2022-03-31):
        treatment: {decision: tolerate, acceptance:
          {by: Chief Constable, date: 2021-10-10, expires: 2022-03-01}}
    """
    expired = expired_acceptance(risk.treatment, ctx.today)
    if expired is None:
        return
    yield Finding(
        f"acceptance expired: accepted by {expired.by} until {expired.expires.isoformat()}, "
        f"{days_ago(expired.expires, ctx.today)}; decide again: riskreg accept {risk.id} "
        "--by WHOM --expires DATE --rationale TEXT",
        ("treatment", "acceptance", "expires"),
    )
