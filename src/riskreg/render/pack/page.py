"""The HTML page being written, and the small pieces every section uses."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.styles import band_classes
from riskreg.reports.pack import (
    ActionLine,
    ControlLine,
    Report,
    long_date,
)


class Page:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.bands, self.band_css = band_classes(report.scoring)
        self.out: list[str] = []

    def band(self, name: str) -> str:
        return self.bands.get(name, "band-unknown")

    def add(self, *lines: str) -> None:
        self.out.extend(lines)


def paragraphs(text: str) -> str:
    """Text as HTML: each paragraph a <p>, each bullet list a <ul>."""
    from riskreg.model.text_layout import Bullets, text_blocks

    out = []
    for block in text_blocks(text):
        if isinstance(block, Bullets):
            out.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items))
            out.append("</ul>")
        else:
            out.append(f"<p>{escape(block.text)}</p>")
    return "".join(out)


def controls(controls: tuple[ControlLine, ...]) -> str:
    from riskreg.model.text_layout import Paragraph, text_blocks

    if not controls:
        return ""
    items = []
    for item in controls:
        blocks = text_blocks(item.text)
        # A control of one paragraph is the list item's text; a longer one keeps its
        # paragraphs and bullets inside the item.
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            body = escape(blocks[0].text)
        else:
            body = paragraphs(item.text)
        if item.restricted:
            body += ' <span class="restricted">(restricted)</span>'
        items.append(f"<li>{body}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def signed(number: int) -> str:
    return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{-number}")


def id_links(ids: tuple[str, ...]) -> str:
    return ", ".join(f'<a href="#{escape(i)}">{escape(i)}</a>' for i in ids) if ids else "none"


def action_who_when(action: ActionLine) -> str:
    parts = [action.owner] if action.owner else []
    if action.due:
        parts.append(f"due {long_date(action.due)}")
    parts.append(action.status)
    return ", ".join(parts)
