"""Consoles for rich output: colour only on a terminal, and never when NO_COLOR is set."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console
from rich.text import Text


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader has gone (`riskreg list | head -1`): the edge ends quietly."""
        self.quiet = True
        raise BrokenPipeError


def stdout_console(out: TextIO | None = None) -> Console:
    """A console writing to `out` (default: stdout), as wide as the terminal or $COLUMNS."""
    stream = out if out is not None else sys.stdout
    # Risk text is data, never markup: "[draft]" stays as written and ":fire:" is no emoji.
    return _Console(
        file=stream,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        width=None if stream.isatty() else int(os.environ.get("COLUMNS", "100")),
    )


def band_style(colour: str) -> str:
    """Text in a band's colour, bold so it reads on light and dark terminals."""
    return f"bold {colour}"


def cell_style(colour: str) -> str:
    """A heat-map cell filled with a band's colour."""
    return f"black on {colour}"


def print_wrapped(console: Console, text: str | Text, first: str = "  ", rest: str = "  ") -> None:
    """Print text wrapped to the console with a hanging indent and no trailing spaces."""
    import textwrap

    plain = text.plain if isinstance(text, Text) else text
    width = max(40, console.width - 1)
    wrapped = textwrap.fill(
        plain,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if isinstance(text, Text):
        styled = Text(first) + text.copy()
        # Re-flow the styled text along the same breaks as the plain wrap.
        out = Text()
        cursor = 0
        for line_no, line in enumerate(wrapped.split("\n")):
            body = line.lstrip(" ")
            indent = line[: len(line) - len(body)]
            start = styled.plain.find(body, cursor)
            if line_no:
                out.append("\n" + indent)
            else:
                out.append(styled.plain[:start][: len(indent)])
            out.append_text(styled[start : start + len(body)])
            cursor = start + len(body)
        console.print(out, overflow="ignore", crop=False)
        return
    console.print(Text(wrapped), overflow="ignore", crop=False)
