"""Exports never hand a spreadsheet a formula: CSV and TSV cells that would run get a
leading quote (OWASP's advice), import takes exactly that quote off, and xlsx cells are
typed as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import Run
from riskreg.interchange.formulas import neutralised, unneutralised
from riskreg.register.editing import render_new_file
from riskreg.register.setup import init_register

NAME = '=HYPERLINK("http://example.org","x")'
HOSTILE = {
    "id": "CRR30",
    "name": NAME,
    "status": "open",
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "impact_narrative": "+44 7700 900000 must not be dialled",
    "controls": ["- a control that begins with a dash", "'quoted already", "plain"],
    "residual": {"rating": "High"},
    "owner": "\tTabbed owner",
}


@pytest.fixture
def hostile(register: Path) -> Path:
    (register / "risks" / "CRR30.yaml").write_text(render_new_file(HOSTILE), "utf-8")
    return register


def hostile_row(text: str, delimiter: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    return next(row for row in rows if row["id"] == "CRR30")


def test_csv_cells_that_would_run_are_quoted(run: Run, hostile: Path) -> None:
    outcome = run("export", "--format", "csv")
    assert outcome.code == 0
    row = hostile_row(outcome.stdout, ",")
    assert row["name"] == "'" + NAME
    assert row["description"].startswith("'@SUM")
    assert row["impact_narrative"].startswith("'+44")
    assert row["owner"] == "'\tTabbed owner"
    assert row["controls"].startswith("'- ")  # a YAML list cell begins with "- " itself
    assert row["residual_rating"] == "High"  # nothing else is touched


def test_list_csv_is_quoted_too(run: Run, hostile: Path) -> None:
    outcome = run("list", "--format", "csv")
    assert outcome.code == 0
    assert hostile_row(outcome.stdout, ",")["name"] == "'" + NAME


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_export_then_import_is_identical(run: Run, hostile: Path, tmp_path: Path, fmt: str) -> None:
    outcome = run("export", "--format", fmt)
    assert outcome.code == 0
    if fmt == "tsv":
        assert "\t'=HYPERLINK(" in outcome.stdout
    source = tmp_path / f"export.{fmt}"
    source.write_text(outcome.stdout, "utf-8")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Fresh", "2021/22 Q4")
    imported = run("-R", str(fresh), "import", str(source))
    assert (imported.code, imported.stderr) == (0, "")
    original = (hostile / "risks" / "CRR30.yaml").read_bytes()
    assert (fresh / "risks" / "CRR30.yaml").read_bytes() == original


def test_xlsx_cells_are_text_not_formulas(run: Run, hostile: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    assert run("export", "--output", str(path)).code == 0
    sheet = load_workbook(path)["Open"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "CRR30")
    assert (cell.value, cell.data_type) == (NAME, "s")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Fresh", "2021/22 Q4")
    assert run("-R", str(fresh), "import", str(path)).code == 0
    back = run("-R", str(fresh), "show", "CRR30", "--format", "json").stdout
    assert NAME.replace('"', '\\"') in back
    assert "- a control that begins with a dash" in back


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'", "''=", "'=x", "plain", "", "a=b", "'a"],
)
def test_quoting_is_undone_exactly(text: str) -> None:
    assert unneutralised(neutralised(text)) == text
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralised(text) == "'" + text
