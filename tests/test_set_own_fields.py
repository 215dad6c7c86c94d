"""`riskreg set` changes the register's own fields too, read as their declared type."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

FIELDS = """
fields:
  directorate: {type: choice, choices: [Operations, Corporate]}
  review_board: {type: date}
"""


def declare(register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text(encoding="utf-8") + FIELDS, encoding="utf-8")


def test_set_an_own_field(run: Run, register: Path) -> None:
    declare(register)
    outcome = run("set", "CRR18", "directorate", "operations")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == "CRR18: directorate Operations; recorded in risks/CRR18.yaml.\n"
    assert "\ndirectorate: Operations\n" in (register / "risks/CRR18.yaml").read_text()
    assert run("set", "CRR18", "review_board", "2022-06-30").code == 0
    assert "\nreview_board: 2022-06-30\n" in (register / "risks/CRR18.yaml").read_text()
    removed = run("set", "CRR18", "review_board", "")
    assert removed.stdout == "CRR18: review_board removed; recorded in risks/CRR18.yaml.\n"
    assert "review_board" not in (register / "risks/CRR18.yaml").read_text()
    assert run("validate", "risks/CRR18.yaml").code == 0


def test_a_bad_value_of_an_own_field_changes_nothing(run: Run, register: Path) -> None:
    declare(register)
    before = (register / "risks/CRR18.yaml").read_bytes()
    outcome = run("set", "CRR18", "directorate", "Finance")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: directorate: 'Finance': it must be one of: Operations, Corporate\n"
    )
    date = run("set", "CRR18", "review_board", "30/06/2022")
    assert date.stderr == (
        "riskreg: error: review_board: '30/06/2022' is not a date written YYYY-MM-DD\n"
    )
    typo = run("set", "CRR18", "directorat", "x")
    assert typo.code == 2
    assert "did you mean directorate?" in typo.stderr
    assert (register / "risks/CRR18.yaml").read_bytes() == before
