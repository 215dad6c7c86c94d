"""Renderers for `riskreg history`: aligned text columns, or JSON."""

from __future__ import annotations

import json

from riskreg.git.score_history import CommitEntry, FileEntry, RiskHistory


def _score(score: int | None, impact: int | None, probability: int | None) -> str:
    return "–" if score is None else f"{score} ({impact}×{probability})"


def columns(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows aligned under their headings, two spaces apart, no trailing spaces."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def _event(entry: FileEntry) -> str:
    if entry.assessment and entry.assessment != "residual":
        return f"{entry.event} ({entry.assessment})"
    return entry.event


def _change(previous: CommitEntry | None, entry: CommitEntry) -> str:
    if entry.status is None:
        return entry.problem or ""
    if previous is None or previous.status is None:
        return "added"
    if previous.status != entry.status:
        return "closed" if entry.status == "closed" else "reopened"
    if (previous.rating, previous.score) != (entry.rating, entry.score):
        return "re-rated"
    return ""


def render_text(history: RiskHistory) -> str:
    now = f"{history.rating or 'unrated'}, " + (
        "unscored" if history.score is None else f"score {history.score}"
    )
    when = "now" if history.status == "open" else "last rated"
    out = [f"{history.id}  {history.name}", f"  {history.status}, {history.path}; {when} {now}"]
    if history.trend:
        out.append(
            "  Trend: "
            + " · ".join(f"{quarter} {direction.arrow}" for quarter, direction in history.trend)
        )
    out += ["", "Recorded in the file"]
    if history.entries:
        out += columns(
            ["Quarter", "Date", "Event", "Rating", "Score", "Note"],
            [
                [
                    e.quarter,
                    e.date.isoformat(),
                    _event(e),
                    e.rating or "",
                    _score(e.score, e.impact, e.probability),
                    e.note or "",
                ]
                for e in history.entries
            ],
        )
    else:
        out.append("  No history entries yet; 'riskreg score' records one each time it scores.")
    out += ["", "From git"]
    if history.git_note:
        out.append(f"  None: {history.git_note}.")
    else:
        rows = []
        previous: CommitEntry | None = None
        for entry in history.commits:
            rows.append(
                [
                    entry.date,
                    entry.commit,
                    entry.status or "",
                    entry.rating or "",
                    _score(entry.score, entry.impact, entry.probability) if entry.status else "",
                    _change(previous, entry),
                    entry.subject,
                ]
            )
            previous = entry
        out += columns(["Date", "Commit", "Status", "Rating", "Score", "Change", "Subject"], rows)
    return "\n".join(out) + "\n"


def render_json(history: RiskHistory) -> str:
    data = {
        "id": history.id,
        "name": history.name,
        "path": history.path,
        "status": history.status,
        "rating": history.rating,
        "score": history.score,
        "trend": {quarter: direction.value for quarter, direction in history.trend},
        "file": [
            {
                "quarter": e.quarter,
                "date": e.date.isoformat(),
                "event": e.event,
                "assessment": e.assessment,
                "rating": e.rating,
                "impact": e.impact,
                "probability": e.probability,
                "score": e.score,
                "note": e.note,
            }
            for e in history.entries
        ],
        "git": None
        if history.git_note
        else [
            {
                "commit": c.commit,
                "date": c.date,
                "subject": c.subject,
                "status": c.status,
                "rating": c.rating,
                "impact": c.impact,
                "probability": c.probability,
                "score": c.score,
                "problem": c.problem,
            }
            for c in history.commits
        ],
        "git_note": history.git_note,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
