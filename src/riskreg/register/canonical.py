"""A new risk file's text written directly, in the layout `editing.dump_yaml` gives.

Importing thousands of risks spent most of its time in PyYAML's pure-Python emitter,
which analyses every scalar character by character through several layers of events.
The layout of a new risk file is fixed (block mappings, lists indented under their key,
a line of text over 30 characters folded at column 80 unless it fits on its line, text
of several lines a literal block), so it is written here in one pass. Whatever this
writer is not sure to write exactly as `dump_yaml` would (a float, text with tabs,
leading or doubled spaces, a line that starts with a space, ...) makes it give up, and
the caller uses `dump_yaml` for the whole file: the two never differ
(tests/test_canonical_yaml.py compares them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

WIDTH = 80
INDENT = 2
FOLD_OVER = 30  # longer text is folded unless it fits on its line

_STR_TAG = "tag:yaml.org,2002:str"
_resolver = Resolver()
# The first characters for which YAML's implicit resolvers may read plain text as
# something else (a bool, a number, a date, null); text starting otherwise is text.
_MAY_RESOLVE = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch is not None)
_ANY_FIRST = None in Resolver.yaml_implicit_resolvers  # a resolver for every first character
# A first character, or a character after a space, that makes plain text mean something.
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_SIMPLE_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_/ ]*[A-Za-z0-9_]|[A-Za-z0-9_]")


class NotCanonical(Exception):
    """A value this writer leaves to PyYAML."""


def canonical_yaml(data: dict[str, Any]) -> str:
    """The block YAML of `data`, as `dump_yaml` writes it; NotCanonical when unsure."""
    out: list[str] = []
    _mapping(data, 0, out)
    return "".join(out)


def _mapping(data: dict[str, Any], indent: int, out: list[str], first_inline: bool = False) -> None:
    pad = " " * indent
    for number, (key, value) in enumerate(data.items()):
        if not _simple_key(key):
            raise NotCanonical(key)
        head = key if first_inline and number == 0 else pad + key
        column = indent + len(key) + 1
        _value(value, head + ":", column, indent, out)


def _simple_key(key: Any, _known: dict[str, bool] = {}) -> bool:  # noqa: B006 - a cache
    """Whether `key` is written plain: a risk file's keys are few, so each is judged once."""
    if not isinstance(key, str):
        return False
    found = _known.get(key)
    if found is None:
        found = _known[key] = bool(_SIMPLE_KEY.fullmatch(key)) and _plain(key)
    return found


def _value(value: Any, head: str, column: int, indent: int, out: list[str]) -> None:
    """`value` after `head` (a key and its colon, or a list item's dash), which ends at
    `column`; nested blocks are indented from `indent`."""
    if isinstance(value, dict):
        if not value:
            out.append(head + " {}\n")
            return
        out.append(head + "\n")
        _mapping(value, indent + INDENT, out)
    elif isinstance(value, list):
        if not value:
            out.append(head + " []\n")
            return
        out.append(head + "\n")
        _sequence(value, indent + INDENT, out)
    else:
        out.append(head + _scalar(value, column, indent + INDENT) + "\n")


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            out.append(pad + "- ")
            _mapping(item, indent + INDENT, out, first_inline=True)
        elif isinstance(item, (dict, list)):
            raise NotCanonical(item)  # a nested or empty collection in a list
        else:
            out.append(pad + "-" + _scalar(item, indent + 1, indent + INDENT) + "\n")


def _scalar(value: Any, column: int, indent: int) -> str:
    """' ' and the scalar, written after `column`; folded lines are indented by `indent`."""
    if isinstance(value, str):
        return _text(value, column, indent)
    if value is None:
        return " null"
    if value is True:
        return " true"
    if value is False:
        return " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f" {value.isoformat()}"
    raise NotCanonical(value)


def _text(value: str, column: int, indent: int) -> str:
    if "\n" in value:
        return _literal(value.split("\n"), indent)
    if not value or not value.isprintable() or "  " in value or value != value.strip():
        raise NotCanonical(value)
    if len(value) > FOLD_OVER and column + 1 + len(value) > WIDTH:
        return _folded(value, indent)
    if _plain(value):
        if column + 1 + len(value) > WIDTH:
            raise NotCanonical(value)  # PyYAML would wrap the plain text
        return " " + value
    return " '" + value.replace("'", "''") + "'"


def _plain(value: str) -> bool:
    """Whether `value` reads back as itself, and as text, when written without quotes."""
    first = value[0]
    if first in _FIRST_INDICATORS or value.startswith(("---", "...")):
        return False
    if first in "?:-" and (len(value) == 1 or value[1] == " "):
        return False
    if ": " in value or value.endswith(":") or " #" in value:
        return False
    if first not in _MAY_RESOLVE and not _ANY_FIRST:
        return True
    tag: str = _resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR_TAG


def _literal(lines: list[str], indent: int) -> str:
    """Text of several lines as a literal block (`|-`): each line as written, a blank line
    left empty."""
    if not lines[0] or not lines[-1]:
        raise NotCanonical(lines)  # leading or trailing line breaks need other hints
    pad = " " * indent
    parts = [" |-"]
    for line in lines:
        if line and (not line.isprintable() or line != line.strip()):
            raise NotCanonical(line)  # PyYAML quotes a line with edge spaces or a tab
        parts.append("\n" + pad + line if line else "\n")
    return "".join(parts)


def _folded(line: str, indent: int) -> str:
    """One line of text as a folded block, broken at the first single space past the
    width (`_text` has already refused edge, doubled and unprintable spaces).

    A line of the block ends before the first space after which it would be wider than
    the width: each piece is found with one search rather than word by word.
    """
    pad = "\n" + " " * indent
    room = WIDTH - indent + 1  # a space this far into a piece, or further, ends it
    parts = [" >-"]
    start = 0
    while True:
        end = line.find(" ", start + room)
        if end == -1:
            parts.append(pad + line[start:])
            return "".join(parts)
        parts.append(pad + line[start:end])
        start = end + 1
