"""The YAML mistakes people make when editing by hand, said in plain words with the fix.

The parser's own wording ("mapping values are not allowed in this context") names its
grammar, not the mistake. Each case here recognises one mistake from the parser's
complaint and the line it points at, and says what to change on that line.
"""

from __future__ import annotations

import re

import yaml

# `key: value` at the start of a line (after any indentation or a list dash).
_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w ]*?):(\s+|$)")
_DASH_NO_SPACE = re.compile(r"^(\s*)-([^\s-])")

Found = tuple[str, str, int, int]  # code, message, line, column (1-based)


def plain_words(error: yaml.MarkedYAMLError, lines: list[str]) -> Found | None:
    """A plain-words problem for a parser complaint, or None to keep the parser's."""
    problem = error.problem or ""
    mark = error.problem_mark
    context = error.context_mark
    if mark is None:
        return None
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(lines, mark.line, mark.column)
    if problem.startswith("could not find expected ':'") and context is not None:
        return _not_a_key(lines, context.line)
    if problem.startswith("found unexpected end of stream") and context is not None:
        quote = _line(lines, context.line)[context.column : context.column + 1]
        if quote in ("'", '"'):
            return (
                "unclosed-quote",
                f"the text opened with {quote} here is never closed; put {quote} where the "
                "text ends, or remove the opening quote",
                context.line + 1,
                context.column + 1,
            )
    return None


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _colon_in_text(lines: list[str], index: int, column: int) -> Found | None:
    """`name: Fleet: delayed` (a colon and space in text), or `  description: ...`
    indented under the line above by mistake."""
    text = _line(lines, index)
    previous = next(
        (
            lines[i]
            for i in range(index - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ),
        "",
    )
    key = _KEY.match(text)
    if key and key.end(2) == column and _indent(text) > _indent(previous) and _KEY.match(previous):
        above = _KEY.match(previous)
        assert above is not None
        return (
            "indented-key",
            f"'{key[2]}:' is indented more than '{above[2]}:' on the line above, so YAML "
            f"reads it as part of {above[2]}'s value; line it up with '{above[2]}:'",
            index + 1,
            _indent(text) + 1,
        )
    if key:
        value = text[key.end() :].rstrip()
        if value and value[0] not in "'\"|>":
            quoted = "'" + value.replace("'", "''") + "'"
            return (
                "colon-in-text",
                f"': ' inside text reads as a new key in YAML; put the text in quotes: "
                f"{key[1]}{key[2]}: {quoted}",
                index + 1,
                column + 1,
            )
    return (
        "colon-in-text",
        "': ' inside text reads as a new key in YAML; put the whole text in quotes",
        index + 1,
        column + 1,
    )


def _not_a_key(lines: list[str], index: int) -> Found | None:
    """A line that is neither `key: value` nor `- item`, such as `-Missing space`."""
    text = _line(lines, index)
    dash = _DASH_NO_SPACE.match(text)
    if dash:
        fixed = f"{dash[1]}- {text[len(dash[1]) + 1 :]}"
        return (
            "dash-without-space",
            f"a list item needs a space after the dash: {fixed.strip()}",
            index + 1,
            len(dash[1]) + 1,
        )
    return (
        "not-a-key",
        "this line is neither 'key: value' nor a list item '- ...'; if it continues the "
        "text above, indent it as far as that text",
        index + 1,
        _indent(text) + 1,
    )
