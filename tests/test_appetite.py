"""Risk appetite: `appetite:` in riskreg.yaml, `risk_category:` on a risk, validate's
outside-appetite warning, `riskreg escalate`, `list --outside-appetite`, show, export and
import, and the pack's appetite view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run, snapshot

APPETITE = """\
appetite:
  levels: {Averse: 4, Minimal: 6, Cautious: 9, Open: 12, Eager: 16}
  categories:
    Financial: Cautious
    People: Open
"""


def _set_category(register: Path, risk_id: str, category: str) -> Path:
    path = register / "risks" / f"{risk_id}.yaml"
    text = path.read_text("utf-8")
    head, name, rest = text.partition("\nname: ")
    line_end = rest.index("\n")
    path.write_text(
        head + name + rest[:line_end] + f"\nrisk_category: {category}" + rest[line_end:],
        "utf-8",
    )
    return path


@pytest.fixture
def appetite(register: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped register with an appetite; CRR18 (Financial) and CRR02 (People)."""
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(APPETITE)
    _set_category(register, "CRR18", "Financial")
    _set_category(register, "CRR02", "People")
    return register


def test_a_register_without_appetite_accepts_an_orange_book_category(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    _set_category(register, "CRR18", "financial")
    outcome = run("validate", "--strict", "--format", "parsable")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (0, "", "")


def test_scoring_above_appetite_fails_strict_validation_until_escalated(
    run: Run, appetite: Path
) -> None:
    scored = run("score", "CRR18", "--impact", "4", "--prob", "3")
    assert scored.code == 0, scored.stderr
    warned = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert warned.code == 0
    assert "outside-appetite" in warned.stdout
    strict = run("validate", "--strict", "--format", "parsable")
    assert strict.code == 1
    lines = strict.stdout.splitlines()
    assert len(lines) == 1
    line = lines[0]
    residual_line = (
        (appetite / "risks" / "CRR18.yaml").read_text("utf-8").splitlines().index("residual:")
    )
    # At the residual's first line: its rating.
    assert line.startswith(f"risks/CRR18.yaml:{residual_line + 2}:3: ")
    assert line.endswith(
        "warning: outside appetite: score 12 (High) is above the Cautious appetite of "
        "Financial (up to 9); reduce it, or record a decision: riskreg escalate CRR18 "
        "--to WHOM --reason TEXT, or riskreg accept CRR18 --by WHOM --expires DATE "
        "--rationale TEXT [outside-appetite]"
    )

    escalated = run(
        "escalate", "crr18", "--to", "Audit Committee", "--reason", "Training backlog",
        "--by", "Head of L&D",
    )  # fmt: skip
    assert (escalated.code, escalated.stderr) == (0, "")
    assert escalated.stdout.startswith("CRR18: escalated to Audit Committee on 2022-03-31")
    text = (appetite / "risks" / "CRR18.yaml").read_text("utf-8")
    assert (
        "escalation:\n  to: Audit Committee\n  date: 2022-03-31\n  by: Head of L&D\n"
        "  reason: Training backlog\n"
    ) in text
    assert run("validate", "--strict", "--format", "parsable").code == 0


def test_an_escalation_in_an_earlier_quarter_does_not_answer_the_warning(
    run: Run, appetite: Path
) -> None:
    run("score", "CRR18", "--impact", "4", "--prob", "3")
    with open(appetite / "risks" / "CRR18.yaml", "a", encoding="utf-8") as stream:
        stream.write("escalation: {to: Chief Constable, date: 2021-12-01, reason: Backlog}\n")
    outcome = run("validate", "--strict", "--format", "parsable")
    assert outcome.code == 1
    assert "[outside-appetite]" in outcome.stdout


def test_escalate_without_a_recipient_changes_nothing(run: Run, appetite: Path) -> None:
    before = snapshot(appetite)
    outcome = run("escalate", "CRR18", "--to", " ", "--reason", "Backlog")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: say who the risk is escalated to: --to 'Audit Committee'\n"
    )
    assert snapshot(appetite) == before


def test_an_unknown_risk_category_is_an_error_at_its_line(run: Run, appetite: Path) -> None:
    _set_category(appetite, "CRR05", "Money")
    outcome = run("validate", "--format", "parsable", "risks/CRR05.yaml")
    assert outcome.code == 1
    assert outcome.stdout == (
        "risks/CRR05.yaml:4:16: error: risk_category 'Money' is not a risk category; "
        "allowed: Financial, People [unknown-risk-category]\n"
    )


