"""Which register a command works on: the folder upwards from here, or $RISKREG_DIR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run


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
