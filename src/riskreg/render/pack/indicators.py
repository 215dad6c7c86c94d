"""The key risk indicators section (each open risk's indicators, amber and red flagged)
and the objectives section (each declared objective with the open risks threatening it)."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.page import Page, id_links
from riskreg.reports.pack import long_date

# Each status as a word with a class, so that it reads without colour too.
_STATUS_CLASS = {"red": "kri-red", "amber": "kri-amber", "green": "kri-green"}


def indicators(page: Page) -> None:
    """A table of every open risk's indicators: latest reading, status, thresholds."""
    report = page.report
    if not report.indicators:
        return
    page.add(
        '<section id="indicators">',
        "<h2>Key risk indicators</h2>",
        '<table class="indicators">',
        '<thead><tr><th scope="col">Risk</th><th scope="col">Indicator</th>'
        '<th scope="col" class="num">Latest</th><th scope="col">On</th>'
        '<th scope="col">Status</th><th scope="col">Thresholds</th>'
        '<th scope="col">Before</th></tr></thead>',
        "<tbody>",
    )
    for line in report.indicators:
        status = line.status or "no readings"
        css = _STATUS_CLASS.get(line.status or "", "")
        page.add(
            f'<tr><td><a href="#{escape(line.risk_id)}">{escape(line.risk_id)}</a> '
            f"{escape(line.risk_name)}</td><td>{escape(line.name)}</td>"
            f'<td class="num">{escape(line.latest)}</td>'
            f"<td>{escape(long_date(line.date)) if line.date else ''}</td>"
            f'<td class="{css}">{escape(status.capitalize())}</td>'
            f"<td>{escape(line.thresholds)}</td><td>{escape(line.earlier)}</td></tr>"
        )
    page.add(
        "</tbody></table>",
        f"<p>{len(report.kri_breaches)} open risk(s) with an indicator at amber or red: "
        f"{id_links(report.kri_breaches)}.</p>",
        "</section>",
    )


def objectives(page: Page) -> None:
    """Each declared objective with the open risks that threaten it."""
    report = page.report
    if report.objectives is None:
        return
    ratings = {risk.id: risk.rating for risk in report.open_risks}
    page.add(
        '<section id="objectives">',
        "<h2>Risks by objective</h2>",
        '<table class="objectives">',
        '<thead><tr><th scope="col">Objective</th><th scope="col">Open risks threatening it'
        "</th></tr></thead>",
        "<tbody>",
    )
    for group in report.objectives:
        risks = (
            ", ".join(
                f'<a href="#{escape(i)}">{escape(i)}</a> '
                f'<span class="chip {page.band(ratings.get(i, ""))}">'
                f"{escape(ratings.get(i, ''))}</span>"
                for i in group.risk_ids
            )
            or "none"
        )
        page.add(
            f"<tr><td><strong>{escape(group.ident)}</strong> {escape(group.name)}</td>"
            f"<td>{risks}</td></tr>"
        )
    page.add("</tbody></table>", "</section>")
