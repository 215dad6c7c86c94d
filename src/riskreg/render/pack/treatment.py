"""The treatment and assurance section: each open risk's decision, its acceptance, and
how effective its controls are."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.page import Page, id_links


def treatment(page: Page) -> None:
    """A row per open risk with a treatment, an assessed control or a residual outside
    appetite: rating, decision and rationale, acceptance, controls."""
    report = page.report
    if report.treatment is None:
        return
    page.add(
        '<section id="treatment">',
        "<h2>Treatment and control assurance</h2>",
        '<table class="treatment">',
        '<thead><tr><th scope="col">Risk</th><th scope="col">Rating</th>'
        '<th scope="col">Decision</th><th scope="col">Acceptance</th>'
        '<th scope="col">Controls</th></tr></thead>',
        "<tbody>",
    )
    for row in report.treatment:
        decision = escape(row.decision.capitalize()) if row.decision else "not recorded"
        if row.rationale:
            decision += f": {escape(row.rationale)}"
        if row.outside_appetite:
            decision += (
                f'<div class="overdue">Outside appetite: {escape(row.outside_appetite)}</div>'
            )
        acceptance = escape(f"Accepted {row.acceptance}") if row.acceptance else ""
        if row.acceptance_expired:
            acceptance += ' <span class="overdue">Expired</span>'
        page.add(
            f'<tr><td><a href="#{escape(row.id)}">{escape(row.id)}</a> {escape(row.name)}</td>'
            f'<td class="{page.band(row.rating)}">{escape(row.rating)}</td>'
            f"<td>{decision}</td><td>{acceptance}</td><td>{escape(row.controls)}</td></tr>"
        )
    expired = report.acceptances_expired
    others = len(report.open_risks) - len(report.treatment)
    page.add(
        "</tbody></table>",
        f"<p>Open risks with no treatment recorded, no control assessed and within appetite: "
        f"{others}.</p>",
        f"<p>Acceptances expired ({len(expired)}): {id_links(expired)}.</p>",
        "</section>",
    )
