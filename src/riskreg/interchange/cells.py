"""Reading a spreadsheet cell's value as people write it: dates, scores, ratings, lists.

Each reader returns the value, or raises `CellError` with a message that reads after
the cell's address ("Risks!F14 (Likelihood): ...").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from riskreg.scoring.guidance import Scoring


class CellError(ValueError):
    """A cell's value that cannot be read as its column's field."""


def text_of(value: object) -> str:
    """A cell as text: numbers without a spurious .0, dates as ISO, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}  # fmt: skip
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]+)\.?,?[\s\-/]+(\d{2}|\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$")


def read_date(value: object, day_first: bool = True) -> dt.date:
    """A date cell, or text as 30/06/2022 (day first unless told), 30-Jun-2022 or ISO."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_of(value)
    try:
        if _ISO.match(text):
            return dt.date.fromisoformat(text[:10])
        if match := _NUMERIC.match(text):
            first, second, year = int(match[1]), int(match[2]), _year(match[3])
            day, month = (first, second) if day_first else (second, first)
            return dt.date(year, month, day)
        if match := _NAMED.match(text):
            named = _MONTHS.get(match[2].casefold())
            if named is not None:
                return dt.date(_year(match[3]), named, int(match[1]))
    except ValueError:
        pass
    order = "dd/mm/yyyy" if day_first else "mm/dd/yyyy"
    raise CellError(f'"{text}" is not a date; write it as {order}, 30-Jun-2022 or 2022-06-30')


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


_LEADING_NUMBER = re.compile(r"^(\d+)(?:\.0+)?(?:\s*[-–—:.)]\s*\S.*|\s+\S.*)?$", re.S)


def read_score(value: object, scoring: Scoring, scale: str) -> int:
    """A level on the impact or probability scale: 4, 4.0, "4 - Likely" or "Likely"."""
    top = scoring.max_impact if scale == "impact" else scoring.max_probability
    text = text_of(value)
    level: int | None = None
    if match := _LEADING_NUMBER.match(text):
        level = int(match[1])
    elif scale == "probability":
        wanted = text.casefold()
        level = next(
            (item.level for item in scoring.probability if item.description.casefold() == wanted),
            None,
        )
    if level is None or not 1 <= level <= top:
        raise CellError(f'"{text}" is not {_article(scale)} {scale} 1-{top}')
    return level


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def is_score(value: object, top: int) -> bool:
    match = _LEADING_NUMBER.match(text_of(value))
    return bool(match) and 1 <= int(match[1]) <= top  # type: ignore[index]


def read_rating(value: object, scoring: Scoring, rating_map: dict[str, str]) -> str:
    """A band name, in any case, or a word (a RAG colour) mapped to one by --rating-map."""
    text = text_of(value)
    mapped = rating_map.get(text.casefold(), text)
    band = scoring.band_named(mapped)
    if band is not None:
        return band.name
    names = ", ".join(scoring.band_names)
    hint = "" if rating_map else f"; map other words with --rating-map {text or 'Red'}=High"
    raise CellError(f'"{text}" is not a rating ({names}){hint}')


_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢➤►*\-–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
RESTRICTED_MARK = "[restricted] "
# The indent of an item's further lines in a list cell.
_CONTINUED = "  "


def read_list(value: object) -> list[Any]:
    """One item per line, a leading bullet or number taken off each.

    When some lines carry a bullet, a line without one continues the item above it (an
    item written over two lines); a line indented under an item continues it as written,
    its own "- " bullets and blank lines kept (`list_cell` writes an item of several
    lines so). `[restricted] ` before an item marks it restricted.
    """
    text = text_of(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    bulleted = any(_BULLET.match(line) for line in lines if not line.startswith(_CONTINUED))
    items: list[str] = []
    for line in lines:
        if bulleted and items and line.startswith(_CONTINUED):
            items[-1] += "\n" + line.strip()
            continue
        if not line.strip():
            continue
        match = _BULLET.match(line)
        if match:
            items.append(line[match.end() :].strip())
        elif bulleted and items:
            items[-1] += "\n" + line.strip()
        else:
            items.append(line.strip())
    out: list[Any] = []
    for item in (item.strip() for item in items):
        restricted = item.startswith(RESTRICTED_MARK)
        if restricted:
            item = item[len(RESTRICTED_MARK) :].strip()
        text, assured = _assurance_mark(item)
        if assured:
            entry: dict[str, Any] = {"text": text, **assured}
            if restricted:
                entry["restricted"] = True
            out.append(entry)
        elif restricted:
            out.append({"text": item, "restricted": True})
        elif item:
            out.append(item)
    return out


def _assurance_mark(item: str) -> tuple[str, dict[str, str]]:
    """A control's text and the effectiveness and assurance a trailing mark gives, as
    `list_cell` writes it: 'Weekly audit [effective, second line]'. A bracket holding
    anything else is part of the text."""
    from riskreg.model.assurance import parse_assurance, parse_effectiveness

    if not item.endswith("]") or " [" not in item:
        return item, {}
    text, _, mark = item[:-1].rpartition(" [")
    found: dict[str, str] = {}
    for word in (part.strip() for part in mark.split(",")):
        for key, parse in (("effectiveness", parse_effectiveness), ("assurance", parse_assurance)):
            try:
                found.setdefault(key, str(parse(word)))
                break
            except ValueError:
                continue
        else:
            return item, {}
    return (text.rstrip(), found) if text.strip() else (item, {})


def list_cell(items: list[Any]) -> str:
    """The cell `read_list` reads back as `items`: one bulleted line per item, the further
    lines of an item indented under it."""
    lines = []
    for item in items:
        if isinstance(item, dict):
            assured = [item[key] for key in ("effectiveness", "assurance") if item.get(key)]
            text = item["text"] + (f" [{', '.join(assured)}]" if assured else "")
            restricted = item.get("restricted")
            if restricted is None:  # a bare {text} mapping is a restricted item
                restricted = not assured
            mark = RESTRICTED_MARK if restricted else ""
        else:
            text, mark = str(item), ""
        first, *rest = text.split("\n")
        lines.append("• " + mark + first)
        lines.extend(_CONTINUED + line for line in rest)
    return "\n".join(lines)
