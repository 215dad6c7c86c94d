"""A register period left behind: every write and validate warn once it ended more than a
quarter ago, naming the review to run; review and close refuse dates yet to come."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, snapshot

STALE = (
    "the period is still 2021/22 Q4 (ended 2022-03-31) and today is in 2026/27 Q3, so "
    "scores and trends go under an old quarter: run 'riskreg review --quarter \"2022/23 Q1\"' "
    'to open the next quarter (or --quarter "2026/27 Q3" --force to jump to it)'
)


def test_a_write_warns_when_the_period_is_years_old(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2026-12-01")
    out = run("score", "CRR18", "-i", "4", "-p", "4")
    assert out.code == 0
    assert out.stdout.endswith("Recorded in risks/CRR18.yaml for 2021/22 Q4.\n")
    assert out.stderr == f"riskreg: warning: {STALE}\n"
    for args in (["trend", "CRR20", "unchanged"], ["new", "--name", "Fleet", "--rating", "low"]):
        assert run(*args).stderr == f"riskreg: warning: {STALE}\n"


def test_validate_warns_at_the_period_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2026-12-01")
    out = run("validate", "--format", "parsable")
    assert (out.code, out.stdout) == (0, f"riskreg.yaml:4:9: warning: {STALE} [period-stale]\n")


def test_the_quarter_after_the_period_is_its_review_time(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-06-30")
    assert run("validate", "--format", "parsable").stdout == ""
    assert run("trend", "CRR20", "unchanged").stderr == ""
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-01")
    assert run("validate", "--format", "parsable").stdout == (
        "riskreg.yaml:4:9: warning: the period is still 2021/22 Q4 (ended 2022-03-31) and "
        "today is in 2022/23 Q2, so scores and trends go under an old quarter: run 'riskreg "
        'review --quarter "2022/23 Q1"\' to open the next quarter (or --quarter "2022/23 Q2" '
        "--force to jump to it) [period-stale]\n"
    )


def test_review_refuses_a_quarter_that_has_not_started(run: Run, register: Path) -> None:
    before = snapshot(register)
    out = run("review", "--quarter", "2022/23 Q1")  # today is 2022-03-31
    assert (out.code, out.stderr) == (
        2,
        "riskreg: error: 2022/23 Q1 has not started (it starts 2022-04-01); open it once "
        "it has, or use --force to open it early\n",
    )
    assert snapshot(register) == before
    assert run("review", "--quarter", "2022/23 Q1", "--force").code == 0


def test_close_refuses_a_reported_date_to_come(run: Run, register: Path) -> None:
    before = snapshot(register)
    out = run("close", "CRR18", "--rationale", "Done", "--reported", "2022-04-01")
    assert (out.code, out.stderr) == (
        2,
        "riskreg: error: --reported 2022-04-01 is in the future; record the day the closure "
        "was reported once it has been\n",
    )
    assert snapshot(register) == before
