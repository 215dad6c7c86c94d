"""The text of risk files: a fresh file from values, or an edit spliced into a hand-edited one.

An edit changes only the text of the values it sets, at the positions PyYAML's
composed nodes give, so comments, key order, quoting and line endings survive."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.errors import WriteError
from riskreg.yamlsource import Document, parse_text

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/risk.schema.json\n"


WIDTH = 80
# Text longer than this is folded when it does not fit on its line.
_FOLDED = 30


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists; one line of text that does not fit on its line is folded,
    text of several lines is a literal block."""

    def ignore_aliases(self, data: Any) -> bool:
        # A risk file never holds anchors: a value used twice (a date) is written twice.
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        event = self.event
        if style == ">" and isinstance(event, yaml.ScalarEvent) and "\n" not in event.value:
            fits = self.column + 1 + len(event.value) <= self.best_width
            if fits:
                self.event = yaml.ScalarEvent(
                    event.anchor, event.tag, event.implicit, event.value, style=None
                )
                style = super().choose_scalar_style()
                self.event = event
        return style


# Characters a YAML reader takes for line breaks (or folds away) in plain and block
# text: text holding one is written double-quoted, with escapes, so it reads back exactly.
_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Text that ends in blank lines needs "keep" chomping, which PyYAML ends with a '...'
    # document marker that cannot be spliced into a file: quoted, it needs neither.
    if _BREAKS.search(value) or value.endswith("\n\n") or value == "\n":
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    # Text of several lines is written as it reads (a literal block): folding would
    # run a "- " bullet line into the paragraph above it.
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > _FOLDED:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def dump_yaml(data: Any, indent: int = 0, width: int = WIDTH) -> str:
    """YAML text of `data`, to be placed `indent` columns in: text is folded and fitted as
    it would be in a whole file written afresh, so an edit gives the same text."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=width - indent
    )


def render_new_file(data: dict[str, Any]) -> str:
    """The text of a new risk file: the editor schema line, then the fields in order."""
    from riskreg.register.canonical import NotCanonical, canonical_yaml

    try:
        return SCHEMA_COMMENT + canonical_yaml(data)
    except NotCanonical:
        text = dump_yaml(data)
    # PyYAML can break a long double-quoted line where a space then reads back as a line
    # break; such text is written unwrapped instead.
    if yaml.safe_load(text) != data:
        text = dump_yaml(data, width=1_000_000)
    return SCHEMA_COMMENT + text


@dataclass(frozen=True)
class SetValue:
    """Set the value at a key path, creating missing mappings on the way."""

    loc: tuple[str | int, ...]
    value: Any


@dataclass(frozen=True)
class AppendItem:
    """Append one item to the list at a key path, creating the list if missing."""

    loc: tuple[str | int, ...]
    value: Any


@dataclass(frozen=True)
class RemoveKey:
    loc: tuple[str | int, ...]


Edit = SetValue | AppendItem | RemoveKey


def apply_edits(
    doc: Document,
    edits: list[Edit],
    key_order: Sequence[str] = (),
    nested_order: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The document's text with each edit applied in turn (each re-reads the nodes).

    A top-level key that is missing goes where `key_order` puts it among the keys
    already there (after `residual`, before `history`), else at the end; a key missing
    inside a field's mapping (or its list's items) goes where `nested_order[field]` puts
    it. Keys already there never move.
    """
    text = doc.text
    current = doc
    for edit in edits:
        text = _apply(current, edit, key_order, nested_order or {})
        current = parse_text(text, doc.path)
        if current.root is None:  # pragma: no cover - the splice always yields YAML
            raise WriteError(f"{doc.path}: the edit produced invalid YAML; file left unchanged")
    return text


