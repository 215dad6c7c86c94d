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
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in parts)


def controls(controls: tuple[ControlLine, ...]) -> str:
    if not controls:
        return ""
    items = []
    for item in controls:
        body = escape(" ".join(item.text.split()))
        said = [part for part in (item.effectiveness, item.assurance) if part]
        if said:
            body += f' <span class="assurance">({escape(", ".join(said))})</span>'
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
