"""The open risks section: one row per risk with its trend, rating, levels and actions."""

from __future__ import annotations

from html import escape

from riskreg.model.risk import Direction
from riskreg.render.pack.charts import sparkline
from riskreg.render.pack.page import Page, action_who_when, controls, paragraphs
from riskreg.reports.pack import (
    TREND_KEY,
    ActionLine,
    Level,
    OpenRisk,
    long_date,
    quarter_heading,
    trend_label,
)

TREND_CLASSES = {
    Direction.IMPROVED: "improved",
    Direction.WORSENED: "worsened",
    Direction.UNCHANGED: "unchanged",
    Direction.NEW: "new",
    Direction.NA: "na",
}


def _trend_cell(direction: Direction | None) -> str:
    if direction is None:
        return '<td class="trend"></td>'
    return f'<td class="trend {TREND_CLASSES[direction]}">{escape(trend_label(direction))}</td>'


def _score_note(risk: OpenRisk) -> str:
    if risk.score is None:
        return ""
    return f'<span class="score-note">{risk.impact} × {risk.probability} = {risk.score}</span>'


def open_risks(page: Page) -> None:
    report = page.report
    headings = "".join(
        f'<th scope="col" class="centre">{escape(quarter_heading(q)).replace(" ", "<br>")}</th>'
        for q in report.quarters
    )
    if not report.open_risks:
        page.add(
            '<section id="open-risks" class="page">',
            "<h2>Open risks</h2>",
            "<p>No open risks.</p>",
            "</section>",
        )
        return
    page.add(
        '<section id="open-risks" class="page">',
        "<h2>Open risks</h2>",
        f"<p>{len(report.open_risks)} open risk(s), ordered by residual rating, then score, "
        "then ID.</p>",
        '<table class="risks">',
        '<colgroup><col class="id"><col class="name"><col class="text"><col class="text">'
        '<col class="controls">'
        + '<col class="q">' * len(report.quarters)
        + '<col class="rating"><col class="levels"></colgroup>',
        '<thead><tr><th scope="col">ID</th><th scope="col">Risk name and owner</th>'
        '<th scope="col">Description</th><th scope="col">Impact</th>'
        f'<th scope="col">Key controls, activities and actions</th>{headings}'
        '<th scope="col">Residual risk rating</th><th scope="col">Inherent, target and '
        "score over time</th></tr></thead>",
        "<tbody>",
    )
    for risk in report.open_risks:
        page.add(_open_row(page, risk))
    page.add(
        "</tbody></table>",
        f'<p class="trend-key"><strong>Risk trend key:</strong> {escape(TREND_KEY)}</p>',
        "</section>",
    )


def _actions(actions: tuple[ActionLine, ...]) -> str:
    if not actions:
        return ""
    items = []
    for action in actions:
        late = ' <span class="overdue">Overdue</span>' if action.overdue else ""
        restricted = ' <span class="restricted">(restricted)</span>' if action.restricted else ""
        items.append(
            f"<li>{escape(action.text)} ({escape(action_who_when(action))}){late}{restricted}</li>"
        )
    return '<p class="sub">Further actions</p><ul>' + "".join(items) + "</ul>"


def _owner(risk: OpenRisk) -> str:
    who = " · ".join(escape(part) for part in (risk.owner, risk.department) if part)
    return f'<span class="owner">Owner: {who}</span>' if who else ""


def _level_line(page: Page, what: str, level: Level | None) -> str:
    if level is None:
        return f"<div>{what}: not recorded</div>"
    score = f" {level.score}" if level.score is not None else ""
    return (
        f'<div>{what}: <span class="chip {page.band(level.rating)}">{escape(level.rating)}'
        f"</span>{score}</div>"
    )


def _levels(page: Page, risk: OpenRisk) -> str:
    above = '<div class="overdue">Above target</div>' if risk.above_target else ""
    category = f"<div>Driven by: {escape(risk.category)}</div>" if risk.category else ""
    appetite = ""
    if risk.risk_category:
        appetite += f"<div>Risk category: {escape(risk.risk_category)}</div>"
    if risk.outside_appetite:
        appetite += f'<div class="overdue">Outside appetite: {escape(risk.outside_appetite)}</div>'
    if risk.escalation:
        appetite += f"<div>Escalated {escape(risk.escalation)}</div>"
    if risk.treatment:
        appetite += f"<div>Treatment: {escape(risk.treatment)}</div>"
    if risk.acceptance:
        expired = ' <span class="overdue">Expired</span>' if risk.acceptance_expired else ""
        appetite += f"<div>Accepted {escape(risk.acceptance)}{expired}</div>"
    return (
        '<td class="levels">'
        + _level_line(page, "Inherent", risk.inherent)
        + _level_line(page, "Target", risk.target)
        + above
        + category
        + appetite
        + sparkline(risk)
        + "</td>"
    )


def _control_summary(risk: OpenRisk) -> str:
    if not risk.control_summary:
        return ""
    return f'<p class="sub">{escape(risk.control_summary)}</p>'


def _open_row(page: Page, risk: OpenRisk) -> str:
    trend = "".join(_trend_cell(direction) for direction in risk.trend)
    note = f'<p class="sub">Latest score note</p><p>{escape(risk.note)}</p>' if risk.note else ""
    review = ""
    if risk.review_overdue and risk.next_review:
        review = f'<p class="overdue">Review overdue: due {long_date(risk.next_review)}</p>'
    return (
        f'<tr id="{escape(risk.id)}"><th scope="row" class="id">{escape(risk.id)}</th>'
        f"<td>{escape(risk.name)}{_owner(risk)}</td><td>{paragraphs(risk.description)}</td>"
        f"<td>{paragraphs(risk.impact_narrative)}</td><td>{_control_summary(risk)}"
        f"{controls(risk.controls)}"
        f"{_actions(risk.actions)}{note}{review}</td>"
        f'{trend}<td class="rating {page.band(risk.rating)}">{escape(risk.rating)}'
        f"{_score_note(risk)}</td>{_levels(page, risk)}</tr>"
    )
