"""Opening a new quarter: writing the register's period and giving each open risk its
arrow for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import BadRiskFile, UsageError, WrongState
from riskreg.lifecycle.trends import TrendNote, parse_quarter, trend_edits
from riskreg.model.quarters import Quarter
from riskreg.model.risk import RegisterConfig, Risk, id_key
from riskreg.model.timeline import derive, is_overdue
from riskreg.register.editing import SetValue, apply_edits
from riskreg.register.layout import CONFIG_NAME, OPEN_DIR, RiskFile, display_path
from riskreg.register.loading import load_register
from riskreg.register.writing import replace_file, update_risk
from riskreg.yamlsource import parse_text, read_document


@dataclass
class QuarterOpened:
    previous: Quarter
    quarter: Quarter
    config_path: Path
    moved: bool
    derived: list[TrendNote] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    needed: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def _later_entries(risk: Risk, quarter: Quarter) -> str | None:
    for label in risk.trend:
        if Quarter.parse(label) > quarter:
            return f"a trend for {label}"
    for entry in risk.history:
        if Quarter.parse(entry.quarter) > quarter:
            return f"history in {entry.quarter}"
    return None


def open_quarter(
    root: Path, config: RegisterConfig, quarter_text: str | None, force: bool, day: dt.date
) -> QuarterOpened:
    """Make `quarter` the register's current period and give each open risk its arrow.

    Quarters open in turn: going back or skipping one needs `force`, and going back is
    refused while any risk records something in a later quarter. The config is written
    first, so a rerun after an interruption finds the quarter open and finishes the risks.
    """
    current = config.quarter
    if quarter_text is None:
        raise UsageError(
            f"give the quarter to open: --quarter '{current.next().label}' "
            f"(the one after {current.label})"
        )
    quarter = parse_quarter(quarter_text, config.year_start)
    register = load_register(root, config)
    if register.errors:
        raise BadRiskFile.from_problems(
            register.errors, "", "fix the register before opening a quarter: "
        )
    if quarter < current:
        if not force:
            raise UsageError(
                f"{quarter.label} is before the current quarter {current.label}; "
                "quarters move forward (use --force to go back)"
            )
        for risk in register.risks:
            later = _later_entries(risk, quarter)
            if later:
                raise WrongState(f"cannot go back to {quarter.label}: {risk.id} has {later}")
    elif quarter > current.next() and not force:
        raise UsageError(
            f"{quarter.label} skips {current.next().label}; open quarters in "
            "turn (use --force to skip)"
        )
    if quarter > current and quarter.first_day() > day and not force:
        raise UsageError(
            f"{quarter.label} has not started (it starts {quarter.first_day().isoformat()}); "
            "open it once it has, or use --force to open it early"
        )
    config_path = root / CONFIG_NAME
    moved = quarter != current
    if moved:
        _write_period(config_path, quarter)
        config = config.model_copy(update={"period": quarter.label})
    outcome = QuarterOpened(current, quarter, config_path, moved)
    for risk in sorted(register.open_risks, key=lambda r: id_key(r.id)):
        if is_overdue(risk, day, config):
            outcome.overdue.append(risk.id)
        before = risk.trend.get(quarter.label)
        if before is not None:
            outcome.kept.append(risk.id)
            continue
        derivation = derive(risk, quarter, config.scoring)
        if derivation is None:
            outcome.needed.append(risk.id)
            continue
        path = register.paths[risk.id]
        doc = read_document(path, display_path(path))
        risk_file = RiskFile(path, OPEN_DIR)
        update_risk(doc, trend_edits(risk, quarter, derivation.direction), config, risk_file)
        outcome.derived.append(TrendNote(risk.id, quarter, derivation, None, derivation.direction))
    return outcome


def _write_period(config_path: Path, quarter: Quarter) -> None:
    """Set `period:` in riskreg.yaml in place, keeping its comments and layout."""
    from pydantic import ValidationError

    from riskreg.model.risk import RegisterConfig as Config

    doc = read_document(config_path, display_path(config_path))
    if doc.root is None or not isinstance(doc.value, dict):
        raise BadRiskFile(f"{doc.path}: cannot read the register config")
    text = apply_edits(doc, [SetValue(("period",), quarter.label)])
    new_doc = parse_text(text, doc.path)
    try:
        Config.model_validate(new_doc.value)
    except ValidationError:  # pragma: no cover - the config loaded before the edit
        raise BadRiskFile(
            f"{doc.path}: setting the period would break the config; file left unchanged"
        ) from None
    replace_file(config_path, text, doc.bom)
