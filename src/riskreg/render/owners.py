"""Renderers for `riskreg owners`: text, a Markdown digest per owner, and JSON for a mail merge."""

from __future__ import annotations

import json
from typing import Any

from riskreg.reports.owners import ActionDue, OwnersDigest, OwnerWork, ReviewDue


def _rating(risk_rating: str | None, score: int | None) -> str:
    return (risk_rating or "unrated") + (f" ({score})" if score is not None else "")


def _review(review: ReviewDue) -> str:
    state = "late" if review.late else "due"
    return f"{review.risk_id} {review.name}: review {state} {review.due.isoformat()}"


def _action(action: ActionDue) -> str:
    state = "late" if action.late else "due"
    return (
        f"{action.risk_id} action {action.number}: {' '.join(action.text.split())} "
        f"({action.status}, {state} {action.due.isoformat()})"
    )


def _heading(owner: OwnerWork) -> str:
    return owner.owner + (f" <{owner.email}>" if owner.email else "")


def render_text(digest: OwnersDigest) -> str:
    out = [
        f"{digest.config.title}: {digest.config.period}; owners' work on "
        f"{digest.today.isoformat()}, reviews and actions due within {digest.within} days",
    ]
    if not digest.owners:
        out.append("No owners match.")
    for owner in digest.owners:
        out += ["", _heading(owner)]
        count = len(owner.risks)
        out.append(f"  {count} open risk{'s' if count != 1 else ''}")
        out += [f"    {r.id}  {r.name}: {_rating(r.rating, r.score)}" for r in owner.risks]
        if owner.reviews:
            out.append("  Reviews due")
            out += [f"    {_review(r)}" for r in owner.reviews]
        if owner.actions:
            out.append("  Actions due or late")
            out += [f"    {_action(a)}" for a in owner.actions]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def render_md(digest: OwnersDigest) -> str:
    out = [
        f"# {_md(digest.config.title)}: owners' digest, {digest.config.period}",
        "",
        f"As of {digest.today.isoformat()}; reviews and actions due within {digest.within} days.",
    ]
    for owner in digest.owners:
        out += ["", f"## {_md(_heading(owner))}", ""]
        if owner.risks:
            out.append("Your open risks:")
            out.append("")
            out += [
                f"- **{r.id}** {_md(r.name)}: {_rating(r.rating, r.score)}" for r in owner.risks
            ]
        else:
            out.append("No open risks.")
        out += ["", "Reviews due:", ""]
        out += [f"- {_md(_review(r))}" for r in owner.reviews] or ["- None."]
        out += ["", "Actions due or late:", ""]
        out += [f"- {_md(_action(a))}" for a in owner.actions] or ["- None."]
    return "\n".join(out) + "\n"


def owner_data(owner: OwnerWork) -> dict[str, Any]:
    return {
        "owner": owner.owner,
        "email": owner.email,
        "account": owner.account,
        "risks": [
            {"id": r.id, "name": r.name, "rating": r.rating, "score": r.score} for r in owner.risks
        ],
        "reviews_due": [
            {"id": r.risk_id, "name": r.name, "due": r.due.isoformat(), "late": r.late}
            for r in owner.reviews
        ],
        "actions_due": [
            {
                "id": a.risk_id,
                "number": a.number,
                "action": a.text,
                "status": a.status,
                "due": a.due.isoformat(),
                "late": a.late,
            }
            for a in owner.actions
        ],
    }


def render_json(digest: OwnersDigest) -> str:
    data = {
        "title": digest.config.title,
        "period": digest.config.period,
        "today": digest.today.isoformat(),
        "within_days": digest.within,
        "owners": [owner_data(owner) for owner in digest.owners],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
