"""The `riskreg` command line: argument parsing only.

Each command parses its options, calls a core function that returns a value, hands
that value to a renderer and exits. Heavy modules (pydantic, yaml, rich tables) are
imported inside the commands, so `riskreg --help` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from riskreg import __version__

app = typer.Typer(
    name="riskreg",
    help="Keep a corporate risk register as plain YAML files in git: list, score, "
    "validate and report it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Options:
    """Global options, shared with every command through the Typer context."""

    def __init__(self, register: Path | None) -> None:
        self.register = register

    def root(self) -> Path:
        from riskreg.register.layout import find_root

        return find_root(self.register)


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


def options(ctx: typer.Context) -> Options:
    obj: Any = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options(None)


def _register_commands() -> None:
    from riskreg.commands import browse, lifecycle, report, validate

    browse.register(app)
    lifecycle.register(app)
    report.register(app)
    validate.register(app)


_register_commands()


def main() -> None:
    """Entry point: run the app; map domain errors to one line on stderr and an exit code."""
    from riskreg.errors import RiskregError

    # riskreg's models want no third-party pydantic plugins, and looking for them reads the
    # metadata of every installed package on the first validation (Typer skips it too).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    try:
        app()
    except RiskregError as error:
        sys.stderr.write(f"riskreg: error: {error.message}\n")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("riskreg: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as error:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get("RISKREG_DEBUG"):
            raise
        sys.stderr.write(
            f"riskreg: internal error: {type(error).__name__}: {error} "
            "(set RISKREG_DEBUG=1 for details)\n"
        )
        sys.exit(70)
