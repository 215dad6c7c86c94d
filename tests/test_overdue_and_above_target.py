"""`list --overdue`, `list --above-target`, and what `show` says about reviews and actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, review_yearly

ACTIONS = """\
actions:
  - action: Publish the demand model
    owner: Head of Contact
    due: 2022-04-30
  - action: Recruit call handlers
    due: 2022-04-01
    status: done
  - action: Brief the new call handlers on the restricted procedure
    due: 2022-04-15
    restricted: true
"""


@pytest.fixture
def busy(register: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CRR05 with overdue actions, CRR09 overdue for review, CRR13 reviewed on time."""
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")
    review_yearly(register)
    with open(register / "risks" / "CRR05.yaml", "a") as stream:
        stream.write(ACTIONS)
    with open(register / "risks" / "CRR09.yaml", "a") as stream:
        stream.write("next_review: 2022-05-01\n")
    with open(register / "risks" / "CRR13.yaml", "a") as stream:
        stream.write("next_review: 2022-05-02\n")
    return register


def test_list_overdue(run: Run, busy: Path) -> None:
    out = run("list", "--overdue")
    assert (out.code, out.stderr) == (0, "")
    assert (
        out.stdout
        == """\
West Midlands Police Corporate Risk Register: 2021/22 Q4
┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┓
┃       ┃                    ┃  Q1   ┃  Q2   ┃  Q3   ┃  Q4   ┃        ┃       ┃                    ┃
┃ ID    ┃ Risk name          ┃ 21/22 ┃ 21/22 ┃ 21/22 ┃ 21/22 ┃ Rating ┃ Score ┃ Why listed         ┃
┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━┩
│ CRR05 │ Demand Management  │   ↑   │   ↔   │   ↔   │   ↔   │ High   │       │ action 1 due       │
│       │                    │       │       │       │       │        │       │ 2022-04-30         │
│       │                    │       │       │       │       │        │       │ action 3 due       │
│       │                    │       │       │       │       │        │       │ 2022-04-15         │
│ CRR09 │ Recruitment &      │   ↔   │   ↔   │   ↓   │   ↓   │ High   │       │ review due         │
│       │ Retention / Uplift │       │       │       │       │        │       │ 2022-05-01         │
└───────┴────────────────────┴───────┴───────┴───────┴───────┴────────┴───────┴────────────────────┘
Trend: ↓ improved  ↑ worsened  ↔ unchanged
"""
    )


def test_list_overdue_csv_and_json(run: Run, busy: Path) -> None:
    out = run("list", "--overdue", "--format", "csv")
    assert out.stdout.splitlines() == [
        "id,name,status,rating,score,impact,probability,2021/22 Q1,2021/22 Q2,2021/22 Q3,"
        "2021/22 Q4,next_review,overdue_actions,owner,why",
        "CRR05,Demand Management,open,High,,,,↑,↔,↔,↔,2022-05-06,2,,"
        "action 1 due 2022-04-30; action 3 due 2022-04-15",
        "CRR09,Recruitment & Retention / Uplift,open,High,,,,↔,↔,↓,↓,2022-05-01,0,,"
        "review due 2022-05-01",
    ]
    rows = json.loads(run("list", "--overdue", "--format", "json").stdout)
    assert [row["overdue"] for row in rows] == [
        {
            "review": False,
            "review_due": "2022-05-06",
            "actions": [
                {
                    "action": "Publish the demand model",
                    "owner": "Head of Contact",
                    "due": "2022-04-30",
                    "status": "open",
                },
                {"action": "(restricted)", "owner": None, "due": "2022-04-15", "status": "open"},
            ],
            "why": ["action 1 due 2022-04-30", "action 3 due 2022-04-15"],
        },
        {
            "review": True,
            "review_due": "2022-05-01",
            "actions": [],
            "why": ["review due 2022-05-01"],
        },
    ]


def test_list_overdue_combines_with_other_filters(run: Run, busy: Path) -> None:
    assert run("list", "--overdue", "--min-rating", "critical").stdout == "No risks match.\n"
    out = run("list", "--overdue", "--trend", "improved", "-f", "csv")
    assert [line.split(",")[0] for line in out.stdout.splitlines()] == ["id", "CRR09"]


