"""Renderers for `riskreg diff`: plain text for people and review comments, JSON for tools."""

from __future__ import annotations

import json
from typing import Any

from riskreg.git.diff import Rated, RegisterDiff, Rerated
from riskreg.model.risk import Direction


def _direction(direction: Direction | None) -> str:
    if direction is None:
        return "(none)"
    if direction in (Direction.NEW, Direction.NA):
        return direction.arrow
    return f"{direction.arrow} {direction.value}"


def _other_band(old: Rated, new: Rated) -> bool:
    return bool(old.rating) and (old.rating or "").casefold() != (new.rating or "").casefold()


def render_text(diff: RegisterDiff) -> str:
    if diff.empty:
        return f"No changes to the register between {diff.old_label} and {diff.new_label}.\n"
    out = [f"Changes from {diff.old_label} to {diff.new_label}"]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"{title} ({len(lines)})" if title != "Register" else title])
            out.extend(lines)

    section("Register", [f"  {line}" for line in diff.register])
    section(
        "Added",
        [
            f"  {a.id}  {a.name}: {a.rated}" + (" (closed)" if a.status == "closed" else "")
            for a in diff.added
        ],
    )
    section(
        "Closed",
        [
            f"  {c.id}  {c.name}: closed {c.closed.isoformat() if c.closed else '(no date)'}"
            for c in diff.closed
        ],
    )
    section("Reopened", [f"  {r.id}  {r.name}: {r.rated}" for r in diff.reopened])
    section(
        "Removed", [f"  {r.id}  {r.name}: its file was deleted, not closed" for r in diff.removed]
    )
    section(
        "Scored",
        [
            f"  {r.id}  {r.name}: {r.new}"
            + (f", rated {r.old.rating} before" if _other_band(r.old, r.new) else "")
            + (f"; why: {' '.join(r.note.split())}" if r.note else "")
            for r in diff.scored
        ],
    )
    section(
        "Re-rated",
        [
            f"  {r.id}  {r.name}: {r.old} → {r.new}"
            + (f"; why: {' '.join(r.note.split())}" if r.note else "")
            for r in diff.rerated
        ],
    )
    section(
        "Trend changes",
        [
            f"  {t.id}  {t.name}: {t.quarter} {_direction(t.old)} → {_direction(t.new)}"
            for t in diff.trend
        ],
    )
    controls = []
    for change in diff.controls:
        counts = ", ".join(
            part
            for part in (
                f"{len(change.added)} added" if change.added else "",
                f"{len(change.removed)} removed" if change.removed else "",
            )
            if part
        )
        controls.append(f"  {change.id}  {change.name}: {counts}")
        controls.extend(f"    + {line}" for line in change.added)
        controls.extend(f"    - {line}" for line in change.removed)
    if diff.controls:
        out.extend(["", f"Changed controls ({len(diff.controls)})", *controls])
    section(
        "Other changes",
        [
            f"  {e.id}  {e.name}: " + ", ".join(field.replace("_", " ") for field in e.fields)
            for e in diff.edited
        ],
    )
    out.extend(["", diff.summary()])
    return "\n".join(out) + "\n"


def _rated(rated: Rated) -> dict[str, Any]:
    return {"rating": rated.rating, "score": rated.score}


def _rerated(change: Rerated) -> dict[str, Any]:
    return {
        "id": change.id,
        "name": change.name,
        "old": _rated(change.old),
        "new": _rated(change.new),
        "note": change.note,
    }


def render_json(diff: RegisterDiff) -> str:
    def trend(direction: Direction | None) -> str | None:
        return direction.value if direction else None

    data = {
        "from": diff.old_label,
        "to": diff.new_label,
        "register": list(diff.register),
        "added": [
            {"id": a.id, "name": a.name, "status": a.status, **_rated(a.rated)} for a in diff.added
        ],
        "closed": [
            {"id": c.id, "name": c.name, "closed": c.closed.isoformat() if c.closed else None}
            for c in diff.closed
        ],
        "reopened": [{"id": r.id, "name": r.name, **_rated(r.rated)} for r in diff.reopened],
        "removed": [{"id": r.id, "name": r.name} for r in diff.removed],
        "scored": [_rerated(r) for r in diff.scored],
        "rerated": [_rerated(r) for r in diff.rerated],
        "trend": [
            {
                "id": t.id,
                "name": t.name,
                "quarter": t.quarter,
                "old": trend(t.old),
                "new": trend(t.new),
            }
            for t in diff.trend
        ],
        "controls": [
            {"id": c.id, "name": c.name, "added": list(c.added), "removed": list(c.removed)}
            for c in diff.controls
        ],
        "other": [{"id": e.id, "name": e.name, "fields": list(e.fields)} for e in diff.edited],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
