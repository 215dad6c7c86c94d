"""`riskreg export --format xlsx`: the register as an Excel workbook, for the audit
committee's copy and for owners' quarterly returns.

Sheets: Open and Closed (one row per risk, every field but the history and the key risk
indicators, which the JSON export carries), Actions (one row per action) and Guidance
(the scales and bands). Header rows are frozen and
filtered, rating cells carry their band's colour, dates are real dates, text wraps.
The headings are ones `riskreg import` recognises, and lists are written one bulleted
line per item, so importing an unchanged workbook with --update changes nothing.

Text cells are typed as text: a risk named `=HYPERLINK(...)` is shown, never run, so
no quote is put before it as in CSV.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from riskreg.interchange.cells import list_cell
from riskreg.model.custom_fields import FieldSpec
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Risk
from riskreg.model.text_layout import CONTROL_CHARACTER
from riskreg.render.pack.styles import css_colour, ink_for
from riskreg.scoring.guidance import Scoring

# openpyxl's WriteOnlyWorksheet, whose type stubs lack the column widths it has.
Sheet = Any

DATE_FORMAT = "dd mmm yyyy"  # 30 Jun 2022: read the same way in every country
HEADER_FILL = "D9D9D9"
CELL_TEXT_LIMIT = 32_767  # characters a cell holds


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


def _own(name: str, spec: FieldSpec) -> Callable[[Risk], Any]:
    def value(risk: Risk) -> Any:
        found = risk.custom.get(name)
        return _items(found) if spec.type == "list" and isinstance(found, list) else found

    return value


def _nested(field: str, *keys: str) -> Callable[[Risk], Any]:
    def value(risk: Risk) -> Any:
        found: Any = getattr(risk, field)
        for key in keys:
            found = getattr(found, key) if found is not None else None
        return found

    return value


# Columns shown only when some risk sets their field, by that field.
OPTIONAL_COLUMNS: dict[str, tuple[tuple[str, float, tuple[str, ...]], ...]] = {
    "risk_category": (("Risk category", 16, ()),),
    "objectives": (("Objectives", 14, ()),),
    "escalation": (
        ("Escalated to", 22, ("to",)),
        ("Escalated on", 13, ("date",)),
        ("Escalated by", 22, ("by",)),
        ("Escalation reason", 40, ("reason",)),
    ),
    "treatment": (
        ("Treatment", 12, ("decision",)),
        ("Treatment rationale", 40, ("rationale",)),
        ("Accepted by", 22, ("acceptance", "by")),
        ("Accepted on", 13, ("acceptance", "date")),
        ("Acceptance expires", 13, ("acceptance", "expires")),
    ),
}


def set_fields(risks: list[Risk]) -> set[str]:
    """The optional fields (OPTIONAL_COLUMNS) that at least one of `risks` sets."""
    return {name for name in OPTIONAL_COLUMNS if any(getattr(r, name) for r in risks)}


def risk_columns(
    quarters: list[str],
    closed: bool,
    shown: Collection[str] = (),
    own: Mapping[str, FieldSpec] | None = None,
) -> list[Column]:
    """A sheet's columns: every field's, the trend's for `quarters`, the closure's on the
    Closed sheet, those of the optional fields in `shown`, and the register's own."""
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
    for name, optional in OPTIONAL_COLUMNS.items():
        if name == "objectives" and name in shown:
            columns.append(Column("Objectives", 14, lambda r: _items(r.objectives) or None))
        elif name in shown:
            columns += [Column(head, width, _nested(name, *keys)) for head, width, keys in optional]
    if closed:
        columns += [
            Column("Closure rationale", 60, _closure("rationale")),
            Column("Closed", 13, _closure("closed")),
            Column("Closure reported", 13, _closure("reported")),
        ]
    # The register's own fields last, headed by their names, which import reads back.
    for name, spec in (own or {}).items():
        width = 13 if spec.type in ("date", "number") else 30
        columns.append(Column(name, width, _own(name, spec)))
    return columns


