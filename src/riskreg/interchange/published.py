"""Import a published corporate risk register (tab-separated text) as register data.

The seed format is the plain-text export of a police force's Corporate Risk Register:

* one or more *open risk* tables, each introduced by the header line
  ``ID, Risk Name, Description, Impact, Key Controls and Activities,
  Q1..Q4 Trending, Residual Risk Rating`` (tab-separated);
* a *closed risk* table with the header ``ID, Risk Name, Description, Impact,
  Key Controls and Activities, Closed Rationale, Closed Date, Closure reported @ JAC``;
* optionally a ``RISK SCORING GUIDANCE`` section holding an impact table, a
  probability table, a score matrix (ignored) and score band lines such as
  ``1 - 4<TAB>Low risk``.

Cells may carry HTML fragments (``<p>`` paragraphs, ``<ul>`` wrappers, entities).
:func:`parse_seed` turns all of that into plain dictionaries ready to be written
as YAML risk files, keeping every word of the source text.  Any line it cannot
place raises :class:`SeedFormatError` with the 1-based line number.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

__all__ = ["SeedDocument", "SeedFormatError", "parse_seed"]


class SeedFormatError(Exception):
    """The seed text does not have the expected shape.

    ``line`` is the 1-based line number in the source text.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message, line)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class SeedDocument:
    """Everything read from a seed register."""

    open_risks: list[dict[str, object]]
    closed_risks: list[dict[str, object]]
    guidance: dict[str, object] | None


# --------------------------------------------------------------------------- tables

OPEN_HEADER: tuple[str, ...] = (
    "ID",
    "Risk Name",
    "Description",
    "Impact",
    "Key Controls and Activities",
    "Q1 Trending",
    "Q2 Trending",
    "Q3 Trending",
    "Q4 Trending",
    "Residual Risk Rating",
)
CLOSED_HEADER: tuple[str, ...] = (
    "ID",
    "Risk Name",
    "Description",
    "Impact",
    "Key Controls and Activities",
    "Closed Rationale",
    "Closed Date",
    "Closure reported @ JAC",
)
PROBABILITY_HEADER: tuple[str, ...] = (
    "Probability",
    "Description",
    "Detailed Description",
    "% Chance",
    "Relative",
    "Frequency",
)
GUIDANCE_HEADING = "RISK SCORING GUIDANCE"

TREND_WORDS: dict[str, str] = {
    "\u2193": "improved",  # ↓
    "\u2191": "worsened",  # ↑
    "\u2194": "unchanged",  # ↔
    "new": "new",
    "n/a": "n/a",
}
RATINGS: tuple[str, ...] = ("Low", "Medium", "High", "Critical")
BAND_COLOURS: dict[str, str] = {
    "low": "green",
    "medium": "yellow",
    "high": "dark_orange",
    "critical": "red",
}
DEFAULT_BAND_COLOUR = "white"

# Prose lines allowed between the risk tables (before the guidance section).
_RISK_PROSE = re.compile(r"^(?:risk trend key\b.*|closed risks|open risks)$", re.IGNORECASE)
_BAND_LINE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_INTEGER = re.compile(r"^\d+$")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

# ----------------------------------------------------------------------------- text

