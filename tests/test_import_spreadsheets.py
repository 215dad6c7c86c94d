"""`riskreg import` of other organisations' spreadsheets: .xlsx workbooks built here with
openpyxl, and CSV files in the encodings Excel writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import Run, snapshot
from riskreg.register.setup import init_register

TODAY = "2022-03-15"


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RISKREG_TODAY", TODAY)
    root = tmp_path / "empty"
    init_register(root, "Acme risks", "2021/22 Q4")
    return root


def workbook(path: Path, rows: list[list[object]], title: str = "Risks") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def risk_file(root: Path, risk_id: str) -> dict[str, object]:
    data = yaml.safe_load((root / "risks" / f"{risk_id}.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


ACME_HEADER = ["Risk ID", "Risk name", "Cause", "Impact", "Existing controls",
               "Likelihood", "Severity", "RAG", "Risk owner", "Directorate", "Next review",
               "Date raised", "Comments from the board"]  # fmt: skip


def acme(tmp_path: Path, *extra: list[object]) -> Path:
    """Another organisation's register: a merged title row, a blank row, its own headings."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Risks"
    sheet.append(["Acme Ltd risk register, March 2022"])
    sheet.merge_cells("A1:M1")
    sheet.append([])
    sheet.append(ACME_HEADER)
    sheet.append(["R1", "Supplier failure", "One supplier for parts", "Lines stop for weeks",
                  "• Second supplier found\n• Contract reviewed yearly", "4 - Likely", 4,
                  "Red", "COO", "Operations", "30/06/2022", dt.datetime(2021, 5, 3),
                  "seen"])  # fmt: skip
    sheet.append([None, "Cyber attack", "Phishing", "Customer data lost",
                  "1. Staff training\n2. Multi-factor sign-in\n   for every account", 3, "2",
                  "Amber", "CIO", "IT", "30-Jun-2022", None, None])  # fmt: skip
    for row in extra:
        sheet.append(row)
    path = tmp_path / "acme.xlsx"
    book.save(path)
    return path


RAG = ("--rating-map", "Red=High", "--rating-map", "amber=Medium")


