"""Golden files: a run's exit code, stderr and stdout together, compared with
tests/golden/NAME; RISKREG_UPDATE_GOLDEN=1 rewrites them.

A golden file reads:

    exit 0
    --- stderr
    (what went to stderr, often nothing)
    --- stdout
    (what went to stdout, to the end of the file)

Every golden pins the date (RISKREG_TODAY), so that it holds on any day.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

GOLDEN = Path(__file__).resolve().parent / "golden"


class Outcome(Protocol):
    code: int
    stdout: str
    stderr: str


def _ended(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n(no newline at the end)\n"


def golden_text(outcome: Outcome) -> str:
    return f"exit {outcome.code}\n--- stderr\n{_ended(outcome.stderr)}--- stdout\n{outcome.stdout}"


def assert_golden(name: str, outcome: Outcome) -> None:
    assert os.environ.get("RISKREG_TODAY"), f"{name}: a golden must pin the date (RISKREG_TODAY)"
    path = GOLDEN / name
    actual = golden_text(outcome)
    if os.environ.get("RISKREG_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"exit code, stderr or stdout differs from {path}"
