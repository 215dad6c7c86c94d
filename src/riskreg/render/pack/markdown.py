"""The audit committee pack as Markdown: readable as text, and as rendered by a code host."""

from __future__ import annotations

import re

from riskreg.reports.pack import (
    TREND_KEY,
    ActionLine,
    Change,
    ClosedRisk,
    ControlLine,
    Level,
    OpenRisk,
    Report,
    long_date,
    movement_phrase,
    period_range,
    previous_note,
    quarter_heading,
    trend_label,
)

_INLINE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(#|>|[-+](?=\s)|\d+[.)](?=\s))")


def text(value: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, links or HTML from it."""
    return _INLINE.sub(r"\\\1", value)


def cell(value: str) -> str:
    return text(value).replace("|", "\\|").replace("\n", " ")


def _as_written(words: str) -> str:
    """Words that Markdown shows as written, even when they start like a list or heading."""
    return _BLOCK_START.sub(r"\\\1", text(words))


def _blocks(value: str) -> list[tuple[bool, str]]:
    """Each paragraph on one line, each bullet list as Markdown bullets, whether it is a
    list with it; text starting like a list or heading keeps its words."""
    from riskreg.model.text_layout import Bullets, text_blocks

    out = []
    for block in text_blocks(value):
        if isinstance(block, Bullets):
            out.append((True, "\n".join(f"- {_as_written(item)}" for item in block.items)))
        else:
            out.append((False, _as_written(block.text)))
    return out


def _joined(value: str) -> str:
    """A text as one Markdown block: a bullet list right under the line that leads into it."""
    out = ""
    for is_list, block in _blocks(value):
        out += ("\n" if is_list else "\n\n") + block if out else block
    return out


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    marks = align or ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def signed(number: int) -> str:
    return f"+{number}" if number > 0 else str(number)


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "none"


def _summary(report: Report) -> list[str]:
    header = ["Rating", report.previous.label, report.period.label, "Change"]
    rows = [
        [count.rating, str(count.previous), str(count.now), signed(count.change)]
        for count in report.counts
    ]
    rows.append(
        [
            "**Total open**",
            f"**{report.total_previous}**",
            f"**{report.total_now}**",
            f"**{signed(report.total_now - report.total_previous)}**",
        ]
    )
    out = ["## Executive summary", "", *table(header, rows, ["---", "--:", "--:", "--:"]), ""]
    reopened = (
        f" Reopened this quarter: {_ids(report.reopened_ids)}." if report.reopened_ids else ""
    )
    out.append(
        f"New this quarter: {_ids(report.new_ids)}.{reopened} "
        f"Closed this quarter: {_ids(report.closed_ids)}."
    )
    if report.movement:
        out += [
            "",
            f"Direction of travel in {report.period.label}: "
            + ", ".join(movement_phrase(direction, count) for direction, count in report.movement)
            + ".",
        ]
    out += ["", previous_note(report), ""]
    out += _band_history(report)
    out += _since_last_quarter(report)
    out += _attention(report)
    return out


def _band_history(report: Report) -> list[str]:
    """Open risks by band at each quarter's end, by the rating recorded then."""
    history = report.band_history
    if not history:
        return []
    names = [tally.band for tally in history[-1].tallies]
    rows = [
        [
            quarter.quarter.label,
            *[str(tally.count) for tally in quarter.tallies],
            str(quarter.not_recorded),
        ]
        for quarter in history
    ]
    return [
        "### Open risks by band, by quarter",
        "",
        *table(["Quarter", *names, "Not recorded"], rows, ["---"] + ["--:"] * (len(names) + 1)),
        "",
        "Risks open at each quarter's end, by the rating recorded for that quarter; with none "
        "recorded then, not recorded (never today's rating).",
        "",
    ]


def _change_line(change: Change) -> str:
    reason = f" – {text(change.reason)}" if change.reason else ""
    return f"- {change.id} {text(change.name)}: {text(change.what)}{reason}"


def _since_last_quarter(report: Report) -> list[str]:
    changes = report.changes
    out = [f"### Since {report.previous.label}", ""]
    if changes.empty:
        return [*out, "No risk was added, reopened, closed or re-rated this quarter.", ""]
    for title, group in (
        ("New", changes.new),
        ("Reopened", changes.reopened),
        ("Closed", changes.closed),
        ("Re-rated", changes.rerated),
        ("Scored for the first time", changes.first_scored),
    ):
        if group:
            out += [f"**{title} ({len(group)})**", "", *map(_change_line, group), ""]
    return out


def _who_when(action: ActionLine) -> str:
    parts = [text(action.owner)] if action.owner else []
    if action.due:
        parts.append(f"due {long_date(action.due)}")
    parts.append(action.status)
    return ", ".join(parts)


def _attention(report: Report) -> list[str]:
    when = f" on {long_date(report.as_at.day)}" if report.as_at else ""
    reviews = ", ".join(
        f"{risk_id} (due {long_date(due)})" for risk_id, due in report.overdue_reviews
    )
    actions = "; ".join(
        f"{late.id} {text(late.action.text)} ({_who_when(late.action)})"
        for late in report.overdue_actions
    )
    out = [
        "### Needs attention",
        "",
        f"- Residual score above target: {_ids(report.above_target)}.",
        f"- Reviews overdue{when}: {reviews or 'none'}.",
        f"- Actions overdue{when}: {actions or 'none'}.",
    ]
    if report.appetite is not None:
        out.append(
            f"- Outside appetite ({len(report.outside_appetite)}): {_ids(report.outside_appetite)}."
        )
    return [*out, ""]


def _appetite(report: Report) -> list[str]:
    if report.appetite is None:
        return []
    rows = [
        [
            cell(row.category),
            cell(row.level),
            cell(row.tolerance),
            _ids(row.within),
            _ids(row.outside),
        ]
        for row in report.appetite
    ]
    return [
        "## Risk appetite",
        "",
        *table(["Risk category", "Appetite", "Up to", "Within", "Outside appetite"], rows),
        "",
        f"{len(report.outside_appetite)} open risk(s) outside appetite.",
        "",
    ]


def _heat_map(report: Report) -> list[str]:
    scoring = report.scoring
    out = ["## Heat map", ""]
    if report.scored:
        out.append(
            f"Residual risk of the {report.scored} scored open risk(s): probability by "
            "impact; each cell gives its score and rating, then the risks scored there."
        )
    else:
        out.append(
            "No open risk has an impact and probability score yet; the map shows the "
            "score and rating of each cell."
        )
    header = ["Probability", *[f"Impact {impact}" for impact in range(1, scoring.max_impact + 1)]]
    rows = []
    for row in report.heat_map:
        level = scoring.probability_level(row[0].probability)
        label = f"{row[0].probability} {level.description}" if level else str(row[0].probability)
        cells = []
        for heat in row:
            shown = f"{heat.score} {heat.band}"
            if heat.ids:
                shown += ": **" + ", ".join(heat.ids) + "**"
            cells.append(shown)
        rows.append([cell(label), *cells])
    out += ["", *table(header, rows), ""]
    if report.moves:
        out += [
            f"Movement since {report.previous.label}: "
            + "; ".join(
                f"{move.id} from probability {move.before[0]} impact {move.before[1]} to "
                f"probability {move.after[0]} impact {move.after[1]}"
                for move in report.moves
            )
            + ".",
            "",
        ]
    if report.unscored:
        count = sum(len(group.ids) for group in report.unscored)
        out += [f"Rated but not yet scored ({count}):", ""]
        out += [f"- {group.band}: {', '.join(group.ids)}" for group in report.unscored]
        out.append("")
    return out


def _score_words(risk: OpenRisk) -> str:
    if risk.score is None:
        return "not yet scored"
    return f"score {risk.score} (impact {risk.impact} × probability {risk.probability})"


def _controls(controls: tuple[ControlLine, ...]) -> list[str]:
    if not controls:
        return ["None recorded."]
    lines = []
    for item in controls:
        said = ", ".join(part for part in (item.effectiveness, item.assurance) if part)
        body = (
            _joined(item.text)
            + (f" *({said})*" if said else "")
            + (" *(restricted)*" if item.restricted else "")
        )
        lines.append("- " + body.replace("\n", "\n  ").replace("\n  \n", "\n\n"))
    return lines


def _section(title: str, body: str) -> list[str]:
    return (
        [f"**{title}**", "", _joined(body), ""]
        if body.strip()
        else [f"**{title}**", "", "None recorded.", ""]
    )


def _owner(risk: OpenRisk) -> list[str]:
    parts = [f"Owner: {text(risk.owner)}"] if risk.owner else []
    if risk.department:
        parts.append(f"Department: {text(risk.department)}")
    return [" · ".join(parts), ""] if parts else []


def _level_words(level: Level | None) -> str:
    return "not recorded" if level is None else level.words()


def _levels(risk: OpenRisk) -> list[str]:
    """Inherent → residual → target, and what stands out about them."""
    line = (
        f"Inherent {_level_words(risk.inherent)} → residual {_level_words(risk.residual)} "
        f"→ target {_level_words(risk.target)}."
    )
    if risk.above_target:
        line += " **Above target.**"
    if risk.category:
        line += f" Driven by: {text(risk.category)}."
    out = [line, ""]
    notes = []
    if risk.risk_category:
        notes.append(f"Risk category: {text(risk.risk_category)}.")
    if risk.outside_appetite:
        notes.append(f"**Outside appetite:** {text(risk.outside_appetite)}.")
    if risk.escalation:
        notes.append(f"Escalated {text(risk.escalation)}.")
    if risk.review_overdue and risk.next_review:
        notes.append(f"**Review overdue:** due {long_date(risk.next_review)}.")
    if notes:
        out += [" ".join(notes), ""]
    return out


def _actions(actions: tuple[ActionLine, ...]) -> list[str]:
    if not actions:
        return []
    return [
        "**Further actions**",
        "",
        *[
            f"- {' '.join(_joined(action.text).split())} ({_who_when(action)})"
            + (" **Overdue**" if action.overdue else "")
            + (" *(restricted)*" if action.restricted else "")
            for action in actions
        ],
        "",
    ]


def _open_risks(report: Report) -> list[str]:
    headings = [quarter_heading(quarter) for quarter in report.quarters]
    if not report.open_risks:
        return ["## Open risks", "", "No open risks.", ""]
    out = ["## Open risks", "", "Ordered by residual rating, then score, then ID.", ""]
    rows = [
        [risk.id, cell(risk.name), *[trend_label(d) for d in risk.trend], risk.rating]
        for risk in report.open_risks
    ]
    out += table(
        ["ID", "Risk name", *headings, "Residual rating"],
        rows,
        ["---", "---", *[":-:"] * len(headings), "---"],
    )
    out += ["", f"Risk trend key: {TREND_KEY}", ""]
    for risk in report.open_risks:
        trend = " · ".join(
            f"{heading} {trend_label(direction) or '–'}"
            for heading, direction in zip(headings, risk.trend, strict=True)
        )
        out += [
            f"### {risk.id} {text(risk.name)}",
            "",
            *_owner(risk),
            f"Residual rating: **{risk.rating}**, {_score_words(risk)}. Trend: {trend}.",
            "",
            *_levels(risk),
        ]
        out += _section("Description", risk.description)
        out += _section("Impact", risk.impact_narrative)
        heading = "**Key controls and activities**"
        if risk.control_summary:
            heading += f" ({risk.control_summary})"
        out += [heading, "", *_controls(risk.controls), ""]
        out += _decision_lines(risk)
        out += _actions(risk.actions)
        if risk.note:
            out += ["**Latest score note**", "", _joined(risk.note), ""]
    return out


def _decision_lines(risk: OpenRisk) -> list[str]:
    """Where the risk stands against its appetite, and what was decided about it."""
    lines = []
    if risk.outside_appetite:
        lines.append(f"- **Outside appetite:** {text(risk.outside_appetite)}")
    if risk.escalation:
        lines.append(f"- Escalated {text(risk.escalation)}")
    if risk.treatment:
        lines.append(f"- Treatment: {text(risk.treatment)}")
    if risk.acceptance:
        expired = " **(expired)**" if risk.acceptance_expired else ""
        lines.append(f"- Accepted {text(risk.acceptance)}{expired}")
    return [*lines, ""] if lines else []


def _closed_line(risk: ClosedRisk) -> str:
    reported = long_date(risk.reported) if risk.reported else "not yet reported"
    return f"Closed {long_date(risk.closed)}; closure reported to the committee: {reported}."


def _closed_risks(report: Report) -> list[str]:
    out = ["## Closed risks", ""]
    if not report.closed_risks:
        return [*out, f"No risk closed since the start of {report.closed_since.label}.", ""]
    out += [
        f"Risks closed since the start of {report.closed_since.label}, and any closure not "
        "yet reported to the committee.",
        "",
    ]
    rows = [
        [
            risk.id,
            cell(risk.name),
            long_date(risk.closed),
            long_date(risk.reported) if risk.reported else "not yet",
        ]
        for risk in report.closed_risks
    ]
    out += [*table(["ID", "Risk name", "Closed date", "Closure reported"], rows), ""]
    for risk in report.closed_risks:
        out += [f"### {risk.id} {text(risk.name)}", "", _closed_line(risk), ""]
        out += _section("Description", risk.description)
        out += _section("Impact", risk.impact_narrative)
        out += ["**Key controls and activities**", "", *_controls(risk.controls), ""]
        out += _section("Closed rationale", risk.rationale)
    return out


def _guidance(report: Report) -> list[str]:
    scoring = report.scoring
    out = [
        "## Appendix: risk scoring guidance",
        "",
        "Risk score = impact × probability.",
        "",
        "### Impact",
        "",
    ]
    impact_rows = [
        [
            str(level.level),
            *[cell(level.descriptions.get(category, "")) for category in scoring.categories],
        ]
        for level in sorted(scoring.impact, key=lambda item: -item.level)
    ]
    out += [*table(["Impact", *map(cell, scoring.categories)], impact_rows), ""]
    out += ["### Probability", ""]
    probability_rows = [
        [
            str(level.level),
            cell(level.description),
            cell(level.detail),
            cell(level.chance),
            cell(level.relative),
            cell(level.frequency),
        ]
        for level in sorted(scoring.probability, key=lambda item: -item.level)
    ]
    out += [
        *table(
            [
                "Probability",
                "Description",
                "Detailed description",
                "% chance",
                "Relative",
                "Frequency",
            ],
            probability_rows,
        ),
        "",
    ]
    out += ["### Risk scores", ""]
    impacts = range(1, scoring.max_impact + 1)
    score_rows = [
        [
            str(probability),
            *[
                f"{probability * impact} {scoring.band_at(impact, probability).name}"
                if scoring.grid is not None
                else str(probability * impact)
                for impact in impacts
            ],
        ]
        for probability in range(scoring.max_probability, 0, -1)
    ]
    out += [*table(["Probability", *[f"Impact {impact}" for impact in impacts]], score_rows), ""]
    out += ["### Rating bands", ""]
    if scoring.grid is not None:  # the scores table names each cell's band
        out += ["Lowest first: " + ", ".join(text(name) for name in scoring.band_names), ""]
        return out
    band_rows = [[f"{band.min}–{band.max}", band.name] for band in scoring.bands]
    out += [*table(["Score", "Rating"], band_rows), ""]
    return out


def _indicators(report: Report) -> list[str]:
    """Each open risk's key risk indicators, then the risks by objective."""
    out: list[str] = []
    if report.indicators:
        rows = [
            [
                f"{line.risk_id} {cell(line.risk_name)}",
                cell(line.name),
                cell(line.latest),
                long_date(line.date) if line.date else "",
                (line.status or "no readings").capitalize(),
                cell(line.thresholds),
            ]
            for line in report.indicators
        ]
        header = ["Risk", "Indicator", "Latest", "On", "Status", "Thresholds"]
        out += ["## Key risk indicators", "", *table(header, rows), ""]
        flagged = ", ".join(report.kri_breaches) or "none"
        out += [f"At amber or red ({len(report.kri_breaches)}): {flagged}.", ""]
    if report.objectives is not None:
        ratings = {risk.id: risk.rating for risk in report.open_risks}
        rows = [
            [
                f"{group.ident} {cell(group.name)}",
                ", ".join(f"{i} ({cell(ratings.get(i, ''))})" for i in group.risk_ids) or "none",
            ]
            for group in report.objectives
        ]
        out += ["## Risks by objective", "", *table(["Objective", "Open risks"], rows), ""]
    return out


def render(report: Report) -> str:
    marking = [f"**{text(report.marking)}**", ""] if report.marking else []
    heading = [*marking, f"# {text(report.title)}", ""]
    if report.organisation:
        heading += [text(report.organisation), ""]
    heading += [f"**Period:** {report.period.label} ({period_range(report.period)})", ""]
    if report.as_at:
        heading += [report.as_at.describe() + ".", ""]
    if report.scope:
        heading += [f"{text(report.scope)}: this pack holds only that part of the register.", ""]
    if report.public:
        heading += [
            "Published version: controls, notes and actions marked restricted are left out.",
            "",
        ]
    lines = [
        *heading,
        *_summary(report),
        *_heat_map(report),
        *_appetite(report),
        *_indicators(report),
        *_open_risks(report),
        *_closed_risks(report),
        *_guidance(report),
    ]
    if report.as_at and report.as_at.register_hash:
        lines += ["---", "", f"Register SHA-256 `{report.as_at.register_hash}`", ""]
    lines += marking
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
