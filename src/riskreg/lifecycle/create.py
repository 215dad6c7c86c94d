"""Creating a risk: the next free ID, its first fields, and a new file that never
overwrites one that appears meanwhile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError, WriteError
from riskreg.git.used_ids import ids_ever_used
from riskreg.lifecycle._shared import clean, known_band
from riskreg.model.risk import Direction, RegisterConfig, Risk
from riskreg.model.timeline import next_review_after
from riskreg.register.editing import render_new_file
from riskreg.register.layout import OPEN_DIR, RiskFile, all_ids, display_path
from riskreg.register.writing import checked_risk, create_file


def next_id(root: Path, config: RegisterConfig) -> str:
    """The ID after the highest ever used in risks/ or closed/, now or in the register's
    git history (on any branch): IDs are never reused."""
    prefix = config.id_prefix
    numbers = [
        int(rest)
        for risk_id in {*all_ids(root), *ids_ever_used(root)}
        if risk_id.startswith(prefix) and (rest := risk_id[len(prefix) :]).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@dataclass(frozen=True)
class NewRisk:
    """What `riskreg new` was told about a risk."""

    name: str
    rating: str | None = None
    impact: int | None = None
    probability: int | None = None
    category: str | None = None
    description: str = ""
    impact_narrative: str = ""
    controls: tuple[str, ...] = ()
    owner: str | None = None
    department: str | None = None
    own_fields: tuple[str, ...] = ()  # NAME=VALUE, for the register's own fields


@dataclass(frozen=True)
class Created:
    risk: Risk
    path: Path


def residual_for(config: RegisterConfig, fields: NewRisk) -> dict[str, Any]:
    """The residual assessment of a new risk, from a rating or from impact and probability."""
    from riskreg.scoring.calculation import calculate

    scoring = config.scoring
    band = known_band(scoring, fields.rating) if fields.rating is not None else None
    if (fields.impact is None) != (fields.probability is None):
        raise UsageError("give both --impact and --prob, or neither")
    residual: dict[str, Any] = {}
    if fields.impact is not None and fields.probability is not None:
        calculation = calculate(scoring, fields.impact, fields.probability)
        if band is not None and band.name != calculation.band.name:
            raise UsageError(
                f"--rating {band.name} disagrees with {calculation.impact} x "
                f"{calculation.probability} = {calculation.score}, which is "
                f"{calculation.band.name}; give one or the other"
            )
        band = calculation.band
        residual = {"rating": band.name, "impact": fields.impact, "probability": fields.probability}
    elif band is not None:
        residual = {"rating": band.name}
    else:
        raise UsageError(
            "a new risk needs a rating: give --rating ("
            + ", ".join(scoring.band_names)
            + ") or --impact and --prob"
        )
    if fields.category is not None:
        if fields.category not in scoring.categories:
            raise UsageError(
                f"unknown impact category {fields.category!r}; allowed: "
                + ", ".join(scoring.categories)
            )
        residual["category"] = fields.category
    return residual


def own_field_values(config: RegisterConfig, given: tuple[str, ...]) -> dict[str, Any]:
    """The register's own fields from NAME=VALUE texts, each checked against its
    declaration."""
    from riskreg.model.custom_fields import declared_fields

    declared = declared_fields(config)
    values: dict[str, Any] = {}
    for text in given:
        name, equals, value = text.partition("=")
        name = name.strip()
        if not equals or not name:
            raise UsageError(f"--field {text!r}: write NAME=VALUE, e.g. directorate=Operations")
        spec = declared.get(name)
        if spec is None:
            allowed = ", ".join(declared) if declared else "none is declared in riskreg.yaml"
            raise UsageError(f"--field: {name!r} is not one of the register's fields; {allowed}")
        try:
            values[name] = spec.parse(value)
        except ValueError as error:
            raise UsageError(f"--field {name}: {error}") from None
    missing = [name for name, spec in declared.items() if spec.required and name not in values]
    if missing:
        raise UsageError(
            "riskreg.yaml requires "
            + ", ".join(missing)
            + " of every open risk: give "
            + " ".join(f"--field {name}=..." for name in missing)
        )
    return values


def new_risk_data(
    risk_id: str, config: RegisterConfig, fields: NewRisk, day: dt.date
) -> dict[str, Any]:
    """A new risk's fields in file order: New in the current quarter, reviewed today."""
    name = clean(fields.name)
    if name is None:
        raise UsageError("a new risk needs a name: give --name '...'")
    residual = residual_for(config, fields)
    data: dict[str, Any] = {"id": risk_id, "name": name, "status": "open"}
    for key in ("description", "impact_narrative"):
        text = clean(getattr(fields, key))
        if text:
            data[key] = text
    controls = [text for text in map(clean, fields.controls) if text]
    if controls:
        data["controls"] = controls
    data["trend"] = {config.period: Direction.NEW.value}
    data["residual"] = residual
    for key in ("owner", "department"):
        text = clean(getattr(fields, key))
        if text:
            data[key] = text
    data.update(own_field_values(config, fields.own_fields))
    data["last_reviewed"] = day
    due = next_review_after(config, residual["rating"], day)
    if due is not None:
        data["next_review"] = due
    created: dict[str, Any] = {
        "quarter": config.period,
        "date": day,
        "event": "created",
        "assessment": "residual",
    }
    # In the order every history entry has (as `score` writes it): levels, then rating.
    created.update(
        {
            key: residual[key]
            for key in ("impact", "probability", "rating", "category")
            if key in residual
        }
    )
    data["history"] = [created]
    return data


def create_risk(root: Path, config: RegisterConfig, fields: NewRisk, day: dt.date) -> Created:
    """Write `risks/<next ID>.yaml`; a file that appears meanwhile is never overwritten."""
    folder = root / OPEN_DIR
    for _attempt in range(100):
        risk_id = next_id(root, config)
        path = folder / f"{risk_id}.yaml"
        text = render_new_file(new_risk_data(risk_id, config, fields, day))
        risk = checked_risk(text, display_path(path), config, RiskFile(path, OPEN_DIR))
        try:
            create_file(path, text)
        except FileExistsError:
            continue  # someone else took this ID just now: take the next
        return Created(risk, path)
    raise WriteError(f"{display_path(folder)}: could not find a free risk ID")  # pragma: no cover
