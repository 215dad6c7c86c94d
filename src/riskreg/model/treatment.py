"""The treatment decision on a risk (ISO 31000's options, in the Orange Book's words) and
the acceptance recorded when a risk above appetite is tolerated.

`treatment: {decision, rationale, acceptance: {by, date, expires}}`. The decision is
treat, tolerate, transfer or terminate; mitigate, accept, avoid and share are read as
treat, tolerate, terminate and transfer. A hand-written alias stays in the file as
written (riskreg never rewrites what it was not asked to change); everything riskreg
writes, and every export, says the Orange Book's word.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from riskreg.model.quarters import Quarter

Decision = Literal["treat", "tolerate", "transfer", "terminate"]
DECISIONS: tuple[Decision, ...] = ("treat", "tolerate", "transfer", "terminate")
ALIASES: dict[str, Decision] = {
    "mitigate": "treat",
    "accept": "tolerate",
    "avoid": "terminate",
    "share": "transfer",
}


def parse_decision(text: object) -> object:
    """The decision a word names (any case, an alias read as its decision); anything else
    is passed on for the model to refuse with the allowed words."""
    if not isinstance(text, str):
        return text
    key = " ".join(text.split()).casefold()
    if key in DECISIONS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    raise ValueError(
        f"{text!r} is not a treatment decision; use treat, tolerate, transfer or terminate "
        "(or mitigate, accept, share, avoid)"
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


_Text = Annotated[str, Field(min_length=1)]


class Acceptance(_Model):
    """Who accepted a risk above appetite, when, and until when the acceptance holds."""

    by: _Text = Field(title="Accepted by", description="Who accepted the risk.")
    date: dt.date = Field(title="Date", description="The day it was accepted, YYYY-MM-DD.")
    expires: dt.date = Field(
        title="Expires",
        description="The day the acceptance ends and the decision is due again, YYYY-MM-DD.",
    )

    @model_validator(mode="after")
    def _expires_after_date(self) -> Acceptance:
        if self.expires <= self.date:
            raise ValueError(
                f"the acceptance expires ({self.expires.isoformat()}) on or before the day "
                f"it was given ({self.date.isoformat()})"
            )
        return self

    def in_quarter(self, quarter: Quarter) -> bool:
        return Quarter.containing(self.date) == quarter

    def expired(self, day: dt.date) -> bool:
        return self.expires < day


class Treatment(_Model):
    """What is being done about the risk, why, and any acceptance of it."""

    decision: Annotated[
        Decision,
        BeforeValidator(
            parse_decision,
            json_schema_input_type=Literal[
                "treat",
                "tolerate",
                "transfer",
                "terminate",
                "mitigate",
                "accept",
                "share",
                "avoid",
            ],
        ),
    ] = Field(
        title="Decision",
        description="treat, tolerate, transfer or terminate (mitigate, accept, share and "
        "avoid are read as treat, tolerate, transfer and terminate).",
    )
    rationale: str | None = Field(
        default=None, title="Rationale", description="Why this decision was taken."
    )
    acceptance: Acceptance | None = Field(
        default=None,
        title="Acceptance",
        description="Who accepted the risk, when, and when the acceptance expires; needed "
        "to tolerate a risk above appetite (riskreg accept).",
    )

    def acceptance_holds(self, quarter: Quarter, day: dt.date) -> bool:
        """An acceptance given in `quarter` that has not expired by `day`."""
        accepted = self.acceptance
        return accepted is not None and accepted.in_quarter(quarter) and not accepted.expired(day)


def expired_acceptance(treatment: Treatment | None, day: dt.date) -> Acceptance | None:
    """The acceptance, when it expired before `day`."""
    if treatment is None or treatment.acceptance is None:
        return None
    return treatment.acceptance if treatment.acceptance.expired(day) else None
