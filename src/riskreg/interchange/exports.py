"""Exporting the register as JSON, CSV or TSV, and reading those exports back for import.

Every format carries every field, so export then import into an empty register gives
back the same files. The formats:

* **json**: `{"riskreg_export": 1, "title", "period", "public", "risks": [...]}`, each
  risk with the fields of its file, dates as YYYY-MM-DD.
* **csv** (RFC 4180 quoting, `\\n` line ends) and **tsv** (one line per risk; a
  backslash escapes tab `\\t`, newline `\\n`, carriage return `\\r` and itself `\\\\`):
  a header row, then one row per risk. Columns: id, name, status, description,
  impact_narrative, controls, one `trend <quarter>` column per quarter any risk has,
  rating/impact/probability/category for residual, inherent and target, owner,
  department, last_reviewed, next_review, actions, notes, closure_rationale,
  closure_closed, closure_reported, history; then, only when a risk sets them,
  risk_category, objectives, indicators, escalation_to/date/by/reason and
  treatment_decision/rationale with treatment_acceptance_by/date/expires. An empty cell
  is an unset field. The list fields (controls, notes, actions, history, objectives,
  indicators with their readings) hold a YAML block list, one `- item` per control, as a
  spreadsheet user would write bullets; a control with its effectiveness or assurance is
  a `- text: ...` mapping.

A CSV or TSV cell that a spreadsheet would run as a formula (it begins with `=`, `+`,
`-`, `@`, tab or carriage return, as every list cell's `- ` does) is written after a `'`,
and import takes exactly that quote off (`formulas`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from riskreg.errors import UsageError
from riskreg.interchange.formulas import neutralised, unneutralised
from riskreg.model.custom_fields import FieldSpec
from riskreg.model.quarters import Quarter
from riskreg.model.redaction import public_view
from riskreg.model.risk import Risk, id_key, risk_from_data
from riskreg.register.loading import Register

EXPORT_VERSION = 1
EXPORT_KEY = "riskreg_export"
HEAD = ("id", "name", "status", "description", "impact_narrative", "controls")
ASSESSMENTS = ("residual", "inherent", "target")
ASSESSMENT_FIELDS = ("rating", "impact", "probability", "category")
TAIL = (
    "owner",
    "department",
    "last_reviewed",
    "next_review",
    "actions",
    "notes",
    "closure_rationale",
    "closure_closed",
    "closure_reported",
    "history",
)
LIST_FIELDS = ("controls", "actions", "notes", "history")
TREND_PREFIX = "trend "
CLOSURE_FIELDS = ("rationale", "closed", "reported")
# Columns of the optional appetite fields, after TAIL, present only when a risk sets them
# (so a register without them exports exactly as before).
OPTIONAL_FIELDS = ("risk_category", "objectives", "indicators")
# Optional fields that hold a list, written as a YAML block list like LIST_FIELDS.
OPTIONAL_LISTS = ("objectives", "indicators")
OPTIONAL_MAPPINGS = {
    "escalation": ("to", "date", "by", "reason"),
    "treatment": (
        "decision",
        "rationale",
        "acceptance_by",
        "acceptance_date",
        "acceptance_expires",
    ),
}
# Mappings inside an optional mapping, flattened into its columns as `<key>_<name>`.
NESTED = ("acceptance",)


def _flattened(mapping: dict[str, Any]) -> dict[str, Any]:
    """treatment's {decision, acceptance: {by}} as {decision, acceptance_by}."""
    flat: dict[str, Any] = {}
    for name, value in mapping.items():
        if name in NESTED and isinstance(value, dict):
            flat.update({f"{name}_{inner}": item for inner, item in value.items()})
        else:
            flat[name] = value
    return flat


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `_flattened`."""
    mapping: dict[str, Any] = {}
    for name, value in flat.items():
        outer, _, inner = name.partition("_")
        if outer in NESTED and inner:
            mapping.setdefault(outer, {})[inner] = value
        else:
            mapping[name] = value
    return mapping


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def file_data(risk: Risk) -> dict[str, Any]:
    """The fields the risk's file sets, in the standard order, typed as the model reads them.

    Fields left to their defaults stay out (an action written without `status:` is
    exported without it), so importing the export writes the file as it was.
    """
    data = risk.model_dump(mode="python", exclude_unset=True, exclude_none=True)
    if "trend" in data:
        data["trend"] = {quarter: direction.value for quarter, direction in data["trend"].items()}
    for key in ("controls", "trend", "actions", "notes", "history"):
        if key in data and not data[key]:
            del data[key]  # an empty list says nothing (and --public may empty one)
    data.update(risk.custom)
    return data


def exported_risks(register: Register, public: bool = False) -> list[Risk]:
    risks = sorted(register.risks, key=lambda risk: id_key(risk.id))
    return [public_view(risk) for risk in risks] if public else risks


def owned_by(register: Register, owner: str) -> Register:
    """The register with only `owner`'s risks (the name compared case-insensitively)."""
    import dataclasses

    wanted = " ".join(owner.split()).casefold()
    risks = [r for r in register.risks if " ".join((r.owner or "").split()).casefold() == wanted]
    if not risks:
        owners = sorted({r.owner for r in register.risks if r.owner})
        listed = ", ".join(owners[:20]) + (" ..." if len(owners) > 20 else "")
        raise UsageError(f"--owner {owner}: no risk has this owner; owners: {listed or 'none'}")
    return dataclasses.replace(register, risks=risks)


