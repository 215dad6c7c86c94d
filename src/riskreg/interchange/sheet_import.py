"""Risks from a spreadsheet: each row read as a risk, checked cell by cell, and matched
with the register's risks, ready for `importing` to write.

* Every problem names its cell ("register.xlsx: Risks!F14 (Likelihood): ..."); all are
  collected, and a row with any is bad. The rows are written only if none is bad, or
  with `--skip-bad` the good ones.
* A row without an ID is the register's risk of the same name if there is one, else a
  new risk with the next free ID; so importing the same sheet twice adds nothing twice.
* A new risk is written as `riskreg new` writes it (New this quarter, reviewed today,
  a history entry) unless the sheet has those columns.
* An existing risk keeps every field the sheet lacks. A changed score acts as
  `riskreg score` does: a history entry, the quarter's arrow and the next review date.
* A workbook's sheet named Actions (Ref, Action, Owner, Due, Status, Restricted) sets
  the actions of the risks it imports, as `riskreg export --format xlsx` writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from riskreg.errors import UsageError
from riskreg.interchange.cells import (
    CellError,
    is_score,
    read_date,
    read_list,
    read_rating,
    read_score,
    text_of,
)
from riskreg.interchange.columns import (
    TREND,
    Mapping,
    column_letter,
    field_for,
    find_header,
    heading_text,
    map_columns,
    normalise,
)
from riskreg.interchange.spreadsheets import Sheet, Workbook, read_workbook
from riskreg.model.custom_fields import FieldSpec
from riskreg.model.ids import normalise_id
from riskreg.model.quarters import Quarter
from riskreg.model.risk import ID_RE, Direction, RegisterConfig, Risk, risk_from_data
from riskreg.model.text_layout import CONTROL_CHARACTER
from riskreg.model.timeline import next_review_after

ASSESSMENTS = {"": "residual", "inherent_": "inherent", "target_": "target"}
TEXT_FIELDS = ("name", "description", "impact_narrative", "owner", "department", "risk_category")
DATE_FIELDS = ("last_reviewed", "next_review")
LIST_FIELDS = ("controls", "notes", "objectives")
ACTIONS_SHEET = "actions"


@dataclass(frozen=True)
class SheetOptions:
    sheet: str | None = None
    header_row: int | None = None
    overrides: tuple[str, ...] = ()
    encoding: str | None = None
    day_first: bool = True
    rating_map: dict[str, str] = field(default_factory=dict)
    skip_bad: bool = False


@dataclass(frozen=True)
class Column:
    """A column of a sheet that gives a field, and how its cells are read."""

    index: int  # 0-based
    name: str  # the field
    letter: str
    heading: str
    read: Reader


@dataclass
class Row:
    """One spreadsheet row read as a risk: its fields, where it is, what is wrong with it."""

    sheet: Sheet
    number: int
    where: str
    shown: str
    columns: list[Column]  # the sheet's columns that give fields, shared by its rows
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    raised: dt.date | None = None
    disagreements: dict[str, tuple[str, str]] = field(default_factory=dict)  # rating vs levels

    def has_column(self, name: str) -> bool:
        """Whether the sheet has a column for field `name` (filled in this row or not)."""
        return any(column.name == name for column in self.columns)

    def cell(self, name: str) -> str:
        """Where this row's cell for field `name` is, for a message: the row without one."""
        for column in self.columns:
            if column.name == name:
                place = self.sheet.place(self.shown, self.number, column.letter)
                return f"{place} ({column.heading})"
        return self.where


@dataclass
class SheetImport:
    """What was read: the sheets and their columns, the rows ready to import, the bad ones."""

    workbook: Workbook
    mappings: list[tuple[Sheet, Mapping]] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # sheet, why
    rows: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)
    actions_read: int | None = None  # None: no Actions sheet read

    def summary(self, columns: bool = True) -> list[str]:
        """What was read; with `columns`, the columns used and ignored, sheet by sheet."""
        out = [f"read {self.workbook.describe()}"]
        if not columns:
            return out
        for sheet, mapping in self.mappings:
            name = f"sheet {sheet.name}, " if sheet.name is not None else ""
            out.append(f"{name}header row {mapping.header_row}:")
            for index, got in sorted(mapping.fields.items()):
                out.append(f"  {mapping.label(index)} -> {got}")
            for index, why in sorted(mapping.ignored.items()):
                out.append(f"  {mapping.label(index)} ignored: {why}")
        for name, why in self.left_out:
            out.append(f"sheet {name}: {why}")
        if self.actions_read is not None:
            out.append(f"sheet Actions: {self.actions_read} action(s)")
        return out


