"""Renderers for one risk (`riskreg show`: text, json, yaml) and for score results."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from riskreg.model.appetite import breach
from riskreg.model.assurance import ControlEntry, assessed, effectiveness_summary
from riskreg.model.indicators import breaches, objective_named
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Assessment, RegisterConfig, Risk, risk_as_data
from riskreg.model.timeline import (
    above_target,
    acceptance_expired,
    last_score_in,
    overdue_actions,
    review_due,
    today,
)

if TYPE_CHECKING:
    from rich.console import Console

    from riskreg.lifecycle.assess import ScoreChange
    from riskreg.scoring.calculation import Calculation


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def risk_json(risk: Risk, config: RegisterConfig) -> dict[str, Any]:
    data: dict[str, Any] = _jsonable(risk_as_data(risk))
    scoring = config.scoring
    band = scoring.band_named(risk.rating) if risk.rating else None
    data["score"] = risk.score
    data["band"] = band.name if band else None
    found = breach(config.appetite, scoring, risk.risk_category, risk.score, risk.rating)
    if found is not None and risk.is_open:
        data["outside_appetite"] = {"level": found.level, "tolerance": found.tolerance}
    if risk.indicators:
        data["kri_breaches"] = [
            {"name": i.name, "status": i.status} for i in breaches(risk.indicators)
        ]
    if assessed(risk.controls):
        data["control_effectiveness"] = effectiveness_summary(risk.controls)
    if acceptance_expired(risk, today()):
        data["acceptance_expired"] = True
    return data


@dataclass(frozen=True)
class RiskDetail:
    """What `riskreg show` renders: one risk, read with its register's config."""

    risk: Risk
    config: RegisterConfig


def render_json(detail: RiskDetail, out: TextIO) -> None:
    data = risk_json(detail.risk, detail.config)
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def render_yaml(detail: RiskDetail, out: TextIO) -> None:
    from riskreg.register.editing import dump_yaml

    out.write(dump_yaml(risk_as_data(detail.risk)))


def _paragraphs(console: Console, text: str, first: str = "  ", rest: str = "  ") -> None:
    """Text laid out as written: a blank line between paragraphs, a bullet list as bullets
    (directly under the sentence that leads into it).

    `first` starts the text's first line (a control's own bullet); `rest` indents the rest.
    """
    from riskreg.model.text_layout import Bullets, Paragraph, text_blocks
    from riskreg.render.console import print_wrapped

    previous = None
    for block in text_blocks(text):
        if previous is not None and not (
            isinstance(block, Bullets) and isinstance(previous, Paragraph)
        ):
            console.print()
        start = rest if previous is not None else first
        if isinstance(block, Bullets):
            for item in block.items:
                print_wrapped(console, item, start + "- ", rest + "  ")
                start = rest
        else:
            print_wrapped(console, block.text, start, rest)
        previous = block


def _assessment_line(name: str, assessment: Assessment, config: RegisterConfig) -> Any:
    from rich.text import Text

    from riskreg.render.console import band_style

    scoring = config.scoring
    line = Text(f"  {name:<9}", style="bold")
    band = scoring.band_named(assessment.rating) if assessment.rating else None
    if assessment.score is not None:
        assert assessment.impact is not None and assessment.probability is not None
        band = scoring.band_at(assessment.impact, assessment.probability)
        line.append(f"{assessment.impact} x {assessment.probability} = {assessment.score}  ")
    if band is not None:
        line.append(band.name, style=band_style(band.colour))
    elif assessment.rating:
        line.append(assessment.rating)
    if assessment.score is None:
        line.append("  (not yet scored)", style="dim")
    if assessment.category:
        line.append(f"  driven by {assessment.category}", style="dim")
    return line


