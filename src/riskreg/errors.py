"""Domain errors raised by the core. The command edge (riskreg.commands.edge) maps each to
one line on stderr and an exit code; the exit codes live there, in one table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from riskreg.problems import Problem

E = TypeVar("E", bound="RiskregError")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

# How much of a mistyped value an error message repeats: enough to recognise it.
ECHOED = 40


def echoed(text: str) -> str:
    """`text` quoted for a message, cut to a readable length."""
    if len(text) <= ECHOED:
        return repr(text)
    return f"{text[:ECHOED]!r}... ({len(text):,} characters)"


class RiskregError(Exception):
    """A fatal error the user can fix; printed as one line, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @classmethod
    def from_problems(
        cls: type[E], problems: Sequence[Problem], fallback: str, before: str = "", after: str = ""
    ) -> E:
        """The first error as one line, with how many more there are."""
        errors = sorted(p for p in problems if p.is_error)
        # The edge says "error:" once; the problem's own line gives its place and code.
        first = (
            f"{errors[0].where()}: {errors[0].message} [{errors[0].code}]" if errors else fallback
        )
        more = f" (and {len(errors) - 1} more; run 'riskreg validate')" if len(errors) > 1 else ""
        return cls(before + first + more + after)


class RegisterNotFound(RiskregError):
    pass


class ConfigError(RiskregError):
    pass


class UnknownRisk(RiskregError):
    def __init__(self, risk_id: str) -> None:
        super().__init__(f"no risk {risk_id} in this register (try 'riskreg list --all')")
        self.risk_id = risk_id


class InvalidRiskId(RiskregError):
    def __init__(self, text: str) -> None:
        super().__init__(
            f"{echoed(text)} is not a risk ID: an ID is letters then digits, such as CRR18"
        )


class BadRiskFile(RiskregError):
    """A risk file the command needs cannot be read; carries the problems found."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ProblemsFound(RiskregError):
    """The command ran but found problems it must report as a failure (named on stderr)."""


class EditNotSaved(ProblemsFound):
    """`riskreg edit` saved nothing: the editor failed, the text is invalid, or it was emptied."""


class WriteError(RiskregError):
    pass


class RegisterLocked(RiskregError):
    """Another riskreg holds the register's lock, or a lock was left behind."""


class UsageError(RiskregError):
    pass


def unknown_choice(what: str, given: str, allowed: Sequence[str]) -> UsageError:
    """`unknown rating 'critcal'; did you mean 'Critical'? allowed: ...`: the nearest
    allowed value (in any case) when one is near, then every allowed value."""
    import difflib

    by_lower = {value.lower(): value for value in allowed}
    near = difflib.get_close_matches(given.lower(), list(by_lower), n=1, cutoff=0.6)
    hint = f"; did you mean {by_lower[near[0]]!r}?" if near else ";"
    return UsageError(f"unknown {what} {echoed(given)}{hint} allowed: " + ", ".join(allowed))


class WrongState(RiskregError):
    """The risk is not in a state the command applies to: closing a closed risk, say."""


class NoPdfEngine(RiskregError):
    """Neither PDF engine is installed: the message says how to install one."""
