"""A risk's life across quarters: new, close, reopen, trend, review, owner."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked, warn_stale_period
from riskreg.commands.governance import keep_codeowners, report_codeowners
from riskreg.model.ids import parse_risk_id


def _on_terminal() -> bool:
    """Prompt only when a person is typing; in scripts and CI a missing value is an error."""
    return sys.stdin.isatty()


def new(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help="The risk's short name.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="What the risk is.")
    ] = None,
    impact_narrative: Annotated[
        str | None,
        typer.Option("--impact-narrative", help="What would happen if it materialised."),
    ] = None,
    control: Annotated[
        list[str] | None,
        typer.Option(
            "--control", help="A key control or activity; repeatable.", show_default=False
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="The person or role who owns the risk.")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="Portfolio or department.")
    ] = None,
    rating: Annotated[
        str | None, typer.Option("--rating", "-r", help="Residual rating, e.g. High.")
    ] = None,
    impact: Annotated[
        int | None, typer.Option("--impact", "-i", help="Residual impact score (with --prob).")
    ] = None,
    prob: Annotated[
        int | None,
        typer.Option("--prob", "--probability", "-p", help="Residual probability (with --impact)."),
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Impact category driving the score.")
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="NAME=VALUE",
            help="One of the register's own fields (declared under fields: in riskreg.yaml); "
            "a list field takes items separated by ';'. Repeatable.",
            show_default=False,
        ),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Add a risk as risks/<next ID>.yaml, New in the current quarter.

    On a terminal, asks for what the options leave out; elsewhere --name and --rating
    (or --impact and --prob) are required.

    Example: riskreg new --name "Fleet Replacement" --rating high --owner "Head of Fleet"
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.lifecycle import NewRisk, create_risk
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_created

    root = options(ctx).root()
    config = load_config(root)
    controls = list(control or [])
    unrated = rating is None and impact is None and prob is None
    if _on_terminal():
        if name is None:
            name = typer.prompt("Risk name")
        if description is None:
            description = typer.prompt(
                "Description (blank to skip)", default="", show_default=False
            )
        if impact_narrative is None:
            impact_narrative = typer.prompt(
                "Impact if it happens (blank to skip)", default="", show_default=False
            )
        if control is None:
            while True:
                text = typer.prompt("Key control (blank to finish)", default="", show_default=False)
                if not text.strip():
                    break
                controls.append(text)
        if owner is None:
            owner = typer.prompt("Owner (blank to skip)", default="", show_default=False)
        if department is None:
            department = typer.prompt("Department (blank to skip)", default="", show_default=False)
        if unrated:
            bands = config.scoring.band_names
            while True:
                rating = typer.prompt(f"Residual rating ({', '.join(bands)})")
                if config.scoring.band_named(rating) is not None:
                    break
                typer.echo(
                    f"Error: {rating!r} is not a rating; choose one of " + ", ".join(bands),
                    err=True,
                )
    else:
        missing = [
            flag for flag, absent in (("--name", name is None), ("--rating", unrated)) if absent
        ]
        if missing:
            them = "them" if len(missing) > 1 else "it"
            raise UsageError(
                "missing " + " and ".join(missing) + f" (on a terminal, "
                f"'riskreg new' asks for {them})"
            )
    assert name is not None
    fields = NewRisk(
        name=name,
        rating=rating,
        impact=impact,
        probability=prob,
        category=category,
        description=description or "",
        impact_narrative=impact_narrative or "",
        controls=tuple(controls),
        owner=owner,
        department=department,
        own_fields=tuple(field or ()),
    )
    with locked(root, "new", wait):
        config = load_config(root)
        created = create_risk(root, config, fields, today())
        owners_file = keep_codeowners(root, config)
    print_created(created, config, sys.stdout)
    report_codeowners(owners_file)
    warn_stale_period(config)


def close(
    ctx: typer.Context,
    risk_id: Annotated[
        str,
        typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk to close, e.g. CRR18."),
    ],
    rationale: Annotated[
        str | None, typer.Option("--rationale", help="Why the risk is closed.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Closed date, YYYY-MM-DD. Default: today.")
    ] = None,
    reported: Annotated[
        str | None,
        typer.Option(
            "--reported",
            help="Date the closure was reported to the audit "
            "committee, YYYY-MM-DD. On a closed risk, records just that.",
        ),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Close a risk: record the closure and move it from risks/ to closed/.

    Example: riskreg close CRR18 --rationale "Training backlog cleared" --reported 2022-06-30
    """
    from riskreg.commands import options
    from riskreg.lifecycle import close_risk, find_copies
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_moved

    rid = risk_id
    root = options(ctx).root()
    config = load_config(root)
    if rationale is None and reported is None and _on_terminal():
        copies = find_copies(root, rid)
        if copies.open is not None and copies.closed is None:
            rationale = typer.prompt(f"Why is {rid} closed?")
    with locked(root, f"close {rid}", wait):
        config = load_config(root)
        moved = close_risk(root, config, rid, rationale, date, reported, today())
        owners_file = keep_codeowners(root, config)
    print_moved(moved, "close", sys.stdout)
    report_codeowners(owners_file)
    warn_stale_period(config)


