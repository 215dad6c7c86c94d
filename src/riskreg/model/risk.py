"""The shape of a risk file and of the register config, as pydantic models.

Models check what a single value can know. Rules that need the scoring guidance or
other files (rating equals band, IDs unique, ...) live in `riskreg.checks`.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from riskreg.model.appetite import Appetite, Escalation
from riskreg.model.assurance import ControlEntry
from riskreg.model.custom_fields import FieldSpec
from riskreg.model.ids import ID_PATTERN
from riskreg.model.ids import ID_RE as ID_RE  # for the rules, which read it here
from riskreg.model.indicators import Indicator
from riskreg.model.owners import (
    Governance,
    Owner,
    OwnerEntry,
    _default_governance,
    _empty_owners,
)
from riskreg.model.quarters import Quarter
from riskreg.model.treatment import Treatment
from riskreg.scoring.guidance import Scoring


def id_key(risk_id: str) -> tuple[str, int]:
    """Sort key for IDs: CRR2 before CRR10."""
    letters = risk_id.rstrip("0123456789")
    return (letters, int(risk_id[len(letters) :] or 0))


class Direction(str, Enum):
    """Direction of travel for one quarter."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    UNCHANGED = "unchanged"
    NEW = "new"
    NA = "n/a"

    @property
    def arrow(self) -> str:
        return _ARROWS[self]

    @property
    def colour(self) -> str:
        return _COLOURS[self]

    @classmethod
    def parse(cls, text: object) -> Direction:
        if isinstance(text, Direction):
            return text
        key = str(text).strip().casefold()
        if key in _WORDS:
            return _WORDS[key]
        raise ValueError(
            f"{text!r} is not a direction; use improved (↓), worsened (↑), "
            "unchanged (↔), new or n/a"
        )


_ARROWS = {
    Direction.IMPROVED: "↓",
    Direction.WORSENED: "↑",
    Direction.UNCHANGED: "↔",
    Direction.NEW: "New",
    Direction.NA: "N/A",
}
_COLOURS = {
    Direction.IMPROVED: "green",
    Direction.WORSENED: "red",
    Direction.UNCHANGED: "blue",
    Direction.NEW: "magenta",
    Direction.NA: "dim",
}
_WORDS = {d.value: d for d in Direction} | {
    "↓": Direction.IMPROVED,
    "↑": Direction.WORSENED,
    "↔": Direction.UNCHANGED,
    "na": Direction.NA,
    "none": Direction.NA,
}


def _quarter_label(value: str) -> str:
    return Quarter.parse(value).label


QuarterLabel = Annotated[str, AfterValidator(_quarter_label)]
DirectionField = Annotated[Direction, BeforeValidator(Direction.parse)]
Text = Annotated[str, Field(min_length=1)]