def _own_fields(console: Console, risk: Risk, config: RegisterConfig) -> None:
    """The register's own fields, in the order riskreg.yaml declares them, one a line."""
    from riskreg.render.console import print_wrapped

    shown = [(name, spec) for name, spec in config.fields.items() if name in risk.custom]
    if not shown:
        return
    width = max(len(name) for name, _spec in shown) + 2
    for name, spec in shown:
        value = risk.custom[name]
        text = "" if value is None else spec.as_text(value)
        print_wrapped(console, f"{name + ':':<{width}}{text}", "  ", " " * (width + 2))


def _print_appetite(console: Console, risk: Risk, config: RegisterConfig) -> None:
    """The risk category, where the residual stands against its appetite, and any
    escalation."""
    from rich.text import Text

    from riskreg.render.console import print_wrapped

    if risk.risk_category is None and risk.escalation is None:
        return
    if risk.risk_category is not None:
        line = Text("  Risk category ", style="bold") + Text(risk.risk_category)
        appetite = config.appetite
        known = appetite.category_named(risk.risk_category) if appetite else None
        if appetite is not None and known is not None:
            level = appetite.categories[known]
            tolerance = appetite.levels.get(appetite.level_named(level) or "", "?")
            line.append(f": appetite {level} (up to {tolerance})")
            found = breach(appetite, config.scoring, known, risk.score, risk.rating)
            if found is not None and risk.is_open:
                line.append("  outside appetite", style="bold red")
            elif risk.is_open:
                line.append("  within appetite", style="green")
        console.print(line, soft_wrap=True)
    escalation = risk.escalation
    if escalation is not None:
        by = f" by {escalation.by}" if escalation.by else ""
        print_wrapped(
            console,
            Text("Escalated ", style="bold")
            + Text(f"to {escalation.to} on {escalation.date.isoformat()}{by}: {escalation.reason}"),
            "  ",
            "    ",
        )


def _print_indicators(console: Console, risk: Risk, config: RegisterConfig) -> None:
    """The objectives the risk threatens, and each key risk indicator's latest reading
    against its thresholds (amber and red flagged)."""
    from rich.text import Text

    from riskreg.render.console import print_wrapped

    if risk.objectives:
        console.print()
        console.print(Text("Objectives threatened", style="bold"))
        for name in risk.objectives:
            ident = objective_named(config.objectives, name)
            shown = f"{ident}: {config.objectives[ident]}" if ident else f"{name} (not declared)"
            print_wrapped(console, shown, "  • ", "    ")
    if not risk.indicators:
        return
    console.print()
    console.print(Text("Key risk indicators", style="bold"))
    styles = {"red": "bold red", "amber": "bold yellow", "green": "green"}
    for indicator in risk.indicators:
        line = Text("  ")
        status = indicator.status
        if status is not None:
            line.append(f"{status.upper():<6}", style=styles[status])
        else:
            line.append(" " * 6)
        line.append(indicator.describe())
        earlier = sorted(indicator.readings, key=lambda r: r.date)[-4:-1]
        if earlier:
            line.append(
                "; before: " + ", ".join(indicator.shown(r.value) for r in earlier), style="dim"
            )
        print_wrapped(console, line, "", "        ")


def _control_line(control: str | ControlEntry) -> str:
    """A control's text, then how effective it is, who assures it, and if restricted."""
    if isinstance(control, str):
        return control
    said = [
        part
        for part in (
            control.effectiveness,
            control.assurance,
            "restricted" if control.is_restricted else None,
        )
        if part
    ]
    return f"{control.text} ({', '.join(said)})" if said else control.text


def _print_treatment(console: Console, risk: Risk, day: dt.date) -> None:
    """The treatment decision and its rationale, and any acceptance (expired in red)."""
    from rich.text import Text

    from riskreg.render.console import print_wrapped

    treatment = risk.treatment
    if treatment is None:
        return
    line = Text("Treatment ", style="bold") + Text(treatment.decision)
    if treatment.rationale:
        line.append(f": {treatment.rationale}")
    print_wrapped(console, line, "  ", "    ")
    accepted = treatment.acceptance
    if accepted is None:
        return
    line = Text("Accepted ", style="bold") + Text(
        f"by {accepted.by} on {accepted.date.isoformat()} until {accepted.expires.isoformat()}"
    )
    if risk.is_open and accepted.expired(day):
        line.append("  expired", style="bold red")
    print_wrapped(console, line, "  ", "    ")