def is_sheet(source: Path, encoding: str | None) -> bool:
    """Whether `source` is read as a spreadsheet: an .xlsx workbook, or a CSV or TSV file
    that is not one of riskreg's own exports."""
    from riskreg.interchange.encodings import decode
    from riskreg.interchange.exports import export_kind
    from riskreg.interchange.spreadsheets import TEXT_SUFFIXES, is_spreadsheet, read_raw

    if source.suffix.lower() not in TEXT_SUFFIXES:
        return is_spreadsheet(source, None)
    text = decode(read_raw(source), str(source), encoding).text
    return is_spreadsheet(source, export_kind(text))


def read_sheet_import(
    root: Path,
    config: RegisterConfig,
    source: Path,
    shown: str,
    options: SheetOptions,
    today: dt.date,
) -> SheetImport:
    """Read `source` and turn its rows into risk data; problems are collected, not raised."""
    workbook = read_workbook(source, shown, options.encoding)
    result = SheetImport(workbook)
    sheets = _chosen_sheets(workbook, options.sheet)
    rows: list[Row] = []
    actions: dict[str, list[dict[str, Any]]] | None = None
    for sheet in sheets:
        if sheet.name is not None and sheet.name.casefold() == ACTIONS_SHEET and not options.sheet:
            actions = _read_actions(sheet, shown, options, result)
            continue
        header = find_header(sheet.rows, options.header_row)
        if header is None:
            if options.sheet is not None or sheet.name is None or len(sheets) == 1:
                raise UsageError(_no_header(sheet, shown, options.header_row))
            result.left_out.append((sheet.name, "no header row naming a risk's ID or name"))
            continue
        headings = [heading_text(cell) for cell in sheet.rows[header]]
        mapping = map_columns(headings, header + 1, list(options.overrides), tuple(config.fields))
        _settle_impact(sheet, mapping, config, header)
        if mapping.column_of("id") is None and mapping.column_of("name") is None:
            raise UsageError(
                f"{sheet.place(shown, header + 1)}: no column holds the risk's ID or name; "
                "name one with --map id=COLUMN or --map name=COLUMN"
            )
        result.mappings.append((sheet, mapping))
        columns = _columns(mapping, config, options)
        for number in range(header + 2, len(sheet.rows) + 1):
            cells = sheet.rows[number - 1]
            if all(_blank(cell) for cell in cells):
                continue
            rows.append(_read_row(sheet, number, cells, columns, config, shown))
    if not result.mappings:
        raise UsageError(f"{shown}: no sheet has a header row naming a risk's ID or name")
    if not rows:
        raise UsageError(f"{shown}: no risks: every row below the header row is empty")
    _plan_rows(root, config, rows, actions, today)
    for row in rows:
        if row.problems:
            result.problems.extend(row.problems)
            result.bad_rows.append(row.where)
        else:
            result.rows.append((row.data, row.where))
    return result


def _blank(cell: object) -> bool:
    """`text_of(cell) == ""`, without making the text of a cell that has some."""
    if cell is None or cell == "":
        return True
    return isinstance(cell, str) and not cell.strip()


def _chosen_sheets(workbook: Workbook, wanted: str | None) -> list[Sheet]:
    if wanted is None:
        return workbook.sheets
    if workbook.kind != "xlsx":
        raise UsageError(f"--sheet is for workbooks; {workbook.shown} is a {workbook.kind} file")
    for sheet in workbook.sheets:
        if sheet.name is not None and sheet.name.casefold() == wanted.casefold():
            return [sheet]
    names = ", ".join(sheet.name or "" for sheet in workbook.sheets)
    raise UsageError(f"--sheet {wanted}: {workbook.shown} has no such sheet; it has {names}")


