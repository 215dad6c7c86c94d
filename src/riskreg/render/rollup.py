"""Renderers for `riskreg rollup`: table, json, md, csv (registered in riskreg.render)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, TextIO

from riskreg.reports.rollup import RolledUp, Rollup

COLUMNS = (
    "register",
    "id",
    "name",
    "rating",
    "score",
    "band_rank",
    "owner",
    "escalated",
    "why",
)


def _cells(row: RolledUp) -> list[str]:
    risk = row.risk
    return [
        row.register,
        risk.id,
        risk.name,
        row.band,
        "" if risk.score is None else str(risk.score),
        f"{row.band_rank} of {row.bands}" if row.band else "",
        risk.owner or "",
        row.escalated,
        "; ".join(row.reasons),
    ]


def _heading(rollup: Rollup) -> str:
    count = len(rollup.registers)
    return (
        f"Roll-up of {count} register{'s' if count != 1 else ''}: open risks "
        f"{rollup.threshold.describe()}, or escalated"
    )


def _footer(rollup: Rollup) -> list[str]:
    lines = []
    for read in rollup.registers:
        if read.ok:
            lines.append(
                f"{read.folder}: {read.title}: {read.rolled_up} of {read.open_risks} open risks"
            )
        elif read.title:
            lines.append(
                f"{read.folder}: {read.title}: {read.rolled_up} of {read.open_risks} open "
                "risks read; some files could not be (errors below)"
            )
        else:
            lines.append(f"{read.folder}: not read (errors below)")
    return lines


def render_table(rollup: Rollup, out: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    from riskreg.render.console import stdout_console

    console = stdout_console(out)
    console.print(_heading(rollup), style="bold", soft_wrap=True)
    if not rollup.risks:
        console.print("No risks roll up.")
    else:
        table = Table()
        table.add_column("Register", overflow="fold")
        table.add_column("ID", no_wrap=True)
        table.add_column("Risk name", ratio=1, overflow="fold")
        table.add_column("Rating", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Owner", overflow="fold")
        table.add_column("Why listed", overflow="fold")
        for row in rollup.risks:
            risk = row.risk
            top = row.band_rank == 1
            table.add_row(
                row.register,
                risk.id,
                risk.name,
                Text(row.band, style="bold red" if top else "bold"),
                "" if risk.score is None else str(risk.score),
                risk.owner or "",
                "\n".join(row.reasons),
            )
        console.print(table)
    for line in _footer(rollup):
        console.print(line, style="dim", soft_wrap=True)


def _json_row(row: RolledUp) -> dict[str, Any]:
    risk = row.risk
    data: dict[str, Any] = {
        "register": row.register,
        "register_title": row.title,
        "id": risk.id,
        "name": risk.name,
        "rating": row.band or risk.rating,
        "score": risk.score,
        "band_rank": row.band_rank if row.band else None,
        "bands": row.bands,
        "owner": risk.owner,
        "why": list(row.reasons),
    }
    if risk.escalation is not None:
        data["escalation"] = risk.escalation.model_dump(mode="json", exclude_none=True)
    return data


def render_json(rollup: Rollup) -> str:
    data = {
        "threshold": {
            "top": rollup.threshold.top,
            "min_rating": rollup.threshold.min_rating,
            "min_score": rollup.threshold.min_score,
        },
        "registers": [
            {
                "folder": read.folder,
                "title": read.title or None,
                "read": read.ok,
                "open_risks": read.open_risks,
                "rolled_up": read.rolled_up,
            }
            for read in rollup.registers
        ],
        "risks": [_json_row(row) for row in rollup.risks],
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "message": p.message,
            }
            for p in rollup.problems
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_csv(rollup: Rollup) -> str:
    from riskreg.interchange.formulas import neutralised

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralised(cell) for cell in _cells(row)] for row in rollup.risks)
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_md(rollup: Rollup) -> str:
    lines = [f"## {_heading(rollup)}", ""]
    if rollup.risks:
        header = ["Register", "ID", "Risk name", "Rating", "Score", "Owner", "Why listed"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for row in rollup.risks:
            cells = _cells(row)
            shown = [cells[0], cells[1], cells[2], cells[3], cells[4], cells[6], cells[8]]
            lines.append("| " + " | ".join(_md_cell(c) for c in shown) + " |")
    else:
        lines.append("No risks roll up.")
    lines.append("")
    lines += [f"- {_md_cell(line)}" for line in _footer(rollup)]
    return "\n".join(lines) + "\n"
