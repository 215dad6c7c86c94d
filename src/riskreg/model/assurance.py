"""Control assurance: how effective a control is, and which line of defence says so.

A control is text, or a mapping `{text, effectiveness, assurance, restricted}`.
Effectiveness is effective, partially effective, ineffective or not assessed; assurance
is the first, second or third line (the three lines model: management, oversight
functions such as risk and compliance, internal audit).

A mapping with only `text` has always meant a restricted control (left out of public
reports), so a control is restricted when it says `restricted: true`, or when it is a
mapping that says nothing but its text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Effectiveness = Literal["effective", "partially effective", "ineffective", "not assessed"]
EFFECTIVENESS: tuple[Effectiveness, ...] = (
    "effective",
    "partially effective",
    "ineffective",
    "not assessed",
)
Assurance = Literal["first line", "second line", "third line"]
ASSURANCE: tuple[Assurance, ...] = ("first line", "second line", "third line")
_ASSURANCE_WORDS: dict[str, Assurance] = {
    "first": "first line",
    "1": "first line",
    "1st": "first line",
    "second": "second line",
    "2": "second line",
    "2nd": "second line",
    "third": "third line",
    "3": "third line",
    "3rd": "third line",
}


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def parse_effectiveness(text: object) -> object:
    if not isinstance(text, str):
        return text
    key = _words(text)
    if key in EFFECTIVENESS:
        return key
    raise ValueError(
        f"{text!r} is not an effectiveness; use effective, partially effective, ineffective "
        "or not assessed"
    )


def parse_assurance(text: object) -> object:
    if not isinstance(text, (str, int)) or isinstance(text, bool):
        return text
    key = _words(str(text))
    if key in ASSURANCE:
        return key
    if key.removesuffix(" line") in _ASSURANCE_WORDS:
        return _ASSURANCE_WORDS[key.removesuffix(" line")]
    raise ValueError(
        f"{text!r} is not a line of defence; use first line, second line or third line"
    )


class ControlEntry(BaseModel):
    """A control written as a mapping: its text, and how it is assured or restricted."""

    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)

    text: Annotated[str, Field(min_length=1)] = Field(
        title="Text", description="The control itself."
    )
    effectiveness: (
        Annotated[
            Effectiveness,
            BeforeValidator(parse_effectiveness, json_schema_input_type=Effectiveness),
        ]
        | None
    ) = Field(
        default=None,
        title="Effectiveness",
        description="effective, partially effective, ineffective or not assessed.",
    )
    assurance: (
        Annotated[
            Assurance,
            BeforeValidator(
                parse_assurance,
                json_schema_input_type=Literal[
                    "first line", "second line", "third line", "first", "second", "third"
                ],
            ),
        ]
        | None
    ) = Field(
        default=None,
        title="Assurance",
        description="The line of defence that gives the assurance: first line, second line "
        "or third line (first, second and third are read the same).",
    )
    restricted: bool | None = Field(
        default=None,
        title="Restricted",
        description="true: left out of public reports and exports (a mapping with only "
        "text is restricted).",
    )

    @property
    def is_restricted(self) -> bool:
        if self.restricted is not None:
            return self.restricted
        return self.effectiveness is None and self.assurance is None


def effectiveness_of(control: object) -> Effectiveness:
    """A control's effectiveness; a control that does not say is not assessed."""
    if isinstance(control, ControlEntry) and control.effectiveness is not None:
        return control.effectiveness
    return "not assessed"


def effectiveness_summary(controls: Iterable[object]) -> str:
    """'3 controls: 2 effective, 1 not assessed' ('' for none), most effective first."""
    counts = Counter(effectiveness_of(control) for control in controls)
    total = sum(counts.values())
    if not total:
        return ""
    parts = [f"{counts[name]} {name}" for name in EFFECTIVENESS if counts[name]]
    noun = "control" if total == 1 else "controls"
    return f"{total} {noun}: " + ", ".join(parts)


def assessed(controls: Iterable[object]) -> bool:
    """Whether any control says how effective it is (else the summary says nothing new)."""
    return any(isinstance(c, ControlEntry) and c.effectiveness is not None for c in controls)
