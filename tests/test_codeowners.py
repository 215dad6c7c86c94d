"""CODEOWNERS from the register: each risk file approved by its owner's account."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from test_diff import commit_all, git, git_identity

__all__ = ["git_identity"]

OWNERS = """
owners:
  Head of Learning & Development: {account: "@wmp/learning"}
  Director of Finance: "@jdoe"
governance:
  risk_manager: "@wmp/risk"
"""


@pytest.fixture
def governed(register: Path, run: Run, git_identity: None) -> Path:
    """The shipped register in git, with owners for CRR18 and CRR20 and a risk manager."""
    git(register, "init", "-q", "-b", "main")
    with (register / "riskreg.yaml").open("a", encoding="utf-8") as config:
        config.write(OWNERS)
    assert run("owner", "CRR18", "Head of Learning & Development").code == 0
    assert run("owner", "CRR20", "Director of Finance").code == 0
    assert run("owner", "CRR05", "Head of Estates").code == 0
    commit_all(register, "Owners")
    return register


def block(root: Path) -> list[str]:
    return [
        line
        for line in (root / "CODEOWNERS").read_text("utf-8").splitlines()
        if not line.startswith("# riskreg: ")
    ]


def test_codeowners_maps_each_risk_file_to_its_owners_account(run: Run, governed: Path) -> None:
    outcome = run("codeowners")
    assert (outcome.code, outcome.stdout) == (0, "wrote CODEOWNERS\n")
    assert block(governed) == [
        "/riskreg.yaml @wmp/risk",
        "/risks/ @wmp/risk",
        "/closed/ @wmp/risk",
        "/risks/CRR18.yaml @wmp/learning",
        "/risks/CRR20.yaml @jdoe",
    ]
    assert (
        "riskreg: warning: owner 'Head of Estates' has no account in riskreg.yaml's owners: "
        "(CRR05); they fall to the risk manager, @wmp/risk\n"
    ) in outcome.stderr
    assert run("codeowners", "--check").code == 0
    assert run("codeowners").stdout == "CODEOWNERS is up to date\n"


def test_codeowners_keeps_the_hand_written_lines_around_its_own(run: Run, governed: Path) -> None:
    (governed / "CODEOWNERS").write_text("# Reports\n/reports/ @wmp/comms\n", "utf-8")
    assert run("codeowners").code == 0
    text = (governed / "CODEOWNERS").read_text("utf-8")
    assert text.startswith("# Reports\n/reports/ @wmp/comms\n\n# riskreg: begin")
    assert run("owner", "CRR18", "Director of Finance").code == 0
    text = (governed / "CODEOWNERS").read_text("utf-8")
    assert text.startswith("# Reports\n/reports/ @wmp/comms\n\n# riskreg: begin")
    assert "/risks/CRR18.yaml @jdoe\n" in text


def test_new_close_reopen_and_owner_keep_codeowners_current(run: Run, governed: Path) -> None:
    assert run("codeowners").code == 0
    outcome = run("close", "CRR20", "--rationale", "Sharing agreement signed")
    assert outcome.code == 0
    assert outcome.stdout.endswith("Updated CODEOWNERS.\n")
    assert "/closed/CRR20.yaml @jdoe" in block(governed)
    assert run("reopen", "CRR20", "--reason", "Agreement lapsed").code == 0
    assert "/risks/CRR20.yaml @jdoe" in block(governed)
    outcome = run("new", "--name", "Fleet", "--rating", "High", "--owner", "Director of Finance")
    assert outcome.code == 0, outcome.stderr
    assert "/risks/CRR23.yaml @jdoe" in block(governed)
    assert run("owner", "CRR18", "").code == 0
    assert "/risks/CRR18.yaml @wmp/learning" not in block(governed)
    assert run("codeowners", "--check").code == 0


def test_commands_write_no_codeowners_until_one_is_asked_for(run: Run, governed: Path) -> None:
    outcome = run("close", "CRR20", "--rationale", "Sharing agreement signed")
    assert (outcome.code, "CODEOWNERS" in outcome.stdout) == (0, False)
    assert not (governed / "CODEOWNERS").exists()


def test_codeowners_check_reports_a_hand_edited_owner(run: Run, governed: Path) -> None:
    assert run("codeowners").code == 0
    risk = governed / "risks" / "CRR20.yaml"
    risk.write_text(
        risk.read_text("utf-8").replace("Director of Finance", "Head of Learning & Development")
    )
    before = (governed / "CODEOWNERS").read_bytes()
    outcome = run("codeowners", "--check")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr.endswith(
        "riskreg: error: CODEOWNERS is out of date (-/risks/CRR20.yaml @jdoe; "
        "+/risks/CRR20.yaml @wmp/learning); run 'riskreg codeowners'\n"
    )
    assert (governed / "CODEOWNERS").read_bytes() == before


def test_codeowners_check_without_the_file_fails(run: Run, governed: Path) -> None:
    outcome = run("codeowners", "--check")
    assert outcome.code == 1
    assert outcome.stderr.endswith(
        "riskreg: error: CODEOWNERS is missing; run 'riskreg codeowners'\n"
    )


def test_an_account_that_is_not_a_handle_names_its_line(run: Run, register: Path) -> None:
    with (register / "riskreg.yaml").open("a", encoding="utf-8") as config:
        config.write("owners:\n  Director of Finance: jdoe\n")
    lines = (register / "riskreg.yaml").read_text("utf-8").count("\n")
    outcome = run("codeowners")
    assert outcome.code == 2
    assert outcome.stderr.startswith(f"riskreg: error: riskreg.yaml:{lines}:")
    assert not (register / "CODEOWNERS").exists()
