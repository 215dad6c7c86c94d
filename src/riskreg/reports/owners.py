"""Each owner's work (`riskreg owners`): their open risks, the reviews due soon and the
actions due or late, with the details `owners:` in riskreg.yaml gives for them.

An action is the work of its own owner when it names one, else of the risk's owner.
Owners are matched in any case and spacing; risks with no owner are grouped last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.loading import Register
from riskreg.reports.listing import sorted_for_listing

NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class ReviewDue:
    risk_id: str
    name: str
    due: dt.date
    late: bool


@dataclass(frozen=True)
class ActionDue:
    risk_id: str
    number: int
    text: str
    due: dt.date
    status: str
    late: bool


@dataclass
class OwnerWork:
    owner: str
    email: str | None = None
    account: str | None = None
    risks: list[Risk] = field(default_factory=list)
    reviews: list[ReviewDue] = field(default_factory=list)
    actions: list[ActionDue] = field(default_factory=list)


@dataclass(frozen=True)
class OwnersDigest:
    config: RegisterConfig
    today: dt.date
    within: int
    owners: tuple[OwnerWork, ...]


def _key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def owners_digest(
    register: Register, today: dt.date, within: int, only: tuple[str, ...] = ()
) -> OwnersDigest:
    config = register.config
    horizon = today + dt.timedelta(days=within)
    work: dict[str, OwnerWork] = {}

    def of(name: str | None) -> OwnerWork:
        if not (name or "").strip():
            return work.setdefault("", OwnerWork(NO_OWNER))
        listed = config.owner_named(name)
        shown = listed[0] if listed else " ".join((name or "").split())
        if _key(shown) not in work:
            details = listed[1] if listed else None
            work[_key(shown)] = OwnerWork(
                shown, details.email if details else None, details.account if details else None
            )
        return work[_key(shown)]

    for risk in sorted_for_listing(register.open_risks, config):
        mine = of(risk.owner)
        mine.risks.append(risk)
        if risk.next_review is not None and risk.next_review <= horizon:
            mine.reviews.append(
                ReviewDue(risk.id, risk.name, risk.next_review, risk.next_review < today)
            )
        for index, action in enumerate(risk.actions):
            if action.status == "done" or action.due is None or action.due > horizon:
                continue
            text = "(restricted)" if action.restricted else action.action
            of(action.owner or risk.owner).actions.append(
                ActionDue(risk.id, index + 1, text, action.due, action.status, action.due < today)
            )
    chosen = {_key(name) for name in only}
    owners = sorted(
        (w for key, w in work.items() if not chosen or key in chosen),
        key=lambda w: (w.owner == NO_OWNER, w.owner.casefold()),
    )
    for owner in owners:
        owner.reviews.sort(key=lambda r: (r.due, r.risk_id))
        owner.actions.sort(key=lambda a: (a.due, a.risk_id, a.number))
    return OwnersDigest(config, today, within, tuple(owners))
