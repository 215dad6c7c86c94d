"""Finding the register: the folder upwards from here, or $RISKREG_DIR; none, or a
riskreg.yaml that is not a regular file, is named as such; init never overwrites one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

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


def ids(outcome_stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(outcome_stdout)]


def test_missing_register(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("list")
    assert outcome.code == 2
    assert outcome.stderr.startswith(
        f"riskreg: error: no register here: no riskreg.yaml in {tmp_path}"
    )


def test_register_from_environment(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RISKREG_DIR", str(register))
    assert len(ids(run("list", "--format", "json").stdout)) == 21


def test_init_refuses_an_existing_register(run: Run, register: Path) -> None:
    outcome = run("init", str(register))
    assert outcome.code == 2
    assert "exists already" in outcome.stderr
