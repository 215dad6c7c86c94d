"""`riskreg new`: the next free ID, flags, prompts on a terminal, refusals."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import Run, snapshot
from conftest import register_errors as errors
from riskreg import lifecycle
from riskreg.register.loading import load_register


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")


def test_ids_are_never_reused(run: Run, register: Path) -> None:
    assert run("close", "CRR22", "--rationale", "Merged into CRR21").code == 0
    out = run("new", "--name", "Fleet Replacement", "--rating", "low")
    assert out.stdout.startswith("Created CRR23 in risks/CRR23.yaml")
    shutil.copy(register / "closed" / "CRR22.yaml", register / "closed" / "CRR40.yml")
    (register / "risks" / "CRR41.yaml").write_text("not: [a risk\n")  # broken, still taken
    out = run("new", "--name", "Estates Backlog", "--rating", "low")
    assert out.stdout.startswith("Created CRR42 in risks/CRR42.yaml")


def test_the_prefix_comes_from_the_config(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("id_prefix: CRR", "id_prefix: ORR"))
    out = run("new", "--name", "Fleet Replacement", "--rating", "low")
    assert out.stdout.startswith("Created ORR01 in risks/ORR01.yaml")
    assert errors(register) == []


def test_a_file_that_appears_meanwhile_is_not_overwritten(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = lifecycle.create.next_id
    answers = iter(["CRR05"])  # as if another user created CRR05 a moment ago

    def racing(root: Path, config: object) -> str:
        return next(answers, None) or real(root, config)  # type: ignore[arg-type]

    monkeypatch.setattr(lifecycle.create, "next_id", racing)
    before = (register / "risks" / "CRR05.yaml").read_bytes()
    out = run("new", "--name", "Fleet Replacement", "--rating", "low")
    assert out.stdout.startswith("Created CRR23 in risks/CRR23.yaml")
    assert (register / "risks" / "CRR05.yaml").read_bytes() == before
    assert not [p for p in (register / "risks").iterdir() if p.name.startswith(".")]


def test_scored_at_creation(run: Run, register: Path) -> None:
    out = run("new", "--name", "Fleet Replacement", "-i", "4", "-p", "5", "--category", "Finance")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Created CRR23 in risks/CRR23.yaml: Fleet Replacement (Critical).\n"
        "Trend for 2021/22 Q4: New.\n"
        "Next review due 2022-04-19.\n"
    )
    assert (
        (register / "risks" / "CRR23.yaml")
        .read_text()
        .endswith(
            "residual:\n  rating: Critical\n  impact: 4\n  probability: 5\n  category: Finance\n"
            "last_reviewed: 2022-03-20\nnext_review: 2022-04-19\n"
            "history:\n"
            "  - quarter: 2021/22 Q4\n    date: 2022-03-20\n    event: created\n"
            "    assessment: residual\n    impact: 4\n    probability: 5\n    rating: Critical\n"
            "    category: Finance\n"
        )
    )
    assert errors(register) == []


def test_text_yaml_would_misread_is_kept_as_text(run: Run, register: Path) -> None:
    out = run(
        "new",
        "--name",
        "no",
        "--rating",
        "low",
        "--owner",
        "2022-01-01",
        "--control",
        "Board: monthly # minuted",
    )
    assert out.code == 0
    risk = load_register(register).get("CRR23")
    assert (risk.name, risk.owner, risk.controls) == (
        "no",
        "2022-01-01",
        ["Board: monthly # minuted"],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "missing --name and --rating (on a terminal, 'riskreg new' asks for them)"),
        (["--rating", "high"], "missing --name (on a terminal, 'riskreg new' asks for it)"),
        (["--name", "Fleet"], "missing --rating (on a terminal, 'riskreg new' asks for it)"),
        (["--name", "  ", "--rating", "high"], "a new risk needs a name: give --name '...'"),
        (
            ["--name", "Fleet", "--rating", "severe"],
            "unknown rating 'severe'; allowed: Low, Medium, High, Critical",
        ),
        (["--name", "Fleet", "-i", "4"], "give both --impact and --prob, or neither"),
        (["--name", "Fleet", "-i", "6", "-p", "1"], "impact 6 is off the scale; allowed 1 to 5"),
        (
            ["--name", "Fleet", "-i", "4", "-p", "4", "--rating", "low"],
            "--rating Low disagrees with 4 x 4 = 16, which is High; give one or the other",
        ),
        (
            ["--name", "Fleet", "--rating", "low", "--category", "Money"],
            "unknown impact category 'Money'; allowed: Service, Performance, Finance, "
            "Reputation, Legal, Safety, Human Rights / Diversity, Wellbeing",
        ),
    ],
)
def test_refusals_write_nothing(run: Run, register: Path, args: list[str], message: str) -> None:
    before = snapshot(register)
    out = run("new", *args)
    assert (out.code, out.stdout, out.stderr) == (2, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_prompts_on_a_terminal_for_what_is_missing(register: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    riskreg = Path(sys.executable).parent / "riskreg"
    env = {**os.environ, "RISKREG_TODAY": "2022-03-20", "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("RISKREG_DIR", None)
    child = pexpect.spawn(
        os.fspath(riskreg),
        ["new", "--owner", "Head of Fleet"],
        cwd=os.fspath(register),
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    child.expect_exact("Risk name: ")
    child.sendline("Fleet Replacement")
    child.expect_exact("Description (blank to skip): ")
    child.sendline("Ageing vehicles break down more often.")
    child.expect_exact("Impact if it happens (blank to skip): ")
    child.sendline("")
    child.expect_exact("Key control (blank to finish): ")
    child.sendline("Monthly fleet board")
    child.expect_exact("Key control (blank to finish): ")
    child.sendline("")
    child.expect_exact("Department (blank to skip): ")
    child.sendline("Commercial Services")
    child.expect_exact("Residual rating (Low, Medium, High, Critical): ")
    child.sendline("severe")
    child.expect_exact("Residual rating (Low, Medium, High, Critical): ")
    child.sendline("medium")
    child.expect_exact("Created CRR23 in risks/CRR23.yaml: Fleet Replacement (Medium).")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (register / "risks" / "CRR23.yaml").read_text() == (
        "# yaml-language-server: $schema=../schema/risk.schema.json\n"
        "id: CRR23\nname: Fleet Replacement\nstatus: open\n"
        "description: Ageing vehicles break down more often.\n"
        "controls:\n  - Monthly fleet board\n"
        "trend:\n  2021/22 Q4: new\n"
        "residual:\n  rating: Medium\n"
        "owner: Head of Fleet\ndepartment: Commercial Services\n"
        "last_reviewed: 2022-03-20\nnext_review: 2022-09-18\n"
        "history:\n  - quarter: 2021/22 Q4\n    date: 2022-03-20\n    event: created\n"
        "    assessment: residual\n    rating: Medium\n"
    )
    assert errors(register) == []
