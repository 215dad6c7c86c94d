"""The register config an export carries, and a new register adopting it on import.

An export holds the settings its risks are read against: the title, the period (and so
the financial year), the ID prefix, the review intervals, the scoring guidance, and any
declared fields, appetite and objectives. Importing it into a register that has no risks
yet sets those keys in that register's `riskreg.yaml`, in place (its comments stay), so
the risks mean what they meant where they came from. A register that holds risks keeps
its own config.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.model.risk import RegisterConfig

CONFIG_KEY = "config"
CARRIED = (
    "title",
    "organisation",
    "period",
    "id_prefix",
    "review_intervals",
    "scoring",
    "fields",
    "appetite",
    "objectives",
)


def carried_config(config: RegisterConfig) -> dict[str, Any]:
    """The config keys an export carries, as plain JSON values, in `CARRIED` order."""
    data = config.model_dump(mode="json", include=set(CARRIED), exclude_none=True)
    return {key: data[key] for key in CARRIED if key in data and data[key] not in ({}, None)}


@dataclass(frozen=True)
class Adopted:
    config: RegisterConfig
    keys: tuple[str, ...]  # the keys that changed
    text: str  # riskreg.yaml with them set
    path: Path


def register_is_empty(root: Path) -> bool:
    from riskreg.register.layout import FOLDERS

    return not any(any((root / folder).glob("*.yaml")) for folder in FOLDERS)


def adopt_config(root: Path, config: RegisterConfig, carried: Any, shown: str) -> Adopted | None:
    """`riskreg.yaml` with the carried keys set, when they differ from `config`."""
    from pydantic import ValidationError

    from riskreg.register.editing import SetValue, apply_edits
    from riskreg.register.layout import CONFIG_NAME, display_path
    from riskreg.yamlsource import parse_text, read_document

    if not isinstance(carried, dict):
        raise UsageError(f'{shown}: "{CONFIG_KEY}" is not an object of register settings')
    unknown = sorted(set(carried) - set(CARRIED))
    if unknown:
        raise UsageError(
            f"{shown}: {CONFIG_KEY}: {unknown[0]} is not a setting an export carries; "
            "nothing imported"
        )
    current = carried_config(config)
    keys = tuple(key for key in CARRIED if key in carried and carried[key] != current.get(key))
    if not keys:
        return None
    path = root / CONFIG_NAME
    doc = read_document(path, display_path(path))
    if doc.root is None or not isinstance(doc.value, dict):
        raise UsageError(f"{doc.path}: cannot read the register config")
    text = apply_edits(doc, [SetValue((key,), carried[key]) for key in keys], CARRIED)
    try:
        adopted = RegisterConfig.model_validate(parse_text(text, doc.path).value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(
            f"{shown}: {CONFIG_KEY}: {where}: {first['msg']}; nothing imported"
        ) from None
    return Adopted(adopted, keys, text, path)
