"""Governance through git: CODEOWNERS from the owners, sealed quarters and their proof."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked

if TYPE_CHECKING:
    from riskreg.model.risk import RegisterConfig


def codeowners(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if CODEOWNERS is missing or stale."),
    ] = False,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Write CODEOWNERS: each risk file approved by its owner's account in riskreg.yaml.

    Accounts come from the owners: map of riskreg.yaml (Head of Custody: "@wmp/custody");
    riskreg.yaml and risks whose owner has no account go to governance: risk_manager:.
    Once the file exists, new, close, reopen and owner keep it current.

    Example: riskreg codeowners --check
    """
    from riskreg.commands import options
    from riskreg.errors import ProblemsFound
    from riskreg.git.codeowners import codeowners_for, write_codeowners
    from riskreg.register.layout import display_path
    from riskreg.register.loading import load_config
    from riskreg.render.governance import print_owner_warnings

    root = options(ctx).root()
    if check:
        plan = codeowners_for(root, load_config(root))
        print_owner_warnings(plan, sys.stderr)
        shown = display_path(plan.path)
        if plan.old_text is None:
            raise ProblemsFound(f"{shown} is missing; run 'riskreg codeowners'")
        if not plan.current:
            changes = "; ".join(plan.stale_lines()[:6])
            raise ProblemsFound(f"{shown} is out of date ({changes}); run 'riskreg codeowners'")
        typer.echo(f"{shown} is up to date")
        return
    with locked(root, "codeowners", wait):
        plan = codeowners_for(root, load_config(root))
        written = write_codeowners(root, plan)
    print_owner_warnings(plan, sys.stderr)
    shown = display_path(plan.path)
    typer.echo(f"wrote {shown}" if written else f"{shown} is up to date")


def keep_codeowners(root: Path, config: RegisterConfig) -> Path | None:
    """Inside a command's lock, after it moved or re-owned a risk: bring a CODEOWNERS
    that riskreg wrote up to date. The file's path when it was rewritten."""
    from riskreg.git.codeowners import keep_current

    return keep_current(root, config)


def report_codeowners(path: Path | None) -> None:
    if path is not None:
        from riskreg.register.layout import display_path

        typer.echo(f"Updated {display_path(path)}.")


def register(app: typer.Typer) -> None:
    app.command("codeowners")(codeowners)
