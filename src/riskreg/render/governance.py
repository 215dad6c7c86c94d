"""What governance commands print: owners without accounts, seals and their checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from riskreg.git.codeowners import CodeOwners


def print_owner_warnings(plan: CodeOwners, err: TextIO) -> None:
    """Name each owner with no account, and say who approves their risks instead."""
    fallback = (
        f"they fall to the risk manager, {plan.risk_manager}"
        if plan.risk_manager
        else "no one is asked to approve them (set governance: risk_manager:)"
    )
    for name, ids in plan.unmapped:
        err.write(
            f"riskreg: warning: owner {name!r} has no account in riskreg.yaml's owners: "
            f"({', '.join(ids)}); {fallback}\n"
        )
    if plan.unowned:
        err.write(
            f"riskreg: warning: {', '.join(plan.unowned)} "
            f"{'has' if len(plan.unowned) == 1 else 'have'} no owner; {fallback}\n"
        )