_PARAGRAPH_TAG = re.compile(r"</?p\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = "\x00"
# A bullet separator inside a paragraph that is itself a bullet list ("- a - B"), or
# a dash written against the next word after a sentence ("… in us. -The impact").
_BULLET_SPLIT = re.compile(r" - (?=[A-Z0-9])|(?<=[.:;]) -(?=[A-Z])")
# A bullet separator inside ordinary prose: only after a sentence/clause end.
_PROSE_BULLET_SPLIT = re.compile(r"(?<=[.:;]) - ")
_BULLET_LIST = re.compile(r"^-(?: |$|(?=[A-Z]))")
# Words that end a sentence or clause: text ending otherwise may be a heading.
_SENTENCE_END = (".", ":", ";", "!", "?", ")")


def clean_paragraphs(cell: str) -> list[str]:
    """Return the non-empty paragraphs of an HTML-ish cell as plain text.

    ``<p>`` tags mark paragraph boundaries; every other tag is removed; entities are
    decoded; whitespace runs collapse to one space.
    """
    marked = _PARAGRAPH_TAG.sub(_PARAGRAPH_BREAK, cell)
    marked = _ANY_TAG.sub(" ", marked)
    paragraphs: list[str] = []
    for chunk in marked.split(_PARAGRAPH_BREAK):
        text = _WHITESPACE.sub(" ", html.unescape(chunk)).strip()
        if text:
            paragraphs.append(text)
    return paragraphs


def _is_heading(text: str) -> bool:
    """A short label with no sentence end ("Uplift programme", "DEC Resilience")."""
    return len(text.split()) <= 2 and not text.endswith(_SENTENCE_END)


def _join_headings(items: list[str], separator: str) -> list[str]:
    """A heading among items belongs to the item after it ("Uplift programme - There…")."""
    joined: list[str] = []
    for item in items:
        if joined and _is_heading(joined[-1]):
            joined[-1] = f"{joined[-1]}{separator}{item}"
        else:
            joined.append(item)
    return joined


def paragraph_items(paragraph: str) -> tuple[str, list[str]]:
    """A cleaned paragraph as its lead-in text (may be empty) and its bullet items.

    A paragraph starting with a dash is a bullet list: it splits at every ``" - "``
    followed by an uppercase letter or a digit.  Any other paragraph is prose that may
    end in a list: it splits only at ``" - "`` directly after ``.``, ``:`` or ``;``.
    A short label with no full stop ("Uplift programme") stays with the words after
    its dash: it heads that item, it is not an item of its own.
    """
    if _BULLET_LIST.match(paragraph):
        parts, lead = _BULLET_SPLIT.split(paragraph[1:]), ""
    else:
        parts = _PROSE_BULLET_SPLIT.split(paragraph)
        lead = parts.pop(0).strip()
    items = _join_headings([item for item in (part.strip() for part in parts) if item], " - ")
    if lead and items and _is_heading(lead):
        lead, items = f"{lead} - {items[0]}", items[1:]
    return lead, items


def split_bullets(paragraph: str) -> list[str]:
    """The items of one cleaned paragraph: its lead-in (if any), then its bullets."""
    lead, items = paragraph_items(paragraph)
    return ([lead] if lead else []) + items


def clean_text(cell: str) -> str:
    """Plain text of a cell as riskreg lays text out.

    Paragraphs are separated by a blank line; a bullet list is one ``- item`` a line,
    under its lead-in sentence when it has one; bullets in consecutive paragraphs make
    one list.
    """
    chunks: list[str] = []
    in_list = False
    for paragraph in clean_paragraphs(cell):
        lead, items = paragraph_items(paragraph)
        text = "\n".join(([lead] if lead else []) + [f"- {item}" for item in items])
        if chunks and in_list and not lead:
            chunks[-1] += "\n" + text
        else:
            chunks.append(text)
        in_list = bool(items)
    return "\n\n".join(chunks)


def clean_bullets(cell: str) -> list[str]:
    """The control items of a cell.

    Each bullet is an item; prose is an item.  A lead-in sentence ending in a colon
    keeps its bullets in one item (``"…systems:\n- We Secure…"``), and a paragraph that
    is only a sub-heading ("DEC Resilience") heads the item after it.
    """
    items: list[str] = []
    heading = ""
    for paragraph in clean_paragraphs(cell):
        lead, bullets = paragraph_items(paragraph)
        if lead.endswith(":") and bullets:
            found = ["\n".join([lead, *(f"- {item}" for item in bullets)])]
        else:
            found = ([lead] if lead else []) + bullets
        if heading:
            found[0] = f"{heading}\n\n{found[0]}"
            heading = ""
        elif found == [lead] and _is_heading(lead):
            heading = lead
            continue
        items.extend(found)
    return [*items, heading] if heading else items


# -------------------------------------------------------------------------- parsing


def _cells_match(cells: list[str], header: tuple[str, ...]) -> bool:
    return len(cells) == len(header) and all(
        cell.strip().casefold() == name.casefold() for cell, name in zip(cells, header, strict=True)
    )


def _is_matrix_header(cells: list[str]) -> bool:
    return (
        len(cells) > 1
        and cells[0].strip().casefold() == "probability"
        and all(_INTEGER.match(cell.strip()) for cell in cells[1:])
    )


def _parse_trend(cell: str, line: int) -> str:
    word = TREND_WORDS.get(cell.strip().casefold())
    if word is None:
        raise SeedFormatError(f"unknown trend symbol {cell.strip()!r}", line)
    return word


def _parse_rating(cell: str, line: int) -> str:
    rating = cell.strip().title()
    if rating not in RATINGS:
        raise SeedFormatError(f"unknown residual risk rating {cell.strip()!r}", line)
    return rating


def _parse_date(cell: str, line: int) -> datetime.date:
    match = _DATE.match(cell.strip())
    if match is not None:
        day, month, year = (int(group) for group in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise SeedFormatError(f"unparseable date {cell.strip()!r} (expected DD/MM/YYYY)", line)


def _parse_level(cell: str, line: int) -> int:
    text = cell.strip()
    if not _INTEGER.match(text):
        raise SeedFormatError(f"expected a numeric level, got {text!r}", line)
    return int(text)


def _band_colour(name: str) -> str:
    return BAND_COLOURS.get(name.casefold(), DEFAULT_BAND_COLOUR)


class _Parser:
    def __init__(self, year: str) -> None:
        self.quarters = [f"{year} Q{n}" for n in range(1, 5)]
        self.open_risks: list[dict[str, object]] = []
        self.closed_risks: list[dict[str, object]] = []
        self.seen_ids: dict[str, int] = {}
        self.table: str | None = None
        self.in_guidance = False
        self.guidance_line = 0
        self.categories: list[str] = []
        self.impact: list[dict[str, object]] = []
        self.probability: list[dict[str, object]] = []
        self.bands: list[tuple[int, int, str]] = []

    # ----------------------------------------------------------------- dispatch

    def feed(self, raw: str, line: int) -> None:
        text = raw.rstrip("\r\n")
        if not text.strip():
            self.table = None  # a blank line ends any table
            return
        cells = text.split("\t")
        if self._start_table(cells, line):
            return
        if self.table == "open":
            self._open_row(cells, line)
        elif self.table == "closed":
            self._closed_row(cells, line)
        elif self.table == "impact":
            self._impact_row(cells, line)
        elif self.table == "probability":
            self._probability_row(cells, line)
        elif self.table == "matrix":
            pass  # the score matrix follows from the bands; nothing to keep
        elif self.in_guidance and self._band_row(cells, line):
            pass
        elif self.in_guidance and len(cells) == 1:
            pass  # guidance prose
        elif text.strip().casefold() == GUIDANCE_HEADING.casefold():
            self.in_guidance = True
            self.guidance_line = line
        elif len(cells) == 1 and _RISK_PROSE.match(text.strip()):
            pass
        else:
            raise SeedFormatError("line is not part of a recognised table", line)

    def _start_table(self, cells: list[str], line: int) -> bool:
        if _cells_match(cells, OPEN_HEADER):
            self.table = "open"
        elif _cells_match(cells, CLOSED_HEADER):
            self.table = "closed"
        elif not self.in_guidance:
            return False
        elif len(cells) > 1 and cells[0].strip().casefold() == "impact":
            if self.impact:
                raise SeedFormatError("second impact table", line)
            self.categories = [cell.strip() for cell in cells[1:]]
            if not all(self.categories):
                raise SeedFormatError("impact table has an unnamed category", line)
            self.table = "impact"
        elif _cells_match(cells, PROBABILITY_HEADER):
            if self.probability:
                raise SeedFormatError("second probability table", line)
            self.table = "probability"
        elif _is_matrix_header(cells):
            self.table = "matrix"
        else:
            return False
        return True

    # -------------------------------------------------------------------- risks

    def _check_row(self, cells: list[str], width: int, line: int) -> str:
        if len(cells) != width:
            raise SeedFormatError(f"expected {width} columns, found {len(cells)}", line)
        risk_id = cells[0].strip()
        if not risk_id or any(ch.isspace() for ch in risk_id):
            raise SeedFormatError(f"invalid risk ID {cells[0]!r}", line)
        if risk_id in self.seen_ids:
            first = self.seen_ids[risk_id]
            raise SeedFormatError(f"duplicate risk ID {risk_id} (first on line {first})", line)
        self.seen_ids[risk_id] = line
        return risk_id

    def _common(self, risk_id: str, cells: list[str], status: str, line: int) -> dict[str, object]:
        name = " ".join(clean_paragraphs(cells[1]))
        if not name:
            raise SeedFormatError(f"risk {risk_id} has no name", line)
        return {
            "id": risk_id,
            "name": name,
            "status": status,
            "description": clean_text(cells[2]),
            "impact_narrative": clean_text(cells[3]),
            "controls": clean_bullets(cells[4]),
        }

    def _open_row(self, cells: list[str], line: int) -> None:
        risk_id = self._check_row(cells, len(OPEN_HEADER), line)
        risk = self._common(risk_id, cells, "open", line)
        risk["trend"] = {
            quarter: _parse_trend(cell, line)
            for quarter, cell in zip(self.quarters, cells[5:9], strict=True)
        }
        risk["residual"] = {"rating": _parse_rating(cells[9], line)}
        self.open_risks.append(risk)

    def _closed_row(self, cells: list[str], line: int) -> None:
        risk_id = self._check_row(cells, len(CLOSED_HEADER), line)
        risk = self._common(risk_id, cells, "closed", line)
        risk["closure"] = {
            "rationale": clean_text(cells[5]),
            "closed": _parse_date(cells[6], line),
            "reported": _parse_date(cells[7], line),
        }
        self.closed_risks.append(risk)

    # ----------------------------------------------------------------- guidance

    def _impact_row(self, cells: list[str], line: int) -> None:
        width = len(self.categories) + 1
        if len(cells) != width:
            raise SeedFormatError(f"expected {width} columns, found {len(cells)}", line)
        self.impact.append(
            {
                "level": _parse_level(cells[0], line),
                "descriptions": {
                    category: cell.strip()
                    for category, cell in zip(self.categories, cells[1:], strict=True)
                },
            }
        )

    def _probability_row(self, cells: list[str], line: int) -> None:
        width = len(PROBABILITY_HEADER)
        if len(cells) != width:
            raise SeedFormatError(f"expected {width} columns, found {len(cells)}", line)
        self.probability.append(
            {
                "level": _parse_level(cells[0], line),
                "description": cells[1].strip(),
                "detail": cells[2].strip(),
                "chance": cells[3].strip(),
                "relative": cells[4].strip(),
                "frequency": cells[5].strip(),
            }
        )

    def _band_row(self, cells: list[str], line: int) -> bool:
        if len(cells) != 2:
            return False
        match = _BAND_LINE.match(cells[0])
        if match is None:
            return False
        low, high = int(match.group(1)), int(match.group(2))
        words = cells[1].split()
        if words and words[-1].casefold() == "risk":
            words = words[:-1]
        name = " ".join(words)
        if not name:
            raise SeedFormatError("score band has no name", line)
        if low > high:
            raise SeedFormatError(f"score band {name} runs backwards ({low} > {high})", line)
        self.bands.append((low, high, name))
        return True

    # ------------------------------------------------------------------- result

    def result(self) -> SeedDocument:
        guidance: dict[str, object] | None = None
        if self.in_guidance:
            missing = [
                part
                for part, rows in (
                    ("impact table", self.impact),
                    ("probability table", self.probability),
                    ("score bands", self.bands),
                )
                if not rows
            ]
            if missing:
                raise SeedFormatError(
                    "scoring guidance lacks " + ", ".join(missing), self.guidance_line
                )
            bands: list[dict[str, object]] = [
                {"name": name, "min": low, "max": high, "colour": _band_colour(name)}
                for low, high, name in sorted(self.bands)
            ]
            guidance = {"impact": self.impact, "probability": self.probability, "bands": bands}
        return SeedDocument(
            open_risks=self.open_risks, closed_risks=self.closed_risks, guidance=guidance
        )


def parse_seed(text: str, year: str) -> SeedDocument:
    """Parse a seed register.

    ``year`` is the financial-year label (e.g. ``"2021/22"``) the trend columns
    Q1..Q4 belong to; they become quarter labels ``"2021/22 Q1"`` .. ``"2021/22 Q4"``.
    Raises :class:`SeedFormatError` (with a 1-based line number) on any line that
    does not fit the format.
    """
    parser = _Parser(year)
    for number, raw in enumerate(text.split("\n"), start=1):
        parser.feed(raw, number)
    return parser.result()