def _apply(
    doc: Document,
    edit: Edit,
    key_order: Sequence[str] = (),
    nested_order: Mapping[str, Sequence[str]] | None = None,
) -> str:
    assert doc.root is not None
    text = doc.text
    nl = doc.newline
    if isinstance(edit, RemoveKey):
        parent = doc.node_at(edit.loc[:-1])
        if isinstance(parent, SequenceNode) and isinstance(edit.loc[-1], int):
            start, end, _column = _item_span(doc, parent, edit.loc[-1])
            return text[:start] + text[end:]
        if not isinstance(parent, MappingNode):
            return text
        for key, value in parent.value:
            if isinstance(key, ScalarNode) and key.value == edit.loc[-1]:
                start = _line_start(text, key.start_mark.index)
                end = _entry_end(text, value, key.start_mark.column)
                return text[:start] + text[end:]
        return text
    node = doc.node_at(edit.loc)
    if isinstance(edit, AppendItem):
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            column = node.value[0].start_mark.column - 2
            block = _indent(_like_last_item(node, edit.value, column), column, nl)
            at = _entry_end(text, node.value[-1], column)
            return text[:at] + block + text[at:]
        items = (_plain(doc, node) or []) + [edit.value]
        return _apply(doc, SetValue(edit.loc, items), key_order, nested_order)
    assert isinstance(edit, SetValue)
    if node is not None:
        key = doc.key_node(edit.loc)
        if (
            isinstance(node, ScalarNode)
            and not isinstance(edit.value, dict | list)
            and node.style not in ("|", ">")
        ):
            start, end = node.start_mark.index, node.end_mark.index
            # an empty value: "owner:" becomes "owner: Head of IT"
            inline = _inline(edit.value, node.start_mark.column + (start == end))
            if inline is not None:
                if start == end:
                    inline = " " + inline
                return text[:start] + inline + text[end:]
        if key is None:  # an item of a list: rewrite the whole item, dash and all
            parent = doc.node_at(edit.loc[:-1])
            assert isinstance(parent, SequenceNode) and isinstance(edit.loc[-1], int)
            start, end, column = _item_span(doc, parent, edit.loc[-1])
            body = _indent(dump_yaml([edit.value], column), column, nl)
            return text[:start] + body + text[end:]
        column = key.start_mark.column
        body = _indent(dump_yaml({edit.loc[-1]: edit.value}, column), column, nl)
        start = _line_start(text, key.start_mark.index)
        if text[start : key.start_mark.index].strip():  # "- key:", the first key of an item
            start, body = key.start_mark.index, body[column:]
        end = _entry_end(text, node, column)
        return text[:start] + body + text[end:]
    # The key is missing: find the nearest mapping that exists and add to it.
    depth = len(edit.loc) - 1
    while depth > 0 and not isinstance(doc.node_at(edit.loc[:depth]), MappingNode):
        depth -= 1
    parent = doc.node_at(edit.loc[:depth])
    if not isinstance(parent, MappingNode):
        raise WriteError(f"{doc.path}: cannot add {'.'.join(map(str, edit.loc))} here")
    nested: Any = edit.value
    for part in reversed(edit.loc[depth + 1 :]):
        nested = {part: nested}
    name = edit.loc[depth]
    if parent.flow_style or not parent.value:
        merged = dict(_plain(doc, parent) or {})
        merged[name] = nested
        if depth == 0:
            raise WriteError(f"{doc.path}: the file is not a block mapping; cannot edit it")
        return _apply(doc, SetValue(edit.loc[:depth], merged), key_order, nested_order)
    column = parent.value[0][0].start_mark.column
    block = _indent(dump_yaml({name: nested}, column), column, nl)
    order = key_order if depth == 0 else (nested_order or {}).get(str(edit.loc[0]), ())
    at = _insertion_point(text, parent, str(name), order, column)
    return text[:at] + block + text[at:]