def reopen(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Closed risk, e.g. CRR14.")
    ],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is reopened.")] = None,
    rating: Annotated[
        str | None,
        typer.Option("--rating", "-r", help="Residual rating, for a risk closed without one."),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Reopen a closed risk: move it back to risks/, keeping the closure in its history.

    Example: riskreg reopen CRR14 --reason "Receivers failed again" --rating high
    """
    from riskreg.commands import options
    from riskreg.lifecycle import reopen_risk
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_moved

    rid = risk_id
    root = options(ctx).root()
    if reason is None and _on_terminal():
        reason = typer.prompt(f"Why is {rid} reopened?")
    with locked(root, f"reopen {rid}", wait):
        config = load_config(root)
        moved = reopen_risk(root, config, rid, reason, rating, today())
        owners_file = keep_codeowners(root, config)
    print_moved(moved, "reopen", sys.stdout)
    report_codeowners(owners_file)
    warn_stale_period(config)


def trend(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    direction: Annotated[
        str,
        typer.Argument(
            metavar="DIRECTION", help="improved (↓), worsened (↑), unchanged (↔), new or n/a."
        ),
    ],
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter", "-q", help="Quarter, e.g. '2021/22 Q4'. Default: the current one."
        ),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Set a risk's direction of travel for the quarter (records a review).

    Example: riskreg trend CRR18 worsened
    """
    from riskreg.commands import options
    from riskreg.lifecycle import set_trend
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_trend_set

    rid = risk_id
    root = options(ctx).root()
    with locked(root, f"trend {rid}", wait):
        config = load_config(root)
        outcome = set_trend(root, config, rid, direction, quarter, today())
    print_trend_set(outcome, sys.stdout)
    warn_stale_period(config)


def review(
    ctx: typer.Context,
    quarter: Annotated[
        str | None,
        typer.Option(
            "--quarter", "-q", help="The quarter to open, e.g. '2022/23 Q1'.", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Allow skipping a quarter or going back.")
    ] = False,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Open the next quarter: move the register's period on and derive each risk's arrow.

    A risk re-scored in the new quarter gets its arrow from the change of score; the
    rest are listed, to re-score or set with 'riskreg trend'.

    Example: riskreg review --quarter "2022/23 Q1"
    """
    from riskreg.commands import options
    from riskreg.lifecycle import open_quarter
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_quarter_opened

    root = options(ctx).root()
    with locked(root, "review", wait):
        config = load_config(root)
        opened = open_quarter(root, config, quarter, force, today())
    print_quarter_opened(opened, sys.stdout)


def owner(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[OWNER]", help="The person or role; '' removes it.", show_default=False
        ),
    ] = None,
    department: Annotated[
        str | None,
        typer.Option("--department", help="Portfolio or department; '' removes it."),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Set who owns a risk, and its portfolio or department.

    Example: riskreg owner CRR18 "Head of Learning & Development" --department People
    """
    from riskreg.commands import options
    from riskreg.lifecycle import set_owner
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    rid = risk_id
    root = options(ctx).root()
    with locked(root, f"owner {rid}", wait):
        config = load_config(root)
        edited = set_owner(root, config, rid, name, department)
        owners_file = keep_codeowners(root, config)
    print_edited(edited, sys.stdout)
    report_codeowners(owners_file)
    warn_stale_period(config)


def register(app: typer.Typer) -> None:
    app.command("new")(new)
    app.command("close")(close)
    app.command("reopen")(reopen)
    app.command("trend")(trend)
    app.command("review")(review)
    app.command("owner")(owner)