def export_json(register: Register, public: bool = False) -> str:
    from riskreg.interchange.carried_config import carried_config

    document = {
        EXPORT_KEY: EXPORT_VERSION,
        "title": register.config.title,
        "period": register.config.period,
        "public": public,
        "config": carried_config(register.config),
        "risks": [_jsonable(file_data(risk)) for risk in exported_risks(register, public)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def columns(risks: list[Risk], own_fields: Iterable[str] = ()) -> list[str]:
    """The export's columns; the register's own fields (declared in riskreg.yaml) last."""
    quarters = sorted({Quarter.parse(label) for risk in risks for label in risk.trend})
    return [
        *HEAD,
        *[TREND_PREFIX + quarter.label for quarter in quarters],
        *[f"{which}_{name}" for which in ASSESSMENTS for name in ASSESSMENT_FIELDS],
        *TAIL,
        *own_fields,
        *[name for name in OPTIONAL_FIELDS if any(getattr(r, name) for r in risks)],
        *[
            f"{key}_{name}"
            for key, names in OPTIONAL_MAPPINGS.items()
            if any(getattr(r, key) is not None for r in risks)
            for name in names
        ],
    ]


try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

# Long enough that no item is ever folded onto a second line of the cell.
_NO_WRAP = 1 << 30


def _yaml_list(items: list[Any]) -> str:
    if not items:
        return ""
    text: str = yaml.dump(
        items,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_NO_WRAP,
    )
    return text.rstrip("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _yaml_list(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def flat_row(risk: Risk, header: list[str]) -> list[str]:
    data = file_data(risk)
    flat: dict[str, Any] = {
        key: data.get(key) for key in (*HEAD, *TAIL, *OPTIONAL_FIELDS) if key in data
    }
    for key in OPTIONAL_MAPPINGS:
        for name, value in _flattened(data.get(key, {})).items():
            flat[f"{key}_{name}"] = value
    flat.update(risk.custom)
    for label, direction in data.get("trend", {}).items():
        flat[TREND_PREFIX + label] = direction
    for which in ASSESSMENTS:
        for name, value in data.get(which, {}).items():
            flat[f"{which}_{name}"] = value
    for name, value in data.get("closure", {}).items():
        flat[f"closure_{name}"] = value
    return [_cell(flat.get(column)) for column in header]


def export_csv(register: Register, public: bool = False) -> str:
    risks = exported_risks(register, public)
    header = columns(risks, register.config.fields)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in flat_row(risk, header)] for risk in risks)
    return out.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_escape(value: str) -> str:
    return value.translate(_TSV_ESCAPES)


def tsv_unescape(value: str) -> str:
    out = []
    chars = iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        if following not in _TSV_UNESCAPES:
            raise ValueError(f"'\\{following}' is not an escape; write a backslash as '\\\\'")
        out.append(_TSV_UNESCAPES[following])
    return "".join(out)


def export_tsv(register: Register, public: bool = False) -> str:
    risks = exported_risks(register, public)
    header = columns(risks, register.config.fields)
    lines = ["\t".join(header)]
    lines += [
        "\t".join(tsv_escape(neutralised(value)) for value in flat_row(risk, header))
        for risk in risks
    ]
    return "\n".join(lines) + "\n"


EXPORTERS: dict[str, Callable[[Register, bool], str]] = {
    "json": export_json,
    "csv": export_csv,
    "tsv": export_tsv,
}


# ---------------------------------------------------------------------------
# Reading exports back.


@dataclass(frozen=True)
class ImportedRisk:
    """One risk read from an export: its file data in order, and where it came from."""

    data: dict[str, Any]
    where: str  # "file.csv:4" or "file.json: risk 3"


def export_kind(text: str) -> str | None:
    """Which riskreg export the text is: json, csv, tsv, or None for anything else."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "json"
    first = text.split("\n", 1)[0].rstrip("\r")
    if first.startswith(",".join(HEAD[:3]) + ","):
        return "csv"
    if first.startswith("\t".join(HEAD[:3]) + "\t"):
        return "tsv"
    return None


def json_export_config(text: str) -> Any:
    """The register config a JSON export carries, or None (an older export, a list)."""
    from riskreg.interchange.carried_config import CONFIG_KEY

    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return None  # read_export says where
    return document.get(CONFIG_KEY) if isinstance(document, dict) else None


def read_export(
    text: str, kind: str, shown: str, own_fields: dict[str, FieldSpec] | None = None
) -> list[ImportedRisk]:
    """The risks of an export, each checked as a risk file; the first problem is an error.
    `own_fields` are the register's declared fields, read back as their types."""
    readers = {"json": _read_json, "csv": _read_csv, "tsv": _read_tsv}
    declared = own_fields or {}
    risks = list(readers[kind](text, shown, declared))
    seen: dict[str, str] = {}
    for risk in risks:
        risk_id = str(risk.data["id"])
        if risk_id in seen:
            raise UsageError(f"{risk.where}: {risk_id} appears twice (first at {seen[risk_id]})")
        seen[risk_id] = risk.where
    return risks


def _checked(data: Any, where: str, declared: dict[str, FieldSpec]) -> ImportedRisk:
    if not isinstance(data, dict):
        raise UsageError(f"{where}: a risk is an object of fields, not {type(data).__name__}")
    data = {
        key: declared[key].from_export(value) if key in declared else value
        for key, value in data.items()
    }
    try:
        risk = risk_from_data(data, declared)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        label = f"{data['id']}: " if isinstance(data.get("id"), str) else ""
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type"):
            from riskreg.model.dates import date_form_message

            message = date_form_message(first.get("input"))
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise UsageError(
            f"{where}: {label}{field + ': ' if field else ''}{message}{more}"
        ) from None
    return ImportedRisk(file_data(risk), where)


def _read_json(text: str, shown: str, declared: dict[str, FieldSpec]) -> Iterator[ImportedRisk]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{shown}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    if isinstance(document, dict):
        if EXPORT_KEY not in document or not isinstance(document.get("risks"), list):
            raise UsageError(
                f"{shown}: not a riskreg export: expected an object with "
                f'"{EXPORT_KEY}" and "risks", or a list of risks'
            )
        if document[EXPORT_KEY] != EXPORT_VERSION:
            raise UsageError(
                f"{shown}: export version {document[EXPORT_KEY]!r} is not one "
                f"this riskreg reads ({EXPORT_VERSION})"
            )
        items = document["risks"]
    elif isinstance(document, list):
        items = document
    else:
        raise UsageError(f"{shown}: not a riskreg export: expected an object or a list")
    for number, item in enumerate(items, 1):
        yield _checked(item, f"{shown}: risk {number}", declared)


def _read_csv(text: str, shown: str, declared: dict[str, FieldSpec]) -> Iterator[ImportedRisk]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise UsageError(f"{shown}:1: {error}") from None
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UsageError(f"{shown}:{line}: not valid CSV: {error}") from None
        if row:
            yield _from_row(
                header, [unneutralised(cell) for cell in row], f"{shown}:{line}", declared
            )
        line = reader.line_num + 1


def _read_tsv(text: str, shown: str, declared: dict[str, FieldSpec]) -> Iterator[ImportedRisk]:
    lines = text.split("\n")
    header = lines[0].rstrip("\r").split("\t")
    for number, raw in enumerate(lines[1:], 2):
        line = raw.rstrip("\r")
        if not line:
            continue
        where = f"{shown}:{number}"
        try:
            row = [unneutralised(tsv_unescape(value)) for value in line.split("\t")]
        except ValueError as error:
            raise UsageError(f"{where}: {error}") from None
        yield _from_row(header, row, where, declared)


def _from_row(
    header: list[str], row: list[str], where: str, declared: dict[str, FieldSpec]
) -> ImportedRisk:
    if len(row) != len(header):
        raise UsageError(f"{where}: {len(row)} cells for {len(header)} columns")
    data: dict[str, Any] = {}
    trend: dict[str, str] = {}
    assessments: dict[str, dict[str, Any]] = {}
    closure: dict[str, str] = {}
    mappings: dict[str, dict[str, str]] = {}
    for column, value in zip(header, row, strict=True):
        if column.startswith(TREND_PREFIX):
            if value:
                trend[column[len(TREND_PREFIX) :]] = value
            continue
        which, _, name = column.partition("_")
        if which in ASSESSMENTS and name in ASSESSMENT_FIELDS:
            if value:
                assessments.setdefault(which, {})[name] = (
                    _number(value, column, where) if name in ("impact", "probability") else value
                )
            continue
        if which == "closure" and name in CLOSURE_FIELDS:
            if value:
                closure[name] = value
            continue
        if which in OPTIONAL_MAPPINGS and name in OPTIONAL_MAPPINGS[which]:
            if value:
                mappings.setdefault(which, {})[name] = value
            continue
        if column in declared and column not in HEAD and column not in TAIL:
            if value:
                data[column] = (
                    _yaml_cell(value, column, where) if declared[column].type == "list" else value
                )
            continue
        if column not in HEAD and column not in TAIL and column not in OPTIONAL_FIELDS:
            raise UsageError(f"{where}: unknown column {column!r}")
        if value:
            listed = column in LIST_FIELDS or column in OPTIONAL_LISTS
            data[column] = _yaml_cell(value, column, where) if listed else value
    if trend:
        data["trend"] = trend
    data.update(assessments)
    if closure:
        data["closure"] = closure
    data.update({key: _nested(flat) for key, flat in mappings.items()})
    return _checked(data, where, declared)


def _number(value: str, column: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"{where}: column {column}: {value!r} is not a whole number") from None


def _yaml_cell(value: str, column: str, where: str) -> list[Any]:
    from riskreg.yamlsource import parse_text

    doc = parse_text(value, f"{where}: column {column}")
    errors = sorted(p for p in doc.problems if p.is_error)
    if errors:
        problem = errors[0]
        raise UsageError(
            f"{where}: column {column}, line {problem.line} of the cell: {problem.message}"
        )
    if not isinstance(doc.value, list):
        raise UsageError(f"{where}: column {column}: write a list, one '- item' per line")
    return doc.value