def test_a_due_date_is_overdue_the_day_after(
    run: Run, busy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-04-15")
    assert run("list", "--overdue", "-f", "csv").stdout.splitlines()[1:] == []
    monkeypatch.setenv("RISKREG_TODAY", "2022-04-16")
    assert run("list", "--overdue", "-f", "csv").stdout.splitlines()[1:] == [
        "CRR05,Demand Management,open,High,,,,↑,↔,↔,↔,2022-05-06,1,,action 3 due 2022-04-15",
    ]


def test_list_above_target(run: Run, register: Path) -> None:
    assert run("score", "CRR18", "--target", "-i", "2", "-p", "3").code == 0
    assert run("list", "--above-target").stdout == "No risks match.\n"  # residual unscored
    assert run("score", "CRR18", "-i", "4", "-p", "4").code == 0
    assert run("score", "CRR20", "--target", "-i", "4", "-p", "4").code == 0
    assert run("score", "CRR20", "-i", "4", "-p", "4").code == 0  # on target: not listed
    out = run("list", "--above-target")
    assert (out.code, out.stderr) == (0, "")
    assert (
        out.stdout
        == """\
West Midlands Police Corporate Risk Register: 2021/22 Q4
┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━━━┓
┃       ┃                              ┃  Q1   ┃  Q2   ┃  Q3   ┃  Q4   ┃        ┃       ┃          ┃
┃ ID    ┃ Risk name                    ┃ 21/22 ┃ 21/22 ┃ 21/22 ┃ 21/22 ┃ Rating ┃ Score ┃ Target   ┃
┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━━━┩
│ CRR18 │ Core Skills Resilience &     │  N/A  │  New  │   ↔   │   ↔   │ High   │    16 │ 6 Medium │
│       │ Training Risk                │       │       │       │       │        │       │          │
└───────┴──────────────────────────────┴───────┴───────┴───────┴───────┴────────┴───────┴──────────┘
Trend: ↓ improved  ↑ worsened  ↔ unchanged
"""
    )
    out = run("list", "--above-target", "-f", "csv")
    assert out.stdout.splitlines() == [
        "id,name,status,rating,score,impact,probability,2021/22 Q1,2021/22 Q2,2021/22 Q3,"
        "2021/22 Q4,target_rating,target_score",
        "CRR18,Core Skills Resilience & Training Risk,open,High,16,4,4,N/A,New,↔,↔,Medium,6",
    ]


def test_show_marks_what_is_overdue(run: Run, busy: Path) -> None:
    out = run("show", "CRR05")
    assert out.code == 0
    assert out.stdout.endswith(
        "Actions\n"
        "  1. Publish the demand model (open, Head of Contact, due 2022-04-30) overdue\n"
        "  2. Recruit call handlers (done, due 2022-04-01)\n"
        "  3. Brief the new call handlers on the restricted procedure (open, due 2022-04-15, "
        "restricted)\n"
        "     overdue\n"
    )
    out = run("show", "CRR09")
    assert out.stdout.splitlines()[1] == "  Next review: 2022-05-01 (overdue)"
    out = run("show", "CRR13")
    assert out.stdout.splitlines()[1] == "  Next review: 2022-05-02"


def test_show_prints_all_three_assessments(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    for args in (
        ["--inherent", "-i", "5", "-p", "5"],
        ["-i", "4", "-p", "4"],
        ["--target", "-i", "2", "-p", "3"],
    ):
        assert run("score", "CRR18", *args).code == 0
    out = run("show", "CRR18")
    assessment = out.stdout[out.stdout.index("Assessment\n") : out.stdout.index("  Impact 4:")]
    assert assessment == (
        "Assessment\n"
        "  Inherent 5 x 5 = 25  Critical\n"
        "  Residual 4 x 4 = 16  High\n"
        "  Target   2 x 3 = 6  Medium\n"
        "  Residual score 16 is above the target 6.\n"
    )


def test_list_overdue_shows_owners_only_when_a_listed_risk_has_one(run: Run, busy: Path) -> None:
    assert "Owner" not in run("list", "--overdue").stdout
    assert run("owner", "CRR09", "Head of HR").code == 0
    listed = run("list", "--overdue").stdout
    header = next(line for line in listed.splitlines() if "Why listed" in line)
    assert "┃ Owner " in header
    assert "Head of HR" in listed
