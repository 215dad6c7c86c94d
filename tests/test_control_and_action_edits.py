"""`riskreg control` and `riskreg action --edit/--remove`: items changed in place, comments
kept, removed items kept in the history."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, snapshot
from conftest import register_errors as errors


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")


HAND_EDITED = """\
# yaml-language-server: $schema=../schema/risk.schema.json
id: CRR30
name: Fleet Replacement  # renamed in May
controls:
  - Vehicle audit every quarter   # FET asked for this
  - text: Supplier contract terms
    restricted: true
  # from the 2021 review
  - Fleet board meets monthly
trend:
  2021/22 Q4: new
residual:
  rating: High
actions:
  - action: Order 12 vans
    owner: Head of Fleet  # Jo
    due: 2022-06-30
    status: open
  - action: Review leases
    status: open
"""


@pytest.fixture
def fleet(register: Path) -> Path:
    path = register / "risks" / "CRR30.yaml"
    path.write_text(HAND_EDITED)
    return path


def test_controls_added_changed_and_removed_in_place(run: Run, register: Path, fleet: Path) -> None:
    out = run("control", "CRR30", "Spares: held # at depot")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR30 control 4 added: Spares: held # at depot; recorded in risks/CRR30.yaml.\n"
    )
    out = run("control", "CRR30", "--edit", "2", "--text", "Supplier terms: 90 days")
    assert out.stdout == (
        "CRR30 control 2 now: Supplier terms: 90 days; recorded in risks/CRR30.yaml.\n"
    )
    out = run("control", "CRR30", "--edit", "1", "--text", "Vehicle audit: monthly")
    out = run("control", "CRR30", "--remove", "3")
    assert out.stdout == (
        "CRR30 control 3 removed (kept in the history): Fleet board meets monthly; "
        "recorded in risks/CRR30.yaml.\n"
    )
    out = run("control", "CRR30", "--remove", "2")
    assert fleet.read_text() == HAND_EDITED.replace(
        "  - Vehicle audit every quarter   # FET asked for this\n"
        "  - text: Supplier contract terms\n    restricted: true\n"
        "  # from the 2021 review\n  - Fleet board meets monthly\n",
        "  - 'Vehicle audit: monthly'   # FET asked for this\n"
        "  # from the 2021 review\n  - 'Spares: held # at depot'\n",
    ) + (
        "history:\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-05-02\n    event: control removed\n"
        "    note: Fleet board meets monthly\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-05-02\n    event: control removed\n"
        "    note: 'Supplier terms: 90 days'\n    restricted: true\n"
    )
    shown = run("show", "CRR30").stdout
    assert "2022-05-02  2021/22 Q4  control removed: Fleet board meets monthly" in shown
    assert errors(register) == []


def test_an_action_edited_part_by_part_then_removed(run: Run, register: Path, fleet: Path) -> None:
    out = run("action", "CRR30", "--edit", "1", "--due", "2022-07-31", "--status", "in-progress")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR30 action 1: Order 12 vans (in progress, Head of Fleet, due 2022-07-31); "
        "recorded in risks/CRR30.yaml.\n"
    )
    assert "    owner: Head of Fleet  # Jo\n    due: 2022-07-31\n    status: in progress\n" in (
        fleet.read_text()
    )
    out = run("action", "CRR30", "--edit", "2", "--owner", "Fleet: leasing", "--text", "Renew")
    assert out.stdout.startswith("CRR30 action 2: Renew (open, Fleet: leasing);")
    # the new owner goes in its standard place, before the status already there
    assert "  - action: Renew\n    owner: 'Fleet: leasing'\n    status: open\n" in fleet.read_text()
    out = run("action", "CRR30", "--edit", "1", "--owner", "", "--due", "")
    assert out.stdout.startswith("CRR30 action 1: Order 12 vans (in progress);")
    out = run("action", "CRR30", "--edit", "1", "--status", "in progress")
    assert (
        out.stdout == "CRR30 action 1: Order 12 vans (in progress) (unchanged); nothing written.\n"
    )
    out = run("action", "CRR30", "--remove", "1")
    assert out.stdout == (
        "CRR30 action 1 removed (kept in the history): Order 12 vans (in progress); "
        "recorded in risks/CRR30.yaml.\n"
    )
    out = run("action", "CRR30", "--remove", "1")
    text = fleet.read_text()
    assert "actions:" not in text
    assert text.endswith("    event: action removed\n    note: 'Renew (open, Fleet: leasing)'\n")
    assert errors(register) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["control", "CRR30", "--remove", "4"],
            2,
            "CRR30 has no control 4; it has 3 controls (see 'riskreg show CRR30')",
        ),
        (
            ["control", "CRR30", "--edit", "1"],
            2,
            "say what to change: --edit N with --text TEXT, --effectiveness or --assurance",
        ),
        (
            ["control", "CRR30", "--edit", "1", "--text", " "],
            2,
            "say what the control is: --edit N --text 'Monthly review of course demand'",
        ),
        (
            ["control", "CRR30"],
            2,
            "give the text of a new control, or --edit N --text TEXT, or --remove N "
            "(one at a time)",
        ),
        (
            ["control", "CRR30", "x", "--text", "y"],
            2,
            "--text is the new text for --edit N; to add a control, give TEXT",
        ),
        (
            ["action", "CRR30", "--edit", "3", "--text", "x"],
            2,
            "CRR30 has no action 3; it has 2 actions (see 'riskreg show CRR30')",
        ),
        (
            ["action", "CRR30", "--edit", "1", "--due", "31/07/2022"],
            2,
            "--due: '31/07/2022' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["action", "CRR30", "--edit", "1", "--status", "finished"],
            2,
            "--status: 'finished' is not a status; use open, 'in progress' or done",
        ),
        (
            ["action", "CRR30", "--edit", "1"],
            2,
            "say what to change: --text, --due, --owner or --status",
        ),
        (
            ["action", "CRR30", "--status", "done"],
            2,
            "--text and --status change an existing action: give --edit N too",
        ),
        (["control", "CRR99", "x"], 1, "no risk CRR99 in this register (try 'riskreg list --all')"),
    ],
)
def test_bad_input_changes_nothing(
    run: Run, register: Path, fleet: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(register)
    out = run(*args)
    assert (out.code, out.stdout, out.stderr) == (code, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before
