"""The scoring guidance: impact and probability scales, bands and their colours.

The guidance is data in the register's config (`riskreg.yaml`); this module only
reads it. A score is impact x probability. Its band is the one whose range holds it, or,
when the guidance has a `grid`, the band the grid names for that impact and probability
(so 5 x 1 and 1 x 5 may differ). Bands are listed lowest first; risks compare by their
band's rank, then their score (`severity`).
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
    min: int | None = Field(
        default=None, ge=1, description="Lowest score in the band (only without a grid)."
    )
    max: int | None = Field(
        default=None, ge=1, description="Highest score in the band (only without a grid)."
    )
    colour: str = "white"

    def holds(self, score: int) -> bool:
        if self.min is None or self.max is None:
            return False
        return self.min <= score <= self.max

    @property
    def range_text(self) -> str:
        """ "5-10" for a band by score range; "" for a band a grid places."""
        if self.min is None or self.max is None:
            return ""
        return f"{self.min}-{self.max}"


class Scoring(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    impact: list[ImpactLevel] = Field(min_length=1)
    probability: list[ProbabilityLevel] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1, description="The bands, lowest first.")
    grid: dict[int, list[str]] | None = Field(
        default=None,
        description="The matrix cell by cell: for each probability level, the band of "
        "each impact level from 1 up. Without it, bands are score ranges (min, max).",
    )

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
        """The band whose range holds `score` (guidance by score range)."""
        for band in self.bands:
            if band.holds(score):
                return band
        raise ValueError(f"score {score} is in no band")

    def band_at(self, impact: int, probability: int) -> Band:
        """The band of a cell of the matrix: the grid's, else the range holding the score."""
        if self.grid is None:
            return self.band_for(impact * probability)
        row = self.grid.get(probability)
        if row is None or not 1 <= impact <= len(row):
            raise ValueError(f"impact {impact} x probability {probability} is not in the grid")
        band = self.band_named(row[impact - 1])
        if band is None:
            raise ValueError(f"the grid names {row[impact - 1]}, which is not a band")
        return band

    def severity(self, rating: str | None, score: int | None) -> tuple[int, int]:
        """How grave a rating and score are, for comparing risks: the band's rank first,
        then the score (a grid may rate a lower score higher)."""
        if score is not None and self.grid is None:
            # By score range, a score's own band outranks whatever rating it was given.
            for index, band in enumerate(self.bands):
                if band.holds(score):
                    return (index, score)
        return (self.rank(rating) if rating else -1, score if score is not None else 0)

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