def _item_span(doc: Document, sequence: SequenceNode, index: int) -> tuple[int, int, int]:
    """Where item `index` of a block list is written (from the start of its dash's line
    to the end of its text, trailing comment included) and the dash's column. A flow
    list `[a, b]` cannot be cut this way."""
    text = doc.text
    if sequence.flow_style or not 0 <= index < len(sequence.value):
        raise WriteError(f"{doc.path}: cannot change item {index + 1} of this list here")
    node = sequence.value[index]
    line = _line_start(text, node.start_mark.index)
    before = text[line : node.start_mark.index]
    dash = before.rfind("-")
    if dash < 0 or before[:dash].strip() or before[dash + 1 :].strip():
        raise WriteError(
            f"{doc.path}:{node.start_mark.line + 1}: cannot change this list item in place; "
            "write it as '- text' on its own line"
        )
    return line, _entry_end(text, node, dash), dash


def _insertion_point(
    text: str, parent: MappingNode, name: str, key_order: Sequence[str], column: int
) -> int:
    """Where a new entry goes: after the last key that comes before it in `key_order`."""
    entries = [(k, v) for k, v in parent.value if isinstance(k, ScalarNode)]
    if name in key_order:
        rank = key_order.index(name)
        before = [
            (k, v) for k, v in entries if k.value in key_order and key_order.index(k.value) < rank
        ]
        after = [
            (k, v) for k, v in entries if k.value in key_order and key_order.index(k.value) > rank
        ]
        if before:
            return _entry_end(text, before[-1][1], column)
        if after:
            return _line_start(text, after[0][0].start_mark.index)
    return _entry_end(text, parent.value[-1][1], column)


def _plain(doc: Document, node: Node | None) -> Any:
    if node is None:
        return None
    from riskreg.yamlsource import _Builder

    return _Builder(Document(doc.path)).build(node)


def _like_last_item(sequence: SequenceNode, value: Any, column: int) -> str:
    """A new item of a block list, written as a one-line flow mapping when the list's last
    item is one (`- {date: 2022-02-28, value: 520}`) and every value fits on a line."""
    last = sequence.value[-1]
    if isinstance(last, MappingNode) and last.flow_style and isinstance(value, dict):
        pairs = [(_inline(k), _inline(v)) for k, v in value.items()]
        # Flow indicators inside a plain scalar would end it early, so those stay block.
        flow_safe = not any(
            c in str(part) for item in value.items() for part in item for c in ",[]{}"
        )
        if flow_safe and all(k is not None and v is not None for k, v in pairs):
            return "- {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}\n"
    return dump_yaml([value], column)


def _inline(value: Any, column: int = 3) -> str | None:
    """A scalar as it would appear after 'key: ' on one line, the value starting at
    `column`, or None if it needs a block there (as a whole file written afresh would
    fold a long text that does not fit on the line)."""
    rendered = dump_yaml({"k": value})
    if rendered.count("\n") != 1:
        return None
    if isinstance(value, str) and len(value) > _FOLDED and column + len(value) > WIDTH:
        return None
    return rendered[len("k: ") : -1]


def _indent(block: str, column: int, newline: str) -> str:
    pad = " " * column
    lines = block.splitlines()
    return "".join(pad + line + newline if line else newline for line in lines)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _entry_end(text: str, node: Node, key_column: int) -> int:
    """Where the text of a value ends: after its last line, trailing comment included.

    Block values end where the next key starts; the blank lines and the comments at the
    key's own indentation before it belong to that next key, so they are given back.
    """
    end = node.end_mark.index
    indent = _line_start(text, end)
    if indent < end and not text[indent:end].strip(" "):  # ends at the indent of what follows
        end = indent
    if end > 0 and text[end - 1] == "\n":
        while True:
            previous = text.rfind("\n", 0, end - 1)
            line = text[previous + 1 : end]
            body = line.lstrip(" ")
            belongs_to_next = not body.strip() or (
                body.startswith("#") and len(line) - len(body) <= key_column
            )
            if not belongs_to_next or previous < 0:
                break
            end = previous + 1
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


_Dumper.add_representer(str, _represent_str)
