"""The scoring guidance: impact and probability scales, bands and their colours.

The guidance is data in the register's config (`riskreg.yaml`); this module only
reads it. A score is impact x probability; its band is the one whose range holds it.
The models check each level and band alone; that together they grade every score once
is checked by the config rules (rules/config_rules.py), and a config they refuse is
never loaded.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field


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
