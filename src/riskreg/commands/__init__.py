"""Command functions, one module per concern; each registers its commands on the app."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


def guarded(function: F) -> F:
    """Turn a domain error into one line on stderr and its exit code, never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from riskreg.errors import RiskregError

        try:
            return function(*args, **kwargs)
        except RiskregError as error:
            sys.stdout.flush()
            sys.stderr.write(f"riskreg: error: {error.message}\n")
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


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


def fail(message: str, code: int = 1) -> typer.Exit:
    sys.stdout.flush()
    sys.stderr.write(f"riskreg: {message}\n")
    return typer.Exit(code)


def report_problems(problems: list[Any], limit: int = 20) -> None:
    """Name each broken file on stderr (for commands other than validate)."""
    errors = [p for p in problems if p.is_error]
    for problem in errors[:limit]:
        sys.stderr.write(f"riskreg: {problem.one_line()}\n")
    if len(errors) > limit:
        sys.stderr.write(f"riskreg: ... and {len(errors) - limit} more; run 'riskreg validate'\n")