def render_text(detail: RiskDetail, out: TextIO) -> None:
    from rich.text import Text

    from riskreg.render.console import print_wrapped, stdout_console

    risk, config = detail.risk, detail.config
    console = stdout_console(out)
    scoring = config.scoring
    title = Text(f"{risk.id}  {risk.name}", style="bold")
    if not risk.is_open:
        title.append("  [CLOSED]", style="bold red")
    console.print(title, soft_wrap=True)
    day = today()
    facts = []
    if risk.owner:
        facts.append(Text(f"Owner: {risk.owner}"))
    if risk.department:
        facts.append(Text(f"Department: {risk.department}"))
    if risk.last_reviewed:
        facts.append(Text(f"Last reviewed: {risk.last_reviewed.isoformat()}"))
    due = review_due(risk, config)
    if risk.next_review:
        fact = Text(f"Next review: {risk.next_review.isoformat()}")
        if due is not None and due.overdue(day):
            fact.append(" (overdue)", style="bold red")
        facts.append(fact)
    elif due is not None and due.overdue(day):
        facts.append(Text(f"Review overdue: {due.reason(day)}", style="bold red"))
    if facts:
        console.print(Text("  ") + Text("   ").join(facts), soft_wrap=True)
    _own_fields(console, risk, config)
    if risk.closure is not None:
        closure = risk.closure
        console.print()
        console.print(Text("Closed", style="bold red"))
        when = f"  Closed {closure.closed.isoformat()}"
        if closure.reported:
            when += f"; reported to the audit committee {closure.reported.isoformat()}"
        console.print(when)
        _paragraphs(console, closure.rationale)
    for heading, text in (("Description", risk.description), ("Impact", risk.impact_narrative)):
        if text:
            console.print()
            console.print(Text(heading, style="bold"))
            _paragraphs(console, text)
    if risk.controls:
        console.print()
        controls_heading = Text("Key controls and activities", style="bold")
        if assessed(risk.controls):
            controls_heading.append(f" ({effectiveness_summary(risk.controls)})")
        console.print(controls_heading)
        for control in risk.controls:
            _paragraphs(console, _control_line(control), "  • ", "    ")
    if risk.trend:
        console.print()
        console.print(Text("Direction of travel", style="bold"))
        ordered = risk.trend_in_order()
        cells = []
        for label, direction in ordered[-8:]:
            cell = Text(f"{label} ") + Text(direction.arrow, style=direction.colour)
            scored = last_score_in(risk, Quarter.parse(label))
            if scored is not None:
                cell.append(f" ({scored})", style="dim")
            cells.append(cell)
        console.print(Text("  ") + Text("   ").join(cells))
    if risk.residual or risk.inherent or risk.target:
        console.print()
        console.print(Text("Assessment", style="bold"))
    for name in ("inherent", "residual", "target"):
        assessment = getattr(risk, name)
        if assessment is not None:
            console.print(_assessment_line(name.capitalize(), assessment, config))
    if above_target(risk, config.scoring):
        assert risk.residual is not None and risk.target is not None
        console.print(
            Text(
                f"  Residual score {risk.residual.score} is above the target {risk.target.score}.",
                style="yellow",
            )
        )
    _print_appetite(console, risk, config)
    _print_treatment(console, risk, day)
    residual = risk.residual
    if residual is not None and residual.impact is not None and residual.probability is not None:
        impact = scoring.impact_level(residual.impact)
        probability = scoring.probability_level(residual.probability)
        if impact is not None:
            console.print(Text(f"  Impact {residual.impact}:", style="bold"))
            items = list(impact.descriptions.items())
            if residual.category and residual.category in impact.descriptions:
                items = [(residual.category, impact.descriptions[residual.category])]
            for category, text in items:
                described = Text(f"{category}: ", style="dim") + Text(text)
                print_wrapped(console, described, "    ", "      ")
        if probability is not None:
            described = Text(f"Probability {residual.probability}: ", style="bold") + Text(
                f"{probability.description}. {probability.detail} "
                f"({probability.chance}; {probability.frequency})"
            )
            print_wrapped(console, described, "  ", "    ")
    if risk.actions:
        console.print()
        console.print(Text("Actions", style="bold"))
        late = {index for index, _ in overdue_actions(risk, day)}
        for index, action in enumerate(risk.actions):
            parts: list[str] = [action.status]
            if action.owner:
                parts.append(action.owner)
            if action.due:
                parts.append(f"due {action.due.isoformat()}")
            if action.restricted:
                parts.append("restricted")
            item = Text(f"  {index + 1}. {action.action} ") + Text(
                f"({', '.join(parts)})", style="dim"
            )
            if index in late:
                item.append(" overdue", style="bold red")
            print_wrapped(console, item, "", "     ")
    _print_indicators(console, risk, config)
    if risk.history:
        console.print()
        console.print(Text("History", style="bold"))
        for entry in risk.history:
            line = f"{entry.date.isoformat()}  {entry.quarter}  {entry.event}"
            if entry.assessment and entry.score is not None:
                line += f" {entry.assessment} {entry.impact} x {entry.probability} = {entry.score}"
            if entry.rating:
                line += f" {entry.rating}"
            if entry.category:
                line += f" (driven by {entry.category})"
            if entry.note:
                line += f": {' '.join(entry.note.split())}"
            if entry.reported:
                line += f" (reported to the audit committee {entry.reported.isoformat()})"
            print_wrapped(console, line, "  ", " " * 26)


