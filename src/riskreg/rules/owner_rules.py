"""Rules on who owns a risk: an owner the register's `owners:` list knows."""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("unknown-owner", RISK, Severity.WARNING, open_only=True, reads="owner")
def owner_is_listed(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """When riskreg.yaml lists `owners:`, an open risk's owner is one of them (any case).

    Passes (with owners: {Head of IT: {email: it@example.org}}):
        status: open
        owner: Head of IT
    Fails (with the same owners):
        status: open
        owner: Head of Estates
    """
    config = ctx.config
    if config is None or not config.owners or not risk.owner:
        return
    if config.owner_named(risk.owner) is None:
        yield Finding(
            f"owner {risk.owner!r} is not in the owners of riskreg.yaml; add them there "
            "(with an email) or correct the name",
            ("owner",),
        )
