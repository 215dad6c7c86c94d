"""Recording a reading of a key risk indicator in the risk's own file (spliced into its
text, so comments and layout survive, and checked before it is written)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from riskreg.errors import UsageError
from riskreg.lifecycle._shared import open_risk
from riskreg.lifecycle.ownership import Edited
from riskreg.model.indicators import Indicator, Number, closest
from riskreg.model.risk import RegisterConfig
from riskreg.register.editing import AppendItem, Edit, SetValue
from riskreg.register.writing import update_risk


def parse_value(text: str) -> Number:
    """A reading as typed: 12, 12.5, 92% (a trailing unit sign is allowed)."""
    cleaned = text.strip().removesuffix("%").replace(",", "")
    try:
        value = int(cleaned)
    except ValueError:
        try:
            number = float(cleaned)
        except ValueError:
            raise UsageError(f"VALUE: {text!r} is not a number; write it as 12 or 12.5") from None
        if not math.isfinite(number):
            raise UsageError(f"VALUE: {text!r} is not a number; write it as 12 or 12.5") from None
        return number
    return value


def find_indicator(indicators: list[Indicator], name: str, risk_id: str) -> int:
    """The index of the indicator named `name` (any case, any spacing)."""
    wanted = " ".join(name.split()).casefold()
    for index, indicator in enumerate(indicators):
        if " ".join(indicator.name.split()).casefold() == wanted:
            return index
    if not indicators:
        raise UsageError(
            f"{risk_id} has no indicators; add one to its file first: "
            "indicators: [{name: ..., unit: ..., amber: ..., red: ...}]"
        )
    names = [i.name for i in indicators]
    near = closest(name, names)
    hint = f"did you mean {near!r}? " if near else ""
    raise UsageError(
        f"{risk_id} has no indicator {name!r}; {hint}its indicators: "
        + ", ".join(repr(n) for n in names)
    )


def record_reading(
    root: Path,
    config: RegisterConfig,
    risk_id: str,
    name: str,
    value: Number,
    day: dt.date,
    today: dt.date,
) -> Edited:
    """Add a reading on `day` to the risk's indicator, or correct that day's reading.

    A reading dated after today is refused: it would stay the latest, and so decide the
    indicator's status, until that day came."""
    if day > today:
        raise UsageError(
            f"--date {day.isoformat()} is after today ({today.isoformat()}); a reading is "
            "of a day that has come"
        )
    risk, doc, risk_file = open_risk(root, config, risk_id)
    index = find_indicator(risk.indicators, name, risk.id)
    indicator = risk.indicators[index]
    same_day = [i for i, r in enumerate(indicator.readings) if r.date == day]
    edit: Edit
    if same_day:
        edit = SetValue(("indicators", index, "readings", same_day[-1], "value"), value)
    else:
        edit = AppendItem(("indicators", index, "readings"), {"date": day, "value": value})
    updated = update_risk(doc, [edit], config, risk_file)
    kept = updated.indicators[index]
    status = kept.status_of(value)
    way = "above" if kept.higher_is_worse else "below"
    limits = f"amber {kept.shown(kept.amber)}, red {kept.shown(kept.red)}, {way} is worse"
    verb = "corrected" if same_day else "recorded"
    message = (
        f"{risk.id}: {kept.name} {verb}: {kept.shown(value)} on {day.isoformat()}, "
        f"{status} ({limits})"
    )
    latest = kept.latest
    if latest is not None and latest.date > day:
        message += f"; the latest reading is still that of {latest.date.isoformat()}"
    return Edited(updated, risk_file.path, message)
