"""The closed risks section."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.page import Page, controls, paragraphs
from riskreg.reports.pack import (
    ClosedRisk,
    long_date,
)


def _closed_row(risk: ClosedRisk) -> str:
    reported = long_date(risk.reported) if risk.reported else "Not yet reported"
    return (
        f'<tr id="{escape(risk.id)}"><th scope="row" class="id">{escape(risk.id)}</th>'
        f"<td>{escape(risk.name)}</td><td>{paragraphs(risk.description)}</td>"
        f"<td>{paragraphs(risk.impact_narrative)}</td><td>{controls(risk.controls)}</td>"
        f"<td>{paragraphs(risk.rationale)}</td><td>{long_date(risk.closed)}</td>"
        f"<td>{reported}</td></tr>"
    )


def closed_risks(page: Page) -> None:
    report = page.report
    page.add('<section id="closed-risks" class="page">', "<h2>Closed risks</h2>")
    if not report.closed_risks:
        page.add(
            f"<p>No risk closed since the start of {escape(report.closed_since.label)}.</p>",
            "</section>",
        )
        return
    page.add(
        f"<p>Risks closed since the start of {escape(report.closed_since.label)}, and any "
        "closure not yet reported to the committee.</p>",
        '<table class="closed">',
        '<colgroup><col class="id"><col class="name"><col class="text"><col class="text">'
        '<col class="controls"><col class="text"><col class="date"><col class="date">'
        "</colgroup>",
        '<thead><tr><th scope="col">ID</th><th scope="col">Risk name</th>'
        '<th scope="col">Description</th><th scope="col">Impact</th>'
        '<th scope="col">Key controls and activities</th><th scope="col">Closed rationale</th>'
        '<th scope="col">Closed date</th><th scope="col">Closure reported</th></tr></thead>',
        "<tbody>",
    )
    page.add(*[_closed_row(risk) for risk in report.closed_risks])
    page.add("</tbody></table>", "</section>")
