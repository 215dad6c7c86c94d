"""`riskreg diff`: what changed in the register between two git revisions."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run
from riskreg.register.editing import render_new_file

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Risk Manager",
    "GIT_AUTHOR_EMAIL": "risk@example.org",
    "GIT_COMMITTER_NAME": "Risk Manager",
    "GIT_COMMITTER_EMAIL": "risk@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Commits with a fixed author, untouched by the machine's git settings."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))


def git(folder: Path, *args: str, date: str = "2022-04-01T10:00:00") -> str:
    env_dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env_dates},
    )
    return done.stdout


def commit_all(folder: Path, message: str, date: str = "2022-04-01T10:00:00") -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def save(path: Path, data: dict[str, Any]) -> None:
    path.write_text(render_new_file(data), "utf-8")


def second_quarter_changes(root: Path) -> None:
    """One change of every kind the diff reports."""
    save(
        root / "risks" / "CRR23.yaml",
        {
            "id": "CRR23",
            "name": "Fleet Replacement",
            "status": "open",
            "trend": {"2021/22 Q4": "new"},
            "residual": {"rating": "High"},
        },
    )
    cannabis = load(root / "risks" / "CRR21.yaml")
    cannabis["status"] = "closed"
    cannabis["closure"] = {"rationale": "Storage found.", "closed": dt.date(2022, 3, 20)}
    (root / "risks" / "CRR21.yaml").unlink()
    save(root / "closed" / "CRR21.yaml", cannabis)
    alarms = load(root / "closed" / "CRR14.yaml")
    alarms["status"] = "open"
    del alarms["closure"]
    alarms["trend"] = {"2021/22 Q4": "worsened"}
    alarms["residual"] = {"rating": "High", "impact": 4, "probability": 3}
    (root / "closed" / "CRR14.yaml").unlink()
    save(root / "risks" / "CRR14.yaml", alarms)
    justice = load(root / "risks" / "CRR08.yaml")
    justice["residual"] = {"rating": "Critical", "impact": 5, "probability": 4}
    save(root / "risks" / "CRR08.yaml", justice)
    training = load(root / "risks" / "CRR03.yaml")
    training["trend"]["2021/22 Q4"] = "unchanged"
    save(root / "risks" / "CRR03.yaml", training)
    skills = load(root / "risks" / "CRR18.yaml")
    skills["controls"][1] = "Course non-attendance is reported to each department monthly."
    save(root / "risks" / "CRR18.yaml", skills)
    demand = load(root / "risks" / "CRR05.yaml")
    demand["owner"] = "ACC Local Policing"
    save(root / "risks" / "CRR05.yaml", demand)


@pytest.fixture
def history(register: Path) -> Path:
    """The shipped register as a git repository: a tagged commit, then a quarter's changes."""
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    git(register, "tag", "jac-2022-03")
    second_quarter_changes(register)
    commit_all(register, "Changes for the June committee", date="2022-06-01T10:00:00")
    return register


EXPECTED = """\
Changes from {old} to {new}

Added (1)
  CRR23  Fleet Replacement: High (unscored)

Closed (1)
  CRR21  Cannabis Disposal Storage Capacity: closed 2022-03-20

Reopened (1)
  CRR14  Alarms Management: High (12)

Scored (1)
  CRR08  Investigative and Criminal Justice Process and Outcome: Critical (20), rated High before

Trend changes (2)
  CRR03  Operational Training and Embedded Learning.: 2021/22 Q4 ↓ improved → ↔ unchanged
  CRR14  Alarms Management: 2021/22 Q4 (none) → ↑ worsened

Changed controls (1)
  CRR18  Core Skills Resilience & Training Risk: 1 added, 1 removed
    + Course non-attendance is reported to each department monthly.
    - We have greater scrutiny on course non-attendance to ensure our classrooms are filled \
to maximum capacity and with the greatest efficiency.

Other changes (1)
  CRR05  Demand Management: owner

1 added, 1 closed, 1 reopened, 1 scored, 2 trend changes, 1 with changed controls, \
1 with other changes
"""


def test_diff_between_two_commits(run: Run, history: Path) -> None:
    outcome = run("diff", "HEAD~1", "HEAD")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == EXPECTED.format(old="HEAD~1", new="HEAD")


def test_diff_defaults_to_latest_tag_against_the_working_tree(run: Run, history: Path) -> None:
    outcome = run("diff")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == EXPECTED.format(old="jac-2022-03", new="the working tree")
    # An edit not yet committed shows too; one revision compares it with the working tree.
    config = history / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace("period: 2021/22 Q4", "period: 2022/23 Q1"), "utf-8"
    )
    outcome = run("diff", "HEAD")
    assert outcome.stdout == (
        "Changes from HEAD to the working tree\n\nRegister\n"
        "  period: 2021/22 Q4 → 2022/23 Q1\n\n1 register change\n"
    )