ACTION_HEADINGS = (("Ref", 8), ("Action", 60), ("Owner", 22), ("Due", 13), ("Status", 12),
                   ("Restricted", 11))  # fmt: skip


def workbook_bytes(
    risks: list[Risk], scoring: Scoring, own: Mapping[str, FieldSpec] | None = None
) -> bytes:
    """The workbook of `risks` (in the order given), as the bytes of an .xlsx file.

    Written with openpyxl in write-only mode, row by row, each style made once and
    shared by every cell that wears it: several times faster than building the sheet
    cell by cell in memory.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    open_sheet = _sheet(book, "Open")
    styles = _Styles(open_sheet, scoring)
    quarters = [q.label for q in sorted({Quarter.parse(label) for r in risks for label in r.trend})]
    shown = set_fields(risks)
    _risk_sheet(
        open_sheet,
        [r for r in risks if r.is_open],
        risk_columns(quarters, False, shown, own),
        styles,
    )
    _risk_sheet(
        _sheet(book, "Closed"),
        [r for r in risks if not r.is_open],
        risk_columns(quarters, True, shown, own),
        styles,
    )
    _actions_sheet(_sheet(book, "Actions"), risks, styles)
    _guidance_sheet(_sheet(book, "Guidance"), scoring, styles)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Styles:
    """The workbook's cell styles, each registered with the workbook once.

    Setting a font or fill on a cell looks the style up in the workbook by its hash,
    which for 270,000 cells took a third of the export. Each style is set once on a
    model cell, and its style array shared by each cell that wears it (a cell written
    row by row is never changed after it is made, so one array serves them all).
    """

    def __init__(self, sheet: Sheet, scoring: Scoring) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self.new_cell = WriteOnlyCell

        wrap = Alignment(wrap_text=True, vertical="top")
        left = Alignment(vertical="top", horizontal="left")
        bold = Font(bold=True)
        self.text = self._made(sheet, alignment=wrap)
        self.other = self._made(sheet, alignment=left)
        self.date = self._made(sheet, alignment=left, number_format=DATE_FORMAT)
        self.bold = {
            kind: self._made(sheet, font=bold, **settings)
            for kind, settings in (
                ("text", {"alignment": wrap}),
                ("other", {"alignment": left}),
                ("date", {"alignment": left, "number_format": DATE_FORMAT}),
            )
        }
        self.header = self._made(
            sheet, alignment=wrap, font=bold, fill=PatternFill("solid", fgColor=HEADER_FILL)
        )
        self.bands: dict[str, Any] = {}
        for band in scoring.bands:
            background = css_colour(band.colour)
            self.bands[band.name] = self._made(
                sheet,
                alignment=wrap,
                fill=PatternFill("solid", fgColor=background.lstrip("#").upper()),
                font=Font(bold=True, color=ink_for(background).lstrip("#").upper()),
            )

    @staticmethod
    def _made(sheet: Sheet, **settings: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell: Any = WriteOnlyCell(sheet)
        for name, value in settings.items():
            setattr(cell, name, value)
        return cell._style


def _cell(sheet: Sheet, value: Any, styles: _Styles, bold: bool = False) -> Any:
    """A cell of `value`, aligned to the top; text wraps, dates show as dates.

    Text and dates are typed here rather than by openpyxl's value setter, which looks
    up the type and screens the text of each of 270,000 cells: text is always text
    (even when it begins with "=": never a formula), and only text too long for a
    cell, or holding a character a workbook cannot, goes through the setter.
    """
    if value is None or value == "":
        return None
    cell: Any = styles.new_cell(sheet)
    if isinstance(value, str):
        if len(value) > CELL_TEXT_LIMIT or CONTROL_CHARACTER.search(value):
            cell.value = value  # openpyxl's own handling: cut to the limit, or an error
        else:
            cell._value = value
        cell.data_type = "s"
        kind = "text"
    elif isinstance(value, dt.date):
        cell._value = value
        cell.data_type = "d"
        kind = "date"
    else:
        cell.value = value
        kind = "other"
    cell._style = styles.bold[kind] if bold else getattr(styles, kind)
    return cell


def _sheet(book: Any, title: str) -> Sheet:
    """A new write-only sheet whose rows are lists of cells made by `_cell` (or None).

    openpyxl's `append` first tries each item as a plain value, fails on a cell, then
    makes a fresh cell for the next: a third of the export's time. Rows here are cells
    already, so each is only given its place.
    """
    sheet = book.create_sheet(title)
    if hasattr(sheet, "_values_to_row"):
        sheet._values_to_row = _placed
    return sheet


def _placed(cells: list[Any], row: int) -> Iterator[Any]:
    for column, cell in enumerate(cells, 1):
        if cell is not None:
            cell.column = column
            cell.row = row
            yield cell


def _header(sheet: Sheet, headings: list[tuple[str, float]], rows: int, styles: _Styles) -> None:
    """The heading row, frozen and filtered, and the columns' widths (before any row)."""
    from openpyxl.utils import get_column_letter

    cells = []
    for index, (heading, width) in enumerate(headings, 1):
        cell = _cell(sheet, heading, styles)
        cell._style = styles.header
        cells.append(cell)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2" if headings[:2] == [("Ref", 8), ("Risk", 32)] else "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{max(rows, 1) + 1}"
    sheet.append(cells)


