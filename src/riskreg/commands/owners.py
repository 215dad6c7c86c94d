"""Chasing owners: `riskreg owners`, each owner's risks, reviews due and actions due."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from riskreg.commands import report_problems
from riskreg.render import OWNERS, OwnersFormat


def owners(
    ctx: typer.Context,
    within: Annotated[
        int,
        typer.Option(
            "--within", metavar="DAYS", min=0, help="Reviews and actions due within this many days."
        ),
    ] = 30,
    owner: Annotated[
        list[str] | None,
        typer.Option("--owner", help="Only this owner (any case); repeatable.", show_default=False),
    ] = None,
    fmt: Annotated[OwnersFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OWNERS.default
    ),
) -> None:
    """List each owner's open risks, the reviews due soon and the actions due or late.

    --format md is a digest per owner to paste into an email; --format json feeds a mail
    merge, with each owner's email from 'owners:' in riskreg.yaml.

    Example: riskreg owners --within 30 --format md
    """
    from riskreg.commands import options
    from riskreg.errors import ProblemsFound
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_register
    from riskreg.reports.owners import owners_digest

    register = load_register(options(ctx).root())
    digest = owners_digest(register, today(), within, tuple(owner or ()))
    OWNERS.write(fmt, digest, sys.stdout)
    if register.errors:
        report_problems(register.errors)
        raise ProblemsFound(
            f"{len(register.errors)} problem(s) in the register; the digest leaves out "
            "the files named above"
        )


def register(app: typer.Typer) -> None:
    app.command("owners")(owners)
