"""Building plain Python values from composed nodes, reporting what YAML would hide.

Values are built here rather than by a second parse, so that duplicate keys, aliases,
merge keys, unknown tags and impossible dates become problems instead of silent
surprises; the hints say what YAML 1.1 made of an unquoted `no`, `010` or `1:30`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from riskreg.model.quarters import MONTH_NAMES
from riskreg.yamlsource.document import Document, field_path
from riskreg.yamlsource.loader import (
    BOOL,
    FLOAT,
    INT,
    MAP,
    MERGE,
    NULL,
    SEQ,
    STR,
    TIMESTAMP,
    VALUE,
)
from riskreg.yamlsource.screening import MAX_DEPTH, too_deep

_constructor = yaml.constructor.SafeConstructor()
_SIMPLE_INT = re.compile(r"[-+]?[0-9_]+\Z")
_DATE_PARTS = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")


def impossible_date(text: str) -> str:
    """Why a date written YYYY-MM-DD cannot be, in a person's words ('' when it is not
    written that way or could be): "February 2022 has 28 days", "there is no month 13"."""
    match = _DATE_PARTS.match(text)
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if year < dt.MINYEAR:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    days = (following - dt.date(year, month, 1)).days
    if not 1 <= day <= days:
        return f"{MONTH_NAMES[month - 1]} {year} has {days} days"
    return ""


_YAML11_KINDS = {
    BOOL: "",
    INT: "the number",
    FLOAT: "the number",
    NULL: "empty (null)",
    TIMESTAMP: "the date",
}


GRID = "grid"  # scoring.grid in riskreg.yaml, whose keys are numbers


class _Builder:
    """Builds Python values from composed nodes, reporting what YAML would hide."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.deep = False
        # Impossible dates, reported after the build, when one walk finds all their paths.
        self.bad_dates: list[tuple[ScalarNode, str]] = []

    def build_root(self, root: Node) -> Any:
        """The value of the whole document, with every problem met on the way reported."""
        value = self.build(root)
        if self.bad_dates:
            paths = self.doc.paths_of(node for node, _error in self.bad_dates)
            for node, _error in self.bad_dates:
                where = field_path(paths.get(id(node), ()))
                reason = impossible_date(node.value)
                self._report(
                    node,
                    "bad-date",
                    f"{where + ': ' if where else ''}{node.value} is not a real date"
                    f"{f' ({reason})' if reason else ''}; write dates as YYYY-MM-DD, "
                    "e.g. 2022-03-08",
                )
        return value

    def build(self, node: Node, depth: int = 0) -> Any:
        if type(node) is ScalarNode:
            return node.value if node.tag == STR else self._scalar(node)
        if id(node) in self.seen:
            self._report(
                node,
                "anchor",
                f"YAML alias is not allowed in {self.doc.what}; write the value out in full",
            )
            return None
        self.seen.add(id(node))
        if depth >= MAX_DEPTH:
            if not self.deep:
                self.deep = True
                mark = node.start_mark
                too_deep(self.doc, mark.line + 1, mark.column + 1)
            return None
        if type(node) is MappingNode:
            return self._mapping(node, depth + 1)
        if node.tag != SEQ:
            self._bad_tag(node)
        return [self.build(item, depth + 1) for item in node.value]

    def _report(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.doc.problem(code, message, mark.line + 1, mark.column + 1)

    def _bad_tag(self, node: Node) -> None:
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        self._report(node, "tag", f"YAML tag '{tag}' is not allowed in {self.doc.what}; remove it")

    def _mapping(self, node: MappingNode, depth: int, numbered: bool = False) -> dict[Any, Any]:
        """A mapping's value; `numbered` lets plain whole numbers be keys (a grid's rows)."""
        if node.tag != MAP:
            self._bad_tag(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode and key_node.tag == STR:
                key = key_node.value
            elif (
                numbered
                and type(key_node) is ScalarNode
                and key_node.tag == INT
                and key_node.value.isdigit()
            ):
                key = int(key_node.value)
            else:
                key = self._odd_key(key_node)
                if key is None:
                    continue
            if key in result:
                self._duplicate(node, key_node, key)
                continue
            if type(value_node) is ScalarNode and value_node.tag == STR:
                result[key] = value_node.value  # most values: no call needed
            elif (
                key == GRID and type(value_node) is MappingNode and id(value_node) not in self.seen
            ):
                # The scoring grid's rows are keyed by probability level: 5: [...].
                self.seen.add(id(value_node))
                result[key] = self._mapping(value_node, depth + 1, numbered=True)
            else:
                result[key] = self.build(value_node, depth)
        return result

    def _odd_key(self, node: Node) -> str | None:
        """The text of a key that YAML did not read as text, after reporting it."""
        if node.tag == MERGE:
            self._report(
                node,
                "merge-key",
                f"YAML merge key '<<' is not allowed in {self.doc.what}; write the fields out",
            )
            return None
        if type(node) is not ScalarNode:
            self._report(node, "bad-key", "a key must be plain text, not a list or map")
            return None
        hint = yaml11_hint(node)
        if hint is not None:
            self._report(node, "bad-key", f"this key: {hint}")
            return None
        if node.tag == NULL:
            self._report(node, "bad-key", "a key is missing before the ':'")
            return None
        self._scalar(node)  # reports a bad tag
        return None

    def _duplicate(self, node: MappingNode, key_node: Node, key: Any) -> None:
        entry = self.doc.entry(node, key_node.value)
        first = entry[0] if entry is not None else key_node
        self._report(
            key_node,
            "duplicate-key",
            f"duplicate key '{key_node.value}' (first at line {first.start_mark.line + 1}); "
            "YAML would silently keep only the last; keep one",
        )

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in (STR, VALUE):
            return node.value
        try:
            if tag == INT:
                value = _constructor.construct_yaml_int(node)
                if not _reads_as_decimal(node.value, value):
                    self.doc.surprises.append(node)
                return value
            if tag == FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == NULL:
                return None
            if tag == TIMESTAMP:
                return _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as error:
            if tag == TIMESTAMP:
                self.bad_dates.append((node, str(error)))
            else:
                self._report(node, "bad-value", f"'{node.value}' cannot be read: {error}")
            return node.value
        self._bad_tag(node)
        return None


def _reads_as_decimal(text: str, value: int) -> bool:
    """Whether YAML's reading of an integer is what a person reads (not 010 -> 8, 1:30 -> 90)."""
    if not _SIMPLE_INT.match(text):
        return False
    try:
        return int(text.replace("_", "")) == value
    except ValueError:
        return False


def yaml11_hint(node: Node | None) -> str | None:
    """Why an unquoted scalar is not text, for a field that wants text (`no` is false)."""
    if not isinstance(node, ScalarNode) or node.style or node.tag == STR:
        return None
    kind = _YAML11_KINDS.get(node.tag)
    if kind is None or node.value == "":
        return None
    value = _Builder(Document("")).build(node)
    if isinstance(value, dt.date):
        shown = f" {value.isoformat()}"
    elif isinstance(value, bool):
        shown = str(value).lower()
    elif value is None:
        shown = ""
    else:
        shown = f" {value}"
    return (
        f"unquoted {node.value} is read by YAML as {kind}{shown}{_number_note(node)}, "
        f'not as text; put it in quotes: "{node.value}"'
    )


def number_hint(node: ScalarNode) -> str:
    """What YAML made of an integer written as 010, 0x1F or 1:30."""
    value = _constructor.construct_yaml_int(node)
    return (
        f"unquoted {node.value} is read by YAML as the number {value}"
        f"{_number_note(node)}; write the number in plain decimal digits"
    )


def _number_note(node: ScalarNode) -> str:
    if node.tag != INT and node.tag != FLOAT:
        return ""
    text = node.value.lstrip("+-")
    if ":" in text:
        return " (YAML 1.1 reads a:b as base 60)"
    if text.startswith(("0x", "0X")):
        return " (hexadecimal)"
    if text.startswith(("0b", "0B")):
        return " (binary)"
    if len(text) > 1 and text.startswith("0") and text.isdigit():
        return " (a leading 0 makes it octal)"
    return ""