def _no_header(sheet: Sheet, shown: str, header_row: int | None) -> str:
    where = f"{shown}: sheet {sheet.name}" if sheet.name is not None else shown
    if header_row is not None:
        return f"{where}: --header-row {header_row}: the sheet has {len(sheet.rows)} row(s)"
    return (
        f"{where}: no header row found: none of the top 30 rows names both a risk's ID or "
        "name and another field; give --header-row N, and --map FIELD=COLUMN for "
        "headings riskreg does not know"
    )


def _settle_impact(sheet: Sheet, mapping: Mapping, config: RegisterConfig, header: int) -> None:
    """A column headed Impact holding text is the narrative; holding levels, the score."""
    index = mapping.column_of("impact")
    if index is None or mapping.column_of("impact_narrative") is not None:
        return
    if normalise(mapping.headings[index]) not in ("impact", "impacts"):
        return
    values = [
        row[index] for row in sheet.rows[header + 1 :] if index < len(row) and text_of(row[index])
    ]
    if values and not all(is_score(value, config.scoring.max_impact) for value in values):
        mapping.fields[index] = "impact_narrative"
        # A Severity column left aside for the Impact heading now gives the impact.
        for other, why in sorted(mapping.ignored.items()):
            if why.startswith("impact is read from") and field_for(mapping.headings[other]):
                mapping.fields[other] = "impact"
                del mapping.ignored[other]
                break


Reader = Callable[["Row", object, str], None]


def _columns(mapping: Mapping, config: RegisterConfig, options: SheetOptions) -> list[Column]:
    """Each mapped column's index, field and reader, in column order: worked out once per
    sheet, so that reading a row is one call per cell."""
    return [
        Column(index, name, column_letter(index), mapping.headings[index],
               _reader(name, config, options))
        for index, name in sorted(mapping.fields.items())
    ]  # fmt: skip


def _reader(name: str, config: RegisterConfig, options: SheetOptions) -> Reader:
    """How a cell of the column for field `name` is read into a row's data."""
    scoring = config.scoring
    day_first = options.day_first

    def put(value: Callable[[object, str], Any]) -> Reader:
        def read(row: Row, cell: object, text: str) -> None:
            row.data[name] = value(cell, text)

        return read

    if name in config.fields:
        spec = config.fields[name]
        return put(lambda cell, _text: _read_own(cell, spec, options))
    if name == "id":
        return put(lambda cell, _text: _read_id(cell, config))
    if name in TEXT_FIELDS:
        return put(lambda _cell, text: text)
    if name == "status":
        return put(lambda cell, _text: _read_status(cell))
    if name in LIST_FIELDS:
        return put(lambda cell, _text: read_list(cell))
    if name in DATE_FIELDS:
        return put(lambda cell, _text: read_date(cell, day_first))
    if name == "date_raised":

        def raised(row: Row, cell: object, _text: str) -> None:
            row.raised = read_date(cell, day_first)

        return raised
    if name.startswith("closure_"):
        key = name.removeprefix("closure_")

        def closure(row: Row, cell: object, text: str) -> None:
            found = row.data.setdefault("closure", {})
            found[key] = text if key == "rationale" else read_date(cell, day_first)

        return closure
    if name.startswith("escalation_"):
        part = name.removeprefix("escalation_")

        def escalation(row: Row, cell: object, text: str) -> None:
            found = row.data.setdefault("escalation", {})
            found[part] = read_date(cell, day_first) if part == "date" else text

        return escalation
    if name.startswith("treatment_"):
        part = name.removeprefix("treatment_")
        return lambda row, cell, _text: _read_treatment(row.data, part, cell, options)
    if name.startswith(TREND + " "):
        label = name[len(TREND) + 1 :]

        def trend(row: Row, cell: object, _text: str) -> None:
            row.data.setdefault("trend", {})[label] = _read_direction(cell)

        return trend
    prefix, _, what = name.rpartition("_") if "_" in name else ("", "", name)
    which = ASSESSMENTS[prefix + "_" if prefix else ""]

    def level(cell: object, text: str) -> Any:
        if what == "rating":
            return read_rating(cell, scoring, options.rating_map)
        if what == "category":
            return text
        return read_score(cell, scoring, what)

    def assessment(row: Row, cell: object, text: str) -> None:
        row.data.setdefault(which, {})[what] = level(cell, text)

    return assessment


