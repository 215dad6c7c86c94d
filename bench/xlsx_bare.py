"""The reference for riskreg's spreadsheet import and export: the same file read, or the
same rows written, with the library riskreg uses and nothing else.

    python bench/xlsx_bare.py read FILE.xlsx        # every sheet, with python-calamine
    python bench/xlsx_bare.py rows FILE.xlsx ROWS   # save FILE's rows as JSON (setup)
    python bench/xlsx_bare.py write ROWS OUT.xlsx   # those rows, with openpyxl (write-only)
"""

from __future__ import annotations

import datetime as dt
import json
import sys


def read(path: str) -> list[list[list[object]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]


def save_rows(path: str, target: str) -> None:
    def plain(value: object) -> object:
        return {"date": value.isoformat()} if isinstance(value, dt.date) else value

    sheets = {
        name: [[plain(value) for value in row] for row in rows]
        for name, rows in zip(_names(path), read(path), strict=True)
    }
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(sheets, handle)


def _names(path: str) -> list[str]:
    from python_calamine import CalamineWorkbook

    return list(CalamineWorkbook.from_path(path).sheet_names)


def write(rows_path: str, target: str) -> None:
    from openpyxl import Workbook

    def value(cell: object) -> object:
        if isinstance(cell, dict):
            return dt.date.fromisoformat(cell["date"])
        return None if cell == "" else cell

    with open(rows_path, encoding="utf-8") as handle:
        sheets = json.load(handle)
    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([value(cell) for cell in row])
    book.save(target)


if __name__ == "__main__":
    verb, *paths = sys.argv[1:]
    if verb == "read":
        read(*paths)
    elif verb == "rows":
        save_rows(*paths)
    else:
        write(*paths)