def print_calculation(calculation: Calculation, out: TextIO) -> None:
    from rich.text import Text

    from riskreg.render.console import band_style, stdout_console

    band = calculation.band
    line = Text(f"{calculation.impact} x {calculation.probability} = {calculation.score} → ")
    line.append(band.name, style=band_style(band.colour))
    stdout_console(out).print(line)


def print_score_change(change: ScoreChange, config: RegisterConfig, out: TextIO) -> None:
    from rich.text import Text

    from riskreg.register.layout import display_path
    from riskreg.render.console import band_style, stdout_console

    calc = change.calculation
    new = calc.band
    line = Text(
        f"{change.risk.id} {change.which}: {calc.impact} x {calc.probability} = {calc.score} → "
    )
    line.append(new.name, style=band_style(new.colour))
    old = config.scoring.band_named(change.old_rating) if change.old_rating else None
    if old is None:
        line.append(" (first rating)")
    elif old.name == new.name:
        line.append(f" (rating unchanged: {old.name})")
    else:
        line.append(" (")
        line.append(old.name, style=band_style(old.colour))
        line.append(" → ")
        line.append(new.name, style=band_style(new.colour))
        line.append(")")
    console = stdout_console(out)
    console.print(line)
    if change.trend is not None:
        from riskreg.render.lifecycle import trend_note_line

        note = trend_note_line(change.trend)
        if note is not None:
            console.print(note, soft_wrap=True)
    if change.reviewed:
        due = change.next_review
        console.print(
            f"Next review due {due.isoformat()}."
            if due
            else f"No review interval for {new.name} in riskreg.yaml; no next review set.",
            soft_wrap=True,
        )
    if change.written:
        console.print(f"Recorded in {display_path(change.path)} for {config.period}.", style="dim")
    else:
        console.print("Dry run: nothing written.", style="dim")
