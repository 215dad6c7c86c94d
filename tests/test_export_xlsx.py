"""`riskreg export --format xlsx`: the workbook as Excel shows it, and its round trip
through `riskreg import`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SHIPPED_OPEN, Run, snapshot
from riskreg.register.setup import init_register

TODAY = "2022-03-15"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", TODAY)


def exported(run: Run, path: Path, *args: str) -> Path:
    outcome = run("export", "--format", "xlsx", "--output", str(path), *args)
    assert (outcome.code, outcome.stdout) == (0, "")
    return path


def test_the_workbook_opens_with_the_right_values_and_types(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    outcome = run("export", "--output", str(path))  # the format from the name
    assert outcome.code == 0
    assert outcome.stderr == f"riskreg: wrote {path}: 21 open and 1 closed risk(s), 0 action(s)\n"
    book = load_workbook(path)
    assert book.sheetnames == ["Open", "Closed", "Actions", "Guidance"]
    sheet = book["Open"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["Ref", "Risk", "Status", "Description", "Consequence", "Controls"]
    assert header[6:10] == [f"Trend 2021/22 Q{n}" for n in range(1, 5)]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C2", "A1:AA22")
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == sorted(SHIPPED_OPEN)
    crr18 = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "CRR18")
    by_heading = dict(zip(header, crr18, strict=True))
    assert by_heading["Risk"].value == "Core Skills Resilience & Training Risk"
    assert by_heading["Controls"].value.startswith("• Continued investment in contingency")
    assert by_heading["Controls"].value.count("\n• ") == 2
    assert by_heading["Controls"].alignment.wrap_text
    rating = by_heading["Rating"]
    assert (rating.value, rating.fill.fgColor.rgb) == ("Critical", "00FF0000")
    assert by_heading["Trend 2021/22 Q2"].value == "new"
    closed = book["Closed"]
    closed_header = [cell.value for cell in closed[1]]
    row = dict(zip(closed_header, closed[2], strict=True))
    assert row["Ref"].value == "CRR14"
    assert row["Closed"].value == dt.datetime(2022, 3, 8)  # a real date cell
    assert row["Closed"].is_date
    guidance = [[c.value for c in r] for r in book["Guidance"].iter_rows()]
    assert guidance[[g[0] for g in guidance].index("Band")][:3] == ["Band", "From", "To"]


def test_scores_are_numbers_and_actions_have_their_sheet(run: Run, tmp_path: Path) -> None:
    assert run("score", "CRR07", "--impact", "4", "--prob", "3").code == 0
    assert run("action", "CRR07", "Recruit a panel", "--due", "2022-09-30").code == 0
    book = load_workbook(exported(run, tmp_path / "r.xlsx"))
    sheet = book["Open"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "CRR07")
    values = dict(zip(header, row, strict=True))
    assert (values["Rating"], values["Impact"], values["Likelihood"]) == ("High", 4, 3)
    assert values["Last reviewed"] == dt.datetime(2022, 3, 15)
    actions = list(book["Actions"].iter_rows(values_only=True))
    assert actions[0] == ("Ref", "Action", "Owner", "Due", "Status", "Restricted")
    assert actions[1][:5] == ("CRR07", "Recruit a panel", None, dt.datetime(2022, 9, 30), "open")


def test_export_import_into_an_empty_register_lists_the_same(
    run: Run, register: Path, tmp_path: Path
) -> None:
    path = exported(run, tmp_path / "register.xlsx")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Fresh", "2021/22 Q4")
    outcome = run("-R", str(fresh), "import", str(path))
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.endswith("22 added, 0 updated, 0 unchanged, 0 skipped\n")
    assert run("-R", str(fresh), "validate").stdout == "23 files checked: no problems\n"
    for fmt in ("csv", "json"):
        assert (
            run("-R", str(fresh), "list", "--format", fmt).stdout
            == run("list", "--format", fmt).stdout
        )


def test_an_unchanged_export_changes_nothing(run: Run, register: Path, tmp_path: Path) -> None:
    assert run("score", "CRR07", "--impact", "4", "--prob", "3").code == 0
    assert run("action", "CRR07", "Recruit a panel", "--due", "2022-09-30").code == 0
    path = exported(run, tmp_path / "register.xlsx")
    before = snapshot(register)
    outcome = run("import", str(path), "--update")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.endswith("0 added, 0 updated, 22 unchanged, 0 skipped\n")
    assert snapshot(register) == before


def test_an_owners_edits_come_back_as_exactly_those_changes(
    run: Run, register: Path, tmp_path: Path
) -> None:
    for risk_id in ("CRR07", "CRR08"):
        assert run("owner", risk_id, "ACC Crime").code == 0
    assert run("owner", "CRR09", "ACC Operations").code == 0
    original = json.loads(run("show", "CRR07", "--format", "json").stdout)
    path = exported(run, tmp_path / "return.xlsx", "--owner", "acc crime")
    book = load_workbook(path)
    sheet = book["Open"]
    header = [cell.value for cell in sheet[1]]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["CRR07", "CRR08"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "CRR07")
    cells = dict(zip(header, row, strict=True))
    controls = cells["Controls"].value.split("\n")
    controls[0] = "• Retention plan agreed with the Staff Networks."
    cells["Controls"].value = "\n".join(controls)
    cells["Impact"].value, cells["Likelihood"].value = 4, 4  # Rating left as exported
    book.save(path)
    before = snapshot(register)
    dry = run("import", str(path), "--update", "--dry-run")
    assert dry.code == 0
    assert (
        "would update: risks/CRR07.yaml (controls, residual, last_reviewed, next_review, history)\n"
        "unchanged: risks/CRR08.yaml\n"
    ) in dry.stdout
    assert snapshot(register) == before
    done = run("import", str(path), "--update")
    assert (done.code, done.stderr) == (0, "")
    changed = {name for name, data in snapshot(register).items() if before.get(name) != data}
    assert changed == {"risks/CRR07.yaml"}
    risk = json.loads(run("show", "CRR07", "--format", "json").stdout)
    assert risk["controls"][0] == "Retention plan agreed with the Staff Networks."
    assert risk["controls"][1:] == original["controls"][1:]
    assert risk["residual"] == {"rating": "High", "impact": 4, "probability": 4}
    assert risk["history"][-1] == {
        "quarter": "2021/22 Q4", "date": TODAY, "event": "scored", "assessment": "residual",
        "impact": 4, "probability": 4, "rating": "High",
    }  # fmt: skip
    assert (risk["last_reviewed"], risk["next_review"]) == (TODAY, "2022-06-14")


def test_export_refusals(run: Run, tmp_path: Path) -> None:
    to_terminal = run("export", "--format", "xlsx")
    assert (to_terminal.code, to_terminal.stdout) == (2, "")
    assert (
        to_terminal.stderr
        == "riskreg: error: --format xlsx writes a workbook: give --output FILE.xlsx\n"
    )
    nobody = run("export", "--owner", "Nobody")
    assert nobody.code == 2
    assert nobody.stderr.startswith(
        "riskreg: error: --owner Nobody: no risk has this owner; owners: "
    )


def test_csv_written_to_a_file_starts_with_a_bom(run: Run, tmp_path: Path) -> None:
    outcome = run("export", "--output", str(tmp_path / "r.csv"))
    assert outcome.code == 0
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,status,")
    assert raw[3:].decode("utf-8") == run("export").stdout


def test_only_the_spreadsheet_commands_load_openpyxl(register: Path, tmp_path: Path) -> None:
    from test_startup import imported_modules

    listed, modules = imported_modules("--register", str(register), "list", "--format", "csv")
    assert listed.returncode == 0
    assert "riskreg.model.risk" in modules
    assert not [m for m in modules if m.split(".")[0] in ("openpyxl", "python_calamine")]
    path = tmp_path / "r.xlsx"
    written, modules = imported_modules("--register", str(register), "export", "-o", str(path))
    assert written.returncode == 0
    assert "openpyxl" in modules


def test_pack_of_an_imported_register_counts_quarters_from_the_trend(
    run: Run, register: Path, tmp_path: Path
) -> None:
    """The import records each risk `created` on the day of import; the sheet's trend says
    the risk was on the register quarters before. The pack counts by the trend: the same
    band chart, new and closed risks and totals as the register exported."""
    path = exported(run, tmp_path / "register.xlsx")
    fresh = tmp_path / "fresh"
    init_register(fresh, "West Midlands Police Corporate Risk Register", "2021/22 Q4")
    assert run("-R", str(fresh), "import", str(path)).code == 0
    chart = re.compile(r'aria-label="(Open risks by band[^"]*)"')
    summary = re.compile(r"<p>(?:New|Closed) this quarter: .*?</p>|<tr class=\"total\">.*?</tr>")
    shipped = run("report", "-f", "html").stdout
    imported = run("-R", str(fresh), "report", "-f", "html").stdout
    assert (
        chart.findall(imported)
        == chart.findall(shipped)
        == [
            "Open risks by band at the end of each quarter. 2021/22 Q1: 12 not recorded; "
            "2021/22 Q2: 18 not recorded; 2021/22 Q3: 20 not recorded; 2021/22 Q4: 2 Critical, "
            "13 High, 6 Medium."
        ]
    )
    assert summary.findall(imported) == summary.findall(shipped)
    assert '<td class="num">20</td><td class="num">21</td><td class="num">+1</td>' in imported


def test_a_control_character_stops_the_export_at_its_line(
    run: Run, register: Path, tmp_path: Path
) -> None:
    crr18 = register / "risks" / "CRR18.yaml"
    text = crr18.read_text("utf-8")
    name_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("name:"))
    crr18.write_text(
        re.sub(r"(?m)^name: .*$", 'name: "Core Skills\\\\x01 Resilience"', text), "utf-8"
    )
    path = tmp_path / "register.xlsx"
    outcome = run("export", "--format", "xlsx", "--output", str(path))
    assert outcome.code == 1
    assert outcome.stderr.startswith(
        f"riskreg: error: risks/CRR18.yaml:{name_line}:7: the text holds control character "
        'U+0001 (an escape in double quotes, "\\x01"), which cannot be seen or exported; '
        "remove it [control-character]\n"
    )
    assert "Traceback" not in outcome.stderr
    assert not path.exists()


def test_objectives_and_escalation_travel_in_the_workbook(run: Run, tmp_path: Path) -> None:
    """A register's own objectives and an escalation come back from its workbook as they
    were written: the new register's files are the old one's, byte for byte."""
    first, second = tmp_path / "first", tmp_path / "second"
    for root in (first, second):
        init_register(root, "Acme", "2021/22 Q4")
        with (root / "riskreg.yaml").open("a", encoding="utf-8") as config:
            config.write("objectives:\n  SO1: Keep people safe\n  SO2: Spend wisely\n")
    assert run("-R", str(first), "new", "--name", "Fleet", "--rating", "high").code == 0
    assert run("-R", str(first), "new", "--name", "Cyber attack", "--rating", "medium").code == 0
    escalated = run(
        "-R", str(first), "escalate", "CRR01", "--to", "Audit Committee",
        "--reason", "Above appetite", "--by", "Risk Manager",
    )  # fmt: skip
    assert escalated.code == 0
    with (first / "risks" / "CRR01.yaml").open("a", encoding="utf-8") as risk:
        risk.write("objectives:\n  - SO1\n  - SO2\n")
    path = tmp_path / "acme.xlsx"
    assert run("-R", str(first), "export", "--output", str(path)).code == 0
    sheet = load_workbook(path)["Open"]
    header = [cell.value for cell in sheet[1]]
    assert header[-5:] == [
        "Objectives", "Escalated to", "Escalated on", "Escalated by", "Escalation reason"
    ]  # fmt: skip
    crr01 = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert crr01["Objectives"] == "• SO1\n• SO2"
    assert crr01["Escalated on"] == dt.datetime(2022, 3, 15)
    outcome = run("-R", str(second), "import", str(path))
    assert (outcome.code, outcome.stderr) == (0, "")
    for name in ("CRR01.yaml", "CRR02.yaml"):
        assert (second / "risks" / name).read_bytes() == (first / "risks" / name).read_bytes()
