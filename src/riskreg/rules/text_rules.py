"""Rules on the hand-written text of a risk file, read from the file as written.

YAML reads ` #` as the start of a comment, even in the middle of a sentence typed
without quotes, so `- Reviewed at Gold group #3 on 12 May` keeps only "Reviewed at
Gold group". These rules look at the text itself, because the parsed value no longer
holds what was cut. A control character can only be written as an escape in double
quotes (`"\x01"`): YAML refuses one typed as it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.model.text_layout import CONTROL_CHARACTER
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule
from riskreg.yamlsource import Document

# Fields a person writes sentences in; a `#` after text in any of them was meant as text.
TEXT_FIELDS = ("name", "description", "impact_narrative", "controls", "notes")
ITEM_TEXT_FIELDS = {"actions": "action", "history": "note"}


@rule("comment-in-text", RISK, Severity.WARNING)
def comment_not_in_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    """No comment follows unquoted text on the same line of a text field.

    Passes (quoted, the # is text):
        controls:
        - "Reviewed at Gold group #3 on 12 May"
    Fails (YAML keeps only "Reviewed at Gold group"):
        controls:
        - Reviewed at Gold group #3 on 12 May
    """
    lines = _lines_with_comment_after_text(doc.text)
    if not lines:
        return  # the common case: no line has a ` #` after text, so nothing to look up
    for loc, node in _text_scalars(doc.root):
        end = node.end_mark
        column = lines.get(end.line)
        if column is None or node.style not in (None, "") or not node.value:
            continue
        line = doc.text.splitlines()[end.line]
        if line[end.column : column].strip():
            continue  # the comment follows more than this text: `{text: ..., effectiveness: ...}`
        cut = line[column:].strip()
        kept = str(node.value).splitlines()[-1]
        if node.start_mark.line == end.line:
            fix = f"put the whole text in quotes: {_quoted(f'{kept} {cut}')}"
        else:
            fix = "put the whole text in quotes, or write it as a block ('|-' after the key)"
        yield Finding(
            f"'{cut}' was cut from the text: ' #' starts a comment in YAML, so the text "
            f"ends at '{_tail(kept)}'; {fix} (or move a comment to a line of its own)",
            loc,
            at=(end.line + 1, column + 1),
        )


@rule("control-character", RISK, Severity.ERROR)
def no_control_character(doc: Document, ctx: Context) -> Iterator[Finding]:
    """No text holds a control character, written as an escape in double quotes.

    Such a character cannot be seen in a terminal, and an exported workbook or the
    committee pack's web page cannot hold it.
    Passes:
        id: CRR18
        name: "Fleet replacement"
    Fails:
        id: CRR18
        name: "Fleet\\x01 replacement"
    """
    if "\\" not in doc.text:
        return  # the common case: no escape, so no control character
    for loc, node in _all_scalars((), doc.root):
        found = CONTROL_CHARACTER.search(str(node.value))
        if found is None:
            continue
        point = ord(found.group())
        yield Finding(
            f"the text holds control character U+{point:04X} (an escape in double quotes, "
            f'"\\x{point:02x}"), which cannot be seen or exported; remove it',
            loc,
            at=(node.start_mark.line + 1, node.start_mark.column + 1),
        )


def _all_scalars(
    loc: tuple[str | int, ...], node: Node | None
) -> Iterator[tuple[tuple[str | int, ...], ScalarNode]]:
    """Every scalar of the document, keys and values, with the key path to it."""
    if isinstance(node, ScalarNode):
        yield loc, node
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _all_scalars((*loc, index), item)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            yield from _all_scalars((*loc, name), key)
            yield from _all_scalars((*loc, name), value)


def _lines_with_comment_after_text(text: str) -> dict[int, int]:
    """0-based line -> 0-based column of a `#` that follows text and a space on that line.

    Only the lines holding a `#` are looked at: for a file with none this is one scan.
    """
    found: dict[int, int] = {}
    position = text.find("#")
    while position != -1:
        start = text.rfind("\n", 0, position) + 1
        before = text[start:position]
        if before[-1:] in (" ", "\t") and before.strip() and not before.lstrip().startswith("#"):
            line = text.count("\n", 0, start)
            found.setdefault(line, position - start)
        end = text.find("\n", position)
        if end == -1:
            break
        position = text.find("#", end)
    return found


def _text_scalars(root: Node | None) -> Iterator[tuple[tuple[str | int, ...], ScalarNode]]:
    """The scalars of the free-text fields, with their key paths."""
    if not isinstance(root, MappingNode):
        return
    for key, value in root.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name in TEXT_FIELDS:
            yield from _scalars((name,), value)
        elif name in ITEM_TEXT_FIELDS and isinstance(value, SequenceNode):
            for index, item in enumerate(value.value):
                if isinstance(item, MappingNode):
                    for item_key, item_value in item.value:
                        if item_key.value == ITEM_TEXT_FIELDS[name]:
                            yield from _scalars((name, index, item_key.value), item_value)
        elif name in ("closure", "treatment") and isinstance(value, MappingNode):
            for item_key, item_value in value.value:
                if item_key.value == "rationale":
                    yield from _scalars((name, "rationale"), item_value)


def _scalars(
    loc: tuple[str | int, ...], node: Node
) -> Iterator[tuple[tuple[str | int, ...], ScalarNode]]:
    if isinstance(node, ScalarNode):
        yield loc, node
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars((*loc, index), item)
    elif isinstance(node, MappingNode):  # a restricted control: {text: ..., restricted: true}
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "text":
                yield from _scalars((*loc, "text"), value)


def _tail(text: str, width: int = 40) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3) :]


def _quoted(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
