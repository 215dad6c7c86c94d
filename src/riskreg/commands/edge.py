"""The edge: where an exception becomes one line on stderr and an exit code.

`EXITS` is the one table from exception to exit code and message. Every command runs
inside `EdgeGroup.invoke`, which looks the exception up there (arguments are parsed
there too, so a bad risk ID is caught the same way), and `main` looks up whatever
escapes Typer (Ctrl-C before a command starts, output that cannot be flushed at the
end). Every line starts `riskreg: error:`.

A new domain error goes in riskreg/errors.py: subclass the error whose exit code it
shares (the first row it is an instance of applies), or add a row here, above any row
for a class it derives from.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from riskreg.errors import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    BadRiskFile,
    ConfigError,
    EditNotSaved,
    InvalidRiskId,
    NoPdfEngine,
    ProblemsFound,
    RegisterLocked,
    RegisterNotFound,
    RiskregError,
    UnknownRisk,
    UsageError,
    WriteError,
    WrongState,
)

PREFIX = "riskreg: error: "
EXIT_BUG = 70  # EX_SOFTWARE
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

# Errors of the machine rather than of riskreg: the disk is full, the quota is spent.
OUT_OF_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _told(error: BaseException) -> str:
    assert isinstance(error, RiskregError)
    return error.message


def _out_of_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in OUT_OF_SPACE


def _no_space(error: BaseException) -> str:
    assert isinstance(error, OSError)
    where = f"{error.filename}" if error.filename else "the output"
    return f"cannot write {where}: {error.strerror or 'no space left'}"


def _bug(error: BaseException) -> str:
    return f"internal error: {type(error).__name__}: {error} (set RISKREG_DEBUG=1 for details)"


def _always(error: BaseException) -> bool:
    return True


@dataclass(frozen=True)
class Exit:
    """One row: an exception (of `kind`, where `applies`), its exit code and its message.

    A message of None means a quiet exit: nothing on stderr.
    """

    kind: type[BaseException]
    code: int
    message: Callable[[BaseException], str | None]
    applies: Callable[[BaseException], bool] = _always


EXITS: tuple[Exit, ...] = (
    # `riskreg list | head -1`: the reader has all it wanted.
    Exit(BrokenPipeError, EXIT_OK, lambda error: None),
    Exit(KeyboardInterrupt, EXIT_INTERRUPTED, lambda error: "interrupted"),
    # Something about the register or the risk: the command ran and says what it found.
    Exit(UnknownRisk, EXIT_PROBLEMS, _told),
    Exit(BadRiskFile, EXIT_PROBLEMS, _told),
    Exit(EditNotSaved, EXIT_PROBLEMS, _told),
    Exit(ProblemsFound, EXIT_PROBLEMS, _told),
    Exit(WrongState, EXIT_PROBLEMS, _told),
    Exit(WriteError, EXIT_PROBLEMS, _told),
    Exit(RegisterLocked, EXIT_PROBLEMS, _told),
    # Something about how the command was called or where.
    Exit(UsageError, EXIT_USAGE, _told),
    Exit(InvalidRiskId, EXIT_USAGE, _told),
    Exit(RegisterNotFound, EXIT_USAGE, _told),
    Exit(ConfigError, EXIT_USAGE, _told),
    Exit(NoPdfEngine, EXIT_USAGE, _told),
    Exit(RiskregError, EXIT_USAGE, _told),
    Exit(OSError, EXIT_PROBLEMS, _no_space, _out_of_space),
    # Anything else is a bug in riskreg.
    Exit(Exception, EXIT_BUG, _bug),
)


def exit_for(error: BaseException) -> Exit | None:
    """The table's row for `error`: the first that matches; None for none (SystemExit)."""
    for row in EXITS:
        if isinstance(error, row.kind) and row.applies(error):
            return row
    return None


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def handle(error: BaseException) -> int:
    """Say what went wrong in one line on stderr; the exit code. Re-raises what it
    cannot place, and bugs when RISKREG_DEBUG is set."""
    row = exit_for(error)
    if row is None or (row.code == EXIT_BUG and os.environ.get("RISKREG_DEBUG")):
        raise error
    if isinstance(error, BrokenPipeError):
        _silence_stdout()
    else:
        try:
            sys.stdout.flush()  # what was printed before the error comes first
        except (OSError, ValueError):
            _silence_stdout()
    message = row.message(error)
    if message is not None:
        try:
            sys.stderr.write(f"{PREFIX}{message}\n")
            sys.stderr.flush()
        except OSError:
            pass
    return row.code


# What Typer raises to finish normally or to report a mistyped command line: its own.
TYPER_FLOW: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, typer.TyperException)


class EdgeGroup(TyperGroup):
    """riskreg's command group: parses and runs a command, then maps any error by EXITS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_flags(self)
        from riskreg.commands.completion import attach

        attach(self)

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        for param in params:  # --install-completion, added after __init__, is a flag too
            if getattr(param, "is_flag", False):
                param.metavar = ""
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TYPER_FLOW:
            raise
        except (Exception, KeyboardInterrupt) as error:
            raise typer.Exit(handle(error)) from None


# The value an option takes, as help shows it, where its name alone would not say.
VALUE_NAMES = {
    "owner": "NAME",
    "to": "NAME",
    "by": "NAME",
    "department": "NAME",
    "register": "DIR",
    "output": "FILE",
    "due": "YYYY-MM-DD",
    "date": "YYYY-MM-DD",
    "reported": "YYYY-MM-DD",
    "closed": "YYYY-MM-DD",
    "min-rating": "RATING",
    "impact": "1-5",
    "probability": "1-5",
    "prob": "1-5",
}


def _value_name(param: Any) -> str:
    """`--quarter QUARTER`, `--owner NAME`: a word for the value, never a Python type."""
    longest = max(param.opts, key=len).lstrip("-")
    name: str = VALUE_NAMES.get(longest, longest.upper().replace("-", "_"))
    return name


def _no_type(ctx: Any) -> None:
    return None


def _plain_flags(command: Any) -> None:
    """Help names no Python type: a flag shows no value (`--closed`, not `--closed <bool>`),
    and an option a word for its value (`--quarter QUARTER`, not `--quarter <str>`)."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif (
            getattr(param, "param_type_name", "") == "option"
            and param.metavar is None
            and not getattr(getattr(param, "type_descriptor", None), "is_choice", False)
        ):
            param.metavar = _value_name(param)
        elif getattr(param, "param_type_name", "") == "argument" and not getattr(
            getattr(param, "type_descriptor", None), "is_choice", False
        ):
            param.display_type_rich = _no_type  # the argument's name (ID) says it
    help_option = command.get_help_option

    def plain_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = plain_help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def run(app: typer.Typer) -> NoReturn:
    """Run the app as the installed `riskreg` script; whatever escapes goes by EXITS."""
    if sys.stdout is None:  # started with stdout closed (`riskreg list >&-`)
        sys.stderr.write(f"{PREFIX}standard output is closed\n")
        sys.exit(EXIT_PROBLEMS)
    try:
        try:
            app()
        finally:
            sys.stdout.flush()
    except SystemExit:
        raise
    except (Exception, KeyboardInterrupt) as error:
        sys.exit(handle(error))
    sys.exit(EXIT_OK)