def test_another_organisations_workbook_dry_run_shows_the_mapping(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    source = acme(tmp_path)
    before = snapshot(empty)
    outcome = run("-R", str(empty), "import", str(source), "--dry-run", *RAG)
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == (
        f"read {source}: workbook with sheets Risks\n"
        "sheet Risks, header row 3:\n"
        "  A (Risk ID) -> id\n"
        "  B (Risk name) -> name\n"
        "  C (Cause) -> description\n"
        "  D (Impact) -> impact_narrative\n"
        "  E (Existing controls) -> controls\n"
        "  F (Likelihood) -> probability\n"
        "  G (Severity) -> impact\n"
        "  H (RAG) -> rating\n"
        "  I (Risk owner) -> owner\n"
        "  J (Directorate) -> department\n"
        "  K (Next review) -> next_review\n"
        "  L (Date raised) -> date_raised\n"
        "  M (Comments from the board) ignored: not a heading riskreg knows\n"
        f"would add: {empty}/risks/R1.yaml\n"
        f"would add: {empty}/risks/CRR01.yaml\n"
        "2 added, 0 updated, 0 unchanged, 0 skipped (dry run: nothing written)\n"
    )
    assert snapshot(empty) == before


def test_another_organisations_workbook_imports_as_expected(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    outcome = run("-R", str(empty), "import", str(acme(tmp_path)), *RAG)
    assert (outcome.code, outcome.stderr) == (0, "")
    supplier = risk_file(empty, "R1")
    assert supplier == {
        "id": "R1",
        "name": "Supplier failure",
        "description": "One supplier for parts",
        "impact_narrative": "Lines stop for weeks",
        "controls": ["Second supplier found", "Contract reviewed yearly"],
        "trend": {"2021/22 Q4": "new"},
        "residual": {"rating": "High", "impact": 4, "probability": 4},
        "owner": "COO",
        "department": "Operations",
        "last_reviewed": dt.date(2022, 3, 15),
        "next_review": dt.date(2022, 6, 30),
        "history": [
            {"quarter": "2021/22 Q1", "date": dt.date(2021, 5, 3), "event": "created",
             "assessment": "residual", "impact": 4, "probability": 4, "rating": "High"},
        ],
    }  # fmt: skip
    cyber = risk_file(empty, "CRR01")  # no ID in the sheet: the next free one
    assert cyber["controls"] == ["Staff training", "Multi-factor sign-in\nfor every account"]
    assert cyber["residual"] == {"rating": "Medium", "impact": 2, "probability": 3}
    assert cyber["next_review"] == dt.date(2022, 6, 30)
    assert run("-R", str(empty), "validate").code == 0
    # The same sheet again: the row without an ID is matched by its name.
    again = run("-R", str(empty), "import", str(acme(tmp_path)), *RAG)
    assert again.code == 0
    assert again.stdout.endswith("0 added, 0 updated, 2 unchanged, 0 skipped\n")


def test_bad_rows_name_each_cell_and_write_nothing(run: Run, empty: Path, tmp_path: Path) -> None:
    source = acme(
        tmp_path,
        ["R3", "Flood", "", "", "", "Very high", 9, "Purple", "", "", "31/02/2022", None, None],
        ["R4", "Fire", "", "", "", 2, None, "", "", "", "", None, None],
    )
    before = snapshot(empty)
    outcome = run("-R", str(empty), "import", str(source), *RAG)
    assert outcome.code == 1
    assert outcome.stdout == f"read {source}: workbook with sheets Risks\n"
    assert outcome.stderr == (
        f'riskreg: error: {source}: Risks!F6 (Likelihood): "Very high" is not a probability 1-5\n'
        f'riskreg: error: {source}: Risks!G6 (Severity): "9" is not an impact 1-5\n'
        f'riskreg: error: {source}: Risks!H6 (RAG): "Purple" is not a rating (Low, Medium, High, '
        "Critical)\n"
        f'riskreg: error: {source}: Risks!K6 (Next review): "31/02/2022" is not a date; '
        "write it as dd/mm/yyyy, 30-Jun-2022 or 2022-06-30\n"
        f"riskreg: error: {source}: Risks!G7 (Severity): the row gives a residual probability "
        "but no impact; give both or neither\n"
        "riskreg: error: 5 problem(s) in 2 row(s); nothing imported (fix them, or use "
        "--skip-bad to import the good rows)\n"
    )
    assert "Traceback" not in outcome.stderr
    assert snapshot(empty) == before


def test_skip_bad_writes_the_good_rows_and_lists_the_rest(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    source = acme(tmp_path, ["R3", "Flood", "", "", "", "Very high", 2, "", "", "", "", None, ""])
    outcome = run("-R", str(empty), "import", str(source), "--skip-bad", *RAG)
    assert outcome.code == 1
    assert "2 added, 0 updated, 0 unchanged, 0 skipped\n" in outcome.stdout
    assert outcome.stderr.endswith(
        f"riskreg: error: 1 bad row(s) left out: {source}: sheet Risks, row 6\n"
    )
    assert sorted(p.name for p in (empty / "risks").iterdir()) == ["CRR01.yaml", "R1.yaml"]


def test_rag_colours_need_a_rating_map(run: Run, empty: Path, tmp_path: Path) -> None:
    outcome = run("-R", str(empty), "import", str(acme(tmp_path)))
    assert outcome.code == 1
    assert (
        'Risks!H4 (RAG): "Red" is not a rating (Low, Medium, High, Critical); map other '
        "words with --rating-map Red=High\n" in outcome.stderr
    )


def test_impact_holding_levels_is_the_score(run: Run, empty: Path, tmp_path: Path) -> None:
    source = workbook(
        tmp_path / "levels.xlsx",
        [["Ref", "Title", "Consequence", "Impact", "Probability", "Rating"],
         ["CRR07", "Power cut", "Servers stop", "5 - Severe", "2", "Medium"]],
    )  # fmt: skip
    outcome = run("-R", str(empty), "import", str(source))
    assert (outcome.code, outcome.stderr) == (0, "")
    data = risk_file(empty, "CRR07")
    assert data["impact_narrative"] == "Servers stop"
    assert data["residual"] == {"rating": "Medium", "impact": 5, "probability": 2}


def test_map_sheet_header_row_and_us_dates(run: Run, empty: Path, tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Nothing here"])
    sheet = book.create_sheet("Register")
    sheet.append(["Code", "Heading", "Grade", "Accountable lead", "Due back"])
    sheet.append(["crr-9", "Fraud", "low", "CFO", "06/30/2022"])
    book.save(tmp_path / "mapped.xlsx")
    outcome = run(
        "-R", str(empty), "import", str(tmp_path / "mapped.xlsx"), "--sheet", "register",
        "--header-row", "1", "--map", "id=Code", "--map", "name=B", "--map", "rating=Grade",
        "--map", "owner=Accountable lead", "--map", "next_review=Due back",
        "--date-order", "mdy",
    )  # fmt: skip
    assert (outcome.code, outcome.stderr) == (0, "")
    data = risk_file(empty, "CRR9")
    assert (data["name"], data["owner"], data["next_review"]) == (
        "Fraud",
        "CFO",
        dt.date(2022, 6, 30),
    )
    assert data["residual"] == {"rating": "Low"}


def test_a_sheet_without_headings_riskreg_knows_says_what_to_do(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    source = workbook(tmp_path / "odd.xlsx", [["Code", "Heading"], ["X1", "Thing"]])
    outcome = run("-R", str(empty), "import", str(source))
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        f"riskreg: error: {source}: sheet Risks: no header row found: none of the top 30 rows "
        "names both a risk's ID or name and another field; give --header-row N, and "
        "--map FIELD=COLUMN for headings riskreg does not know\n"
    )


CSV_TEXT = (
    "Ref,Risk,Controls,Likelihood,Impact,Owner,Next review\r\n"
    'CRR40,Budget gap of £2m – widening,"- Monthly forecast\r\n- Hiring freeze",4,4,CFO,'
    "01/07/2022\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("cp1252", "Windows-1252"),
        ("utf-16", "UTF-16 (little-endian) with a BOM"),
        ("utf-8-sig", "UTF-8 with a BOM"),
        ("utf-8", "UTF-8"),
    ],
)
def test_csv_encodings_are_detected_and_named(
    run: Run, empty: Path, tmp_path: Path, encoding: str, named: str
) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(CSV_TEXT.encode(encoding))
    if encoding == "cp1252":
        assert "£".encode("cp1252") in source.read_bytes()  # not UTF-8: one byte for £
    outcome = run("-R", str(empty), "import", str(source))
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith(f"read {source}: CSV, {named}\n")
    data = risk_file(empty, "CRR40")
    assert data["name"] == "Budget gap of £2m – widening"
    assert data["controls"] == ["Monthly forecast", "Hiring freeze"]
    assert data["residual"] == {"rating": "High", "impact": 4, "probability": 4}
    assert data["next_review"] == dt.date(2022, 7, 1)


def test_encoding_option_and_bad_bytes(run: Run, empty: Path, tmp_path: Path) -> None:
    source = tmp_path / "mac.csv"
    source.write_bytes(CSV_TEXT.replace("£", "€").encode("mac_roman"))
    wrong = run("-R", str(empty), "import", str(source), "--encoding", "klingon")
    assert (wrong.code, wrong.stderr) == (
        2,
        "riskreg: error: --encoding klingon: not an encoding Python knows\n",
    )
    right = run("-R", str(empty), "import", str(source), "--encoding", "mac_roman")
    assert right.code == 0
    assert right.stdout.startswith(f"read {source}: CSV, mac_roman (as given)\n")
    assert risk_file(empty, "CRR40")["name"] == "Budget gap of €2m – widening"
    (tmp_path / "bad.csv").write_bytes(b"Ref,Risk\r\nCRR41,Bad \x81 byte\r\n")
    bad = run("-R", str(empty), "import", str(tmp_path / "bad.csv"))
    assert bad.code == 2
    assert bad.stderr == (
        f"riskreg: error: {tmp_path / 'bad.csv'}:2:11: neither UTF-8 nor Windows-1252 (byte "
        "0x81 here); give --encoding NAME, e.g. --encoding latin-1\n"
    )


def test_semicolon_csv_and_tsv(run: Run, empty: Path, tmp_path: Path) -> None:
    (tmp_path / "semi.csv").write_text("ID;Name;Rating\nCRR50;Semi;Low\n", "utf-8")
    (tmp_path / "tabs.tsv").write_text("ID\tName\tRating\nCRR51\tTabs\tHigh\n", "utf-8")
    for name in ("semi.csv", "tabs.tsv"):
        outcome = run("-R", str(empty), "import", str(tmp_path / name))
        assert (outcome.code, outcome.stderr) == (0, "")
    assert risk_file(empty, "CRR50")["residual"] == {"rating": "Low"}
    assert risk_file(empty, "CRR51")["residual"] == {"rating": "High"}


def test_spreadsheet_options_are_refused_for_other_files(run: Run, empty: Path) -> None:
    from conftest import SEED

    outcome = run("-R", str(empty), "import", str(SEED), "--sheet", "Risks")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == f"riskreg: error: --sheet is for spreadsheets; {SEED} is not one\n"


def test_an_old_excel_file_is_refused_clearly(run: Run, empty: Path, tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    outcome = run("-R", str(empty), "import", str(tmp_path / "old.xls"))
    assert outcome.code == 2
    assert "an Excel 97-2003 workbook; save it as .xlsx, then import" in outcome.stderr
    (tmp_path / "fake.xlsx").write_text("not a zip", "utf-8")
    fake = run("-R", str(empty), "import", str(tmp_path / "fake.xlsx"))
    assert (fake.code, fake.stderr) == (
        2,
        f"riskreg: error: {tmp_path / 'fake.xlsx'}: cannot read: not an .xlsx workbook\n",
    )


def test_a_control_character_in_a_cell_is_named_and_nothing_written(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    source = tmp_path / "pasted.csv"  # text pasted from elsewhere, with a bell in it
    source.write_text("Ref,Risk,Rating\nR1,Supplier\x07 failure,High\nR2,Flood,Low\n", "utf-8")
    before = snapshot(empty)
    outcome = run("-R", str(empty), "import", str(source))
    assert outcome.code == 1
    assert outcome.stderr == (
        f"riskreg: error: {source}: row 2, column B (Risk): holds control character U+0007, "
        "which "
        "cannot be seen or exported; remove it\n"
        "riskreg: error: 1 problem(s) in 1 row(s); nothing imported (fix them, or use "
        "--skip-bad to import the good rows)\n"
    )
    assert snapshot(empty) == before


def test_a_register_imported_from_a_sheet_reimports_its_own_workbook_unchanged(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    """A sheet without a Status column gives files without `status:`; the register's own
    workbook has a Status column, and reading it back changes nothing."""
    source = acme(tmp_path)
    assert run("-R", str(empty), "import", str(source), *RAG).code == 0
    assert "status" not in risk_file(empty, "R1")
    workbook_path = tmp_path / "register.xlsx"
    assert run("-R", str(empty), "export", "--output", str(workbook_path)).code == 0
    before = snapshot(empty)
    outcome = run("-R", str(empty), "import", str(workbook_path), "--update")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.endswith("0 added, 0 updated, 2 unchanged, 0 skipped\n")
    assert snapshot(empty) == before
