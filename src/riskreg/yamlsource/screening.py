"""Refusing text that nests too deep or holds anchors and aliases, before it is composed.

A cheap look at the text says whether it could nest deeply or hold an anchor (usually
not); only text that could is walked through the parser's event stream, which needs no
recursion and builds nothing, so neither a "billion laughs" nor ten thousand `[` reaches
the composer.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from riskreg.yamlsource.document import RISK_FILE, Document
from riskreg.yamlsource.loader import LOADER

# A risk nests at most four levels (risk > actions > action > field); allow slack.
MAX_DEPTH = 12

# A block collection nested N deep starts at least N/2 columns in, after nothing but
# spaces and the indicators "- ", "? " and ": "; flow nesting needs a bracket per level.
# Text with neither cannot nest deeper than about 2 * _DEEP_RUN + MAX_DEPTH levels.
_DEEP_RUN = 2 * MAX_DEPTH
_DEEP_LINE = re.compile(rf"\n[ ?:-]{{{_DEEP_RUN}}}")
_DEEP_START = re.compile(rf"[ ?:-]{{{_DEEP_RUN}}}")
_BEFORE_PROPERTY = frozenset(" \t\r\n[{,:-")
_SPACE = frozenset(" \t\r\n")


def needs_screening(text: str) -> bool:
    """Whether the text could nest deeply or hold an anchor or alias (cheap; usually no)."""
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_LINE.search(text) is not None
        or _DEEP_START.match(text) is not None
        or _may_hold_anchor(text)
    )


def _may_hold_anchor(text: str) -> bool:
    """An '&' or '*' where YAML allows a node property: after space, a bracket or a comma."""
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            if (at == 0 or text[at - 1] in _BEFORE_PROPERTY) and text[at + 1 : at + 2] not in (
                _SPACE | {""}
            ):
                return True
            at = text.find(mark, at + 1)
    return False


def screen_events(text: str, doc: Document) -> bool:
    """Walk the event stream (no recursion, nothing built): refuse anchors, aliases and
    nesting deeper than MAX_DEPTH. True when the text may be composed."""
    loader = LOADER(text)
    depth = 0
    safe = True
    lines_reported: set[int] = set()
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if event is None or kind is yaml.StreamEndEvent:
                break
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    too_deep(doc, *mark_position(event.start_mark))
                    return False
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                safe = False
                line, column = mark_position(event.start_mark)
                if line in lines_reported:
                    continue  # one a line is enough to find them all
                lines_reported.add(line)
                alias = kind is yaml.AliasEvent
                doc.problem(
                    "anchor",
                    f"YAML {'alias' if alias else 'anchor'} '{'*' if alias else '&'}{anchor}' "
                    f"is not allowed in {doc.what}; write the value out in full",
                    line,
                    column,
                )
    except yaml.MarkedYAMLError as error:
        if nesting_error(error):
            too_deep(doc, *mark_position(error.problem_mark))
            return False
        # otherwise composing reports the syntax error, at its place
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return safe


def nesting_error(error: yaml.MarkedYAMLError) -> bool:
    """libyaml's own limit on nesting, met before any event of the deep part is seen."""
    return "nesting depth" in (error.problem or "")


def too_deep(doc: Document, line: int, column: int) -> None:
    doc.problem(
        "too-deep",
        f"nested more than {MAX_DEPTH} levels deep; "
        + ("a risk file needs at most four" if doc.what == RISK_FILE else f"{doc.what} needs five"),
        line,
        column,
    )


def mark_position(mark: Any) -> tuple[int, int]:
    """The 1-based line and column of a parser's mark (1, 1 when it gave none)."""
    return ((mark.line + 1), (mark.column + 1)) if mark is not None else (1, 1)
