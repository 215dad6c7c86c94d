"""Rules on each band of the scoring guidance: a colour the renderers can draw, and a
review interval, so that every risk in the band has a review date."""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import CONFIG, Context, rule
from riskreg.scoring.colours import BASIC_COLOURS, known_colour, nearest_colours
from riskreg.scoring.guidance import Scoring


@rule("bad-colour", CONFIG)
def band_colour_known(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """A band's colour is a colour name the renderers know, or #rrggbb.

    Passes:
        bands:
        - {name: High, min: 12, max: 16, colour: dark_orange}
    Fails (amber is shown grey everywhere):
        bands:
        - {name: High, min: 12, max: 16, colour: amber}
    """
    for index, band in enumerate(scoring.bands):
        if known_colour(band.colour):
            continue
        near = nearest_colours(band.colour)
        hint = f" (did you mean {near[0]}?)" if near else ""
        yield Finding(
            f"band {band.name} has colour {band.colour!r}, which riskreg cannot draw{hint}; "
            f"use one of {', '.join(BASIC_COLOURS[:8])} (or bright_ forms of them), an "
            'xterm colour name such as dark_orange or gold1, or "#rrggbb" in quotes',
            ("scoring", "bands", index, "colour"),
        )


@rule("review-interval-missing", CONFIG, Severity.WARNING)
def review_interval_for_every_band(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Every band has a review interval, in days or `never`.

    Passes (bands Low and High):
        review_intervals: {High: 91,
          Low: never}
    Fails (bands Low and High: Low risks would never fall due):
        review_intervals: {High: 91,
          Critical: 30}
    """
    if ctx.config is None:
        return
    if not ctx.config.review_intervals:
        yield Finding(
            "no band has a review interval, so no risk is ever scheduled for review; add "
            "review_intervals: with days (or never) for each of " + ", ".join(scoring.band_names),
            ("scoring", "bands"),
        )
        return
    named = {name.casefold() for name in ctx.config.review_intervals}
    for index, band in enumerate(scoring.bands):
        if band.name.casefold() in named:
            continue
        yield Finding(
            f"band {band.name} has no review interval, so its risks are never scheduled "
            f"for review; add '{band.name}: <days>' under review_intervals (or "
            f"'{band.name}: never' if they are not reviewed)",
            ("scoring", "bands", index, "name"),
        )