def _read_row(
    sheet: Sheet,
    number: int,
    cells: list[object],
    columns: list[Column],
    config: RegisterConfig,
    shown: str,
) -> Row:
    row = Row(sheet, number, sheet.place(shown, number), shown, columns)
    width = len(cells)
    for column in columns:
        value = cells[column.index] if column.index < width else None
        text = text_of(value)
        if text == "":
            continue
        if found := CONTROL_CHARACTER.search(text):
            row.problems.append(
                f"{row.cell(column.name)}: holds control character U+{ord(found.group()):04X}, "
                "which cannot be seen or exported; remove it"
            )
            continue
        try:
            column.read(row, value, text)
        except CellError as error:
            row.problems.append(f"{row.cell(column.name)}: {error}")
    for prefix, which in ASSESSMENTS.items():
        _settle_rating(row, which, prefix, config)
    return row


def _read_treatment(data: dict[str, Any], key: str, value: object, options: SheetOptions) -> None:
    """A treatment cell: the decision and rationale as text, the acceptance's by and dates."""
    from riskreg.model.treatment import parse_decision

    treatment = data.setdefault("treatment", {})
    if key == "decision":
        try:
            treatment["decision"] = parse_decision(text_of(value))
        except ValueError as error:
            raise CellError(str(error)) from None
    elif key == "rationale":
        treatment["rationale"] = text_of(value)
    else:
        part = key.removeprefix("acceptance_")
        acceptance = treatment.setdefault("acceptance", {})
        acceptance[part] = text_of(value) if part == "by" else read_date(value, options.day_first)


def _read_id(value: object, config: RegisterConfig) -> str:
    text = text_of(value).replace(" ", "").replace("-", "").upper()
    if text.isdigit():
        text = f"{config.id_prefix}{int(text):02d}"
    if not ID_RE.match(text):
        raise CellError(
            f'"{text_of(value)[:40]}" is not a risk ID (letters then digits, e.g. CRR05)'
        )
    return normalise_id(text)


def _read_own(value: object, spec: FieldSpec, options: SheetOptions) -> Any:
    """A cell of one of the register's own fields, as its type reads it (a value off
    the field is kept as written, for the register's rules to report at the cell)."""
    if spec.type == "list":
        return read_list(value)
    if spec.type == "date":
        return read_date(value, options.day_first)
    if spec.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return spec.from_export(text_of(value)) if spec.type == "number" else spec.parse(text_of(value))


def _read_status(value: object) -> str:
    text = text_of(value).casefold()
    if text in ("open", "closed"):
        return text
    raise CellError(f'"{text_of(value)}" is not a status (open or closed)')


def _read_direction(value: object) -> str:
    try:
        return Direction.parse(text_of(value)).value
    except ValueError as error:
        raise CellError(str(error)) from None


def _settle_rating(row: Row, which: str, prefix: str, config: RegisterConfig) -> None:
    """Both levels or neither; the rating from them, or as given if it agrees."""
    assessment = row.data.get(which)
    if not assessment:
        row.data.pop(which, None)
        return
    impact, probability = assessment.get("impact"), assessment.get("probability")
    if (impact is None) != (probability is None):
        given, missing = (
            ("impact", "probability")
            if probability is None
            else (
                "probability",
                "impact",
            )
        )
        where = row.cell(prefix + missing)
        row.problems.append(
            f"{where}: the row gives a {which} {given} but no {missing}; give both or neither"
        )
        row.data.pop(which)
        return
    if impact is None or probability is None:
        return
    band = config.scoring.band_at(impact, probability)
    given = assessment.get("rating")
    if given is not None and given != band.name:
        # Wrong unless the rating is the one exported and only the levels were changed:
        # decided once the row is matched with the register's risk.
        row.disagreements[which] = (
            given,
            f'{row.cell(prefix + "rating")}: "{given}" disagrees with {impact} x '
            f"{probability} = {impact * probability}, which is {band.name}",
        )
    row.data[which] = {"rating": band.name, "impact": impact, "probability": probability} | {
        key: value for key, value in assessment.items() if key == "category"
    }


