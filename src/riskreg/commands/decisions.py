"""Decisions about a risk outside appetite: escalate, accept."""

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


def accept(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    by: Annotated[str, typer.Option("--by", help="Who accepts the risk.", show_default=False)],
    expires: Annotated[
        str,
        typer.Option(
            "--expires",
            metavar="DATE",
            help="When the acceptance ends, YYYY-MM-DD.",
            show_default=False,
        ),
    ],
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why it is accepted.", show_default=False)
    ],
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Record that a risk is tolerated: accepted today by someone, until a date.

    The treatment decision becomes tolerate. An acceptance that has not expired answers
    validate's outside-appetite warning; once expired, list --overdue lists the risk.

    Example: riskreg accept CRR18 --by "Chief Constable" --expires 2022-09-30 --rationale "No funds"
    """
    from riskreg.commands import options
    from riskreg.lifecycle.decisions import accept_risk
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    root = options(ctx).root()
    with locked(root, f"accept {risk_id}", wait):
        edited = accept_risk(root, load_config(root), risk_id, by, expires, rationale, today())
    print_edited(edited, sys.stdout)


def decide(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    decision: Annotated[
        str,
        typer.Argument(
            metavar="DECISION",
            help="treat, tolerate, transfer or terminate (or mitigate, accept, share, avoid).",
        ),
    ],
    rationale: Annotated[
        str, typer.Option("--rationale", help="Why this is the decision.", show_default=False)
    ],
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Record what is done about a risk: treat, tolerate, transfer or terminate, and why.

    An acceptance (riskreg accept) stays with tolerate and is removed by any other decision.

    Example: riskreg decide CRR18 transfer --rationale "Insured from April"
    """
    from riskreg.commands import options
    from riskreg.lifecycle.decisions import decide_risk
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    root = options(ctx).root()
    with locked(root, f"decide {risk_id}", wait):
        edited = decide_risk(root, load_config(root), risk_id, decision, rationale)
    print_edited(edited, sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("escalate")(escalate)
    app.command("accept")(accept)
    app.command("decide")(decide)
