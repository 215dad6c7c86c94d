"""A mistyped category or rating names the nearest allowed value, and exits 2 having
written nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import Run


def test_a_mistyped_category_suggests_the_nearest_one(run: Run, register: Path) -> None:
    before = (register / "risks" / "CRR18.yaml").read_bytes()
    outcome = run("score", "CRR18", "--impact", "4", "--prob", "4", "--category", "Finace")
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        "riskreg: error: unknown impact category 'Finace'; did you mean 'Finance'? allowed: "
        "Service, Performance, Finance, Reputation, Legal, Safety, Human Rights / Diversity, "
        "Wellbeing\n"
    )
    assert (register / "risks" / "CRR18.yaml").read_bytes() == before


def test_a_category_in_another_case_is_that_category(run: Run, register: Path) -> None:
    outcome = run("score", "CRR18", "--impact", "4", "--prob", "4", "--category", "finance")
    assert outcome.code == 0, outcome.stderr
    assert "category: Finance" in (register / "risks" / "CRR18.yaml").read_text()


def test_a_mistyped_rating_suggests_the_nearest_band(run: Run) -> None:
    for args in (["list", "--rating", "critcal"], ["new", "--name", "X", "--rating", "hgh"]):
        outcome = run(*args)
        assert outcome.code == 2, args
        near = "Critical" if "critcal" in args else "High"
        assert f"did you mean '{near}'? allowed: Low, Medium, High, Critical" in outcome.stderr


def test_nothing_near_gives_only_the_allowed_values(run: Run) -> None:
    outcome = run("list", "--min-rating", "zzz")
    assert (outcome.code, outcome.stderr) == (
        2,
        "riskreg: error: unknown rating 'zzz'; allowed: Low, Medium, High, Critical\n",
    )
