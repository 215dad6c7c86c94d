"""Command functions, one module per concern; each registers its commands on the app.

A command parses its arguments (a risk ID once, by `parse_risk_id` as Typer's parser),
calls the core, hands the result to a renderer from riskreg.render, and returns. Errors
are raised, never printed: the edge (riskreg.commands.edge) turns each into one line.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any

import typer


class Options:
    """Global options, shared with every command through the Typer context."""

    def __init__(self, register: Path | None) -> None:
        self.register = register

    def root(self) -> Path:
        from riskreg.register.layout import find_root

        return find_root(self.register)


def options(ctx: typer.Context) -> Options:
    obj: Any = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options(None)


Wait = Annotated[
    float,
    typer.Option(
        "--wait",
        metavar="SECONDS",
        min=0,
        help="If another riskreg is changing the register, wait up to this long for it.",
    ),
]
DEFAULT_WAIT = 5.0  # as register.writing.DEFAULT_WAIT, without importing it for --help


def locked(root: Path, command: str, wait: float) -> AbstractContextManager[Path]:
    """The register lock, held while a command reads, changes and writes the register."""
    from riskreg.register.writing import register_lock

    return register_lock(root, command, wait)


def warn_stale_period(config: Any) -> None:
    """Warn on stderr when the register's period ended more than a quarter ago, since
    every score and trend a command records goes under that period."""
    from riskreg.model.timeline import stale_period, today

    reason = stale_period(config, today())
    if reason:
        sys.stdout.flush()
        sys.stderr.write(f"riskreg: warning: {reason}\n")


def report_problems(problems: list[Any], limit: int = 20) -> None:
    """Name each broken file on stderr (for commands other than validate)."""
    from riskreg.commands.edge import PREFIX

    errors = [p for p in problems if p.is_error]
    sys.stdout.flush()
    for problem in errors[:limit]:
        sys.stderr.write(f"{PREFIX}{problem.where()}: {problem.message} [{problem.code}]\n")
    if len(errors) > limit:
        sys.stderr.write(f"{PREFIX}... and {len(errors) - limit} more; run 'riskreg validate'\n")
