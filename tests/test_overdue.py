"""`list --overdue` lists every risk whose review is due, and says why: a passed
next_review, a band interval passed since the last review or, for a risk never reviewed,
since it was raised; and a band with no review interval at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHIPPED_OPEN, Run


def listed(run: Run) -> dict[str, str]:
    """ID -> why, from `list --overdue --format csv`."""
    import csv

    rows = list(csv.DictReader(run("list", "--overdue", "--format", "csv").stdout.splitlines()))
    return {row["id"]: row["why"] for row in rows}


def test_never_reviewed_imported_risks_are_overdue_late_on(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2030-01-01")
    why = listed(run)
    assert sorted(why) == sorted(SHIPPED_OPEN)
    # raised the first day of the quarter the seed marks it New
    assert why["CRR22"] == "never reviewed; due 2022-07-02 (raised 2022-01-01 + 182 days)"
    # never New in the seed: raised in the register's first quarter
    assert why["CRR01"] == "never reviewed; due 2021-07-01 (raised 2021-04-01 + 91 days)"


def test_a_never_reviewed_risk_falls_due_its_interval_after_it_was_raised(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-02")
    assert "CRR22" not in listed(run)
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-03")
    assert "CRR22" in listed(run)


def test_the_table_says_why_each_risk_is_listed(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-03")
    out = run("list", "--overdue", "--rating", "medium")
    assert out.code == 0
    body = out.stdout.split("┩\n")[1].split("└")[0].splitlines()
    why: dict[str, str] = {}
    current = ""
    for line in body:
        cells = [cell.strip() for cell in line.split("│")]
        current = cells[1] or current
        why[current] = f"{why.get(current, '')} {cells[-2]}".strip()
    assert why == {
        "CRR07": "never reviewed; due 2021-09-30 (raised 2021-04-01 + 182 days)",
        "CRR10": "never reviewed; due 2021-09-30 (raised 2021-04-01 + 182 days)",
        "CRR11": "never reviewed; due 2021-09-30 (raised 2021-04-01 + 182 days)",
        "CRR12": "never reviewed; due 2021-12-30 (raised 2021-07-01 + 182 days)",
        "CRR16": "never reviewed; due 2021-12-30 (raised 2021-07-01 + 182 days)",
        "CRR22": "never reviewed; due 2022-07-02 (raised 2022-01-01 + 182 days)",
    }


def test_a_new_risk_is_due_its_interval_after_it_was_raised(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    assert run("new", "--name", "Fleet", "--rating", "critical").code == 0
    monkeypatch.setenv("RISKREG_TODAY", "2022-04-19")
    assert "CRR23" not in listed(run)
    monkeypatch.setenv("RISKREG_TODAY", "2022-04-20")
    assert listed(run)["CRR23"] == "review due 2022-04-19"


def test_counted_from_the_last_review_when_there_is_no_next_review(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = register / "risks" / "CRR22.yaml"
    path.write_text(path.read_text() + "last_reviewed: 2022-06-01\n")
    monkeypatch.setenv("RISKREG_TODAY", "2022-11-30")
    assert "CRR22" not in listed(run)
    monkeypatch.setenv("RISKREG_TODAY", "2022-12-02")
    assert listed(run)["CRR22"] == "review due 2022-11-30 (last review 2022-06-01 + 182 days)"
    out = run("validate", "--format", "parsable", "risks/CRR22.yaml")
    line = path.read_text().splitlines().index("last_reviewed: 2022-06-01") + 1
    assert (out.code, out.stdout) == (
        0,
        f"risks/CRR22.yaml:{line}:16: warning: review overdue: review due 2022-11-30 (last "
        "review 2022-06-01 + 182 days); re-score the risk to record a review [review-overdue]\n",
    )


def test_a_band_without_a_review_interval_is_listed_and_validate_warns(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = register / "riskreg.yaml"
    text = config.read_text()
    config.write_text(text.replace("  Medium: 182\n", ""))
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    assert run("new", "--name", "Fleet", "--rating", "medium").code == 0
    monkeypatch.setenv("RISKREG_TODAY", "2030-01-01")
    assert listed(run)["CRR23"] == "no review interval for Medium in riskreg.yaml"
    band_line = text.splitlines().index("  - name: Medium") + 1 - 1  # one line fewer now
    out = run("validate", "--format", "parsable", "riskreg.yaml")
    assert (
        f"riskreg.yaml:{band_line}:11: warning: band Medium has no review interval, so its "
        "risks are never scheduled for review; add 'Medium: <days>' under review_intervals "
        "(or 'Medium: never' if they are not reviewed) [review-interval-missing]"
    ) in out.stdout.splitlines()


def test_a_band_reviewed_never_is_never_due(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("  Medium: 182\n", "  Medium: never\n"))
    monkeypatch.setenv("RISKREG_TODAY", "2030-01-01")
    assert not {"CRR07", "CRR22"} & set(listed(run))
    assert "[review-interval-missing]" not in run("validate").stdout


def test_show_says_when_a_never_reviewed_risk_was_due(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-03")
    out = run("show", "CRR22")
    assert out.stdout.splitlines()[1] == (
        "  Review overdue: never reviewed; due 2022-07-02 (raised 2022-01-01 + 182 days)"
    )
