"""The register's past from git: `report --as-of REV` and `history ID`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import Run
from test_diff import commit_all, git, git_identity, load, save, second_quarter_changes

__all__ = ["git_identity"]  # the autouse fixture, shared with test_diff


@pytest.fixture(autouse=True)
def _identity(git_identity: None) -> None:
    """Use test_diff's fixed git author here too."""


def test_report_as_of_a_tag_is_the_pack_made_then(run: Run, register: Path) -> None:
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    git(register, "tag", "jac-2022-03")
    made_then = {fmt: run("report", "--format", fmt).stdout for fmt in ("md", "html")}
    public_then = run("report", "--public").stdout
    second_quarter_changes(register)
    commit_all(register, "Changes for the June committee", date="2022-06-01T10:00:00")
    # ...and an edit not yet committed, which the tagged pack must not see either.
    (register / "risks" / "CRR02.yaml").unlink()

    for fmt, expected in made_then.items():
        outcome = run("report", "--as-of", "jac-2022-03", "--format", fmt)
        assert (outcome.code, outcome.stderr) == (0, "")
        assert outcome.stdout == expected
    assert run("report", "--as-of", "jac-2022-03", "--public").stdout == public_then
    assert run("report", "--as-of", "HEAD").stdout != made_then["md"]

    outcome = run("report", "--as-of", "jac-2022-03", "--output", "pack.html")
    assert outcome.code == 0
    assert (register / "pack.html").read_text("utf-8") == made_then["html"]


def test_report_as_of_a_bad_revision_writes_nothing(run: Run, register: Path) -> None:
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register")
    outcome = run("report", "--as-of", "jac-1999-01", "--output", "pack.html")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: unknown revision 'jac-1999-01': no such tag, branch or commit in this "
        "repository (see 'git tag' and 'git log --oneline')\n"
    )
    assert not (register / "pack.html").exists()


def test_report_as_of_outside_git(run: Run, register: Path) -> None:
    outcome = run("report", "--as-of", "HEAD")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.endswith("is not in a git repository, so it has no revisions to read\n")


@pytest.fixture
def justice_history(register: Path) -> list[str]:
    """CRR08 through four commits: imported, scored, reworded, closed. Returns the hashes."""
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    path = register / "risks" / "CRR08.yaml"
    risk = load(path)
    risk["residual"] = {"rating": "Critical", "impact": 5, "probability": 4}
    risk["history"] = [
        {
            "quarter": "2021/22 Q4",
            "date": dt.date(2022, 3, 30),
            "event": "scored",
            "assessment": "residual",
            "impact": 5,
            "probability": 4,
            "rating": "Critical",
        }
    ]
    save(path, risk)
    commit_all(register, "Score CRR08", date="2022-06-01T10:00:00")
    risk["description"] = "The court backlog delays justice."
    save(path, risk)
    commit_all(register, "Reword CRR08", date="2022-07-01T10:00:00")
    risk["status"] = "closed"
    risk["closure"] = {"rationale": "Backlog cleared.", "closed": dt.date(2022, 7, 15)}
    risk["history"].append(
        {
            "quarter": "2022/23 Q2",
            "date": dt.date(2022, 7, 15),
            "event": "closed",
            "note": "Backlog cleared.",
        }
    )
    path.unlink()
    save(register / "closed" / "CRR08.yaml", risk)
    commit_all(register, "Close CRR08", date="2022-07-15T10:00:00")
    return git(register, "log", "--reverse", "--format=%h").split()


def test_history_from_the_file_and_from_git(run: Run, justice_history: list[str]) -> None:
    width = max(len("Commit"), *map(len, justice_history))
    first, scored, reworded, closed = (commit.ljust(width) for commit in justice_history)
    outcome = run("history", "crr08")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert (
        outcome.stdout
        == f"""\
CRR08  Investigative and Criminal Justice Process and Outcome
  closed, closed/CRR08.yaml; last rated Critical, score 20
  Trend: 2021/22 Q1 ↔ · 2021/22 Q2 ↔ · 2021/22 Q3 ↔ · 2021/22 Q4 ↑

Recorded in the file
  Quarter     Date        Event   Rating    Score     Note
  2021/22 Q4  2022-03-30  scored  Critical  20 (5×4)
  2022/23 Q2  2022-07-15  closed            –         Backlog cleared.

From git
  Date        {"Commit".ljust(width)}  Status  Rating    Score     Change    Subject
  2022-04-01  {first}  open    High      –         added     Register as reported in March 2022
  2022-06-01  {scored}  open    Critical  20 (5×4)  re-rated  Score CRR08
  2022-07-01  {reworded}  open    Critical  20 (5×4)            Reword CRR08
  2022-07-15  {closed}  closed  Critical  20 (5×4)  closed    Close CRR08
"""
    )


def test_history_as_json(run: Run, justice_history: list[str]) -> None:
    outcome = run("history", "CRR08", "--format", "json")
    assert (outcome.code, outcome.stderr) == (0, "")
    data = json.loads(outcome.stdout)
    assert [(c["commit"], c["status"], c["rating"], c["score"]) for c in data["git"]] == [
        (justice_history[0], "open", "High", None),
        (justice_history[1], "open", "Critical", 20),
        (justice_history[2], "open", "Critical", 20),
        (justice_history[3], "closed", "Critical", 20),
    ]
    assert data["file"][0]["score"] == 20 and data["git_note"] is None


def test_history_outside_git_uses_the_file(run: Run) -> None:
    outcome = run("history", "CRR18")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert (
        outcome.stdout
        == """\
CRR18  Core Skills Resilience & Training Risk
  open, risks/CRR18.yaml; now Critical, unscored
  Trend: 2021/22 Q1 N/A · 2021/22 Q2 New · 2021/22 Q3 ↔ · 2021/22 Q4 ↔

Recorded in the file
  No history entries yet; 'riskreg score' records one each time it scores.

From git
  None: the register is not in a git repository.
"""
    )


def test_history_of_an_unknown_or_bad_id(run: Run) -> None:
    outcome = run("history", "CRR99")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        "riskreg: error: no risk CRR99 in this register (try 'riskreg list --all')\n"
    )
    outcome = run("history", "../riskreg")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("riskreg: error: '../riskreg' is not a risk ID")
