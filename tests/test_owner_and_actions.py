"""`riskreg owner` and `riskreg action`: ownership and actions without hand-editing YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, review_yearly, snapshot
from conftest import register_errors as errors


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")


def test_owner_and_department(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    original = path.read_text()
    out = run("owner", "CRR18", "Head of Learning & Development", "--department", "People")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR18: owner Head of Learning & Development; department People; "
        "recorded in risks/CRR18.yaml.\n"
    )
    assert path.read_text() == original + (
        "owner: Head of Learning & Development\ndepartment: People\n"
    )
    out = run("owner", "CRR18", "Director of People")
    assert out.stdout == "CRR18: owner Director of People; recorded in risks/CRR18.yaml.\n"
    out = run("owner", "CRR18", "--department", "")
    assert out.stdout == "CRR18: no department; recorded in risks/CRR18.yaml.\n"
    assert path.read_text() == original + "owner: Director of People\n"
    assert errors(register) == []


def test_actions_added_and_marked(run: Run, register: Path) -> None:
    review_yearly(register)
    path = register / "risks" / "CRR18.yaml"
    original = path.read_text()
    out = run(
        "action", "CRR18", "Recruit 20 trainers", "--owner", "Head of L&D", "--due", "2022-09-30"
    )
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR18 action 1: Recruit 20 trainers (open, Head of L&D, due "
        "2022-09-30); recorded in risks/CRR18.yaml.\n"
    )
    out = run("action", "CRR18", "Audit course attendance", "--due", "2022-04-30")
    assert out.stdout.startswith("CRR18 action 2: Audit course attendance (open, due 2022-04-30)")
    assert path.read_text() == original + (
        "actions:\n"
        "  - action: Recruit 20 trainers\n    owner: Head of L&D\n    due: 2022-09-30\n"
        "    status: open\n"
        "  - action: Audit course attendance\n    due: 2022-04-30\n    status: open\n"
    )
    listed = run("list", "--overdue", "-f", "csv").stdout.splitlines()
    assert listed[1:] == [
        "CRR18,Core Skills Resilience & Training Risk,open,Critical,,,,N/A,New,↔,↔,2022-08-05,1,,"
        "action 2 due 2022-04-30"
    ]
    out = run("action", "CRR18", "--start", "2")
    assert out.stdout.startswith("CRR18 action 2: Audit course attendance (in progress, ")
    assert run("list", "--overdue", "-f", "csv").stdout.splitlines()[1:] == listed[1:]
    out = run("action", "CRR18", "--done", "2")
    assert out.stdout.startswith("CRR18 action 2: Audit course attendance (done, ")
    assert run("list", "--overdue", "-f", "csv").stdout.splitlines()[1:] == []
    assert "    due: 2022-04-30\n    status: done\n" in path.read_text()
    assert errors(register) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["owner", "CRR18"],
            2,
            "give the owner (riskreg owner CRR18 'Head of Fleet') and/or --department",
        ),
        (
            ["owner", "CRR14", "Head of Estates"],
            1,
            "CRR14 is closed; reopen it first with 'riskreg reopen CRR14'",
        ),
        (
            ["action", "CRR18"],
            2,
            "give the text of a new action, or --edit N, --remove N, --done N or --start N "
            "(one at a time)",
        ),
        (
            ["action", "CRR18", "Recruit", "--done", "1"],
            2,
            "give the text of a new action, or --edit N, --remove N, --done N or --start N "
            "(one at a time)",
        ),
        (
            ["action", "CRR18", "--done", "1", "--due", "2022-09-30"],
            2,
            "--owner and --due describe a new action (give its text) or --edit N",
        ),
        (
            ["action", "CRR18", "--done", "1"],
            2,
            "CRR18 has no action 1; it has none (see 'riskreg show CRR18')",
        ),
        (
            ["action", "CRR18", " "],
            2,
            "say what the action is: riskreg action CRR18 'Recruit trainers'",
        ),
        (
            ["action", "CRR18", "Recruit", "--due", "30/09/2022"],
            2,
            "--due: '30/09/2022' is not a date; write it as YYYY-MM-DD",
        ),
    ],
)
def test_refusals_change_nothing(
    run: Run, register: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(register)
    out = run(*args)
    assert (out.code, out.stdout, out.stderr) == (code, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before
