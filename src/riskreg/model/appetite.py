"""Risk appetite: how much risk the board will take, per risk category, and the
escalations recorded when a risk is above it.

`appetite:` in riskreg.yaml names levels (Averse ... Eager, as the Government Finance
Function's guidance names them, or the organisation's own), each tolerating residual
scores up to a number, or up to a band of the scoring guidance; and maps each risk
category to its level. A risk names its category as `risk_category:`; `category`
stays the impact category that drives its score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from riskreg.model.quarters import Quarter
from riskreg.scoring.guidance import Scoring

# The example risk categories of HM Treasury's Orange Book (Annex 4).
ORANGE_BOOK_CATEGORIES = (
    "Strategy",
    "Governance",
    "Operations",
    "Legal",
    "Property",
    "Financial",
    "Commercial",
    "People",
    "Technology",
    "Information",
    "Security",
    "Project/Programme",
    "Reputational",
)

# The Government Finance Function's appetite levels, most cautious first, each with the
# highest residual score it tolerates on a 5 x 5 matrix.
DEFAULT_LEVELS: dict[str, int | str] = {
    "Averse": 4,
    "Minimal": 6,
    "Cautious": 9,
    "Open": 12,
    "Eager": 16,
}

_Text = Annotated[str, Field(min_length=1)]


def _default_levels() -> dict[str, int | str]:
    return dict(DEFAULT_LEVELS)


def _empty_categories() -> dict[str, str]:
    return {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


class Appetite(_Model):
    """`appetite:` in riskreg.yaml: the levels, and each risk category's level."""

    levels: dict[str, Annotated[int, Field(ge=1)] | _Text] = Field(
        default_factory=_default_levels,
        title="Appetite levels",
        description="Each level's tolerance: the highest residual score it accepts, or the "
        "name of the highest band it accepts (Averse: 4, Minimal: 6, Cautious: 9, ...).",
    )
    categories: dict[str, _Text] = Field(
        default_factory=_empty_categories,
        title="Risk categories",
        description="Each risk category's appetite level, e.g. Financial: Cautious.",
    )

    def level_named(self, name: str) -> str | None:
        """The level as the config spells it, matched ignoring case."""
        key = name.casefold()
        return next((level for level in self.levels if level.casefold() == key), None)

    def category_named(self, name: str) -> str | None:
        key = name.casefold()
        return next((c for c in self.categories if c.casefold() == key), None)


def known_categories(appetite: Appetite | None) -> tuple[str, ...]:
    """The risk categories a risk may name: the config's, else the Orange Book's."""
    if appetite is not None and appetite.categories:
        return tuple(appetite.categories)
    return ORANGE_BOOK_CATEGORIES


@dataclass(frozen=True)
class Breach:
    """A risk above its category's appetite."""

    category: str
    level: str
    tolerance: str  # as the reader sees it: "9" or "Medium"
    score: int | None
    rating: str | None

    @property
    def message(self) -> str:
        shown = f"score {self.score} ({self.rating})" if self.score is not None else self.rating
        return (
            f"outside appetite: {shown} is above the {self.level} appetite of "
            f"{self.category} (up to {self.tolerance})"
        )


def breach(
    appetite: Appetite | None,
    scoring: Scoring,
    category: str | None,
    score: int | None,
    rating: str | None,
) -> Breach | None:
    """The breach when a residual score or rating is above the category's appetite.

    A numeric level tolerates scores up to it; a band-named level tolerates ratings up
    to that band's rank (so it works whatever scores a band holds)."""
    if appetite is None or category is None:
        return None
    known = appetite.category_named(category)
    if known is None:
        return None
    level = appetite.level_named(appetite.categories[known])
    if level is None:
        return None
    tolerance = appetite.levels[level]
    if isinstance(tolerance, int):
        if score is None:
            # Rated but not scored (as imported): above appetite when its band's lowest
            # score already is.
            band = scoring.band_named(rating) if rating else None
            if band is None or band.min is None or band.min <= tolerance:
                return None
        elif score <= tolerance:
            return None
    else:
        if scoring.band_named(tolerance) is None or not rating:
            return None
        if scoring.band_named(rating) is None:
            return None
        if scoring.rank(rating) <= scoring.rank(tolerance):
            return None
    return Breach(known, level, str(tolerance), score, rating)


class Escalation(_Model):
    """A risk referred upwards, e.g. because it is outside appetite."""

    to: _Text = Field(title="Escalated to", description="Who the risk was escalated to.")
    date: dt.date = Field(title="Date", description="The day it was escalated, YYYY-MM-DD.")
    by: str | None = Field(default=None, title="By", description="Who escalated it.")
    reason: _Text = Field(title="Reason", description="Why it was escalated.")

    def in_quarter(self, quarter: Quarter) -> bool:
        return Quarter.containing(self.date, quarter.start) == quarter
