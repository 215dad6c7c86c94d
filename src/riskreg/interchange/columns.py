"""Which column of a spreadsheet holds which field of a risk, told from its heading.

Headings are compared with case and punctuation ignored ("Risk ID", "risk_id" and
"RISK-ID" are one heading). The header row is the first, among the top rows, that names
at least two fields one of which is the ID or the name, so title rows above it are
allowed. `--map FIELD=COLUMN` (a heading or a column letter) and `--header-row N`
override what is recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from riskreg.errors import UsageError

TREND = "trend"  # a trend column's field is "trend <quarter>"

_SCORE_WORDS = {
    "rating": ("rating", "rag", "risklevel", "riskrating", "level", "risk"),
    "probability": ("likelihood", "probability", "l", "p"),
    "impact": ("impact", "severity", "i"),
    "category": ("category", "impactcategory"),
}
_ASSESSMENT_PREFIXES = {
    "": ("residual", "current", "net", "residualrisk", "currentrisk", "netrisk"),
    "inherent_": ("inherent", "gross", "inherentrisk", "grossrisk", "initial", "initialrisk"),
    "target_": ("target", "targetrisk"),
}

_HEADINGS: dict[str, tuple[str, ...]] = {
    "id": ("ref", "reference", "riskid", "riskref", "riskreference", "no", "number", "riskno",
           "risknumber", "id"),
    "name": ("risk", "title", "riskname", "risktitle", "name"),
    "description": ("description", "cause", "causes", "riskdescription"),
    "impact_narrative": ("consequence", "consequences", "impactdescription", "effect",
                         "effects", "impactnarrative"),
    "controls": ("controls", "existingcontrols", "mitigations", "mitigation", "keycontrols",
                 "currentcontrols", "controlsinplace", "keycontrolsandactivities"),
    "probability": _SCORE_WORDS["probability"],
    "impact": _SCORE_WORDS["impact"],
    "rating": ("rating", "rag", "risklevel", "riskrating", "ragstatus"),
    "category": _SCORE_WORDS["category"],
    "owner": ("owner", "riskowner"),
    "department": ("directorate", "department", "portfolio", "riskdepartment"),
    "next_review": ("nextreview", "nextreviewdate", "reviewdate", "reviewdue"),
    "last_reviewed": ("lastreviewed", "lastreview", "lastreviewdate", "datereviewed"),
    "status": ("status", "riskstatus"),
    "date_raised": ("dateraised", "raised", "dateidentified", "dateadded", "dateopened"),
    "notes": ("notes", "comments"),
    "closure_rationale": ("closurerationale", "closurereason", "reasonforclosure"),
    "closure_closed": ("closed", "dateclosed", "closeddate", "closureclosed"),
    "closure_reported": ("closurereported", "reported", "datereported"),
    "risk_category": ("riskcategory",),
    "objectives": ("objectives", "objective", "strategicobjectives", "corporateobjectives"),
    "escalation_to": ("escalatedto",),
    "escalation_date": ("escalatedon", "dateescalated", "escalationdate"),
    "escalation_by": ("escalatedby",),
    "escalation_reason": ("escalationreason", "reasonforescalation"),
    "treatment_decision": ("treatment", "treatmentdecision", "riskresponse", "response"),
    "treatment_rationale": ("treatmentrationale", "responserationale"),
    "treatment_acceptance_by": ("acceptedby", "riskacceptedby"),
    "treatment_acceptance_date": ("acceptedon", "dateaccepted", "acceptancedate"),
    "treatment_acceptance_expires": ("acceptanceexpires", "acceptanceexpiry", "acceptedto",
                                     "accepteduntil"),
}  # fmt: skip

FIELDS: tuple[str, ...] = (
    *_HEADINGS,
    *(f"{prefix}{word}" for prefix in ("inherent_", "target_") for word in _SCORE_WORDS),
)


def normalise(heading: str) -> str:
    return re.sub(r"[\W_]+", "", heading.casefold())


def _recognised() -> dict[str, str]:
    known: dict[str, str] = {}
    for name, headings in _HEADINGS.items():
        for heading in headings:
            known.setdefault(heading, name)
    for prefix, words in _ASSESSMENT_PREFIXES.items():
        for word in words:
            for name, suffixes in _SCORE_WORDS.items():
                for suffix in suffixes:
                    if len(suffix) > 1 or prefix:
                        known.setdefault(word + suffix, prefix + name)
    return known


RECOGNISED = _recognised()
_TREND_HEADING = re.compile(r"^(?P<before>.*?)(?P<quarter>\d{4}/\d{2} Q[1-4])\s*$")
_TREND_WORDS = ("", "trend", "dot", "directionoftravel", "direction")


def field_for(heading: str) -> str | None:
    """The field a heading names, or None."""
    match = _TREND_HEADING.match(heading.strip())
    if match and normalise(match["before"]) in _TREND_WORDS:
        return f"{TREND} {match['quarter']}"
    return RECOGNISED.get(normalise(heading))


def column_letter(index: int) -> str:
    """A for the first column (index 0), Z, AA, ..."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", letters):
        return None
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number - 1


