"""One risk's life in the shipped register: new, score, review into the next quarter,
score again (the arrow follows), close, reopen. Files, `list` and validation at each step.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import Run
from conftest import register_errors as errors
from riskreg.register.loading import load_register

OPEN_IDS = [f"CRR{n:02d}" for n in range(1, 23) if n != 14]


def problems(register: Path) -> list[str]:
    """Every problem in the register, one line each; errors fail the caller's check."""
    found = load_register(register).problems
    return [p.one_line() for p in found]


def rows(text: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("RISKREG_TODAY", day)


NEW_FILE = """\
# yaml-language-server: $schema=../schema/risk.schema.json
id: CRR23
name: Fleet Replacement
status: open
description: >-
  Vehicles past their replacement age break down more often and cost more to keep
  on the road.
impact_narrative: Fewer response vehicles available for emergency calls.
controls:
  - Monthly fleet board reviews availability
  - Spot hire contract for peaks
trend:
  2021/22 Q4: new
residual:
  rating: High
owner: Head of Fleet
department: Commercial Services
last_reviewed: 2022-03-20
next_review: 2022-06-19
history:
  - quarter: 2021/22 Q4
    date: 2022-03-20
    event: created
    assessment: residual
    rating: High
"""


def test_a_risk_through_its_life(run: Run, register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_file = register / "risks" / "CRR23.yaml"
    closed_file = register / "closed" / "CRR23.yaml"

    # 1. new: the next ID after the highest ever used, New this quarter.
    on(monkeypatch, "2022-03-20")
    out = run(
        "new",
        "--name",
        "Fleet Replacement",
        "--description",
        "Vehicles past their replacement age break down more often "
        "and cost more to keep on the road.",
        "--impact-narrative",
        "Fewer response vehicles available for emergency calls.",
        "--control",
        "Monthly fleet board reviews availability",
        "--control",
        "Spot hire contract for peaks",
        "--owner",
        "Head of Fleet",
        "--department",
        "Commercial Services",
        "--rating",
        "high",
    )
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Created CRR23 in risks/CRR23.yaml: Fleet Replacement (High).\n"
        "Trend for 2021/22 Q4: New.\n"
        "Next review due 2022-06-19.\n"
    )
    assert open_file.read_text() == NEW_FILE
    assert problems(register) == []
    listed = rows(run("list", "--format", "csv").stdout)
    assert list(listed["CRR23"].values()) == [
        "CRR23",
        "Fleet Replacement",
        "open",
        "High",
        "",
        "",
        "",
        "",
        "",
        "",
        "New",
    ]

    # 2. score: residual 4 x 4, recorded for 2021/22 Q4 (New stays New).
    on(monkeypatch, "2022-03-21")
    out = run("score", "CRR23", "--impact", "4", "--prob", "4")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR23 residual: 4 x 4 = 16 → High (rating unchanged: High)\n"
        "Next review due 2022-06-20.\n"
        "Recorded in risks/CRR23.yaml for 2021/22 Q4.\n"
    )
    text = open_file.read_text()
    assert "residual:\n  rating: High\n  impact: 4\n  probability: 4\n" in text
    assert text.endswith(
        "  - quarter: 2021/22 Q4\n    date: 2022-03-21\n    event: scored\n"
        "    assessment: residual\n    impact: 4\n    probability: 4\n    rating: High\n"
    )
    assert "last_reviewed: 2022-03-21\nnext_review: 2022-06-20\n" in text
    assert problems(register) == []
    assert list(rows(run("list", "-f", "csv").stdout)["CRR23"].values())[3:] == [
        "High",
        "16",
        "4",
        "4",
        "",
        "",
        "",
        "New",
    ]

    # 3. review: open 2022/23 Q1. Nothing was re-scored in it, so every risk waits for
    #    its arrow and validate warns (not an error).
    on(monkeypatch, "2022-04-04")
    config_before = (register / "riskreg.yaml").read_text()
    out = run("review", "--quarter", "2022/23 Q1")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Opened 2022/23 Q1 (was 2021/22 Q4) in riskreg.yaml.\n"
        "22 risk(s) need a trend for 2022/23 Q1: " + ", ".join([*OPEN_IDS, "CRR23"]) + ".\n"
        "Re-score each ('riskreg score ID --impact N --prob N' sets the arrow from the change "
        "of score) or set it ('riskreg trend ID improved|worsened|unchanged'); 'riskreg "
        "validate' warns until then.\n"
        # The imported risks were never reviewed: each is due its band's interval after
        # the quarter it was raised in (CRR22, Medium, raised 2022-01-01: in July).
        "Overdue reviews or actions: "
        + ", ".join(i for i in OPEN_IDS if i != "CRR22")
        + " (see 'riskreg list --overdue').\n"
    )
    assert (register / "riskreg.yaml").read_text() == config_before.replace(
        "period: 2021/22 Q4\n", "period: 2022/23 Q1\n"
    )
    assert open_file.read_text() == text  # no arrow to derive: the file is untouched
    assert errors(register) == []
    warnings = problems(register)
    assert len(warnings) == 22
    assert (
        "risks/CRR23.yaml:13:3: warning: no trend for 2022/23 Q1; set it with "
        "'riskreg trend CRR23 improved|worsened|unchanged', or re-score the risk "
        "[trend-missing]" in warnings
    )
    out = run("list", "-f", "csv")
    assert out.stdout.splitlines()[0].endswith("2021/22 Q2,2021/22 Q3,2021/22 Q4,2022/23 Q1")
    assert list(rows(out.stdout)["CRR23"].values())[-4:] == ["", "", "New", ""]

    # 4. score again in 2022/23 Q1: 12 after 16 in the quarter before, so improved.
    on(monkeypatch, "2022-04-20")
    out = run("score", "CRR23", "-i", "3", "-p", "4")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR23 residual: 3 x 4 = 12 → High (rating unchanged: High)\n"
        "Trend for 2022/23 Q1: ↓ improved, from the residual score (16 in 2021/22 Q4 → 12 "
        "in 2022/23 Q1).\n"
        "Next review due 2022-07-20.\n"
        "Recorded in risks/CRR23.yaml for 2022/23 Q1.\n"
    )
    text = open_file.read_text()
    assert "trend:\n  2021/22 Q4: new\n  2022/23 Q1: improved\nresidual:\n" in text
    assert errors(register) == []
    assert not [w for w in problems(register) if "CRR23" in w]
    out = run("list", "--trend", "improved", "-f", "csv")
    assert list(rows(out.stdout)) == ["CRR23"]
    assert list(rows(out.stdout)["CRR23"].values())[3:] == [
        "High",
        "12",
        "3",
        "4",
        "",
        "",
        "New",
        "↓",
    ]

    # 5. close: the file moves to closed/ with the closure; the closed table shows it.
    on(monkeypatch, "2022-05-03")
    out = run(
        "close",
        "CRR23",
        "--rationale",
        "Fleet replaced under the new lease",
        "--reported",
        "2022-05-03",
    )
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Closed CRR23 (Fleet Replacement): moved risks/CRR23.yaml to closed/CRR23.yaml.\n"
    )
    assert not open_file.exists()
    closed_text = closed_file.read_text()
    # The closure goes where a fresh file has it: after the risk's fields, before history.
    assert (
        closed_text
        == text.replace("status: open", "status: closed").replace(
            "history:\n",
            "closure:\n  rationale: Fleet replaced under the new lease\n"
            "  closed: 2022-05-03\n  reported: 2022-05-03\nhistory:\n",
        )
        + "  - quarter: 2022/23 Q1\n    date: 2022-05-03\n    event: closed\n"
    )
    assert errors(register) == []
    assert "CRR23" not in rows(run("list", "-f", "csv").stdout)
    out = run("list", "--closed", "--format", "csv")
    assert out.stdout.splitlines()[0] == "id,name,rationale,closed,reported"
    assert out.stdout.splitlines()[-1] == (
        "CRR23,Fleet Replacement,Fleet replaced under the new lease,2022-05-03,2022-05-03"
    )

    # 6. reopen: back in risks/, the closure kept in the history.
    on(monkeypatch, "2022-06-01")
    out = run("reopen", "CRR23", "--reason", "The lease fell through")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Reopened CRR23 (Fleet Replacement): moved closed/CRR23.yaml to risks/CRR23.yaml.\n"
    )
    assert not closed_file.exists()
    reopened = open_file.read_text()
    assert "closure:" not in reopened
    assert "status: open\n" in reopened
    assert reopened.endswith(
        "  - quarter: 2022/23 Q1\n    date: 2022-05-03\n    event: closed\n"
        "    note: Fleet replaced under the new lease\n    reported: 2022-05-03\n"
        "  - quarter: 2022/23 Q1\n    date: 2022-06-01\n    event: reopened\n"
        "    note: The lease fell through\n"
    )
    assert "last_reviewed: 2022-06-01\nnext_review: 2022-08-31\n" in reopened
    assert errors(register) == []
    assert not [w for w in problems(register) if "CRR23" in w]
    assert list(rows(run("list", "-f", "csv").stdout)["CRR23"].values())[3:] == [
        "High",
        "12",
        "3",
        "4",
        "",
        "",
        "New",
        "↓",
    ]
    assert list(rows(run("list", "--closed", "-f", "csv").stdout)) == ["CRR14"]

    out = run("show", "CRR23")
    assert out.code == 0
    history = out.stdout[out.stdout.index("History\n") :]
    assert history == (
        "History\n"
        "  2022-03-20  2021/22 Q4  created High\n"
        "  2022-03-21  2021/22 Q4  scored residual 4 x 4 = 16 High\n"
        "  2022-04-20  2022/23 Q1  scored residual 3 x 4 = 12 High\n"
        "  2022-05-03  2022/23 Q1  closed: Fleet replaced under the new lease (reported to the "
        "audit\n"
        "                          committee 2022-05-03)\n"
        "  2022-06-01  2022/23 Q1  reopened: The lease fell through\n"
    )
    assert "Direction of travel\n  2021/22 Q4 New (16)   2022/23 Q1 ↓ (12)\n" in out.stdout
