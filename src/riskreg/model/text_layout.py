"""How riskreg reads the layout of a text field: paragraphs and bullets.

A blank line separates paragraphs. A line starting ``- `` is a bullet; bullets on
consecutive lines make one list, and a line after a bullet that does not start with a
dash continues that bullet. Other lines of a paragraph run together, as the words of a
wrapped paragraph do. Every renderer reads text through :func:`text_blocks`, so a
bullet is a bullet in the terminal, the HTML and Markdown packs and the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CONTROL_CHARACTER", "Bullets", "Paragraph", "TextBlock", "text_blocks"]

# The control characters XML cannot hold, so neither a workbook nor a web page can: no
# text of the register may hold one (a tab, a line break and a carriage return are text).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


TextBlock = Paragraph | Bullets

_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")


def _bullet(line: str) -> str | None:
    """The text of a bullet line, or None for a line that is not a bullet."""
    if line == "-" or line.startswith("- "):
        return line[1:].strip()
    return None


def text_blocks(text: str) -> list[TextBlock]:
    """The paragraphs and bullet lists of `text`, each with its words on one line."""
    blocks: list[TextBlock] = []
    for chunk in _BLANK_LINE.split(text):
        words: list[str] = []
        items: list[list[str]] = []
        for raw in chunk.split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            item = _bullet(line)
            if item is not None:
                if words:
                    blocks.append(Paragraph(" ".join(words)))
                    words = []
                items.append([item] if item else [])
            elif items:
                items[-1].append(line)
            else:
                words.append(line)
        if words:
            blocks.append(Paragraph(" ".join(words)))
        if items:
            blocks.append(Bullets(tuple(" ".join(item) for item in items)))
    return blocks
