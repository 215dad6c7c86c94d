"""From pydantic's errors to one problem per place, at the line of the value.

A message says what is wrong in the reader's terms (text, a whole number, a date written
YYYY-MM-DD) and, for an unknown field, which known field was probably meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.model.custom_fields import declare_hint
from riskreg.model.dates import date_form_message, day_first_date
from riskreg.rules.findings import Loc, places_taken
from riskreg.yamlsource import NULL, RISK_FILE, Document, field_path, impossible_date, yaml11_hint


def report_validation_error(doc: Document, error: ValidationError, model: type[BaseModel]) -> None:
    """Add a problem for each place pydantic found wrong, at the line of the value."""
    report_errors(doc, error.errors(include_url=False), model)


def report_errors(doc: Document, items: Iterable[Any], model: type[BaseModel]) -> None:
    located = [(_error_loc(doc, item), item) for item in items]
    deeper = {loc[:depth] for loc, _item in located for depth in range(len(loc))}
    by_loc: dict[Loc, list[dict[str, Any]]] = {}
    for loc, item in located:
        if item["type"] in _TYPE_ERRORS and loc in deeper:
            continue  # a union member matched the shape; its own errors say more
        if item["type"] == "invalid_key":
            continue  # the YAML reader has reported a key that is not text
        by_loc.setdefault(loc, []).append(dict(item))
    taken = places_taken(doc)
    unknown_seen: dict[Loc, int] = {}
    unknown_total: dict[Loc, int] = {}
    for loc, loc_items in by_loc.items():
        if loc_items[0]["type"] == "extra_forbidden":
            unknown_total[loc[:-1]] = unknown_total.get(loc[:-1], 0) + 1
    for loc, loc_items in by_loc.items():
        if loc_items[0]["type"] == "extra_forbidden":
            # A flood of unknown keys (a pasted spreadsheet, a hostile file) is listed up
            # to a cap, then counted in one line.
            owner = loc[:-1]
            seen = unknown_seen[owner] = unknown_seen.get(owner, 0) + 1
            if seen > MAX_UNKNOWN_FIELDS + 1:
                continue
            if seen == MAX_UNKNOWN_FIELDS + 1:
                _report_more_unknown(doc, loc, unknown_total[owner] - MAX_UNKNOWN_FIELDS, taken)
                continue
        code, message, place = _describe(doc, model, loc, loc_items)
        line, column = place
        if (line, column) in taken:
            continue
        taken.add((line, column))
        doc.problem(code, message, line, column)


# Unknown fields listed one by one in one mapping; beyond this they are counted.
MAX_UNKNOWN_FIELDS = 20


def _report_more_unknown(doc: Document, loc: Loc, more: int, taken: set[tuple[int, int]]) -> None:
    key = doc.key_node(loc)
    line, column = (
        (key.start_mark.line + 1, key.start_mark.column + 1) if key else doc.position(loc)
    )
    where = field_path(loc[:-1])
    doc.problem(
        "unknown-field",
        f"unknown field '{loc[-1]}' and {more - 1:,} more unknown field"
        f"{'' if more == 2 else 's'} {'in ' + where + ' ' if where else ''}after it; "
        f"only the first {MAX_UNKNOWN_FIELDS} are listed one by one: remove them or fix "
        "their names",
        line,
        column,
    )
    taken.add((line, column))


def _error_loc(doc: Document, item: Any) -> Loc:
    loc = tuple(item["loc"])
    if item["type"] == "missing" and loc:  # the missing key is not in the file, by definition
        return (*_document_loc(doc, loc[:-1]), loc[-1])
    return _document_loc(doc, loc)


def _document_loc(doc: Document, loc: Loc) -> Loc:
    """Drop the parts of a pydantic location that are not keys in the file (union tags)."""
    kept: list[str | int] = []
    for part in loc:
        if part == "[key]":
            kept.append(part)
            continue
        if doc.node_at((*kept, part)) is not None:
            kept.append(part)
    return tuple(kept)


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or part == "[key]":
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "list_type": "a list (lines starting with '- ')",
}
_TYPE_ERRORS = frozenset(_EXPECTED)
_DATE_ERRORS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_type",
        "datetime_parsing",
    }
)


def _describe(
    doc: Document, model: type[BaseModel], loc: Loc, items: list[dict[str, Any]]
) -> tuple[str, str, tuple[int, int]]:
    """The code, message and place of the problem at `loc`."""
    where = field_path(loc) or "the file"
    node = doc.node_at(loc)
    place = doc.position(loc)
    kinds = [item["type"] for item in items]
    first = items[0]
    kind = first["type"]
    message = str(first["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return _unknown_field(doc, model, loc)
    if kind == "missing":
        owner = field_path(loc[:-1])
        whole = "the risk" if doc.what == RISK_FILE else doc.what
        return ("missing-field", f"{owner or whole} has no '{loc[-1]}'; it is required", place)
    hint = yaml11_hint(node)
    if hint and (set(kinds) & (_TYPE_ERRORS | {"literal_error", "enum", "value_error"})):
        return "yaml11-value", f"{where}: {hint}", place
    if (
        isinstance(node, ScalarNode)
        and node.tag == NULL
        and not node.value
        and (set(kinds) & (_TYPE_ERRORS | _DATE_ERRORS | {"literal_error", "value_error"}))
    ):
        return "empty-value", f"{where} is empty; write a value or remove the line", place
    if kind in _TYPE_ERRORS:
        wanted = " or ".join(dict.fromkeys(_EXPECTED[k] for k in kinds if k in _EXPECTED))
        return "wrong-type", f"{where} is {_shown(node)}; it must be {wanted}", place
    if kind in _DATE_ERRORS and day_first_date(first.get("input")) is not None:
        return "bad-date", f"{where}: {date_form_message(first['input'])}", place
    if kind in _DATE_ERRORS:
        reason = impossible_date(node.value) if isinstance(node, ScalarNode) else ""
        detail = f" ({reason})" if reason else ""
        return (
            "bad-date",
            f"{where}: {_shown(node)} is not a real date{detail}; write dates as "
            "YYYY-MM-DD, e.g. 2022-03-08",
            place,
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        limit = next(iter((first.get("ctx") or {}).values()), "")
        relation = "at least" if kind.startswith("greater") else "at most"
        return "out-of-range", f"{where} is {first['input']}; it must be {relation} {limit}", place
    if kind == "string_too_short":
        return "empty-value", f"{where} is empty; write the text", place
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return (
            "bad-id",
            f"id {first['input']!r} is not a risk ID: 1 to 10 capital letters then "
            "1 to 6 digits, such as CRR18",
            place,
        )
    if kind == "literal_error":
        allowed = str((first.get("ctx") or {}).get("expected", "")).replace("'", "")
        return "bad-value", f"{where} is {_shown(node)}; allowed: {allowed}", place
    if kind == "value_error":
        return _value_error(doc, loc, where, message, place)
    return "invalid", f"{where}: {message}", place


def _value_error(
    doc: Document, loc: Loc, where: str, message: str, place: tuple[int, int]
) -> tuple[str, str, tuple[int, int]]:
    if loc[:1] == ("trend",) and loc[-1:] == ("[key]",):
        key = doc.key_node(loc[:-1])
        if key is not None:
            place = (key.start_mark.line + 1, key.start_mark.column + 1)
        return "bad-quarter", f"trend: {message}", place
    if loc[:1] == ("trend",):
        return "bad-direction", f"{where}: {message}", place
    if not loc and "closure" in message:
        return "closure-missing", message, doc.position(("status",))
    if not loc and "residual rating" in message:
        return "rating-missing", message, doc.position(("residual", "rating"))
    if loc and loc[-1] in {"residual", "inherent", "target"}:
        return "incomplete-score", f"{where}: {message}", place
    return "invalid", f"{where}: {message}" if loc else message, place


def _unknown_field(
    doc: Document, model: type[BaseModel], loc: Loc
) -> tuple[str, str, tuple[int, int]]:
    name = str(loc[-1])
    known = _field_names(model, loc[:-1])
    hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    text = f"unknown field '{name}'"
    if hint:
        text += f"; did you mean '{hint[0]}'?"
    elif len(loc) == 1 and doc.what == RISK_FILE:
        text += "; " + declare_hint(name)
    elif known:
        text += "; allowed: " + ", ".join(known)
    key = doc.key_node(loc)
    if key is not None:
        return "unknown-field", text, (key.start_mark.line + 1, key.start_mark.column + 1)
    return "unknown-field", text, doc.position(loc)


def _shown(node: Node | None) -> str:
    """What a reader wrote, as it is to YAML: a list, a mapping, '30/02/2022', 5."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return repr(text) if node.style or node.tag.endswith(":str") else text or "empty"
    return "missing"
