"""Scoring: `riskreg score` records impact x probability and its band; `guidance` and
`matrix` show the scale; a config whose bands leave a score out is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run
from golden import assert_golden


def test_score_records_and_says_what_changed(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("residual:\n", "# Reviewed at FET.\nresidual:\n"))

    outcome = run("score", "CRR18", "--impact", "5", "--prob", "4")

    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[0] == (
        "CRR18 residual: 5 x 4 = 20 → Critical (rating unchanged: Critical)"
    )
    text = path.read_text()
    assert "# Reviewed at FET.\nresidual:\n  rating: Critical\n  impact: 5\n  probability: 4\n" in (
        text
    )
    assert text.startswith("# yaml-language-server:")

    outcome = run("score", "crr18", "--impact", "2", "--prob", "2")
    assert outcome.code == 0
    assert outcome.stdout.splitlines()[0] == "CRR18 residual: 2 x 2 = 4 → Low (Critical → Low)"
    text = path.read_text()
    assert "residual:\n  rating: Low\n  impact: 2\n  probability: 2\n" in text
    assert "# Reviewed at FET." in text
    listed = json.loads(run("list", "--rating", "low", "--format", "json").stdout)
    assert [(r["id"], r["score"]) for r in listed] == [("CRR18", 4)]


def test_score_dry_run_writes_nothing(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    path = register / "risks" / "CRR20.yaml"
    before = path.read_bytes()
    outcome = run("score", "CRR20", "--impact", "3", "--prob", "3", "--dry-run")
    assert outcome.code == 0
    assert outcome.stdout.splitlines() == [
        "CRR20 residual: 3 x 3 = 9 → Medium (Critical → Medium)",
        "Next review due 2022-09-18.",
        "Dry run: nothing written.",
    ]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--impact", "6", "--prob", "4"], "impact 6 is off the scale; allowed 1 to 5"),
        (["--impact", "5", "--prob", "0"], "probability 0 is off the scale; allowed 1 to 5"),
    ],
)
def test_score_refuses_values_off_the_scale(
    run: Run, register: Path, args: list[str], message: str
) -> None:
    path = register / "risks" / "CRR18.yaml"
    before = path.read_bytes()
    outcome = run("score", "CRR18", *args)
    assert outcome.code == 2
    assert outcome.stderr == f"riskreg: error: {message}\n"
    assert path.read_bytes() == before


def test_score_as_a_calculator(run: Run) -> None:
    outcome = run("score", "--impact", "3", "--prob", "4")
    assert outcome.code == 0
    assert outcome.stdout == "3 x 4 = 12 → High\n"


def test_score_keeps_crlf_line_endings(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR07.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    outcome = run("score", "CRR07", "--impact", "2", "--prob", "3")
    assert outcome.code == 0, outcome.stderr
    data = path.read_bytes()
    assert b"\r\n  impact: 2\r\n  probability: 3\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_score_closed_risk_is_refused(run: Run) -> None:
    outcome = run("score", "CRR14", "--impact", "1", "--prob", "1")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        "riskreg: error: CRR14 is closed; reopen it first with 'riskreg reopen CRR14'\n"
    )


def test_guidance_bands(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    assert_golden("guidance_bands.txt", run("guidance", "bands"))


def test_guidance_json_holds_every_level(run: Run) -> None:
    data = json.loads(run("guidance", "--format", "json").stdout)
    assert [level["level"] for level in data["impact"]] == [5, 4, 3, 2, 1]
    assert data["probability"][0]["chance"] == "80% or more"
    assert data["impact"][0]["descriptions"]["Finance"] == "Costs over £2m"


def test_matrix_places_scored_risks(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    assert run("score", "CRR18", "--impact", "5", "--prob", "4").code == 0
    assert_golden("matrix.txt", run("matrix"))


def test_bands_that_leave_a_gap_are_refused(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("min: 5\n", "min: 6\n"))
    outcome = run("list")
    assert outcome.code == 2
    assert outcome.stderr.startswith("riskreg: error: riskreg.yaml:")
    assert "score 5 can occur (impact x probability) but is in no band" in outcome.stderr


def test_score_keeps_permissions_and_byte_order_mark(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR07.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    path.chmod(0o640)
    outcome = run("score", "CRR07", "--impact", "3", "--prob", "3")
    assert outcome.code == 0, outcome.stderr
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# yaml-language-server:")
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []
