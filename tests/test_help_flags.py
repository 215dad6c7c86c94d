"""A flag's help shows no value: `--closed`, never `--closed <bool>`."""

from __future__ import annotations

import typer

from conftest import Run
from riskreg.cli import app


def test_no_command_shows_a_value_after_a_flag(run: Run) -> None:
    group = typer.main.get_command(app)
    names = list(getattr(group, "commands", {}))
    assert "list" in names
    for args in ([], *([name] for name in names)):
        outcome = run(*args, "--help")
        assert outcome.code == 0, args
        assert "<bool>" not in outcome.stdout, args