# ---------------------------------------------------------------------------
# Actions.

_ACTION_HEADINGS = {
    "ref": "id", "riskid": "id", "id": "id", "risk": "id",
    "action": "action", "furtheraction": "action",
    "owner": "owner", "actionowner": "owner",
    "due": "due", "duedate": "due",
    "status": "status",
    "restricted": "restricted",
}  # fmt: skip


def _read_actions(
    sheet: Sheet, shown: str, options: SheetOptions, result: SheetImport
) -> dict[str, list[dict[str, Any]]] | None:
    if not sheet.rows:
        return {}
    headings = [heading_text(cell) for cell in sheet.rows[0]]
    columns = {
        _ACTION_HEADINGS[normalise(h)]: index
        for index, h in enumerate(headings)
        if normalise(h) in _ACTION_HEADINGS
    }
    if "id" not in columns or "action" not in columns:
        result.left_out.append((sheet.name or "", "no Ref and Action headings in row 1"))
        return None
    actions: dict[str, list[dict[str, Any]]] = {}
    result.actions_read = 0
    for number, cells in enumerate(sheet.rows[1:], 2):

        def cell(name: str, cells: list[object] = cells) -> object:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        if all(text_of(value) == "" for value in cells):
            continue
        risk_id = text_of(cell("id")).upper()
        item: dict[str, Any] = {"action": text_of(cell("action"))}
        for key in ("owner", "status"):
            if text_of(cell(key)):
                item[key] = text_of(cell(key)).casefold() if key == "status" else text_of(cell(key))
        try:
            if text_of(cell("due")):
                item["due"] = read_date(cell("due"), options.day_first)
        except CellError as error:
            letter = column_letter(columns["due"])
            result.problems.append(f"{sheet.place(shown, number, letter)} (Due): {error}")
            result.bad_rows.append(sheet.place(shown, number))
            continue
        if text_of(cell("restricted")).casefold() in ("yes", "true", "y", "1"):
            item["restricted"] = True
        actions.setdefault(risk_id, []).append(item)
        result.actions_read = (result.actions_read or 0) + 1
    return actions


# ---------------------------------------------------------------------------
# Matching rows with the register's risks.


def _plan_rows(
    root: Path,
    config: RegisterConfig,
    rows: list[Row],
    actions: dict[str, list[dict[str, Any]]] | None,
    today: dt.date,
) -> None:
    from riskreg.interchange.exports import file_data
    from riskreg.register.layout import all_ids
    from riskreg.register.loading import load_register

    register = load_register(root, config)
    by_id = {risk.id: risk for risk in register.risks}
    by_name: dict[str, Risk] = {}
    for risk in register.risks:
        by_name.setdefault(risk.name.casefold(), risk)
    used = set(all_ids(root)) | {str(row.data["id"]) for row in rows if "id" in row.data}
    seen: dict[str, str] = {}
    for row in rows:
        if "id" not in row.data:
            if "name" not in row.data:
                row.problems.append(f"{row.where}: neither an ID nor a name; give one")
                continue
            match = by_name.get(row.data["name"].casefold())
            row.data["id"] = match.id if match else _next_id(config, used)
            used.add(row.data["id"])
        risk_id = row.data["id"]
        if risk_id in seen:
            row.problems.append(f"{row.cell('id')}: {risk_id} is also {seen[risk_id]}")
            continue
        seen[risk_id] = row.where
        if actions is not None:
            row.data["actions"] = actions.get(risk_id, [])
        existing = by_id.get(risk_id)
        for which, (given, problem) in row.disagreements.items():
            before = getattr(existing, which, None) if existing else None
            if before is None or before.rating != given:
                row.problems.append(problem)
        if row.problems:
            continue
        if existing is None:
            data = _new_risk(row, config, today)
        else:
            data = _merged(file_data(existing), existing, row, config, today)
        if data is None:
            continue
        ordered = {
            key: data[key] for key in Risk.model_fields if data.get(key) not in (None, [], {})
        } | {key: data[key] for key in config.fields if data.get(key) not in (None, [], "")}
        try:
            risk = risk_from_data(ordered, config.fields)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            where = row.cell(name)
            row.problems.append(f"{where}: {first['msg'].removeprefix('Value error, ')}")
            continue
        row.data = file_data(risk)
        if existing is not None:
            # A value the model reads as the file's own (an action's default status
            # written out, say) stays as the file writes it, and one the file leaves to
            # its default (no `status:` on an open risk) stays left out: nothing to change.
            current = file_data(existing)
            for key in list(row.data):
                if _field(risk, key) == _field(existing, key):
                    if key in current:
                        row.data[key] = current[key]
                    else:
                        del row.data[key]


