"""Docs and help agree: every command has help text with an example and is in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from conftest import REPO
from riskreg.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_there_are_commands() -> None:
    assert {"list", "show", "score", "guidance", "matrix", "init", "import"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_an_example(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help, f"riskreg {name} has no help text"
    assert re.search(rf"Example: riskreg {name}\b", command.help), (
        f"riskreg {name} --help gives no example"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name: str) -> None:
    assert f"riskreg {name}" in README, f"README.md does not mention 'riskreg {name}'"
