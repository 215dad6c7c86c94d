"""Finding the register: a riskreg.yaml that is not a regular file is named as such."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import Run


def test_a_config_that_is_a_pipe(run: Run, register: Path) -> None:
    (register / "riskreg.yaml").unlink()
    os.mkfifo(register / "riskreg.yaml")
    outcome = run("list")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: riskreg.yaml is a pipe, socket or device; "
        "the register config must be a regular file\n"
    )
