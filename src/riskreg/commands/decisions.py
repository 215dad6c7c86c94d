"""Decisions about a risk outside appetite: escalate."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked
from riskreg.model.ids import parse_risk_id


def escalate(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    to: Annotated[
        str, typer.Option("--to", help="Who the risk is escalated to.", show_default=False)
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why it is escalated.", show_default=False)
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who escalates it.", show_default=False)
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Record that a risk was escalated today, e.g. because it is outside appetite.

    An escalation in the current quarter answers validate's outside-appetite warning.

    Example: riskreg escalate CRR18 --to "Audit Committee" --reason "Above Cautious appetite"
    """
    from riskreg.commands import options
    from riskreg.lifecycle.decisions import escalate_risk
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    root = options(ctx).root()
    with locked(root, f"escalate {risk_id}", wait):
        edited = escalate_risk(root, load_config(root), risk_id, to, reason, by, today())
    print_edited(edited, sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("escalate")(escalate)
