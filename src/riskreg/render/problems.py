"""Renderers for `riskreg validate`: text, parsable, github and json.

`text` is for people (grouped by file, coloured on a terminal); the others are for
machines and go to stdout plainly, one record a line (json: one object). A problem that
concerns a whole file rather than a line (a symbolic link, say) has no position: text
shows none, json gives null, github leaves line and col out, and parsable, whose every
line must read `path:line:col: ...`, uses 1:1.
"""

from __future__ import annotations

import json
import os
from itertools import groupby
from typing import TextIO

from riskreg.problems import Problem, Severity
from riskreg.rules.validation import ValidationResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: ValidationResult) -> str:
    """One line: what was checked and what was found."""
    checked = _plural(len(result.files), "file")
    if not result.problems:
        return f"{checked} checked: no problems"
    parts = []
    if result.errors:
        parts.append(_plural(len(result.errors), "error"))
    if result.warnings:
        parts.append(_plural(len(result.warnings), "warning"))
    affected = len(result.files_with_problems)
    return f"{' and '.join(parts)} in {_plural(affected, 'file')} ({checked} checked)"


# What rich leaves out of printed text (rich.control.STRIP_CONTROL_CODES): bell,
# backspace, vertical tab, form feed and carriage return. The plain text leaves them out
# too, so a terminal and a pipe show the same characters.
_STRIPPED = {code: None for code in (7, 8, 11, 12, 13)}

# One line of the text report: its pieces, each with the style it has on a terminal.
Styled = list[tuple[str, str]]


def text_lines(result: ValidationResult) -> list[Styled]:
    """The text report, grouped by file: written once, for pipes and terminals alike."""
    lines: list[Styled] = []
    for path, group in groupby(result.problems, key=lambda problem: problem.path):
        problems = list(group)
        places = [f"{p.line}:{p.column}" if p.line else "" for p in problems]
        width = max(len(place) for place in places)
        lines.append([(path, "bold underline")])
        for problem, place in zip(problems, places, strict=True):
            severity = (
                ("  error  ", "bold red")
                if problem.severity is Severity.ERROR
                else ("  warning", "yellow")
            )
            lines.append(
                [
                    ("  ", ""),
                    (place.ljust(width), "dim"),
                    severity,
                    (f"  {problem.message}  ", ""),
                    (f"[{problem.code}]", "dim"),
                ]
            )
        lines.append([])
    style = "bold red" if result.errors else "yellow" if result.problems else "green"
    lines.append([(summary(result), style)])
    return [[(text.translate(_STRIPPED), style) for text, style in line] for line in lines]


def plain_text(result: ValidationResult) -> str:
    """The text report without colour: what a pipe, pre-commit or CI receives."""
    out = []
    for line in text_lines(result):
        text = "".join(piece for piece, _style in line)
        # As a terminal shows a tab: spaces to the next multiple of eight.
        out.append((text.expandtabs(8) if "\t" in text else text) + "\n")
    return "".join(out)


def render_text(result: ValidationResult, out: TextIO) -> None:
    """The text report; a terminal gets it in colour (rich only decorates the same text)."""
    if not _on_terminal(out):
        out.write(plain_text(result))
        return
    from rich.text import Text

    from riskreg.render.console import stdout_console

    console = stdout_console(out)
    for line in text_lines(result):
        text = Text()
        for piece, style in line:
            text.append(piece, style=style)
        console.print(text, soft_wrap=True)


def _on_terminal(out: TextIO) -> bool:
    """Whether rich would colour the output: a terminal, or a variable asking for one."""
    if os.environ.get("TTY_COMPATIBLE", "") == "1" or os.environ.get("FORCE_COLOR"):
        return True
    try:
        return out.isatty()
    except ValueError:  # a closed stream: nothing to colour
        return False


def _one_record(text: str) -> str:
    """Text kept to one parsable record: a newline or carriage return in it is written
    as \\n or \\r (a file name may hold one)."""
    return text.replace("\n", "\\n").replace("\r", "\\r")


def parsable_line(problem: Problem) -> str:
    line, column = (problem.line, problem.column) if problem.line else (1, 1)
    return _one_record(
        f"{problem.path}:{line}:{column}: {problem.severity.value}: "
        f"{problem.message} [{problem.code}]"
    )


def render_parsable(result: ValidationResult, out: TextIO) -> None:
    out.write("".join(parsable_line(problem) + "\n" for problem in result.problems))


def _escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a workflow command's property values."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    properties = f"file={_escape_property(problem.path)}"
    if problem.line:
        properties += f",line={problem.line},col={problem.column}"
    return f"::{kind} {properties}::{_escape_data(f'{problem.message} [{problem.code}]')}"


def render_github(result: ValidationResult, out: TextIO) -> None:
    out.write("".join(github_line(problem) + "\n" for problem in result.problems))


def as_json(result: ValidationResult) -> dict[str, object]:
    return {
        "files": result.files,
        "problems": [
            {
                "path": p.path,
                "line": p.line or None,
                "column": p.column or None,
                "code": p.code,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in result.problems
        ],
        "summary": {
            "files": len(result.files),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
        },
    }


def render_json(result: ValidationResult, out: TextIO) -> None:
    out.write(json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n")


def render_auto(result: ValidationResult, out: TextIO) -> None:
    """github inside GitHub Actions, else text."""
    render = render_github if os.environ.get("GITHUB_ACTIONS") else render_text
    render(result, out)
