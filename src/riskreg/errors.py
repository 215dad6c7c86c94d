"""Domain errors raised by the core; the command layer maps them to exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class RiskregError(Exception):
    """A fatal error the user can fix; printed as one line, never a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RegisterNotFound(RiskregError):
    pass


class ConfigError(RiskregError):
    pass


class UnknownRisk(RiskregError):
    exit_code = EXIT_PROBLEMS

    def __init__(self, risk_id: str) -> None:
        super().__init__(f"no risk {risk_id} in this register (try 'riskreg list --all')")
        self.risk_id = risk_id


class InvalidRiskId(RiskregError):
    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a risk ID: an ID is letters then digits, such as CRR18")


class BadRiskFile(RiskregError):
    """A risk file the command needs cannot be read; carries the problems found."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str) -> None:
        super().__init__(message)


class WriteError(RiskregError):
    exit_code = EXIT_PROBLEMS


class UsageError(RiskregError):
    pass


class WrongState(RiskregError):
    """The risk is not in a state the command applies to: closing a closed risk, say."""

    exit_code = EXIT_PROBLEMS
