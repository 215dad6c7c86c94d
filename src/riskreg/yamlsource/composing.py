"""Composing text into a node tree; each parser complaint becomes one problem at its place.

Syntax errors are worded for a person editing the file: where an unfinished quote or
bracket starts rather than where the file ends, a tab in the indentation named as such.
"""

from __future__ import annotations

import yaml
from yaml.nodes import Node

from riskreg.yamlsource.document import Document
from riskreg.yamlsource.loader import LOADER, notice_slow_loader
from riskreg.yamlsource.plain_words import plain_words
from riskreg.yamlsource.screening import mark_position, nesting_error, too_deep


def compose(text: str, doc: Document) -> Node | None:
    notice_slow_loader()
    loader = LOADER(text)
    try:
        return loader.get_single_node()
    except yaml.composer.ComposerError as error:
        mark = error.problem_mark
        if error.problem and "another document" in error.problem:
            doc.problem(
                "multiple-documents",
                f"a second YAML document starts here; {doc.what} holds exactly one "
                "(remove the '---' and what follows, or merge it)",
                *mark_position(mark),
            )
        else:
            doc.problem("yaml-syntax", f"YAML syntax error: {error.problem}", *mark_position(mark))
    except yaml.MarkedYAMLError as error:
        if nesting_error(error):
            too_deep(doc, *mark_position(error.problem_mark))
        else:
            _syntax_error(text, doc, error)
    except yaml.reader.ReaderError as error:
        char = error.character
        code = char if isinstance(char, int) else ord(char)
        doc.problem(
            "yaml-syntax",
            f"character U+{code:04X} is not allowed in YAML text; remove it",
            *_offset_position(text, error.position),
        )
    except yaml.YAMLError as error:
        doc.problem("yaml-syntax", f"YAML error: {error}", 1, 1)
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses
        too_deep(doc, 1, 1)
    finally:
        loader.dispose()
    return None


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a byte offset into the UTF-8 encoding of `text`."""
    raw = text.encode("utf-8")[:offset]
    line = raw.count(b"\n") + 1
    column = len(raw[raw.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return line, column


def _syntax_error(text: str, doc: Document, error: yaml.MarkedYAMLError) -> None:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # where the unfinished thing starts, not the file's end
    line, column = mark_position(mark)
    lines = text.splitlines()
    if 0 < line <= len(lines):
        current = lines[line - 1]
        indent = current[: len(current) - len(current.lstrip(" \t"))]
        if "\t" in indent:
            doc.problem(
                "tab-indent",
                "tab used for indentation; YAML indents with spaces only",
                line,
                indent.index("\t") + 1,
            )
            return
    plain = plain_words(error, lines)
    if plain is not None:
        code, message, line, column = plain
        doc.problem(code, message, line, column)
        return
    reason = error.problem or error.context or "invalid YAML"
    if mark is error.context_mark and error.context:
        thing = error.context.removeprefix("while scanning ").removeprefix("while parsing ")
        reason = f"the file ends inside the {thing.removeprefix('a ')} that starts here; close it"
    elif error.context and error.problem and error.context_mark is not None:
        reason += f" ({error.context} at line {error.context_mark.line + 1})"
    doc.problem("yaml-syntax", f"YAML syntax error: {reason}", line, column)
