"""Closing and reopening: the move between risks/ and closed/, refusals, interruptions, git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Run, snapshot
from conftest import register_errors as errors
from riskreg import lifecycle


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-25")


def test_close_keeps_comments_and_layout(run: Run, register: Path) -> None:
    source = register / "risks" / "CRR18.yaml"
    original = source.read_text().replace("residual:\n", "# rated at the March board\nresidual:\n")
    source.write_text(original)
    out = run("close", "crr18", "--rationale", "Backlog cleared", "--date", "2022-03-24")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Closed CRR18 (Core Skills Resilience & Training Risk): moved "
        "risks/CRR18.yaml to closed/CRR18.yaml.\n"
    )
    assert not source.exists()
    assert (register / "closed" / "CRR18.yaml").read_text() == original.replace(
        "status: open", "status: closed"
    ) + (
        "closure:\n  rationale: Backlog cleared\n  closed: 2022-03-24\n"
        "history:\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-03-24\n    event: closed\n"
    )
    assert errors(register) == []


def test_close_keeps_crlf_line_endings(run: Run, register: Path) -> None:
    source = register / "risks" / "CRR18.yaml"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    assert run("close", "CRR18", "--rationale", "Backlog cleared").code == 0
    data = (register / "closed" / "CRR18.yaml").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"closure:\r\n  rationale: Backlog cleared\r\n  closed: 2022-03-25\r\n" in data


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["close", "CRR14", "--rationale", "again"],
            1,
            "riskreg: error: CRR14 is already closed (closed 2022-03-08, closed/CRR14.yaml); "
            "reopen it first, or give only --reported YYYY-MM-DD to record when the closure "
            "was reported\n",
        ),
        (
            ["close", "CRR99", "--rationale", "x"],
            1,
            "riskreg: error: no risk CRR99 in this register (try 'riskreg list --all')\n",
        ),
        (
            ["close", "../riskreg", "--rationale", "x"],
            2,
            "riskreg: error: '../riskreg' is not a risk ID: an ID is letters then digits, "
            "such as CRR18\n",
        ),
        (["close", "CRR18"], 2, "riskreg: error: say why CRR18 is closed: --rationale '...'\n"),
        (
            ["close", "CRR18", "--rationale", "   "],
            2,
            "riskreg: error: say why CRR18 is closed: --rationale '...'\n",
        ),
        (
            ["close", "CRR18", "--rationale", "x", "--date", "2022-02-30"],
            2,
            "riskreg: error: --date: '2022-02-30' is not a date; write it as YYYY-MM-DD\n",
        ),
        (
            ["close", "CRR18", "--rationale", "x", "--date", "2022-04-01"],
            2,
            "riskreg: error: --date 2022-04-01 is in the future; a risk is closed on the day "
            "it is closed\n",
        ),
        (
            ["close", "CRR18", "--rationale", "x", "--reported", "2022-03-01"],
            2,
            "riskreg: error: --reported 2022-03-01 is before the closed date 2022-03-25\n",
        ),
        (
            ["close", "CRR14", "--reported", "2022-03-01"],
            2,
            "riskreg: error: --reported 2022-03-01 is before the closed date 2022-03-08\n",
        ),
        (
            ["reopen", "CRR18", "--reason", "x"],
            1,
            "riskreg: error: CRR18 is open already (risks/CRR18.yaml)\n",
        ),
        (["reopen", "CRR14"], 2, "riskreg: error: say why CRR14 is reopened: --reason '...'\n"),
        (
            ["reopen", "CRR14", "--reason", "Receivers failed"],
            2,
            "riskreg: error: CRR14 has no residual rating and an open risk needs one: give "
            "--rating (Low, Medium, High, Critical)\n",
        ),
        (
            ["reopen", "CRR14", "--reason", "Receivers failed", "--rating", "severe"],
            2,
            "riskreg: error: unknown rating 'severe'; allowed: Low, Medium, High, Critical\n",
        ),
    ],
)
def test_refusals_change_nothing(
    run: Run, register: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(register)
    out = run(*args)
    assert (out.code, out.stdout, out.stderr) == (code, "", message)
    assert snapshot(register) == before


def test_reported_date_recorded_later_and_kept_on_reopening(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("close", "CRR18", "--rationale", "Backlog cleared").code == 0
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-31")
    out = run("close", "CRR18", "--reported", "2022-03-31")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == "Recorded the closure of CRR18 as reported on 2022-03-31.\n"
    closed = (register / "closed" / "CRR18.yaml").read_text()
    assert (
        "closure:\n  rationale: Backlog cleared\n  closed: 2022-03-25\n"
        "  reported: 2022-03-31\nhistory:\n"
    ) in closed
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-25")  # reopened the day it was closed
    out = run("reopen", "CRR18", "--reason", "Covid absences again")
    assert (out.code, out.stderr) == (0, "")
    reopened = (register / "risks" / "CRR18.yaml").read_text()
    assert reopened.endswith(
        "last_reviewed: 2022-03-25\nnext_review: 2022-04-24\n"
        "history:\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-03-25\n    event: closed\n"
        "    note: Backlog cleared\n    reported: 2022-03-31\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-03-25\n    event: reopened\n"
        "    note: Covid absences again\n"
    )
    assert "closure" not in reopened
    assert errors(register) == []


def test_reopen_a_seed_closure_keeps_it_in_history(run: Run, register: Path) -> None:
    out = run("reopen", "CRR14", "--reason", "Receivers failed in April", "--rating", "high")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Reopened CRR14 (Alarms Management): moved closed/CRR14.yaml to risks/CRR14.yaml.\n"
        "CRR14 has no trend for 2021/22 Q4; set it with 'riskreg trend CRR14 "
        "improved|worsened|unchanged'.\n"
    )
    text = (register / "risks" / "CRR14.yaml").read_text()
    assert text.endswith(
        "residual:\n  rating: High\n"
        "last_reviewed: 2022-03-25\nnext_review: 2022-06-24\n"
        "history:\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-03-08\n    event: closed\n"
        "    note: >-\n"
        "      Following discussions at the Commercial Services SLT, it was agreed that a review\n"
        "      of this risk will be undertaken by the Portfolio. A decision will be made over\n"
        "      the next few months on whether to manage this as an issue of significant concern\n"
        "      at Portfolio level. Following a review this may reappear on the CRR if necessary.\n"
        "    reported: 2022-03-31\n"
        "  - quarter: 2021/22 Q4\n    date: 2022-03-25\n    event: reopened\n"
        "    note: Receivers failed in April\n"
    )
    assert not (register / "closed" / "CRR14.yaml").exists()
    assert errors(register) == []
    assert run("list", "--closed").stdout == "No risks match.\n"


def _unlink_fails_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = os.unlink

    def unlink(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if Path(path).parent == folder:
            raise PermissionError(13, "Permission denied")
        real(path)

    monkeypatch.setattr(lifecycle.moves.os, "unlink", unlink)


def test_interrupted_close_is_finished_by_a_rerun(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        _unlink_fails_in(patch, register / "risks")
        out = run("close", "CRR18", "--rationale", "Backlog cleared")
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr == (
        "riskreg: error: risks/CRR18.yaml: cannot remove it (Permission denied) after writing "
        "the moved copy; both copies exist now: rerun 'riskreg close CRR18' to finish\n"
    )
    assert (register / "risks" / "CRR18.yaml").exists()
    closed = (register / "closed" / "CRR18.yaml").read_text()
    out = run("reopen", "CRR18", "--reason", "x")
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr == (
        "riskreg: error: risks/CRR18.yaml and closed/CRR18.yaml both exist: an interrupted "
        "close; run 'riskreg close CRR18' to finish it\n"
    )
    out = run("close", "CRR18", "--rationale", "Backlog cleared")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Finished the interrupted close of CRR18: removed risks/CRR18.yaml; "
        "closed/CRR18.yaml holds it.\n"
    )
    assert not (register / "risks" / "CRR18.yaml").exists()
    assert (register / "closed" / "CRR18.yaml").read_text() == closed
    assert errors(register) == []


def test_interrupted_reopen_is_finished_by_a_rerun(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        _unlink_fails_in(patch, register / "closed")
        out = run("reopen", "CRR14", "--reason", "Receivers failed", "--rating", "High")
    assert out.code == 1
    assert "rerun 'riskreg reopen CRR14' to finish" in out.stderr
    out = run("close", "CRR14", "--rationale", "x")
    assert (out.code, out.stderr) == (
        1,
        (
            "riskreg: error: risks/CRR14.yaml and closed/CRR14.yaml both exist: an interrupted "
            "reopen; run 'riskreg reopen CRR14' to finish it\n"
        ),
    )
    out = run("reopen", "CRR14", "--reason", "Receivers failed", "--rating", "High")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Finished the interrupted reopen of CRR14: removed closed/CRR14.yaml; "
        "risks/CRR14.yaml holds it.\n"
    )
    assert not (register / "closed" / "CRR14.yaml").exists()
    assert errors(register) == []


def test_two_different_copies_are_left_for_a_person(run: Run, register: Path) -> None:
    assert run("close", "CRR18", "--rationale", "Backlog cleared").code == 0
    shutil.copy(register / "risks" / "CRR20.yaml", register / "risks" / "CRR18.yaml")
    text = (register / "risks" / "CRR18.yaml").read_text().replace("id: CRR20", "id: CRR18")
    (register / "risks" / "CRR18.yaml").write_text(text)
    before = snapshot(register)
    for command, option in (("close", "--rationale"), ("reopen", "--reason")):
        out = run(command, "CRR18", option, "x")
        assert (out.code, out.stdout) == (1, "")
        assert out.stderr == (
            "riskreg: error: risks/CRR18.yaml and closed/CRR18.yaml both exist and differ; "
            "keep the right one, delete the other, then run 'riskreg validate'\n"
        )
    assert snapshot(register) == before


def test_a_broken_file_is_not_moved(run: Run, register: Path) -> None:
    source = register / "risks" / "CRR18.yaml"
    source.write_text(
        source.read_text().replace("residual:\n  rating: Critical", "residual:\n  rating: Severe")
    )
    before = snapshot(register)
    out = run("close", "CRR18", "--rationale", "x")
    assert out.code == 1
    assert out.stderr.startswith("riskreg: error: risks/CRR18.yaml:")
    assert "residual.rating 'Severe' is not a band" in out.stderr
    assert snapshot(register) == before


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Risk Manager",
        "GIT_AUTHOR_EMAIL": "rm@example.org",
        "GIT_COMMITTER_NAME": "Risk Manager",
        "GIT_COMMITTER_EMAIL": "rm@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": os.fspath(cwd),
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("risk_id", ["CRR18", "CRR23"])
def test_git_log_follow_finds_the_history_after_close_and_reopen(
    run: Run, register: Path, risk_id: str
) -> None:
    git(register, "init", "-q", "-b", "main")
    if risk_id == "CRR23":  # a short new risk: the closure is a large part of its file
        assert run("new", "--name", "Fleet Replacement", "--rating", "high").code == 0
    git(register, "add", "-A")
    git(register, "commit", "-q", "-m", "Register as published")
    out = run(
        "close",
        risk_id,
        "--rationale",
        "Mitigated: the replacement programme finished in March and the board agreed to close it.",
    )
    assert out.code == 0
    git(register, "add", "-A")
    git(register, "commit", "-q", "-m", f"Close {risk_id}")
    log = git(register, "log", "--follow", "--format=%s", "--", f"closed/{risk_id}.yaml")
    assert log.splitlines() == [f"Close {risk_id}", "Register as published"]
    assert run("reopen", risk_id, "--reason", "The lease fell through").code == 0
    git(register, "add", "-A")
    git(register, "commit", "-q", "-m", f"Reopen {risk_id}")
    log = git(register, "log", "--follow", "--format=%s", "--", f"risks/{risk_id}.yaml")
    assert log.splitlines() == [f"Reopen {risk_id}", f"Close {risk_id}", "Register as published"]


def test_a_status_edited_by_hand_is_put_in_its_folder(run: Run, register: Path) -> None:
    source = register / "closed" / "CRR14.yaml"
    original = source.read_bytes()
    source.rename(register / "risks" / "CRR14.yaml")
    assert errors(register) == [
        "risks/CRR14.yaml:4:9: error: a file in risks/ must be open; closed risks live in "
        "closed/ ('riskreg close' moves them) [status-folder]"
    ]
    out = run("reopen", "CRR14", "--reason", "x")
    assert (out.code, out.stderr) == (
        1,
        "riskreg: error: risks/CRR14.yaml says status: closed "
        "but is in risks/; 'riskreg close CRR14' moves it to "
        "closed/\n",
    )
    out = run("close", "CRR14")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "Closed CRR14 (Alarms Management): moved risks/CRR14.yaml to closed/CRR14.yaml.\n"
        "CRR14 was marked closed already; moved it unchanged.\n"
    )
    assert source.read_bytes() == original
    assert errors(register) == []
