"""The `riskreg` command line: argument parsing only.

Each command parses its options, calls a core function that returns a value, hands
that value to a renderer and exits. Heavy modules (pydantic, yaml, rich tables) are
imported inside the commands, so `riskreg --help` starts fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from riskreg import __version__
from riskreg.commands import Options
from riskreg.commands.edge import EdgeGroup, run

app = typer.Typer(
    name="riskreg",
    cls=EdgeGroup,
    help="Keep a corporate risk register as plain YAML files in git: list, score, "
    "validate and report it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riskreg {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            "-R",
            help="Register folder (holds riskreg.yaml). Default: $RISKREG_DIR, else the "
            "nearest folder upwards from here that holds one.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Options(register)


def _register_commands() -> None:
    from riskreg.commands import (
        browse,
        decisions,
        editing,
        governance,
        indicators,
        lifecycle,
        owners,
        report,
        rollup,
        validate,
    )

    browse.register(app)
    decisions.register(app)
    indicators.register(app)
    lifecycle.register(app)
    editing.register(app)
    owners.register(app)
    report.register(app)
    rollup.register(app)
    validate.register(app)
    governance.register(app)


def _flowing(typer_app: typer.Typer) -> None:
    """Each command's help with its paragraphs as flowing text.

    Typer keeps a docstring's line breaks after its first paragraph, so at 80 columns a
    line written 84 wide broke before its last word, which then stood on a line alone.
    Each paragraph is given to Typer as one line, and the terminal's width wraps it.
    """
    import inspect

    for command in typer_app.registered_commands:
        if command.help is None and command.callback is not None:
            doc = inspect.getdoc(command.callback) or ""
            command.help = "\n\n".join(" ".join(part.split("\n")) for part in doc.split("\n\n"))
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _flowing(group.typer_instance)


_register_commands()
_flowing(app)


def main() -> None:
    """Entry point: run the app; the edge maps any error to one line and an exit code."""
    # riskreg's models want no third-party pydantic plugins, and looking for them reads the
    # metadata of every installed package on the first validation (Typer skips it too).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    run(app)