def test_diff_with_nothing_changed(run: Run, history: Path) -> None:
    outcome = run("diff", "HEAD")
    assert outcome.code == 0
    assert outcome.stdout == "No changes to the register between HEAD and the working tree.\n"


def test_diff_as_json(run: Run, history: Path) -> None:
    outcome = run("diff", "jac-2022-03", "HEAD", "--format", "json")
    assert (outcome.code, outcome.stderr) == (0, "")
    data = json.loads(outcome.stdout)
    assert data["from"] == "jac-2022-03" and data["to"] == "HEAD"
    assert data["added"] == [
        {
            "id": "CRR23",
            "name": "Fleet Replacement",
            "status": "open",
            "rating": "High",
            "score": None,
        }
    ]
    assert data["rerated"] == []
    assert data["scored"] == [
        {
            "id": "CRR08",
            "name": "Investigative and Criminal Justice Process and Outcome",
            "old": {"rating": "High", "score": None},
            "new": {"rating": "Critical", "score": 20},
            "note": None,
        }
    ]
    assert data["closed"] == [
        {"id": "CRR21", "name": "Cannabis Disposal Storage Capacity", "closed": "2022-03-20"}
    ]
    assert [t["id"] for t in data["trend"]] == ["CRR03", "CRR14"]
    assert data["other"] == [{"id": "CRR05", "name": "Demand Management", "fields": ["owner"]}]


def test_diff_without_a_tag_says_what_to_do(run: Run, register: Path) -> None:
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "First")
    outcome = run("diff")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: no tag to compare with: this repository has no tags; give the "
        "revisions, e.g. 'riskreg diff HEAD~1' or 'riskreg diff v1 v2'\n"
    )


def test_diff_with_a_bad_revision(run: Run, history: Path) -> None:
    outcome = run("diff", "jac-2099-01")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: unknown revision 'jac-2099-01': no such tag, branch or commit in this "
        "repository (see 'git tag' and 'git log --oneline')\n"
    )
    assert run("diff", "--", "--output=x").code == 2


def test_diff_outside_git(run: Run, register: Path) -> None:
    outcome = run("diff", "HEAD")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("riskreg: error: ")
    assert outcome.stderr.endswith("is not in a git repository, so it has no revisions to read\n")


def test_diff_before_the_register_existed(run: Run, register: Path, tmp_path: Path) -> None:
    git(register, "init", "-q", "-b", "main")
    (register / "README").write_text("notes\n", "utf-8")
    git(register, "add", "README")
    git(register, "commit", "-q", "-m", "Start")
    commit_all(register, "The register")
    outcome = run("diff", "HEAD~1", "HEAD")
    assert outcome.code == 2
    assert outcome.stderr == (
        "riskreg: error: HEAD~1: no riskreg.yaml in the top of the "
        "repository at that revision; the register did not exist there "
        "yet\n"
    )


def test_broken_file_at_a_revision_is_named(run: Run, history: Path) -> None:
    (history / "risks" / "CRR05.yaml").write_text("id: CRR05\nname: [unclosed\n", "utf-8")
    commit_all(history, "Broken")
    outcome = run("diff", "HEAD~1", "HEAD")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr.startswith("riskreg: error: HEAD:risks/CRR05.yaml:3:1: ")
    assert outcome.stderr.endswith("nothing was written (run 'riskreg validate')\n")


def test_register_in_a_folder_of_the_repository(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = register.parent / "repo"
    repo.mkdir()
    shutil.move(str(register), str(repo / "risk"))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Register")
    git(repo, "tag", "v1")
    second_quarter_changes(repo / "risk")
    monkeypatch.chdir(repo / "risk")
    outcome = run("diff")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == EXPECTED.format(old="v1", new="the working tree")


def test_a_first_score_is_reported_as_scored_and_a_later_one_as_re_rated(
    run: Run, register: Path
) -> None:
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    assert run("score", "CRR05", "--impact", "4", "--probability", "3").code == 0
    first = run("diff", "HEAD")
    assert (first.code, first.stderr) == (0, "")
    assert "Re-rated" not in first.stdout
    assert "\nScored (1)\n  CRR05  Demand Management: High (12)\n" in first.stdout
    assert first.stdout.endswith("\n1 scored, 1 with other changes\n")
    commit_all(register, "CRR05 scored", date="2022-03-30T10:00:00")
    assert run("score", "CRR05", "--impact", "4", "--probability", "4").code == 0
    again = run("diff", "HEAD")
    assert "Scored" not in again.stdout
    assert "\nRe-rated (1)\n  CRR05  Demand Management: High (12) → High (16)\n" in again.stdout
