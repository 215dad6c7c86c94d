"""The executive summary: counts by rating, the band chart, changes, what needs attention."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.charts import band_chart
from riskreg.render.pack.page import Page, action_who_when, id_links, signed
from riskreg.reports.pack import (
    Change,
    long_date,
    movement_phrase,
    previous_note,
)


def _change_items(changes: tuple[Change, ...]) -> list[str]:
    items = []
    for change in changes:
        reason = f' <span class="reason">– {escape(change.reason)}</span>' if change.reason else ""
        items.append(
            f'<li><a href="#{escape(change.id)}">{escape(change.id)}</a> '
            f"{escape(change.name)}: {escape(change.what)}{reason}</li>"
        )
    return items


def _since_last_quarter(page: Page) -> None:
    report = page.report
    changes = report.changes
    page.add(f"<h3>Since {escape(report.previous.label)}</h3>")
    if changes.empty:
        page.add("<p>No risk was added, reopened, closed or re-rated this quarter.</p>")
    for title, group in (
        ("New", changes.new),
        ("Reopened", changes.reopened),
        ("Closed", changes.closed),
        ("Re-rated", changes.rerated),
        ("Scored for the first time", changes.first_scored),
    ):
        if group:
            page.add(
                f"<p><strong>{title} ({len(group)})</strong></p>",
                '<ul class="changes">',
                *_change_items(group),
                "</ul>",
            )


def _attention(page: Page) -> None:
    report = page.report
    when = f" on {long_date(report.as_at.day)}" if report.as_at else ""
    page.add("<h3>Needs attention</h3>", '<ul class="attention">')
    above = id_links(report.above_target)
    page.add(f"<li>Residual score above target: {above}.</li>")
    reviews = ", ".join(
        f'<a href="#{escape(risk_id)}">{escape(risk_id)}</a> (due {long_date(due)})'
        for risk_id, due in report.overdue_reviews
    )
    page.add(f"<li>Reviews overdue{when}: {reviews or 'none'}.</li>")
    actions = "; ".join(
        f'<a href="#{escape(late.id)}">{escape(late.id)}</a> {escape(late.action.text)}'
        f" ({action_who_when(late.action)})"
        for late in report.overdue_actions
    )
    page.add(f"<li>Actions overdue{when}: {actions or 'none'}.</li>")
    if report.appetite is not None:
        outside = id_links(report.outside_appetite)
        page.add(
            f"<li>Outside appetite ({len(report.outside_appetite)}): "
            f'{outside} (<a href="#appetite">by category</a>).</li>'
        )
    if report.indicators:
        flagged = id_links(report.kri_breaches)
        page.add(
            f"<li>Key risk indicators at amber or red ({len(report.kri_breaches)}): "
            f'{flagged} (<a href="#indicators">all indicators</a>).</li>'
        )
    if report.treatment is not None:
        expired = report.acceptances_expired
        page.add(
            f"<li>Acceptances expired{when} ({len(expired)}): {id_links(expired)} "
            '(<a href="#treatment">treatment</a>).</li>'
        )
    page.add("</ul>")


def summary(page: Page) -> None:
    report = page.report
    page.add(
        '<section id="summary">',
        "<h2>Executive summary</h2>",
        '<div class="columns"><div>',
        '<table class="counts">',
        f'<thead><tr><th scope="col">Rating</th>'
        f'<th scope="col" class="num">{escape(report.previous.label)}</th>'
        f'<th scope="col" class="num">{escape(report.period.label)}</th>'
        '<th scope="col" class="num">Change</th></tr></thead>',
        "<tbody>",
    )
    for count in report.counts:
        css = page.band(count.rating) if count.colour else ""
        rating = f'<td class="rating {css}">' if css else "<td>"
        page.add(
            f'<tr>{rating}{escape(count.rating)}</td><td class="num">{count.previous}'
            f'</td><td class="num">{count.now}</td><td class="num">'
            f"{signed(count.change)}</td></tr>"
        )
    page.add(
        f'<tr class="total"><td>Total open</td><td class="num">{report.total_previous}</td>'
        f'<td class="num">{report.total_now}</td><td class="num">'
        f"{signed(report.total_now - report.total_previous)}</td></tr>",
        "</tbody></table>",
        f"<p>New this quarter: {id_links(report.new_ids)}.</p>",
    )
    if report.reopened_ids:
        page.add(f"<p>Reopened this quarter: {id_links(report.reopened_ids)}.</p>")
    page.add(f"<p>Closed this quarter: {id_links(report.closed_ids)}.</p>")
    if report.movement:
        words = [movement_phrase(direction, number) for direction, number in report.movement]
        page.add(
            f"<p>Direction of travel in {escape(report.period.label)}: "
            f"{escape(', '.join(words))}.</p>"
        )
    page.add(f'<p class="note">{escape(previous_note(report))}</p>')
    band_chart(page)
    page.add("</div><div>")
    _since_last_quarter(page)
    _attention(page)
    page.add("</div></div>", "</section>")
