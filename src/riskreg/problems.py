"""Problems found in a register: plain values, collected for every file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a line and column (1-based; 0 when unknown)."""

    path: str
    line: int
    column: int
    code: str = field(compare=False)
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path

    def one_line(self) -> str:
        return f"{self.where()}: {self.severity.value}: {self.message} [{self.code}]"


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the byte at `offset`, for a message a person can
    follow to it (the column counts bytes, as an editor's byte column does)."""
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
