"""The everyday commands as a user sees them: exit code, stdout, stderr, files on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from golden import assert_golden

CRITICAL = ["CRR18", "CRR20"]


def ids(outcome_stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(outcome_stdout)]


def test_list_shows_the_21_open_risks_most_serious_first(run: Run) -> None:
    outcome = run("list", "--format", "json")
    assert outcome.code == 0
    assert outcome.stderr == ""
    rows = json.loads(outcome.stdout)
    assert len(rows) == 21
    assert "CRR14" not in [row["id"] for row in rows]
    ratings = [row["rating"] for row in rows]
    assert ratings == sorted(ratings, key=["Critical", "High", "Medium", "Low"].index)
    assert rows[0] == {
        "id": "CRR18",
        "name": "Core Skills Resilience & Training Risk",
        "status": "open",
        "rating": "Critical",
        "score": None,
        "impact": None,
        "probability": None,
        "trend": {
            "2021/22 Q1": "n/a",
            "2021/22 Q2": "new",
            "2021/22 Q3": "unchanged",
            "2021/22 Q4": "unchanged",
        },
    }


def test_list_table_is_exact(run: Run) -> None:
    outcome = run("list")
    assert outcome.code == 0
    assert_golden("list.txt", outcome.stdout)


@pytest.mark.parametrize("spelling", ["critical", "CRITICAL", "Critical"])
def test_list_rating_critical_is_exactly_crr18_and_crr20(run: Run, spelling: str) -> None:
    outcome = run("list", "--rating", spelling, "--format", "json")
    assert outcome.code == 0
    assert ids(outcome.stdout) == CRITICAL


def test_list_rating_repeats_and_min_rating(run: Run) -> None:
    both = run("list", "--rating", "critical", "--rating", "medium", "--format", "json")
    assert ids(both.stdout)[:2] == CRITICAL
    assert len(ids(both.stdout)) == 8
    high_up = run("list", "--min-rating", "high", "--format", "json")
    assert len(ids(high_up.stdout)) == 15


def test_list_trend_filters_on_the_current_quarter(run: Run) -> None:
    outcome = run("list", "--trend", "worsened", "--format", "json")
    assert ids(outcome.stdout) == ["CRR08"]
    arrows = run("list", "--trend", "↓", "--format", "json")
    assert ids(arrows.stdout) == ["CRR03", "CRR09", "CRR07", "CRR16"]


def test_list_closed_shows_the_closed_table(run: Run) -> None:
    outcome = run("list", "--closed", "--format", "csv")
    assert outcome.code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0] == "id,name,rationale,closed,reported"
    assert lines[1].startswith('CRR14,Alarms Management,"Following discussions')
    assert lines[1].endswith(",2022-03-08,2022-03-31")


def test_list_all_includes_closed(run: Run) -> None:
    outcome = run("list", "--all", "--format", "json")
    assert len(ids(outcome.stdout)) == 22
    assert ids(outcome.stdout)[-1] == "CRR14"


def test_list_csv_and_md(run: Run) -> None:
    csv_out = run("list", "--rating", "critical", "--format", "csv").stdout
    assert csv_out.splitlines() == [
        "id,name,status,rating,score,impact,probability,2021/22 Q1,2021/22 Q2,2021/22 Q3,"
        "2021/22 Q4",
        "CRR18,Core Skills Resilience & Training Risk,open,Critical,,,,N/A,New,↔,↔",
        "CRR20,Probation Data Sharing & Disclosure,open,Critical,,,,N/A,N/A,New,↔",
    ]
    md = run("list", "--rating", "critical", "--format", "md").stdout
    assert md.splitlines() == [
        "| ID | Risk name | Rating | Score | Q1 21/22 | Q2 21/22 | Q3 21/22 | Q4 21/22 |",
        "|---|---|---|---|---|---|---|---|",
        "| CRR18 | Core Skills Resilience & Training Risk | Critical |  | N/A | New | ↔ | ↔ |",
        "| CRR20 | Probation Data Sharing & Disclosure | Critical |  | N/A | N/A | New | ↔ |",
    ]


def test_list_unknown_rating_is_a_usage_error(run: Run) -> None:
    outcome = run("list", "--rating", "severe")
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        "riskreg: error: unknown rating 'severe'; allowed: Low, Medium, High, Critical\n"
    )


def test_a_malformed_file_does_not_hide_the_rest(run: Run, register: Path) -> None:
    (register / "risks" / "CRR10.yaml").write_text("id: CRR10\nname: [unclosed\n")
    outcome = run("list", "--format", "json")
    assert outcome.code == 1
    assert len(ids(outcome.stdout)) == 20
    assert "risks/CRR10.yaml:3:1: error: YAML syntax error" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_show_is_case_insensitive_and_readable(run: Run) -> None:
    outcome = run("show", "crr18")
    assert outcome.code == 0
    assert_golden("show_CRR18.txt", outcome.stdout)


def test_show_closed_risk_says_it_is_closed(run: Run) -> None:
    outcome = run("show", "CRR14")
    assert outcome.code == 0
    first = outcome.stdout.splitlines()[0]
    assert first == "CRR14  Alarms Management  [CLOSED]"
    assert outcome.stdout.splitlines()[3] == (
        "  Closed 2022-03-08; reported to the audit committee 2022-03-31"
    )


def test_show_json_and_yaml(run: Run) -> None:
    data = json.loads(run("show", "CRR20", "--format", "json").stdout)
    assert data["id"] == "CRR20"
    assert data["residual"] == {"rating": "Critical"}
    assert data["score"] is None
    yaml_out = run("show", "CRR14", "--format", "yaml").stdout
    assert "closed: 2022-03-08" in yaml_out


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "CRR18.yaml", "risks/CRR18"])
def test_ids_are_never_paths(run: Run, bad: str) -> None:
    outcome = run("show", bad)
    assert outcome.code == 2
    assert outcome.stderr == (
        f"riskreg: error: {bad!r} is not a risk ID: an ID is letters then digits, such as CRR18\n"
    )


def test_unknown_id(run: Run) -> None:
    outcome = run("show", "CRR99")
    assert outcome.code == 1
    assert outcome.stderr == (
        "riskreg: error: no risk CRR99 in this register (try 'riskreg list --all')\n"
    )


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


def test_guidance_bands(run: Run) -> None:
    outcome = run("guidance", "bands")
    assert outcome.code == 0
    assert_golden("guidance_bands.txt", outcome.stdout)


def test_guidance_json_holds_every_level(run: Run) -> None:
    data = json.loads(run("guidance", "--format", "json").stdout)
    assert [level["level"] for level in data["impact"]] == [5, 4, 3, 2, 1]
    assert data["probability"][0]["chance"] == "80% or more"
    assert data["impact"][0]["descriptions"]["Finance"] == "Costs over £2m"


def test_matrix_places_scored_risks(run: Run) -> None:
    run("score", "CRR18", "--impact", "5", "--prob", "4")
    outcome = run("matrix")
    assert outcome.code == 0
    assert_golden("matrix.txt", outcome.stdout)


def test_missing_register(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("list")
    assert outcome.code == 2
    assert outcome.stderr.startswith(
        f"riskreg: error: no register here: no riskreg.yaml in {tmp_path}"
    )


def test_register_from_environment(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RISKREG_DIR", str(register))
    assert len(ids(run("list", "--format", "json").stdout)) == 21


def test_bands_that_leave_a_gap_are_refused(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("min: 5\n", "min: 6\n"))
    outcome = run("list")
    assert outcome.code == 2
    assert outcome.stderr.startswith("riskreg: error: riskreg.yaml:")
    assert "score 5 can occur (impact x probability) but is in no band" in outcome.stderr


def test_init_refuses_an_existing_register(run: Run, register: Path) -> None:
    outcome = run("init", str(register))
    assert outcome.code == 2
    assert "exists already" in outcome.stderr


def test_version(run: Run) -> None:
    from riskreg import __version__

    assert run("--version").stdout == f"riskreg {__version__}\n"


def test_score_keeps_permissions_and_byte_order_mark(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR07.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    path.chmod(0o640)
    outcome = run("score", "CRR07", "--impact", "3", "--prob", "3")
    assert outcome.code == 0, outcome.stderr
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# yaml-language-server:")
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_show_scored_risk_gives_the_guidance_for_its_levels(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-21")
    assert run("score", "CRR18", "--impact", "5", "--prob", "4").code == 0
    outcome = run("show", "CRR18")
    assert outcome.code == 0
    assert_golden("show_CRR18_scored.txt", outcome.stdout)
