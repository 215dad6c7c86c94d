"""The risk appetite section: each risk category with its open risks within and outside."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.page import Page, id_links


def appetite(page: Page) -> None:
    """Each risk category's appetite, with its open risks within and outside it."""
    report = page.report
    if report.appetite is None:
        return
    page.add(
        '<section id="appetite">',
        "<h2>Risk appetite</h2>",
        '<table class="appetite">',
        '<thead><tr><th scope="col">Risk category</th><th scope="col">Appetite</th>'
        '<th scope="col" class="num">Up to</th><th scope="col">Within</th>'
        '<th scope="col">Outside appetite</th></tr></thead>',
        "<tbody>",
    )
    for row in report.appetite:
        outside = id_links(row.outside) if row.outside else "none"
        page.add(
            f"<tr><td>{escape(row.category)}</td><td>{escape(row.level)}</td>"
            f'<td class="num">{escape(row.tolerance)}</td><td>{id_links(row.within)}</td>'
            f'<td class="{"overdue" if row.outside else ""}">{outside}</td></tr>'
        )
    page.add(
        "</tbody></table>",
        f"<p>{len(report.outside_appetite)} open risk(s) outside appetite.</p>",
        "</section>",
    )
