"""Checking the register: `riskreg validate` and the editor schema, `riskreg schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from riskreg.render import PROBLEMS, ProblemsFormat


def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILES]...",
            help="Risk files to check (as pre-commit passes them), or risks/ or closed/. "
            "Default: the whole register.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ProblemsFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (grouped by file), parsable (path:line:col: severity: message [code]), "
            "github (annotations), json; auto is github when GITHUB_ACTIONS is set, else text.",
        ),
    ] = PROBLEMS.default,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Check the change since REV too (CI on a pull request: --since origin/main): "
            "re-scores recorded, closures complete, no risk deleted, no ID reused.",
            show_default=False,
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Check only the change staged for commit, the index against HEAD (the "
            "riskreg-change pre-commit hook): the checks of --since, such as no risk "
            "deleted instead of closed. FILES, if given, are checked too.",
        ),
    ] = False,
    allow_guidance_change: Annotated[
        bool,
        typer.Option(
            "--allow-guidance-change",
            help="With --since or --staged: allow a change to riskreg.yaml's scoring guidance.",
        ),
    ] = False,
) -> None:
    """Check risk files and the register config; report every problem with its line.

    Exit status: 0 clean, 1 problems found, 2 usage or set-up error.

    Example: riskreg validate risks/CRR18.yaml --format parsable

    Example: riskreg validate --since origin/main --format github

    Example: riskreg validate --staged
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.model.timeline import today
    from riskreg.rules.validation import ValidationResult, register_root_for, validate_register

    if staged and since is not None:
        raise UsageError("--staged and --since are two different changes: give one")
    paths = list(files or [])
    root = register_root_for(options(ctx).register, paths)
    day = today()
    if staged and not paths:
        result = ValidationResult(root)
    else:
        result = validate_register(root, paths or None, day)
    if staged:
        from riskreg.git.change_rules import staged_problems

        compared, found = staged_problems(root, allow_guidance_change, day)
        result.files = sorted({*result.files, *compared})
        result.problems = sorted([*result.problems, *found])
    elif since is not None:
        from riskreg.git.change_rules import change_problems

        result.problems = sorted(
            [*result.problems, *change_problems(root, since, allow_guidance_change, day)]
        )
    PROBLEMS.write(fmt, result, sys.stdout)
    raise typer.Exit(result.exit_code(strict))


def schema(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema here instead; '-' for stdout.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if the file is missing or stale."),
    ] = False,
) -> None:
    """Write the JSON Schemas of a risk file and of riskreg.yaml to schema/, for editors.

    Risk files name schema/risk.schema.json on their first line, and a new register's
    riskreg.yaml names schema/config.schema.json, so editors with yaml-language-server
    check them as you type. --output writes the risk file's schema alone.

    Example: riskreg schema --check
    """
    from riskreg.commands import options
    from riskreg.errors import ProblemsFound
    from riskreg.register.layout import display_path
    from riskreg.rules.json_schema import (
        CONFIG_SCHEMA_PATH,
        SCHEMA_PATH,
        schema_is_current,
        schema_text,
        stale_schemas,
        write_schema,
        write_schemas,
    )

    fields = _declared_fields(ctx)
    if output is not None and str(output) == "-":
        sys.stdout.write(schema_text(fields))
        return
    if output is not None:
        shown = display_path(output)
        if check:
            if not schema_is_current(output, fields):
                raise ProblemsFound(f"{shown} is missing or out of date; run 'riskreg schema'")
            typer.echo(f"{shown} is up to date")
        elif write_schema(output, fields):
            typer.echo(f"wrote {shown}")
        else:
            typer.echo(f"{shown} is up to date")
        return
    root = options(ctx).root()
    if check:
        stale = [display_path(path) for path in stale_schemas(root, fields)]
        if stale:
            raise ProblemsFound(
                f"{' and '.join(stale)} {'is' if len(stale) == 1 else 'are'} missing or out of "
                "date; run 'riskreg schema'"
            )
        typer.echo(f"{SCHEMA_PATH} and {CONFIG_SCHEMA_PATH} are up to date")
        return
    written = write_schemas(root, fields)
    for path in written:
        typer.echo(f"wrote {display_path(path)}")
    if not written:
        typer.echo(f"{SCHEMA_PATH} and {CONFIG_SCHEMA_PATH} are up to date")


def _declared_fields(ctx: typer.Context) -> dict[str, Any]:
    """The register's own fields, for the schema; none outside a register."""
    from riskreg.commands import options
    from riskreg.errors import RiskregError
    from riskreg.model.custom_fields import declared_fields
    from riskreg.register.loading import load_config

    try:
        return declared_fields(load_config(options(ctx).root()))
    except RiskregError:
        return {}


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("schema")(schema)