# Default factories as plain functions rather than `list` and `dict`: pydantic inspects a
# factory's signature, and for a builtin that means parsing its text signature, which costs
# several milliseconds of every command's start-up.
def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[Any, Any]:
    return {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


class Assessment(_Model):
    """A rating, and once scored, the impact and probability it comes from."""

    rating: str | None = Field(
        default=None,
        title="Rating",
        description="The band: Low, Medium, High or Critical (as named in the config).",
    )
    impact: int | None = Field(
        default=None,
        ge=1,
        title="Impact score",
        description="Impact level, 1 to 5 on the default scale.",
    )
    probability: int | None = Field(
        default=None,
        ge=1,
        title="Probability score",
        description="Probability level, 1 to 5 on the default scale.",
    )
    category: str | None = Field(
        default=None,
        title="Category",
        description="The impact category that drives the impact score, e.g. Finance.",
    )

    @model_validator(mode="after")
    def _both_or_neither(self) -> Assessment:
        if (self.impact is None) != (self.probability is None):
            raise ValueError("give both impact and probability, or neither")
        return self

    @property
    def score(self) -> int | None:
        if self.impact is None or self.probability is None:
            return None
        return self.impact * self.probability


class Restricted(_Model):
    """A control or note that is left out of public reports and exports."""

    text: Text = Field(title="Text", description="The control or note itself.")
    restricted: bool = Field(
        default=True,
        title="Restricted",
        description="true: left out of public reports and exports.",
    )


Control = str | ControlEntry
Note = str | Restricted


class Action(_Model):
    """A further action planned to reduce the risk."""

    action: Text = Field(title="Action", description="What will be done.")
    owner: str | None = Field(
        default=None, title="Owner", description="The person or role who will do it."
    )
    due: dt.date | None = Field(default=None, title="Due", description="Due date, YYYY-MM-DD.")
    status: Literal["open", "in progress", "done"] = Field(
        default="open", title="Status", description="open, in progress or done."
    )
    restricted: bool = Field(
        default=False,
        title="Restricted",
        description="true: left out of public reports and exports.",
    )


class Closure(_Model):
    """Why and when a risk was closed; required when status is closed."""

    rationale: Text = Field(title="Closure rationale", description="Why the risk was closed.")
    closed: dt.date = Field(title="Closed", description="Date the risk was closed, YYYY-MM-DD.")
    reported: dt.date | None = Field(
        default=None,
        title="Reported",
        description="Date the closure was reported to the audit committee, YYYY-MM-DD.",
    )


class HistoryEntry(_Model):
    """One event in a risk's life: a score, a closure, a reopening."""

    quarter: QuarterLabel = Field(
        title="Quarter", description="The quarter of the event, e.g. '2021/22 Q4'."
    )
    date: dt.date = Field(title="Date", description="The day of the event, YYYY-MM-DD.")
    event: Literal[
        "created", "scored", "closed", "reopened", "control removed", "action removed"
    ] = Field(
        title="Event",
        description="created, scored, closed, reopened, control removed or action removed "
        "(the removed item's text is the note).",
    )
    assessment: Literal["residual", "inherent", "target"] | None = Field(
        default=None,
        title="Assessment",
        description="Which score was set: residual, inherent or target.",
    )
    impact: int | None = Field(
        default=None, ge=1, title="Impact score", description="The impact level given."
    )
    probability: int | None = Field(
        default=None, ge=1, title="Probability score", description="The probability level given."
    )
    rating: str | None = Field(
        default=None, title="Rating", description="The band the score fell in at the time."
    )
    category: str | None = Field(
        default=None, title="Category", description="The impact category that drove the score."
    )
    note: str | None = Field(default=None, title="Note", description="Anything worth saying.")
    reported: dt.date | None = Field(
        default=None,
        title="Reported",
        description="For a closure: the date it was reported to the audit committee.",
    )
    restricted: bool | None = Field(
        default=None,
        title="Restricted",
        description="true: a removed item that was restricted; left out of public reports.",
    )

    @property
    def score(self) -> int | None:
        if self.impact is None or self.probability is None:
            return None
        return self.impact * self.probability


class Risk(_Model):
    """One risk: one file in `risks/` (open) or `closed/` (closed)."""

    id: str = Field(
        pattern=ID_PATTERN,
        title="Risk ID",
        description="Letters then digits, e.g. CRR18; equal to the file name.",
    )
    name: Text = Field(title="Risk name", description="A short name for the risk.")
    status: Literal["open", "closed"] = Field(
        default="open",
        title="Status",
        description="open (the file lives in risks/) or closed (the file lives in closed/).",
    )
    description: str = Field(default="", title="Description", description="What the risk is.")
    impact_narrative: str = Field(
        default="",
        title="Impact narrative",
        description="What would happen if the risk materialised (text, not the 1-5 score).",
    )
    controls: list[Control] = Field(
        default_factory=_empty_list,
        title="Key controls and activities",
        description="What is in place to manage the risk: text, or {text, effectiveness, "
        "assurance, restricted}: how effective it is (effective, partially effective, "
        "ineffective, not assessed), which line of defence assures it (first, second or "
        "third line), and restricted: true to leave it out of public reports.",
    )
    trend: dict[QuarterLabel, DirectionField] = Field(
        default_factory=_empty_dict,
        title="Direction of travel",
        description="Per quarter ('2021/22 Q4'): improved, worsened, unchanged, new or n/a "
        "(arrows ↓ ↑ ↔ also accepted).",
    )
    residual: Assessment | None = Field(
        default=None,
        title="Residual risk",
        description="The risk as it stands with controls in place; an open risk needs a rating.",
    )
    inherent: Assessment | None = Field(
        default=None, title="Inherent risk", description="The risk before any controls."
    )
    target: Assessment | None = Field(
        default=None, title="Target risk", description="The risk the owner aims to reach."
    )
    owner: str | None = Field(
        default=None, title="Owner", description="The person or role who owns the risk."
    )
    department: str | None = Field(
        default=None, title="Department", description="Portfolio or department."
    )
    last_reviewed: dt.date | None = Field(
        default=None, title="Last reviewed", description="Date of the last review, YYYY-MM-DD."
    )
    next_review: dt.date | None = Field(
        default=None, title="Next review", description="Date the next review is due, YYYY-MM-DD."
    )
    actions: list[Action] = Field(
        default_factory=_empty_list,
        title="Further actions",
        description="Actions planned to reduce the risk.",
    )
    notes: list[Note] = Field(
        default_factory=_empty_list,
        title="Notes",
        description="Notes: text, or {text, restricted: true} to keep one out of reports.",
    )
    closure: Closure | None = Field(
        default=None, title="Closure", description="Required when status is closed."
    )
    history: list[HistoryEntry] = Field(
        default_factory=_empty_list,
        title="History",
        description="Events in the risk's life, oldest first; written by riskreg.",
    )
    risk_category: str | None = Field(
        default=None,
        title="Risk category",
        description="The risk category whose appetite applies, e.g. Financial (the Orange "
        "Book's categories, or those in riskreg.yaml's appetite).",
    )
    escalation: Escalation | None = Field(
        default=None,
        title="Escalation",
        description="Who the risk was escalated to, when, by whom and why.",
    )
    indicators: list[Indicator] = Field(
        default_factory=_empty_list,
        title="Key risk indicators",
        description="Measures watched for the risk, each {name, unit, amber, red, readings}; "
        "red above amber means higher is worse, red below amber lower is worse.",
    )
    objectives: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=_empty_list,
        title="Objectives",
        description="The ids of the objectives (declared in riskreg.yaml) the risk threatens.",
    )
    treatment: Treatment | None = Field(
        default=None,
        title="Treatment",
        description="The decision on the risk (treat, tolerate, transfer or terminate), why, "
        "and any acceptance of it above appetite.",
    )

    # The register's own fields (declared under `fields:` in riskreg.yaml), by name, in
    # file order; set by `with_custom` as the file is read.
    _custom: dict[str, Any] = PrivateAttr(default_factory=_empty_dict)

    @property
    def custom(self) -> dict[str, Any]:
        return self._custom

    def with_custom(self, values: dict[str, Any]) -> Risk:
        self._custom = dict(values)
        return self

    @model_validator(mode="after")
    def _status_fields(self) -> Risk:
        if self.status == "open" and (self.residual is None or self.residual.rating is None):
            raise ValueError("an open risk needs a residual rating (residual: rating: High)")
        if self.status == "closed" and self.closure is None:
            raise ValueError("a closed risk needs a closure with rationale and closed date")
        return self

    def trend_in_order(self) -> list[tuple[str, Direction]]:
        """The trend entries oldest quarter first, whatever their order in the file."""
        return sorted(self.trend.items(), key=lambda item: Quarter.parse(item[0]))

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def rating(self) -> str | None:
        return self.residual.rating if self.residual else None

    @property
    def score(self) -> int | None:
        return self.residual.score if self.residual else None


