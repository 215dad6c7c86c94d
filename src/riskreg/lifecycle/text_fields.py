"""Setting a risk's text and simple fields (`riskreg set`): which fields, and clean text.

The fields `set` may change are data: a field declared here is settable, with its rules
(may it be emptied, may it hold paragraphs). The text is written by the one write path,
whose dumper quotes or folds it so that YAML reads back exactly what was given.
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import open_risk
from riskreg.lifecycle.ownership import Edited
from riskreg.model.custom_fields import FieldSpec, declared_fields
from riskreg.model.risk import RegisterConfig
from riskreg.register.editing import RemoveKey, SetValue
from riskreg.register.writing import update_risk


@dataclass(frozen=True)
class SettableField:
    name: str
    required: bool  # an empty value is refused rather than removing the field
    paragraphs: bool  # may hold several lines and paragraphs


SETTABLE: dict[str, SettableField] = {
    field.name: field
    for field in (
        SettableField("name", required=True, paragraphs=False),
        SettableField("description", required=False, paragraphs=True),
        SettableField("impact_narrative", required=False, paragraphs=True),
        SettableField("owner", required=False, paragraphs=False),
        SettableField("department", required=False, paragraphs=False),
    )
}

# Fields a person might try that have their own command.
_OWN_COMMAND = {
    "id": "an ID names the risk's file and cannot change",
    "status": "use 'riskreg close ID' or 'riskreg reopen ID'",
    "residual": "use 'riskreg score ID --impact N --prob N'",
    "inherent": "use 'riskreg score ID --inherent --impact N --prob N'",
    "target": "use 'riskreg score ID --target --impact N --prob N'",
    "rating": "use 'riskreg score ID --impact N --prob N'",
    "trend": "use 'riskreg trend ID DIRECTION'",
    "controls": "use 'riskreg control ID TEXT' (--edit N, --remove N)",
    "actions": "use 'riskreg action ID TEXT' (--edit N, --remove N)",
    "closure": "use 'riskreg close ID --rationale TEXT'",
    "history": "the history is written by riskreg",
    "last_reviewed": "a review is recorded by 'riskreg score' or 'riskreg trend'",
    "next_review": "the next review follows from the rating and the review intervals",
}


def settable_field(name: str, own: Iterable[str] = ()) -> SettableField:
    """The field called `name` (any case; `impact-narrative` as `impact_narrative`);
    `own` names the register's own fields, which `set` changes too."""
    key = name.strip().casefold().replace("-", "_")
    if key in SETTABLE:
        return SETTABLE[key]
    if key in _OWN_COMMAND:
        raise UsageError(f"'riskreg set' does not change {key}: {_OWN_COMMAND[key]}")
    names = [*SETTABLE, *own]
    allowed = ", ".join(names)
    close = difflib.get_close_matches(key, [*names, *_OWN_COMMAND], n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UsageError(f"unknown field {name!r}; {hint}fields 'riskreg set' changes: {allowed}")


_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean_text(text: str, paragraphs: bool, what: str) -> str:
    """Text as it will be stored: line breaks made plain, trailing spaces and blank lines
    at either end dropped; a one-line field gets its lines joined with spaces.

    Control characters (other than tab and line breaks) are refused: no one types them,
    and they turn up when a binary file is given by mistake.
    """
    text = _BREAKS.sub("\n", text)
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cs"):
            raise UsageError(
                f"{what}: the text holds a control character (U+{ord(char):04X}); give plain text"
            )
    lines = [line.rstrip() for line in text.split("\n")]
    if not paragraphs:
        return " ".join(" ".join(lines).split())
    cleaned = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()


def read_text_source(source: str) -> str:
    """The text of `--from-file PATH`, or of standard input for `-`."""
    if source == "-":
        data = sys.stdin.buffer.read()
        shown = "standard input"
    else:
        shown = source
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise UsageError(f"--from-file {source}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"--from-file {source}: is a folder; give a text file") from None
        except OSError as error:
            raise UsageError(f"--from-file {source}: cannot read it: {error.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"--from-file {shown}: not UTF-8 text") from None


def check_field_name(name: str, config: RegisterConfig) -> None:
    """Refuse a field `set` cannot change, before anything is read or locked."""
    own = declared_fields(config)
    if name.strip().casefold().replace("-", "_") not in own:
        settable_field(name, own)


def set_field(
    root: Path, config: RegisterConfig, risk_id: str, field_name: str, value: str
) -> Edited:
    """Set one text field of an open risk, or one of the register's own fields; an empty
    value removes an optional field."""
    own = declared_fields(config)
    key = field_name.strip().casefold().replace("-", "_")
    if key in own and key not in SETTABLE:
        return _set_own_field(root, config, risk_id, key, own[key], value)
    field = settable_field(field_name, own)
    text = clean_text(value, field.paragraphs, field.name)
    if not text and field.required:
        raise UsageError(f"a risk's {field.name} cannot be empty; give the new {field.name}")
    risk, doc, risk_file = open_risk(root, config, risk_id)
    before = getattr(risk, field.name) or ""
    if text == before:
        return Edited(risk, risk_file.path, f"{risk.id}: {field.name} unchanged", written=False)
    edit = SetValue((field.name,), text) if text else RemoveKey((field.name,))
    updated = update_risk(doc, [edit], config, risk_file)
    return Edited(updated, risk_file.path, f"{risk.id}: {_describe(field, text)}")


def _set_own_field(
    root: Path, config: RegisterConfig, risk_id: str, name: str, spec: FieldSpec, value: str
) -> Edited:
    """Set a field the register declares under `fields:`, read as its type."""
    text = clean_text(value, spec.type == "text", name)
    if not text:
        if spec.required:
            raise UsageError(f"{name} is a required field of this register; give its value")
        new_value = None
    else:
        try:
            new_value = spec.parse(text)
        except ValueError as error:
            raise UsageError(f"{name}: {error}") from None
    risk, doc, risk_file = open_risk(root, config, risk_id)
    if risk.custom.get(name) == new_value:
        return Edited(risk, risk_file.path, f"{risk.id}: {name} unchanged", written=False)
    edit = RemoveKey((name,)) if new_value is None else SetValue((name,), new_value)
    updated = update_risk(doc, [edit], config, risk_file)
    shown = "removed" if new_value is None else spec.as_text(new_value)
    return Edited(updated, risk_file.path, f"{risk.id}: {name} {shown}")


def _describe(field: SettableField, text: str) -> str:
    if not text:
        return f"no {field.name}"
    if field.paragraphs:
        count = text.count("\n\n") + 1
        parts = f", {count} paragraphs" if count > 1 else ""
        return f"{field.name} set ({len(text)} characters{parts})"
    return f"{field.name} {text}"
