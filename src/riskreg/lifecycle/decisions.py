"""Decisions about a risk: its treatment (treat, tolerate, transfer or terminate) and why;
for one outside appetite, escalating it to someone who can decide, or accepting it
(tolerating it, until a day when the decision is due again).

Each is recorded in the risk's own file, spliced into its text (comments and layout
survive) and checked before it is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import clean, open_risk, parse_day
from riskreg.lifecycle.ownership import Edited
from riskreg.model.appetite import breach
from riskreg.model.risk import RegisterConfig
from riskreg.model.treatment import parse_decision
from riskreg.register.editing import Edit, RemoveKey, SetValue
from riskreg.register.writing import update_risk


def escalate_risk(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    to: str,
    reason: str,
    by: str | None,
    day: dt.date,
) -> Edited:
    """Record that a risk was escalated to `to` on `day`, replacing any earlier one."""
    whom, why = clean(to), clean(reason)
    if whom is None:
        raise UsageError("say who the risk is escalated to: --to 'Audit Committee'")
    if why is None:
        raise UsageError("say why the risk is escalated: --reason 'Outside appetite'")
    risk, doc, risk_file = open_risk(root, config, risk_id)
    escalation: dict[str, Any] = {"to": whom, "date": day}
    if clean(by):
        escalation["by"] = clean(by)
    escalation["reason"] = why
    updated = update_risk(doc, [SetValue(("escalation",), escalation)], config, risk_file)
    found = breach(config.appetite, config.scoring, risk.risk_category, risk.score, risk.rating)
    outside = f" ({found.message})" if found else ""
    return Edited(
        updated, risk_file.path, f"{risk.id}: escalated to {whom} on {day.isoformat()}{outside}"
    )


def accept_risk(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    by: str,
    expires: str,
    rationale: str,
    day: dt.date,
) -> Edited:
    """Record that `by` accepted the risk on `day` until `expires`: the treatment decision
    becomes tolerate, with the rationale, replacing any earlier acceptance."""
    whom, why = clean(by), clean(rationale)
    if whom is None:
        raise UsageError("say who accepts the risk: --by 'Chief Constable'")
    if why is None:
        raise UsageError("say why the risk is accepted: --rationale 'Cost of further controls'")
    until = parse_day(expires, "--expires")
    assert until is not None
    if until <= day:
        raise UsageError(
            f"--expires {until.isoformat()} is not after today ({day.isoformat()}); give the "
            "day the acceptance ends and the decision is due again"
        )
    risk, doc, risk_file = open_risk(root, config, risk_id)
    acceptance = {"by": whom, "date": day, "expires": until}
    edits: list[Edit] = [
        SetValue(("treatment", "decision"), "tolerate"),
        SetValue(("treatment", "rationale"), why),
        SetValue(("treatment", "acceptance"), acceptance),
    ]
    updated = update_risk(doc, edits, config, risk_file)
    found = breach(config.appetite, config.scoring, risk.risk_category, risk.score, risk.rating)
    outside = f" ({found.message})" if found else ""
    return Edited(
        updated,
        risk_file.path,
        f"{risk.id}: tolerated, accepted by {whom} on {day.isoformat()} until "
        f"{until.isoformat()}{outside}",
    )


def decide_risk(
    root: Path, config: RegisterConfig, risk_id: str, decision: str, rationale: str
) -> Edited:
    """Record the treatment decision and why. An acceptance belongs to tolerate: it is
    kept when the decision stays tolerate and removed otherwise, and the summary says so."""
    try:
        chosen = str(parse_decision(decision))
    except ValueError as error:
        raise UsageError(str(error)) from None
    why = clean(rationale)
    if why is None:
        raise UsageError("say why this is the decision: --rationale 'Insured from April'")
    risk, doc, risk_file = open_risk(root, config, risk_id)
    edits: list[Edit] = [
        SetValue(("treatment", "decision"), chosen),
        SetValue(("treatment", "rationale"), why),
    ]
    after = ""
    accepted = risk.treatment.acceptance if risk.treatment is not None else None
    if accepted is not None and chosen != "tolerate":
        edits.append(RemoveKey(("treatment", "acceptance")))
        after = (
            f"; the acceptance by {accepted.by} until {accepted.expires.isoformat()} was for "
            "tolerating it and is removed"
        )
    updated = update_risk(doc, edits, config, risk_file)
    found = breach(config.appetite, config.scoring, risk.risk_category, risk.score, risk.rating)
    if found is not None and chosen == "tolerate" and accepted is None:
        after += (
            f" ({found.message}: record who accepts it, and until when, with "
            f"'riskreg accept {risk.id}')"
        )
    return Edited(updated, risk_file.path, f"{risk.id}: treatment decision {chosen}{after}")
