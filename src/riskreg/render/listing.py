"""Renderers for `riskreg list`: table, json, csv, md (registered in riskreg.render)."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, TextIO

from riskreg.model.quarters import Quarter
from riskreg.model.risk import Direction, Risk
from riskreg.reports.listing import Listing, risk_summary

if TYPE_CHECKING:
    from rich.text import Text


def _header(quarter: Quarter) -> str:
    return f"{quarter.short}\n{quarter.short_year}"


def _arrow(direction: Direction | None) -> str:
    return direction.arrow if direction else ""


def _rating(risk: Risk, listing: Listing) -> str:
    band = listing.config.scoring.band_named(risk.rating) if risk.rating else None
    return band.name if band else (risk.rating or "")


def render_table(listing: Listing, out: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    from riskreg.render.console import band_style, stdout_console

    console = stdout_console(out)
    if listing.closed_view:
        title = f"{listing.config.title}: closed risks"
        table = Table()
        for name in ("ID", "Risk name", "Closed rationale", "Closed", "Reported"):
            table.add_column(name, overflow="fold")
        for risk in listing.risks:
            closure = risk.closure
            table.add_row(
                risk.id,
                risk.name,
                closure.rationale if closure else "",
                closure.closed.isoformat() if closure else "",
                closure.reported.isoformat() if closure and closure.reported else "",
            )
    else:
        title = f"{listing.config.title}: {listing.config.period}"
        table = Table()
        table.add_column("ID", no_wrap=True)
        table.add_column("Risk name", ratio=1, overflow="fold")
        for quarter in listing.quarters:
            table.add_column(_header(quarter), justify="center", no_wrap=True)
        table.add_column("Rating", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        if listing.show_target:
            table.add_column("Target", no_wrap=True)
        if listing.today is not None:
            # The reasons name the review date and the late actions, so they take the
            # place of those columns on a terminal; csv and json keep both. An Owner
            # column no listed risk fills is left out, leaving its room to the reasons.
            if _owned(listing):
                table.add_column("Owner", overflow="fold")
            table.add_column("Why listed", ratio=1, overflow="fold")
        if listing.show_appetite:
            table.add_column("Appetite", no_wrap=True)
            table.add_column("Escalated", no_wrap=True)
        if listing.show_indicators:
            table.add_column("KRIs", overflow="fold")
        scoring = listing.config.scoring
        for risk in listing.risks:
            band = scoring.band_named(risk.rating) if risk.rating else None
            arrows = [Text(_arrow(d), style=d.colour if d else "") for d in listing.trend_row(risk)]
            name = risk.name if risk.is_open else f"{risk.name} (closed)"
            table.add_row(
                risk.id,
                name,
                *arrows,
                Text(_rating(risk, listing), style=band_style(band.colour) if band else ""),
                "" if risk.score is None else str(risk.score),
                *_extra_table_cells(risk, listing),
            )
    if not listing.risks:
        console.print("No risks match.")
        return
    console.print(title, style="bold", soft_wrap=True)
    console.print(table)
    if not listing.closed_view:
        console.print("Trend: ↓ improved  ↑ worsened  ↔ unchanged", style="dim")


def _owned(listing: Listing) -> bool:
    """Whether any listed risk has an owner."""
    return any(risk.owner for risk in listing.risks)


def _extra_table_cells(risk: Risk, listing: Listing) -> list[Text]:
    from rich.text import Text

    from riskreg.render.console import band_style

    cells: list[Text] = []
    if listing.show_target:
        target = risk.target
        band = (
            listing.config.scoring.band_named(target.rating) if target and target.rating else None
        )
        text = Text("" if target is None or target.score is None else f"{target.score} ")
        if band is not None:
            text.append(band.name, style=band_style(band.colour))
        cells.append(text)
    if listing.today is not None:
        if _owned(listing):
            cells.append(Text(risk.owner or ""))
        cells.append(Text("\n".join(listing.reasons(risk)), style="red"))
    if listing.show_appetite:
        from riskreg.reports.listing import appetite_breach

        found = appetite_breach(risk, listing.config)
        appetite = f"{found.level} ≤{found.tolerance}" if found else ""
        cells.append(Text(appetite, style="bold red" if found else ""))
        escalated = risk.escalation.date.isoformat() if risk.escalation else ""
        cells.append(Text(escalated))
    if listing.show_indicators:
        from riskreg.model.indicators import breaches

        flagged = Text()
        for indicator in breaches(risk.indicators):
            if flagged:
                flagged.append("\n")
            style = "bold red" if indicator.status == "red" else "bold yellow"
            flagged.append(f"{indicator.status} ", style=style)
            flagged.append(indicator.name)
        cells.append(flagged)
    return cells


def render_json(listing: Listing, out: TextIO) -> None:
    rows = [risk_summary(risk, listing) for risk in listing.risks]
    out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


def _flat_rows(listing: Listing) -> tuple[list[str], list[list[str]]]:
    quarters = [q.label for q in listing.quarters]
    header = [
        "id",
        "name",
        "status",
        "rating",
        "score",
        "impact",
        "probability",
        *quarters,
        *listing.extra_columns(),
    ]
    if listing.closed_view:
        header = ["id", "name", "rationale", "closed", "reported"]
    rows = []
    for risk in listing.risks:
        if listing.closed_view:
            closure = risk.closure
            rows.append(
                [
                    risk.id,
                    risk.name,
                    closure.rationale if closure else "",
                    closure.closed.isoformat() if closure else "",
                    closure.reported.isoformat() if closure and closure.reported else "",
                ]
            )
            continue
        residual = risk.residual
        rows.append(
            [
                risk.id,
                risk.name,
                risk.status,
                _rating(risk, listing),
                "" if risk.score is None else str(risk.score),
                "" if residual is None or residual.impact is None else str(residual.impact),
                ""
                if residual is None or residual.probability is None
                else str(residual.probability),
                *[_arrow(d) for d in listing.trend_row(risk)],
                *listing.extra_cells(risk),
            ]
        )
    return header, rows


def render_csv(listing: Listing, out: TextIO) -> None:
    from riskreg.interchange.formulas import neutralised

    header, rows = _flat_rows(listing)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_md(listing: Listing, out: TextIO) -> None:
    header, rows = _flat_rows(listing)
    if not listing.closed_view:
        header = [h for h in header if h not in ("status", "impact", "probability")]
        rows = [[r[0], r[1], r[3], r[4], *r[7:]] for r in rows]
        header = [
            "ID",
            "Risk name",
            "Rating",
            "Score",
            *[_header(q).replace("\n", " ") for q in listing.quarters],
            *[name.replace("_", " ").capitalize() for name in listing.extra_columns()],
        ]
    else:
        header = ["ID", "Risk name", "Closed rationale", "Closed", "Reported"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    out.write("\n".join(lines) + "\n")
