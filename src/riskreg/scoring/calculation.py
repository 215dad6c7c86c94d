"""Impact x probability and its band."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from riskreg.errors import UsageError
from riskreg.scoring.guidance import Band, Scoring

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Calculation:
    impact: int
    probability: int
    score: int
    band: Band


def calculate(scoring: Scoring, impact: int, probability: int) -> Calculation:
    """Impact x probability and its band; values off the scales are refused."""
    if not 1 <= impact <= scoring.max_impact:
        raise UsageError(f"impact {impact} is off the scale; allowed 1 to {scoring.max_impact}")
    if not 1 <= probability <= scoring.max_probability:
        raise UsageError(
            f"probability {probability} is off the scale; allowed 1 to {scoring.max_probability}"
        )
    score = impact * probability
    return Calculation(impact, probability, score, scoring.band_at(impact, probability))
