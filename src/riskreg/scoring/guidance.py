"""The scoring guidance: impact and probability scales, bands and their colours.

The guidance is data in the register's config (`riskreg.yaml`); this module only
reads it. A score is impact x probability; its band is the one whose range holds it.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ImpactLevel(_Strict):
    level: int = Field(ge=1, description="Impact score, 1 (least) upwards.")
    descriptions: dict[str, str] = Field(description="What this level means, per category.")


class ProbabilityLevel(_Strict):
    level: int = Field(ge=1)
    description: str
    detail: str = ""
    chance: str = ""
    relative: str = ""
    frequency: str = ""


class Band(_Strict):
    name: str = Field(min_length=1)
    min: int = Field(ge=1)
    max: int = Field(ge=1)
    colour: str = "white"

    def holds(self, score: int) -> bool:
        return self.min <= score <= self.max


class Scoring(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    impact: list[ImpactLevel] = Field(min_length=1)
    probability: list[ProbabilityLevel] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Scoring:
        problems = scale_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def max_impact(self) -> int:
        return max(level.level for level in self.impact)

    @cached_property
    def max_probability(self) -> int:
        return max(level.level for level in self.probability)

    @cached_property
    def categories(self) -> list[str]:
        names: list[str] = []
        for level in sorted(self.impact, key=lambda item: -item.level):
            names.extend(name for name in level.descriptions if name not in names)
        return names

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.holds(score):
                return band
        raise ValueError(f"score {score} is in no band")

    def band_named(self, name: str) -> Band | None:
        wanted = name.strip().casefold()
        for band in self.bands:
            if band.name.casefold() == wanted:
                return band
        return None

    def rank(self, name: str) -> int:
        """Position of a band from the lowest (0); unknown names rank below all."""
        wanted = name.strip().casefold()
        for index, band in enumerate(self.bands):
            if band.name.casefold() == wanted:
                return index
        return -1

    def impact_level(self, level: int) -> ImpactLevel | None:
        return next((item for item in self.impact if item.level == level), None)

    def probability_level(self, level: int) -> ProbabilityLevel | None:
        return next((item for item in self.probability if item.level == level), None)

    @property
    def band_names(self) -> list[str]:
        return [band.name for band in self.bands]


def achievable(max_impact: int, max_probability: int) -> list[int]:
    return sorted({i * p for i in range(1, max_impact + 1) for p in range(1, max_probability + 1)})


def scale_problems(scoring: Scoring) -> list[str]:
    """What is wrong with the scales and bands, as messages; empty when consistent.

    Passes: levels 1..5 on both scales, bands 1-4, 5-10, 12-16, 20-25.
    Fails:  bands 1-4, 6-10 (5 is achievable and in no band), or 1-5, 5-10 (overlap).
    """
    problems: list[str] = []
    for name, levels in (
        ("impact", [item.level for item in scoring.impact]),
        ("probability", [item.level for item in scoring.probability]),
    ):
        if sorted(levels) != list(range(1, len(levels) + 1)):
            problems.append(f"{name} levels must be 1 to {len(levels)}, each once; got {levels}")
    if problems:
        return problems
    ordered = sorted(scoring.bands, key=lambda band: band.min)
    for band in ordered:
        if band.min > band.max:
            problems.append(f"band {band.name} runs from {band.min} down to {band.max}")
    for low, high in pairwise(ordered):
        if high.min <= low.max:
            problems.append(
                f"bands {low.name} ({low.min}-{low.max}) and {high.name} "
                f"({high.min}-{high.max}) overlap"
            )
    names = [band.name.casefold() for band in scoring.bands]
    if len(set(names)) != len(names):
        problems.append("band names must be unique")
    missing = [
        score
        for score in achievable(scoring.max_impact, scoring.max_probability)
        if not any(band.holds(score) for band in scoring.bands)
    ]
    if missing:
        problems.append("scores " + ", ".join(map(str, missing)) + " can occur but are in no band")
    return problems
