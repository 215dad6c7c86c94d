"""Risk IDs as typed on the command line: case-insensitive, ASCII, never a path."""

from __future__ import annotations

from riskreg.errors import InvalidRiskId
from riskreg.model.risk import ID_RE


def normalise_id(text: str) -> str:
    """A risk ID from the command line: case-insensitive, never a path."""
    candidate = text.strip().upper()
    if not ID_RE.match(candidate):
        raise InvalidRiskId(text)
    return candidate
