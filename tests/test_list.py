"""`riskreg list`: which risks, in what order, in each format; a broken file hides no others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run
from golden import assert_golden

CRITICAL = ["CRR18", "CRR20"]


def ids(outcome_stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(outcome_stdout)]


def test_list_shows_the_21_open_risks_most_serious_first(run: Run) -> None:
    outcome = run("list", "--format", "json")
    assert outcome.code == 0
    assert outcome.stderr == ""
    rows = json.loads(outcome.stdout)
    assert len(rows) == 21
    assert "CRR14" not in [row["id"] for row in rows]
    ratings = [row["rating"] for row in rows]
    assert ratings == sorted(ratings, key=["Critical", "High", "Medium", "Low"].index)
    assert rows[0] == {
        "id": "CRR18",
        "name": "Core Skills Resilience & Training Risk",
        "status": "open",
        "rating": "Critical",
        "score": None,
        "impact": None,
        "probability": None,
        "trend": {
            "2021/22 Q1": "n/a",
            "2021/22 Q2": "new",
            "2021/22 Q3": "unchanged",
            "2021/22 Q4": "unchanged",
        },
    }


def test_list_table_is_exact(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    assert_golden("list.txt", run("list"))


@pytest.mark.parametrize("spelling", ["critical", "CRITICAL", "Critical"])
def test_list_rating_critical_is_exactly_crr18_and_crr20(run: Run, spelling: str) -> None:
    outcome = run("list", "--rating", spelling, "--format", "json")
    assert outcome.code == 0
    assert ids(outcome.stdout) == CRITICAL


def test_list_rating_repeats_and_min_rating(run: Run) -> None:
    both = run("list", "--rating", "critical", "--rating", "medium", "--format", "json")
    assert ids(both.stdout)[:2] == CRITICAL
    assert len(ids(both.stdout)) == 8
    high_up = run("list", "--min-rating", "high", "--format", "json")
    assert len(ids(high_up.stdout)) == 15


def test_list_trend_filters_on_the_current_quarter(run: Run) -> None:
    outcome = run("list", "--trend", "worsened", "--format", "json")
    assert ids(outcome.stdout) == ["CRR08"]
    arrows = run("list", "--trend", "↓", "--format", "json")
    assert ids(arrows.stdout) == ["CRR03", "CRR09", "CRR07", "CRR16"]


def test_list_closed_shows_the_closed_table(run: Run) -> None:
    outcome = run("list", "--closed", "--format", "csv")
    assert outcome.code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0] == "id,name,rationale,closed,reported"
    assert lines[1].startswith('CRR14,Alarms Management,"Following discussions')
    assert lines[1].endswith(",2022-03-08,2022-03-31")


def test_list_all_includes_closed(run: Run) -> None:
    outcome = run("list", "--all", "--format", "json")
    assert len(ids(outcome.stdout)) == 22
    assert ids(outcome.stdout)[-1] == "CRR14"


def test_list_csv_and_md(run: Run) -> None:
    csv_out = run("list", "--rating", "critical", "--format", "csv").stdout
    assert csv_out.splitlines() == [
        "id,name,status,rating,score,impact,probability,2021/22 Q1,2021/22 Q2,2021/22 Q3,"
        "2021/22 Q4",
        "CRR18,Core Skills Resilience & Training Risk,open,Critical,,,,N/A,New,↔,↔",
        "CRR20,Probation Data Sharing & Disclosure,open,Critical,,,,N/A,N/A,New,↔",
    ]
    md = run("list", "--rating", "critical", "--format", "md").stdout
    assert md.splitlines() == [
        "| ID | Risk name | Rating | Score | Q1 21/22 | Q2 21/22 | Q3 21/22 | Q4 21/22 |",
        "|---|---|---|---|---|---|---|---|",
        "| CRR18 | Core Skills Resilience & Training Risk | Critical |  | N/A | New | ↔ | ↔ |",
        "| CRR20 | Probation Data Sharing & Disclosure | Critical |  | N/A | N/A | New | ↔ |",
    ]


def test_list_unknown_rating_is_a_usage_error(run: Run) -> None:
    outcome = run("list", "--rating", "severe")
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        "riskreg: error: unknown rating 'severe'; allowed: Low, Medium, High, Critical\n"
    )


def test_a_malformed_file_does_not_hide_the_rest(run: Run, register: Path) -> None:
    (register / "risks" / "CRR10.yaml").write_text("id: CRR10\nname: [unclosed\n")
    outcome = run("list", "--format", "json")
    assert outcome.code == 1
    assert len(ids(outcome.stdout)) == 20
    assert "riskreg: error: risks/CRR10.yaml:3:1: YAML syntax error" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_risk_text_is_shown_as_written_not_as_markup(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "name: Vulnerability and Hidden Crimes", 'name: "[Draft] Hidden :fire: Crimes"'
        ),
        encoding="utf-8",
    )
    outcome = run("list")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert "│ CRR01 │ [Draft] Hidden :fire: Crimes " in outcome.stdout