def _risk_sheet(sheet: Sheet, risks: list[Risk], columns: list[Column], styles: _Styles) -> None:
    _header(sheet, [(c.heading, c.width) for c in columns], len(risks), styles)
    for risk in risks:
        row = []
        for column in columns:
            value = column.value(risk)
            cell = _cell(sheet, value, styles)
            if column.rating and value and (style := styles.bands.get(str(value))):
                cell._style = style
            row.append(cell)
        sheet.append(row)


def _actions_sheet(sheet: Sheet, risks: list[Risk], styles: _Styles) -> None:
    rows = [(risk.id, action) for risk in risks for action in risk.actions]
    _header(sheet, list(ACTION_HEADINGS), len(rows), styles)
    for risk_id, action in rows:
        values = (
            risk_id,
            action.action,
            action.owner,
            action.due,
            action.status,
            "yes" if action.restricted else None,
        )
        sheet.append([_cell(sheet, value, styles) for value in values])


def _guidance_sheet(sheet: Sheet, scoring: Scoring, styles: _Styles) -> None:
    """The impact scale by category, the probability scale, and the bands with colours."""
    from openpyxl.utils import get_column_letter

    categories = scoring.categories
    sheet.column_dimensions["A"].width = 14
    for index in range(2, max(len(categories), 5) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 30

    def put(*values: Any, bold: bool = False) -> None:
        sheet.append([_cell(sheet, value, styles, bold=bold) for value in values])

    put("Impact", bold=True)
    put("Level", *categories, bold=True)
    for level in sorted(scoring.impact, key=lambda item: -item.level):
        put(level.level, *(level.descriptions.get(name) for name in categories))
    put()
    put("Likelihood", bold=True)
    put("Level", "Likelihood", "Detail", "Chance", "Relative", "Frequency", bold=True)
    for item in sorted(scoring.probability, key=lambda item: -item.level):
        put(item.level, item.description, item.detail, item.chance, item.relative,
            item.frequency)  # fmt: skip
    put()
    put("Bands (score = impact × likelihood)", bold=True)
    put("Band", "From", "To", bold=True)
    for band in scoring.bands:
        name = _cell(sheet, band.name, styles)
        if style := styles.bands.get(band.name):
            name._style = style
        sheet.append([name, _cell(sheet, band.min, styles), _cell(sheet, band.max, styles)])