def _field(risk: Risk, key: str) -> Any:
    return risk.custom.get(key) if key in risk.custom else getattr(risk, key, None)


def _next_id(config: RegisterConfig, used: set[str]) -> str:
    prefix = config.id_prefix
    numbers = [
        int(i[len(prefix) :]) for i in used if i.startswith(prefix) and i[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def _new_risk(row: Row, config: RegisterConfig, today: dt.date) -> dict[str, Any] | None:
    """A new risk as `riskreg new` writes it, with what the sheet gives."""
    data = dict(row.data)
    if data.get("status", "open") == "closed":
        return data
    residual = data.get("residual", {})
    if "rating" not in residual:
        where = row.cell("rating" if row.has_column("rating") else "probability")
        row.problems.append(
            f"{where}: a new risk needs a rating: fill in the rating, or the likelihood and impact"
        )
        return None
    if not any(column.name.startswith(TREND + " ") for column in row.columns):
        data["trend"] = {config.period: Direction.NEW.value}
    if not row.has_column("last_reviewed"):
        data["last_reviewed"] = today
    if not row.has_column("next_review"):
        due = next_review_after(config, residual["rating"], today)
        if due is not None:
            data["next_review"] = due
    day = row.raised or today
    quarter = config.quarter_of(row.raised).label if row.raised else config.period
    data["history"] = [
        {"quarter": quarter, "date": day, "event": "created", "assessment": "residual", **residual}
    ]
    return data


def _merged(
    current: dict[str, Any], risk: Risk, row: Row, config: RegisterConfig, today: dt.date
) -> dict[str, Any]:
    """The risk's fields with the sheet's on top; a changed score recorded as `score` does."""
    data = dict(current)
    for key, value in row.data.items():
        if key in ("residual", "inherent", "target", "closure", "trend", "treatment", "escalation"):
            data[key] = {**current.get(key, {}), **value}
        else:
            data[key] = value
    history = list(current.get("history", []))
    for which in ("residual", "inherent", "target"):
        new = row.data.get(which, {})
        old = current.get(which, {})
        if "impact" not in new or (new["impact"], new["probability"]) == (
            old.get("impact"),
            old.get("probability"),
        ):
            continue
        entry = {"quarter": config.period, "date": today, "event": "scored", "assessment": which}
        entry.update(
            {
                k: data[which][k]
                for k in ("impact", "probability", "rating", "category")
                if k in data[which]
            }
        )
        history.append(entry)
        if which == "residual":
            _scored(data, current, risk, row, config, today)
    if history:
        data["history"] = history
    return data


def _scored(
    data: dict[str, Any],
    current: dict[str, Any],
    risk: Risk,
    row: Row,
    config: RegisterConfig,
    today: dt.date,
) -> None:
    """A new residual score reviews the risk: the quarter's arrow and the review dates."""
    from riskreg.lifecycle.trends import derived_trend

    score = data["residual"]["impact"] * data["residual"]["probability"]
    label = config.period
    if row.data.get("trend", {}).get(label) in (None, current.get("trend", {}).get(label)):
        _edits, note = derived_trend(
            risk, config.quarter, score, data["residual"].get("rating"), config.scoring
        )
        if note.after is not None:
            trend = {**data.get("trend", {}), label: note.after.value}
            data["trend"] = dict(sorted(trend.items(), key=lambda item: Quarter.parse(item[0])))
    for key, value in (
        ("last_reviewed", today),
        ("next_review", next_review_after(config, data["residual"]["rating"], today)),
    ):
        if row.data.get(key) in (None, current.get(key)):
            data[key] = value
