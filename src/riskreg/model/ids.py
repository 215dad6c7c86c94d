"""Risk IDs as typed on the command line: ASCII letters then digits, any case, never a path.

The command layer parses an ID once, with `parse_risk_id`, and hands the `RiskId` down;
code below trusts it. Only ASCII is accepted and only ASCII is upper-cased, so no
Unicode case folding can turn one ID into another (`CRRß18` is not `CRRSS18`).
"""

from __future__ import annotations

import re
from typing import NewType

from riskreg.errors import InvalidRiskId

ID_PATTERN = r"^[A-Z]{1,10}[0-9]{1,6}$"
ID_RE = re.compile(ID_PATTERN)

RiskId = NewType("RiskId", str)

_LOWER_TO_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def parse_risk_id(text: str) -> RiskId:
    """A risk ID from the command line: CRR18 from `crr18` or ` CRR18 `; else InvalidRiskId."""
    candidate = text.strip(" \t\r\n")
    if not candidate.isascii():
        raise InvalidRiskId(text)
    candidate = candidate.translate(_LOWER_TO_UPPER)
    if not ID_RE.fullmatch(candidate):
        raise InvalidRiskId(text)
    return RiskId(candidate)


# The same reading for an ID typed elsewhere than the command line (a spreadsheet cell).
normalise_id = parse_risk_id
