"""`score --note`: why a score changed, kept in the history entry and shown by history,
diff and the committee pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, snapshot
from test_diff import commit_all, git, git_identity  # noqa: F401  (fixture)

NOTE = "Vacancies up: 12% # per HR"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")


def test_the_note_is_in_the_history_diff_and_pack(run: Run, register: Path) -> None:
    git(register, "init", "-q")
    commit_all(register, "Q4 register")
    out = run("score", "CRR19", "--impact", "4", "--prob", "4", "--note", NOTE)
    assert (out.code, out.stderr) == (0, "")
    text = (register / "risks" / "CRR19.yaml").read_text()
    assert text.endswith("    rating: High\n    note: 'Vacancies up: 12% # per HR'\n")
    history = run("history", "CRR19").stdout
    assert "  2021/22 Q4  2022-05-02  scored  High    16 (4×4)  Vacancies up: 12% # per HR\n" in (
        history
    )
    diff = run("diff", "HEAD").stdout
    assert f"  CRR19  WMP Website – Server Capacity: High (16); why: {NOTE}\n" in diff
    scored = json.loads(run("diff", "HEAD", "--format", "json").stdout)["scored"]
    assert scored[0]["note"] == NOTE
    pack = run("report", "--format", "html").stdout
    assert f'<p class="sub">Latest score note</p><p>{NOTE}</p>' in pack


def test_an_empty_note_is_refused(run: Run, register: Path) -> None:
    before = snapshot(register)
    out = run("score", "CRR19", "-i", "4", "-p", "4", "--note", "  ")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == "riskreg: error: --note: say why the score changed, or leave --note out\n"
    assert snapshot(register) == before
