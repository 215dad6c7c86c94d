"""Reading a spreadsheet's cells: an .xlsx workbook (every sheet), or a CSV or TSV file.

The cells come back as Python values: text, numbers, and dates where the workbook
holds real date cells. CSV and TSV text is decoded by `encodings` (the encoding found is
named), its separator sniffed (Excel writes `;` in some locales), and the quote riskreg
puts before formula-like text on export is taken off again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.interchange.encodings import decode
from riskreg.interchange.formulas import unneutralised

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".tab")


@dataclass
class Sheet:
    name: str | None  # None for a CSV or TSV file
    rows: list[list[object]]

    def place(self, shown: str, row: int, letter: str | None = None) -> str:
        """Where a row (1-based) or one of its cells is, as a user finds it."""
        if self.name is None:
            return f"{shown}: row {row}" + (f", column {letter}" if letter else "")
        sheet = f"'{self.name}'" if not self.name.replace("_", "").isalnum() else self.name
        return f"{shown}: {sheet}!{letter}{row}" if letter else f"{shown}: sheet {sheet}, row {row}"


@dataclass
class Workbook:
    shown: str
    kind: str  # xlsx, csv or tsv
    sheets: list[Sheet]
    encoding: str | None = None  # for CSV and TSV: the encoding found or given

    def describe(self) -> str:
        if self.encoding is not None:
            return f"{self.shown}: {self.kind.upper()}, {self.encoding}"
        names = ", ".join(sheet.name or "" for sheet in self.sheets)
        return f"{self.shown}: workbook with sheets {names}"


def is_spreadsheet(source: Path, export_kind: str | None) -> bool:
    """An .xlsx workbook, or a CSV or TSV file that is not one of riskreg's own exports."""
    suffix = source.suffix.lower()
    if suffix in (*WORKBOOK_SUFFIXES, ".xls"):
        return True
    return suffix in TEXT_SUFFIXES and export_kind is None


def read_raw(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{source}: is a folder; give the file to import") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot read: {error.strerror}") from None


def read_workbook(source: Path, shown: str, encoding: str | None = None) -> Workbook:
    suffix = source.suffix.lower()
    if suffix == ".xls":
        raise UsageError(f"{shown}: an Excel 97-2003 workbook; save it as .xlsx, then import")
    if suffix in WORKBOOK_SUFFIXES:
        if encoding is not None:
            raise UsageError(f"--encoding is for CSV and TSV files; {shown} is a workbook")
        return _read_xlsx(source, shown)
    decoded = decode(read_raw(source), shown, encoding)
    delimiter = "\t" if suffix in (".tsv", ".tab") else _sniffed(decoded.text)
    kind = "tsv" if delimiter == "\t" else "csv"
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    try:
        rows: list[list[object]] = [[unneutralised(cell) for cell in row] for row in reader]
    except csv.Error as error:
        raise UsageError(
            f"{shown}: row {reader.line_num}: not valid {kind.upper()}: {error}"
        ) from None
    return Workbook(shown, kind, [Sheet(None, rows)], decoded.encoding)


def _rows(book: Any, name: str) -> list[list[object]]:
    # From A1 whatever the sheet's used range, so rows and columns are numbered as in Excel.
    rows: list[list[object]] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return rows


def _cells(row: list[object]) -> list[object]:
    return [
        None
        if value == ""
        else int(value)
        if isinstance(value, float) and value.is_integer()
        else value
        for value in row
    ]


def _sniffed(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_xlsx(source: Path, shown: str) -> Workbook:
    """Every sheet's cells, read with python-calamine (Rust: ten times openpyxl's speed).

    Cells come back as openpyxl gives them: a whole number as an int, an empty cell as
    None, a formula as its last computed value, a date cell as a date.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(source))
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None
    except (CalamineError, ValueError):
        raise UsageError(f"{shown}: cannot read: not an .xlsx workbook") from None
    try:
        sheets = [
            Sheet(name, [_cells(row) for row in _rows(book, name)]) for name in book.sheet_names
        ]
    except (CalamineError, ValueError):
        raise UsageError(f"{shown}: cannot read: not an .xlsx workbook") from None
    finally:
        book.close()
    return Workbook(shown, "xlsx", sheets)