class PackSettings(_Model):
    """How `riskreg report` lays out the committee pack."""

    marking: str | None = Field(
        default=None,
        title="Protective marking",
        description="Printed on the cover and at the top and foot of every page, e.g. "
        "OFFICIAL-SENSITIVE (report --marking overrides it).",
    )
    templates: str | None = Field(
        default=None,
        title="Template folder",
        description="A folder, from the register's, of templates that replace the bundled "
        "ones of the same name (report --template-dir overrides it).",
    )


def _default_pack() -> PackSettings:
    return PackSettings()


class RegisterConfig(_Model):
    """`riskreg.yaml` at the register root."""

    title: Text = "Corporate Risk Register"
    organisation: str | None = None
    year_start: int = Field(
        default=4,
        ge=1,
        le=12,
        description="The month the register's year starts in: 4 (April, the default) for a "
        "UK financial year, 1 for a calendar year.",
    )
    period: QuarterLabel = Field(
        description="The current quarter, e.g. '2021/22 Q4' (or '2022 Q1' when year_start is 1)."
    )
    id_prefix: str = Field(default="CRR", pattern=r"^[A-Z]{1,10}$")
    review_intervals: dict[str, int | Literal["never"]] = Field(
        default_factory=_empty_dict,
        description="Days between reviews, per band name (e.g. Critical: 30), or never.",
    )
    scoring: Scoring
    owners: dict[str, OwnerEntry] = Field(
        default_factory=_empty_owners,
        description="Risk owners by the name a risk's owner field gives: their account "
        "(@user, @org/team, for CODEOWNERS) and email (for the owners' digest).",
    )
    governance: Governance = Field(default_factory=_default_governance)
    fields: dict[str, FieldSpec] = Field(
        default_factory=_empty_dict,
        description="The register's own fields of a risk, by name: type, choices, "
        "required, description.",
    )
    appetite: Appetite | None = Field(
        default=None,
        description="Appetite levels and each risk category's level (optional).",
    )
    objectives: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=_empty_dict,
        description="The organisation's objectives, id: name (e.g. SO1: Keep people safe); "
        "a risk's objectives name the ids it threatens.",
    )
    pack: PackSettings = Field(default_factory=_default_pack)

    @field_validator("period")
    @classmethod
    def _period_in_the_year(cls, period: str, info: ValidationInfo) -> str:
        Quarter.parse(period, info.data.get("year_start", 4))
        return period

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.period, self.year_start)

    def quarter_named(self, text: str) -> Quarter:
        """The quarter a label names, in this register's year (ValueError otherwise)."""
        return Quarter.parse(text, self.year_start)

    def quarter_of(self, day: dt.date) -> Quarter:
        """The quarter of this register's year that `day` falls in."""
        return Quarter.containing(day, self.year_start)

    def owner_named(self, name: str | None) -> tuple[str, Owner] | None:
        """The `owners:` entry for a risk's owner (any case, any spacing)."""
        wanted = " ".join((name or "").split()).casefold()
        for key, details in self.owners.items():
            if " ".join(key.split()).casefold() == wanted:
                return key, details
        return None


