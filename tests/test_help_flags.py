"""Help names no Python type: a flag shows no value (`--closed`, never `--closed <bool>`),
and an option a word for its value (`--quarter QUARTER`, never `--quarter <str>`)."""

from __future__ import annotations

import itertools
import re

import pytest
import typer

from conftest import Run
from riskreg.cli import app

PYTHON_TYPE = re.compile(r"<(?:bool|str|int|float|path|int range|float range|list\[[^>]*\])>")


def every_help(run: Run) -> dict[str, str]:
    group = typer.main.get_command(app)
    names = list(getattr(group, "commands", {}))
    assert "list" in names
    helps = {}
    for args in ([], *([name] for name in names)):
        outcome = run(*args, "--help")
        assert outcome.code == 0, args
        helps[" ".join(["riskreg", *args])] = outcome.stdout
    return helps


def test_no_command_shows_a_value_after_a_flag(run: Run) -> None:
    for command, text in every_help(run).items():
        assert "<bool>" not in text, command


def test_no_help_names_a_python_type(run: Run) -> None:
    for command, text in every_help(run).items():
        assert not PYTHON_TYPE.search(text), (command, PYTHON_TYPE.findall(text))


def test_an_option_shows_a_word_for_its_value_and_a_choice_its_choices(run: Run) -> None:
    text = run("list", "--help").stdout
    assert re.search(r"--owner +NAME ", text)
    assert re.search(r"--min-rating +RATING ", text)
    assert "<table|json|csv|md>" in text
    assert re.search(r"--quarter +-q +QUARTER ", run("review", "--help").stdout)


def test_help_text_flows_at_80_columns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph of a command's help fills each line but its last at 80 columns: no
    word is left alone on a line where the docstring happened to break."""
    monkeypatch.setenv("COLUMNS", "80")
    for command, text in every_help(run).items():
        description = text.split("╭")[0].splitlines()
        for line, following in itertools.pairwise(description):
            if line.strip() and following.strip() and not line.lstrip().startswith("Usage:"):
                next_word = following.split()[0]
                assert len(line.rstrip()) + 1 + len(next_word) > 78, (command, line)
