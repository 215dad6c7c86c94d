"""A register's own fields: declared under `fields:` in riskreg.yaml, kept on a risk as
top-level keys.

    fields:
      directorate: {type: choice, choices: [Operations, Support], required: true}
      objective: {type: text, description: The strategic objective the risk threatens}

Types: text, number, date, choice (one of `choices`) and list (a list of text). The
declarations are plain values here; the rules that check a risk's values against them
live in rules/custom_field_rules.py. `declared_fields(config)` is what any command that
sets a field asks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
FieldType = Literal["text", "number", "date", "choice", "list"]
FIELD_TYPES: tuple[str, ...] = ("text", "number", "date", "choice", "list")


def _no_choices() -> list[str]:
    return []


class FieldSpec(BaseModel):
    """One declared field: its type, the choices of a choice field, whether every risk
    must have it, and what it is for."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    type: FieldType = Field(default="text", description="text, number, date, choice or list.")
    choices: list[str] = Field(
        default_factory=_no_choices, description="The values a choice field may take."
    )
    required: bool = Field(default=False, description="true: every open risk must have it.")
    description: str = Field(default="", description="What the field is for.")

    def problem_with(self, value: Any) -> str | None:
        """Why `value` is not one this field takes, in a reader's words; None when it is."""
        if self.type == "text":
            return None if isinstance(value, str) and value.strip() else "it must be text"
        if self.type == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return None if ok else "it must be a number"
        if self.type == "date":
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            return None if ok else "it must be a date written YYYY-MM-DD"
        if self.type == "choice":
            if isinstance(value, str) and value in self.choices:
                return None
            return "it must be one of: " + ", ".join(self.choices)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return None
        return "it must be a list of text (one '- item' a line)"

    def parse(self, text: str) -> Any:
        """A value of this field from text typed on a command line; ValueError if it is
        not one."""
        value: Any = text.strip()
        if self.type == "number":
            try:
                value = int(value)
            except ValueError:
                try:
                    value = float(value)
                except ValueError:
                    raise ValueError(f"{text!r} is not a number") from None
        elif self.type == "date":
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None
        elif self.type == "list":
            value = [part.strip() for part in text.split(";") if part.strip()]
        elif self.type == "choice":
            value = next((c for c in self.choices if c.casefold() == value.casefold()), value)
        problem = self.problem_with(value)
        if problem:
            raise ValueError(f"{text!r}: {problem}")
        return value

    def from_export(self, value: Any) -> Any:
        """A value read back from an export: text from a CSV cell or a JSON string is
        turned into the field's type where it reads as one (else kept, for the rules to
        report)."""
        if isinstance(value, str) and self.type in ("number", "date"):
            try:
                return self.parse(value)
            except ValueError:
                return value
        return value

    def matches(self, value: Any, wanted: Any) -> bool:
        """Whether a risk's `value` matches `wanted` (parsed with `parse`): equal, or for
        a list field, holding it; text and choices ignore case."""
        if value is None:
            return False
        if self.type == "list":
            wanted_items = wanted if isinstance(wanted, list) else [wanted]
            held = {str(item).casefold() for item in value}
            return all(str(item).casefold() in held for item in wanted_items)
        if isinstance(value, str) and isinstance(wanted, str):
            return value.casefold() == wanted.casefold()
        return bool(value == wanted)

    def as_text(self, value: Any) -> str:
        """The value as one line of text (a list joined by '; ')."""
        if isinstance(value, list):
            return "; ".join(str(item) for item in value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any]
        if self.type == "text":
            schema = {"type": "string", "minLength": 1}
        elif self.type == "number":
            schema = {"type": "number"}
        elif self.type == "date":
            schema = {"type": "string", "format": "date"}
        elif self.type == "choice":
            schema = {"enum": list(self.choices)}
        else:
            schema = {"type": "array", "items": {"type": "string"}}
        if self.description:
            schema["description"] = self.description
        return schema


class Declaring(Protocol):
    """A register config (model/risk.py's RegisterConfig), as far as fields go."""

    @property
    def fields(self) -> Mapping[str, FieldSpec]: ...


def declared_fields(config: Declaring | None) -> dict[str, FieldSpec]:
    """The register's own fields by name, in the order riskreg.yaml declares them (empty
    without a config)."""
    return dict(config.fields) if config is not None else {}


def declare_hint(name: str) -> str:
    """How to declare `name` as a field of the register, for an unknown-field message."""
    return f"to keep it, declare it in riskreg.yaml: fields: {{{name}: {{type: text}}}}"
