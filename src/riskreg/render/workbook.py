"""`riskreg export --format xlsx`: the register as an Excel workbook, for the audit
committee's copy and for owners' quarterly returns.

Sheets: Open and Closed (one row per risk, every field but the history), Actions (one
row per action) and Guidance (the scales and bands). Header rows are frozen and
filtered, rating cells carry their band's colour, dates are real dates, text wraps.
The headings are ones `riskreg import` recognises, and lists are written one bulleted
line per item, so importing an unchanged workbook with --update changes nothing.

Text cells are typed as text: a risk named `=HYPERLINK(...)` is shown, never run, so
no quote is put before it as in CSV.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from riskreg.interchange.cells import list_cell
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Risk
from riskreg.render.pack.styles import css_colour, ink_for
from riskreg.scoring.guidance import Scoring

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd mmm yyyy"  # 30 Jun 2022: read the same way in every country
HEADER_FILL = "D9D9D9"


@dataclass(frozen=True)
class Column:
    heading: str
    width: float
    value: Callable[[Risk], Any]
    rating: bool = False  # coloured by its band


def _assessment(which: str, key: str) -> Callable[[Risk], Any]:
    def value(risk: Risk) -> Any:
        assessment = getattr(risk, which)
        return getattr(assessment, key) if assessment is not None else None

    return value


def _closure(key: str) -> Callable[[Risk], Any]:
    return lambda risk: getattr(risk.closure, key) if risk.closure else None


def _trend(label: str) -> Callable[[Risk], Any]:
    return lambda risk: risk.trend[label].value if label in risk.trend else None


def _items(items: list[Any]) -> str:
    return list_cell(
        [
            item.model_dump(exclude_none=True) if hasattr(item, "model_dump") else item
            for item in items
        ]
    )


def _treatment(*keys: str) -> Callable[[Risk], Any]:
    def value(risk: Risk) -> Any:
        found: Any = risk.treatment
        for key in keys:
            found = getattr(found, key) if found is not None else None
        return found

    return value


# The treatment's columns, shown only when a risk has a treatment.
TREATMENT_COLUMNS = (
    ("Treatment", 12, ("decision",)),
    ("Treatment rationale", 40, ("rationale",)),
    ("Accepted by", 22, ("acceptance", "by")),
    ("Accepted on", 13, ("acceptance", "date")),
    ("Acceptance expires", 13, ("acceptance", "expires")),
)


def risk_columns(
    quarters: list[str], closed: bool, treatment: bool = False, categorised: bool = False
) -> list[Column]:
    columns = [
        Column("Ref", 8, lambda r: r.id),
        Column("Risk", 32, lambda r: r.name),
        Column("Status", 9, lambda r: r.status),
        Column("Description", 60, lambda r: r.description or None),
        Column("Consequence", 50, lambda r: r.impact_narrative or None),
        Column("Controls", 70, lambda r: _items(r.controls) or None),
        *[Column(f"Trend {label}", 12, _trend(label)) for label in quarters],
    ]
    for which, prefix in (("residual", ""), ("inherent", "Inherent "), ("target", "Target ")):
        columns += [
            Column(f"{prefix}Rating".capitalize(), 11, _assessment(which, "rating"), rating=True),
            Column(f"{prefix}Impact".capitalize(), 9, _assessment(which, "impact")),
            Column(f"{prefix}Likelihood".capitalize(), 11, _assessment(which, "probability")),
            Column(f"{prefix}Category".capitalize(), 14, _assessment(which, "category")),
        ]
    columns += [
        Column("Owner", 22, lambda r: r.owner),
        Column("Department", 22, lambda r: r.department),
        Column("Last reviewed", 13, lambda r: r.last_reviewed),
        Column("Next review", 13, lambda r: r.next_review),
        Column("Notes", 50, lambda r: _items(r.notes) or None),
    ]
    if categorised:
        columns.append(Column("Risk category", 16, lambda r: r.risk_category))
    if treatment:
        columns += [
            Column(head, width, _treatment(*keys)) for head, width, keys in TREATMENT_COLUMNS
        ]
    if closed:
        columns += [
            Column("Closure rationale", 60, _closure("rationale")),
            Column("Closed", 13, _closure("closed")),
            Column("Closure reported", 13, _closure("reported")),
        ]
    return columns


ACTION_HEADINGS = (("Ref", 8), ("Action", 60), ("Owner", 22), ("Due", 13), ("Status", 12),
                   ("Restricted", 11))  # fmt: skip


def workbook_bytes(risks: list[Risk], scoring: Scoring) -> bytes:
    """The workbook of `risks` (in the order given), as the bytes of an .xlsx file."""
    from openpyxl import Workbook

    book = Workbook()
    open_sheet = book.active
    assert open_sheet is not None
    open_sheet.title = "Open"
    quarters = [q.label for q in sorted({Quarter.parse(label) for r in risks for label in r.trend})]
    treated = any(r.treatment is not None for r in risks)
    categorised = any(r.risk_category for r in risks)
    _risk_sheet(
        open_sheet,
        [r for r in risks if r.is_open],
        risk_columns(quarters, False, treated, categorised),
        scoring,
    )
    _risk_sheet(
        book.create_sheet("Closed"),
        [r for r in risks if not r.is_open],
        risk_columns(quarters, True, treated, categorised),
        scoring,
    )
    _actions_sheet(book.create_sheet("Actions"), risks)
    _guidance_sheet(book.create_sheet("Guidance"), scoring)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    from openpyxl.styles import Alignment

    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it begins with "=": never a formula
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(vertical="top", horizontal="left")
    else:
        cell.alignment = Alignment(vertical="top", horizontal="left")
    return cell


def _header(sheet: Worksheet, headings: list[tuple[str, float]], rows: int) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for index, (heading, width) in enumerate(headings, 1):
        cell = _put(sheet, 1, index, heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2" if headings[:2] == [("Ref", 8), ("Risk", 32)] else "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{max(rows, 1) + 1}"


def _band_fill(scoring: Scoring, rating: str) -> tuple[Any, Any] | None:
    from openpyxl.styles import Font, PatternFill

    band = scoring.band_named(rating)
    if band is None:
        return None
    background = css_colour(band.colour)
    return (
        PatternFill("solid", fgColor=background.lstrip("#").upper()),
        Font(bold=True, color=ink_for(background).lstrip("#").upper()),
    )


def _risk_sheet(
    sheet: Worksheet, risks: list[Risk], columns: list[Column], scoring: Scoring
) -> None:
    _header(sheet, [(c.heading, c.width) for c in columns], len(risks))
    for row, risk in enumerate(risks, 2):
        for index, column in enumerate(columns, 1):
            value = column.value(risk)
            cell = _put(sheet, row, index, value)
            if column.rating and value and (style := _band_fill(scoring, str(value))):
                cell.fill, cell.font = style


def _actions_sheet(sheet: Worksheet, risks: list[Risk]) -> None:
    rows = [(risk.id, action) for risk in risks for action in risk.actions]
    _header(sheet, list(ACTION_HEADINGS), len(rows))
    for row, (risk_id, action) in enumerate(rows, 2):
        values = (
            risk_id,
            action.action,
            action.owner,
            action.due,
            action.status,
            "yes" if action.restricted else None,
        )
        for index, value in enumerate(values, 1):
            _put(sheet, row, index, value)


def _guidance_sheet(sheet: Worksheet, scoring: Scoring) -> None:
    """The impact scale by category, the probability scale, and the bands with colours."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    categories = scoring.categories
    row = 1
    _put(sheet, row, 1, "Impact").font = bold
    row += 1
    for index, heading in enumerate(["Level", *categories], 1):
        _put(sheet, row, index, heading).font = bold
    for level in sorted(scoring.impact, key=lambda item: -item.level):
        row += 1
        _put(sheet, row, 1, level.level)
        for index, name in enumerate(categories, 2):
            _put(sheet, row, index, level.descriptions.get(name))
    row += 2
    _put(sheet, row, 1, "Likelihood").font = bold
    row += 1
    headings = ["Level", "Likelihood", "Detail", "Chance", "Relative", "Frequency"]
    for index, heading in enumerate(headings, 1):
        _put(sheet, row, index, heading).font = bold
    for item in sorted(scoring.probability, key=lambda item: -item.level):
        row += 1
        values = (item.level, item.description, item.detail, item.chance, item.relative,
                  item.frequency)  # fmt: skip
        for index, value in enumerate(values, 1):
            _put(sheet, row, index, value)
    row += 2
    _put(sheet, row, 1, "Bands (score = impact × likelihood)").font = bold
    row += 1
    for index, heading in enumerate(("Band", "From", "To"), 1):
        _put(sheet, row, index, heading).font = bold
    for band in scoring.bands:
        row += 1
        cell = _put(sheet, row, 1, band.name)
        if style := _band_fill(scoring, band.name):
            cell.fill, cell.font = style
        if band.min is not None and band.max is not None:  # a grid's bands have no range
            _put(sheet, row, 2, band.min)
            _put(sheet, row, 3, band.max)
    sheet.column_dimensions["A"].width = 14
    for index in range(2, max(len(categories), 5) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 30