@dataclass
class Mapping:
    """The header row found, each recognised column's field, and the columns left alone."""

    header_row: int  # 1-based, as the spreadsheet numbers rows
    headings: list[str]
    fields: dict[int, str] = field(default_factory=dict)  # column index -> field
    ignored: dict[int, str] = field(default_factory=dict)  # column index -> why

    def column_of(self, name: str) -> int | None:
        return next((index for index, got in self.fields.items() if got == name), None)

    def label(self, index: int) -> str:
        heading = self.headings[index] if index < len(self.headings) else ""
        return f"{column_letter(index)} ({heading})" if heading else column_letter(index)


def heading_text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def find_header(rows: list[list[object]], header_row: int | None, scan: int = 30) -> int | None:
    """The index of the header row: `header_row` (1-based) if given, else the first
    row naming at least two fields, the ID or the name among them."""
    if header_row is not None:
        return header_row - 1 if 0 < header_row <= len(rows) else None
    for index, row in enumerate(rows[:scan]):
        named = {field_for(heading_text(cell)) for cell in row} - {None}
        if len(named) >= 2 and named & {"id", "name"}:
            return index
    return None


def map_columns(
    headings: list[str], header_row: int, overrides: list[str], own: tuple[str, ...] = ()
) -> Mapping:
    """Recognise each heading, then apply the `FIELD=COLUMN` overrides.

    A heading that is the name of one of the register's own fields (`own`) is that
    field, before any built-in field it might also name ("Directorate")."""
    mapping = Mapping(header_row, headings)
    own_by_heading = {normalise(name): name for name in own}
    for index, heading in enumerate(headings):
        if not heading:
            continue
        name = own_by_heading.get(normalise(heading)) or field_for(heading)
        if name is None:
            mapping.ignored[index] = "not a heading riskreg knows"
        elif (taken := mapping.column_of(name)) is not None:
            mapping.ignored[index] = f"{name} is read from {mapping.label(taken)}"
        else:
            mapping.fields[index] = name
    for override in overrides:
        name, index = _override(override, headings, own)
        for other, got in list(mapping.fields.items()):
            if got == name and other != index:
                del mapping.fields[other]
                mapping.ignored[other] = f"--map {override}"
        mapping.fields[index] = name
        mapping.ignored.pop(index, None)
    return mapping


def _override(text: str, headings: list[str], own: tuple[str, ...] = ()) -> tuple[str, int]:
    name, sep, column = text.partition("=")
    name, column = name.strip(), column.strip()
    if not sep or not name or not column:
        raise UsageError(f"--map {text}: write FIELD=COLUMN, e.g. --map name='Risk title'")
    if (
        name not in FIELDS
        and name not in own
        and not (name.startswith(TREND + " ") and field_for(name[6:]))
    ):
        raise UsageError(f"--map {text}: no field {name!r}; fields: " + ", ".join((*FIELDS, *own)))
    wanted = normalise(column)
    for index, heading in enumerate(headings):
        if heading and normalise(heading) == wanted:
            return name, index
    letter = column_index(column)
    if letter is not None:
        return name, letter
    raise UsageError(
        f"--map {text}: no column headed {column!r}; headings: "
        + ", ".join(repr(h) for h in headings if h)
    )