def risk_as_data(risk: Risk) -> dict[str, Any]:
    """The risk as plain values in file order, leaving out what is unset or empty."""
    data = risk.model_dump(mode="python", exclude_none=True)
    for key in ("controls", "trend", "actions", "notes", "history", "indicators", "objectives"):
        if not data.get(key):
            data.pop(key, None)
    if "trend" in data:
        data["trend"] = {quarter: d.value for quarter, d in data["trend"].items()}
    for key in ("description", "impact_narrative"):
        if data.get(key) == "":
            data.pop(key)
    data.update(risk.custom)
    return data


BUILT_IN_FIELDS = frozenset(Risk.model_fields)


def split_custom(data: dict[str, Any], declared: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A risk's data as (built-in fields, declared own fields); a key that is neither stays
    with the built-ins, where the model reports it as unknown."""
    if not declared:
        return data, {}
    own = {k: v for k, v in data.items() if k in declared and k not in BUILT_IN_FIELDS}
    if not own:
        return data, {}
    return {k: v for k, v in data.items() if k not in own}, own


def risk_from_data(data: dict[str, Any], declared: Any = None) -> Risk:
    """A Risk from plain values, carrying the register's declared own fields."""
    built_in, own = split_custom(data, declared)
    return Risk.model_validate(built_in).with_custom(own)