def test_a_category_naming_no_level_is_a_config_error(run: Run, appetite: Path) -> None:
    config = appetite / "riskreg.yaml"
    config.write_text(config.read_text("utf-8").replace("People: Open", "People: Hungry"))
    outcome = run("validate", "--format", "parsable")
    assert outcome.code == 1
    assert "error: appetite.categories.People is Hungry, which is not an appetite level" in (
        outcome.stdout + outcome.stderr
    )


def test_band_named_levels_compare_by_band(run: Run, appetite: Path) -> None:
    config = appetite / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "{Averse: 4, Minimal: 6, Cautious: 9, Open: 12, Eager: 16}",
            "{Averse: Low, Cautious: Medium, Open: High, Eager: Critical}",
        )
    )
    run("score", "CRR02", "--impact", "3", "--prob", "4")  # 12: High, within Open
    run("score", "CRR18", "--impact", "3", "--prob", "4")  # 12: High, above Cautious
    listed = json.loads(run("list", "--outside-appetite", "--format", "json").stdout)
    assert [(r["id"], r["outside_appetite"]) for r in listed] == [
        ("CRR18", {"level": "Cautious", "tolerance": "Medium"})
    ]


def test_list_outside_appetite_shows_only_the_breaches(run: Run, appetite: Path) -> None:
    run("score", "CRR18", "--impact", "4", "--prob", "3")  # 12 > Cautious 9
    run("score", "CRR02", "--impact", "3", "--prob", "4")  # 12 <= Open 12
    csv = run("list", "--outside-appetite", "--format", "csv")
    assert csv.code == 0
    header, *rows = csv.stdout.splitlines()
    assert header.endswith(",risk_category,appetite,escalated")
    assert [row.split(",")[0] for row in rows] == ["CRR18"]
    assert rows[0].endswith(",Financial,Cautious (up to 9),")
    table = run("list", "--outside-appetite")
    assert "Cautious ≤9" in table.stdout
    assert "CRR02" not in table.stdout


def test_show_says_where_a_risk_stands_against_its_appetite(run: Run, appetite: Path) -> None:
    run("score", "CRR18", "--impact", "4", "--prob", "3")
    run("escalate", "CRR18", "--to", "Audit Committee", "--reason", "Training backlog")
    shown = run("show", "CRR18").stdout
    assert "Risk category Financial: appetite Cautious (up to 9)  outside appetite" in shown
    assert "Escalated to Audit Committee on 2022-03-31: Training backlog" in shown
    data = json.loads(run("show", "CRR18", "--format", "json").stdout)
    assert data["risk_category"] == "Financial"
    assert data["outside_appetite"] == {"level": "Cautious", "tolerance": "9"}
    assert data["escalation"]["to"] == "Audit Committee"


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv"])
def test_export_then_import_keeps_category_and_escalation(
    run: Run, appetite: Path, tmp_path: Path, fmt: str
) -> None:
    run("escalate", "CRR18", "--to", "Audit Committee", "--reason", "Training backlog")
    exported = tmp_path / f"register.{fmt}"
    assert run("export", "--output", str(exported)).code == 0
    empty = tmp_path / "empty"
    assert run("init", str(empty)).code == 0
    imported = run("--register", str(empty), "import", str(exported))
    assert imported.code == 0, imported.stderr
    text = (empty / "risks" / "CRR18.yaml").read_text("utf-8")
    assert "risk_category: Financial\n" in text
    assert "escalation:\n  to: Audit Committee\n  date: 2022-03-31\n" in text


def test_a_csv_export_without_appetite_fields_has_no_appetite_columns(
    run: Run, register: Path
) -> None:
    header = run("export", "--format", "csv").stdout.splitlines()[0]
    assert header.endswith(",history")


def test_the_pack_counts_and_lists_the_risks_outside_appetite(
    run: Run, appetite: Path, tmp_path: Path
) -> None:
    run("score", "CRR18", "--impact", "4", "--prob", "3")
    run("escalate", "CRR18", "--to", "Audit Committee", "--reason", "Training backlog")
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert 'Outside appetite (1): <a href="#CRR18">CRR18</a>' in html
    assert '<section id="appetite">' in html
    assert (
        '<tr><td>Financial</td><td>Cautious</td><td class="num">9</td><td>none</td>'
        '<td class="overdue"><a href="#CRR18">CRR18</a></td></tr>'
    ) in html
    assert '<div class="overdue">Outside appetite: Cautious (up to 9)</div>' in html
    assert "<div>Escalated to Audit Committee on 31 March 2022: Training backlog</div>" in html


def test_a_pack_without_appetite_has_no_appetite_view(run: Run, tmp_path: Path) -> None:
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    assert "appetite" not in pack.read_text("utf-8").casefold()
