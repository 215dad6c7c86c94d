"""Dates written in another form than YYYY-MM-DD, told apart so a message can say how to
write them: 30/06/2022 and 30-06-2022 are day first, as dates are written in the UK."""

from __future__ import annotations

import datetime as dt
import re

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def day_first_date(text: object) -> dt.date | None:
    """The date `text` means if it is written day first (30/06/2022), else None."""
    if not isinstance(text, str):
        return None
    match = _DAY_FIRST.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def date_form_message(text: object) -> str:
    """Why `text` is not a date riskreg reads, and how to write it."""
    meant = day_first_date(text)
    shown = text if isinstance(text, str) else repr(text)
    if meant is not None:
        return f"{shown} is not a date in the form YYYY-MM-DD; write it as {meant.isoformat()}"
    return (
        f"{shown} is not a date in the form YYYY-MM-DD; write dates as YYYY-MM-DD, e.g. 2022-06-30"
    )
