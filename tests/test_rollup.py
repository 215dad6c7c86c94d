"""`riskreg rollup DIR...`: the serious or escalated open risks of several registers,
each with its register; registers with other bands compared by rank from the top; a
broken register named with its file and line while the others are still read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import REPO, Run, copy_register

# A directorate register grading with three bands of its own: Green, Amber, Red.
THREE_BANDS = """\
  bands:
  - name: Green
    min: 1
    max: 5
    colour: green
  - name: Amber
    min: 6
    max: 12
    colour: dark_orange
  - name: Red
    min: 15
    max: 25
    colour: red
"""

RISK = """\
id: {id}
name: {name}
residual:
  rating: {rating}
  impact: {impact}
  probability: {probability}
trend:
  2021/22 Q4: new
last_reviewed: 2022-03-01
"""


def _operations(root: Path) -> Path:
    """A register with bands Green/Amber/Red and three risks: one Red, one Amber that
    was escalated, one Green."""
    root.mkdir(parents=True)
    shipped = (REPO / "riskreg.yaml").read_text("utf-8")
    head, _, _ = shipped.partition("  bands:\n")
    head = head.replace("title: West Midlands Police Corporate Risk Register", "title: Operations")
    head = head.replace("id_prefix: CRR", "id_prefix: OPS")
    head = head.replace(
        "review_intervals:\n  Critical: 30\n  High: 91\n  Medium: 182\n  Low: 182\n",
        "review_intervals:\n  Red: 30\n  Amber: 91\n  Green: 182\n",
    )
    (root / "riskreg.yaml").write_text(head + THREE_BANDS, "utf-8")
    (root / "risks").mkdir()
    (root / "closed").mkdir()
    for ident, name, rating, impact, probability in (
        ("OPS1", "Fleet availability", "Red", 4, 5),
        ("OPS2", "Radio replacement", "Amber", 3, 3),
        ("OPS3", "Uniform supply", "Green", 1, 2),
    ):
        text = RISK.format(
            id=ident, name=name, rating=rating, impact=impact, probability=probability
        )
        if ident == "OPS2":
            text += (
                "escalation:\n  to: Chief Officer Team\n  date: 2022-03-10\n"
                "  reason: Supplier failure\n"
            )
        (root / "risks" / f"{ident}.yaml").write_text(text, "utf-8")
    return root


@pytest.fixture
def registers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three registers side by side: corporate (the shipped one), operations (three
    bands of its own) and finance, whose riskreg.yaml is broken at line 4."""
    copy_register(tmp_path / "corporate")
    _operations(tmp_path / "operations")
    finance = copy_register(tmp_path / "finance")
    config = finance / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace("period: 2021/22 Q4", "period: 2021/22 Q9"), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_three_registers_one_broken_names_it_and_reads_the_others(
    run: Run, registers: Path
) -> None:
    outcome = run("rollup", "corporate", "operations", "finance", "--top", "1", "-f", "csv")
    assert outcome.code == 1
    assert outcome.stderr == (
        "riskreg: error: finance/riskreg.yaml:4:9: period: '2021/22 Q9' is not a quarter; "
        "write it in the form '2021/22 Q4' [invalid]\n"
        "riskreg: error: 1 of 3 registers could not be read in full: finance\n"
    )
    rows = _csv(outcome.stdout)
    assert [(r["register"], r["id"], r["rating"], r["band_rank"], r["why"]) for r in rows] == [
        # Each register's top band first, scored before unscored.
        ("operations", "OPS1", "Red", "1 of 3", "Red (1st of 3 bands)"),
        ("corporate", "CRR18", "Critical", "1 of 4", "Critical (1st of 4 bands)"),
        ("corporate", "CRR20", "Critical", "1 of 4", "Critical (1st of 4 bands)"),
        ("operations", "OPS2", "Amber", "2 of 3", "escalated to Chief Officer Team"),
    ]
    assert rows[3]["escalated"] == "Chief Officer Team on 2022-03-10"


def test_top_two_compares_bands_by_rank_whatever_their_names(run: Run, registers: Path) -> None:
    outcome = run("rollup", "operations", "corporate", "-f", "json")
    assert (outcome.code, outcome.stderr) == (0, "")
    data = json.loads(outcome.stdout)
    assert data["threshold"] == {"top": 2, "min_rating": None, "min_score": None}
    ratings = {(r["register"], r["rating"]) for r in data["risks"]}
    assert ratings == {
        ("corporate", "Critical"),
        ("corporate", "High"),
        ("operations", "Red"),
        ("operations", "Amber"),
    }
    assert [r["rolled_up"] for r in data["registers"]] == [2, 15]
    assert data["risks"][0]["register"] == "operations"  # Red scored 20 before unscored


def test_min_score_and_min_rating(run: Run, registers: Path) -> None:
    by_score = run("rollup", "operations", "--min-score", "9", "-f", "csv")
    assert [r["id"] for r in _csv(by_score.stdout)] == ["OPS1", "OPS2"]
    by_rating = run("rollup", "corporate", "operations", "--min-rating", "High", "-f", "csv")
    assert by_rating.code == 1
    assert by_rating.stderr.splitlines()[0] == (
        "riskreg: error: operations/riskreg.yaml:1:1: this register has no band 'High' (its "
        "bands: Green, Amber, Red); compare registers by rank with --top N instead "
        "[no-such-band]"
    )
    assert {r["register"] for r in _csv(by_rating.stdout)} == {"corporate"}


def test_table_and_md_name_each_register(run: Run, registers: Path) -> None:
    table = run("rollup", "operations", "finance", "--top", "1")
    assert table.code == 1
    assert table.stdout.splitlines()[0] == (
        "Roll-up of 2 registers: open risks in each register's highest band, or escalated"
    )
    assert "operations: Operations: 2 of 3 open risks" in table.stdout
    assert "finance: not read (errors below)" in table.stdout
    md = run("rollup", "operations", "--top", "1", "-f", "md")
    assert md.stdout.splitlines()[2:6] == [
        "| Register | ID | Risk name | Rating | Score | Owner | Why listed |",
        "|---|---|---|---|---|---|---|",
        "| operations | OPS1 | Fleet availability | Red | 20 |  | Red (1st of 3 bands) |",
        "| operations | OPS2 | Radio replacement | Amber | 9 |  | escalated to Chief Officer "
        "Team |",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--top", "0"),
            "riskreg: error: --top: give 1 or more (1 is each register's highest band)\n",
        ),
        (
            ("--top", "1", "--min-score", "9"),
            "riskreg: error: give one of --top or --min-score, not both\n",
        ),
    ],
)
def test_bad_options_are_one_line(
    run: Run, registers: Path, args: tuple[str, ...], message: str
) -> None:
    outcome = run("rollup", "operations", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", message)


def test_a_folder_without_a_register_is_named(run: Run, registers: Path) -> None:
    (registers / "empty").mkdir()
    outcome = run("rollup", "empty", "operations", "-f", "csv")
    assert outcome.code == 1
    assert outcome.stderr.splitlines()[0] == (
        "riskreg: error: empty/riskreg.yaml: cannot read the file: No such file or directory "
        "[file-unreadable]"
    )
    assert len(_csv(outcome.stdout)) == 2
