"""Rules on who owns a risk: an owner the register's `owners:` list knows."""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding


def rule_owner_is_listed(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """When riskreg.yaml lists `owners:`, an open risk's owner is one of them (any case).

    Passes: `owner: Head of IT` with `owners: {Head of IT: {email: it@example.org}}`
    Fails:  `owner: Head of Estates` with the same owners
    """
    if not config.owners or not risk.is_open or not risk.owner:
        return
    if config.owner_named(risk.owner) is None:
        yield Finding(
            "unknown-owner",
            f"owner {risk.owner!r} is not in the owners of riskreg.yaml; add them there "
            "(with an email) or correct the name",
            ("owner",),
            Severity.WARNING,
        )
