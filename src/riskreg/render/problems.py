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
import sys
from collections.abc import Callable
from itertools import groupby

from riskreg.problems import Problem, Severity
from riskreg.rules.validation import ValidationResult

Renderer = Callable[[ValidationResult], None]


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
# backspace, vertical tab, form feed and carriage return.
_STRIPPED = {code: None for code in (7, 8, 11, 12, 13)}


def render_text(result: ValidationResult) -> None:
    if _plain_output():
        # Without a terminal there is no colour and no wrapping (soft_wrap), so the
        # same text is written without loading rich: pre-commit and CI run it this way.
        # (Rich expands tabs to its tab stops; text holding one goes through rich.)
        text = plain_text(result)
        if "\t" not in text:
            sys.stdout.write(text)
            return
    from rich.text import Text

    from riskreg.render.console import stdout_console

    console = stdout_console()
    for path, group in groupby(result.problems, key=lambda problem: problem.path):
        problems = list(group)
        places = [f"{p.line}:{p.column}" if p.line else "" for p in problems]
        width = max(len(place) for place in places)
        console.print(Text(path, style="bold underline"), soft_wrap=True)
        for problem, place in zip(problems, places, strict=True):
            line = Text("  ")
            line.append(place.ljust(width), style="dim")
            if problem.severity is Severity.ERROR:
                line.append("  error  ", style="bold red")
            else:
                line.append("  warning", style="yellow")
            line.append(f"  {problem.message}  ")
            line.append(f"[{problem.code}]", style="dim")
            console.print(line, soft_wrap=True)
        console.print()
    style = "bold red" if result.errors else "yellow" if result.problems else "green"
    console.print(Text(summary(result), style=style), soft_wrap=True)


def _plain_output() -> bool:
    """Whether rich would print plain text: no terminal, and no variable asking for one."""
    if os.environ.get("TTY_COMPATIBLE", "") == "1" or os.environ.get("FORCE_COLOR"):
        return False
    try:
        return not sys.stdout.isatty()
    except ValueError:  # a closed stream: nothing to colour
        return True


def plain_text(result: ValidationResult) -> str:
    """What render_text prints where there is no terminal, character for character."""
    out: list[str] = []
    for path, group in groupby(result.problems, key=lambda problem: problem.path):
        problems = list(group)
        places = [f"{p.line}:{p.column}" if p.line else "" for p in problems]
        width = max(len(place) for place in places)
        out.append(path.translate(_STRIPPED) + "\n")
        for problem, place in zip(problems, places, strict=True):
            severity = "  error  " if problem.severity is Severity.ERROR else "  warning"
            message = problem.message.translate(_STRIPPED)
            code = f"[{problem.code}]".translate(_STRIPPED)
            out.append(f"  {place.ljust(width)}{severity}  {message}  {code}\n")
        out.append("\n")
    out.append(summary(result).translate(_STRIPPED) + "\n")
    return "".join(out)


def parsable_line(problem: Problem) -> str:
    line, column = (problem.line, problem.column) if problem.line else (1, 1)
    return (
        f"{problem.path}:{line}:{column}: {problem.severity.value}: "
        f"{problem.message} [{problem.code}]"
    )


def render_parsable(result: ValidationResult) -> None:
    sys.stdout.write("".join(parsable_line(problem) + "\n" for problem in result.problems))


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


def render_github(result: ValidationResult) -> None:
    sys.stdout.write("".join(github_line(problem) + "\n" for problem in result.problems))


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


def render_json(result: ValidationResult) -> None:
    sys.stdout.write(json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n")


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "parsable": render_parsable,
    "github": render_github,
    "json": render_json,
}


def choose(name: str) -> Renderer:
    """The renderer for a --format value; `auto` is github inside GitHub Actions."""
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    return RENDERERS[name]
