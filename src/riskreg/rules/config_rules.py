"""The register config: `riskreg.yaml` read, and its scoring guidance checked.

The guidance must grade every achievable score exactly once: scales numbered 1 to n,
bands in order without gaps or overlaps (or a grid naming a band for every cell),
review intervals named for bands. These rules
are the only check of it: the Scoring model checks each level and band alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from pydantic import ValidationError

from riskreg.model.risk import RegisterConfig
from riskreg.rules import custom_field_rules  # noqa: F401 - registers its rules
from riskreg.rules.findings import Finding, add_findings
from riskreg.rules.pydantic_errors import report_validation_error
from riskreg.rules.registry import CONFIG, Context, FileKind, checks_for, rule, run_checks
from riskreg.rules.surprises import report_surprises
from riskreg.scoring.guidance import Band, Scoring, achievable
from riskreg.yamlsource import Document


def validate_config_document(doc: Document, today: dt.date | None = None) -> RegisterConfig | None:
    """Turn a parsed `riskreg.yaml` into a RegisterConfig, adding every problem to `doc`.

    `today` (else the clock) judges whether the period is out of date.
    """
    if doc.root is None:
        return None
    if not isinstance(doc.value, dict):
        doc.problem(
            "not-a-mapping",
            "the register config is a mapping of settings (title:, period:, scoring: ...)",
            1,
            1,
        )
        return None
    config: RegisterConfig | None = None
    scoring: Scoring | None = None
    try:
        config = RegisterConfig.model_validate(doc.value)
        scoring = config.scoring
    except ValidationError as error:
        report_validation_error(doc, error, RegisterConfig)
        try:  # the guidance alone may still be sound enough to check
            scoring = Scoring.model_validate(doc.value.get("scoring"))
        except ValidationError:
            scoring = None
    if doc.surprises:
        report_surprises(doc)
    if scoring is not None:
        if today is None:
            from riskreg.model.timeline import today as clock

            today = clock()
        ctx = Context(config, today)
        add_findings(doc, run_checks(CONFIG_RULES, scoring, ctx))
    if config is not None:
        add_findings(doc, run_checks(WHOLE_CONFIG_RULES, config, Context(config, dt.date.min)))
    return config if doc.ok else None


def _levels_sound(scoring: Scoring) -> bool:
    return all(
        sorted(item.level for item in getattr(scoring, name))
        == list(range(1, len(getattr(scoring, name)) + 1))
        for name in ("impact", "probability")
    )


def _by_min(scoring: Scoring) -> list[tuple[int, Band, int, int]]:
    """The bands by score range with their index in the file and limits, lowest first;
    none when a grid places the bands."""
    if scoring.grid is not None:
        return []
    ranged = [
        (index, band, band.min, band.max)
        for index, band in enumerate(scoring.bands)
        if band.min is not None and band.max is not None
    ]
    return sorted(ranged, key=lambda item: item[2])


GRID_SIZES = range(3, 11)  # a matrix from 3 x 3 to 10 x 10, square or not


@rule("band-limits", CONFIG)
def band_limits_match_the_kind_of_matrix(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Without a grid each band gives its score range (min and max); with a grid, none does.

    Passes:
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 5, max: 25}]
    Fails:
        bands: [{name: Low, min: 1},
          {name: High, min: 5, max: 25}]
    """
    for index, band in enumerate(scoring.bands):
        if scoring.grid is not None:
            if band.min is not None or band.max is not None:
                key = "min" if band.min is not None else "max"
                yield Finding(
                    f"band {band.name} gives a score range, but scoring.grid places the "
                    "bands; remove min and max",
                    ("scoring", "bands", index, key),
                )
        elif band.min is None or band.max is None:
            yield Finding(
                f"band {band.name} needs min and max (its score range), or define the "
                "matrix cell by cell with scoring.grid",
                ("scoring", "bands", index),
            )


@rule("grid-shape", CONFIG)
def grid_has_a_row_per_probability(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """A grid has one row per probability level, each naming a band per impact level,
    on scales of 3 to 10 levels.

    Passes (3 x 3):
        grid: {3: [Medium, High, High], 2: [Low, Medium, High],
          1: [Low, Low, Medium]}
    Fails (row 2 is one short):
        grid: {3: [Medium, High, High], 2: [Low, Medium],
          1: [Low, Low, Medium]}
    """
    grid = scoring.grid
    if grid is None:
        return
    impacts, probabilities = len(scoring.impact), len(scoring.probability)
    for name, count in (("impact", impacts), ("probability", probabilities)):
        if count not in GRID_SIZES:
            yield Finding(
                f"scoring.{name} has {count} levels; a grid matrix needs 3 to 10",
                ("scoring", name),
            )
    wanted = set(range(1, probabilities + 1))
    for level, row in grid.items():
        if level not in wanted:
            yield Finding(
                f"scoring.grid has a row for probability {level}, but the probability "
                f"levels are 1 to {probabilities}",
                ("scoring", "grid", level),
            )
        elif len(row) != impacts:
            yield Finding(
                f"scoring.grid row {level} names {len(row)} band{'s' if len(row) != 1 else ''}"
                f"; it needs {impacts}, one per impact level from 1 up",
                ("scoring", "grid", level),
            )
    missing = sorted(wanted - set(grid))
    if missing:
        yield Finding(
            "scoring.grid has no row for probability " + ", ".join(map(str, missing)),
            ("scoring", "grid"),
        )


@rule("grid-band", CONFIG)
def grid_names_bands(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Every cell of a grid names one of the bands.

    Passes:
        bands: [{name: Low}, {name: High}]
        grid: {2: [Low, High], 1: [Low, Low]}
    Fails:
        bands: [{name: Low}, {name: High}]
        grid: {2: [Low, Severe], 1: [Low, Low]}
    """
    for level, row in (scoring.grid or {}).items():
        for index, name in enumerate(row):
            if scoring.band_named(name) is None:
                yield Finding(
                    f"scoring.grid row {level} names {name}, which is not a band; allowed: "
                    + ", ".join(scoring.band_names),
                    ("scoring", "grid", level, index),
                )


@rule("scale-levels", CONFIG)
def scale_levels(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Each scale's levels run 1, 2, ... n, each once.

    Passes:
        impact: [{level: 2, descriptions: {Finance: Over 1m}},
          {level: 1, descriptions: {Finance: Under 1m}}]
    Fails:
        impact: [{level: 2, descriptions: {Finance: Over 1m}},
          {level: 2, descriptions: {Finance: Under 1m}}]
    """
    for name in ("impact", "probability"):
        levels = [item.level for item in getattr(scoring, name)]
        if sorted(levels) != list(range(1, len(levels) + 1)):
            yield Finding(
                f"scoring.{name} levels are {', '.join(map(str, levels))}; they must "
                f"be 1 to {len(levels)}, each once",
                ("scoring", name),
            )


@rule("band-range", CONFIG)
def band_min_not_above_max(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """A band's min is not above its max.

    Passes:
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 5, max: 25}]
    Fails:
        bands: [{name: Low, min: 4, max: 1},
          {name: High, min: 5, max: 25}]
    """
    for index, band, low, high in _by_min(scoring):
        if low > high:
            yield Finding(
                f"band {band.name} runs from {low} down to {high}; min must not exceed max",
                ("scoring", "bands", index, "min"),
            )


@rule("band-overlap", CONFIG)
def bands_do_not_overlap(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """No score is in two bands.

    Passes:
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 5, max: 25}]
    Fails:
        bands: [{name: Low, min: 1, max: 5},
          {name: High, min: 5, max: 25}]
    """
    for (_, low, _, low_max), (index, high, high_min, _) in pairwise(_by_min(scoring)):
        if high_min <= low_max:
            yield Finding(
                f"bands {low.name} ({low.range_text}) and {high.name} "
                f"({high.range_text}) overlap; each score belongs to one band",
                ("scoring", "bands", index, "min"),
            )


@rule("band-name-duplicate", CONFIG)
def band_names_unique(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Band names are unique, ignoring case.

    Passes:
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 5, max: 25}]
    Fails:
        bands: [{name: Low, min: 1, max: 4},
          {name: low, min: 5, max: 25}]
    """
    seen: set[str] = set()
    for index, band in enumerate(scoring.bands):
        if band.name.casefold() in seen:
            yield Finding(
                f"band name {band.name} is used twice; band names must be unique",
                ("scoring", "bands", index, "name"),
            )
        seen.add(band.name.casefold())


@rule("band-gap", CONFIG)
def every_score_has_a_band(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Every score the scales can produce (impact x probability) is in a band.

    Passes (on 5 x 5):
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 5, max: 25}]
    Fails (5 = 5 x 1 is in no band):
        bands: [{name: Low, min: 1, max: 4},
          {name: High, min: 6, max: 25}]
    """
    if not _levels_sound(scoring) or scoring.grid is not None:
        return  # the achievable scores are unknown until the scales are sound
    missing = [
        score
        for score in achievable(len(scoring.impact), len(scoring.probability))
        if not any(band.holds(score) for band in scoring.bands)
    ]
    if missing:
        many = len(missing) > 1
        yield Finding(
            f"score{'s' if many else ''} "
            + ", ".join(map(str, missing))
            + f" can occur (impact x probability) but {'are' if many else 'is'} in "
            "no band; every achievable score needs a band",
            ("scoring", "bands"),
        )


@rule("unknown-rating", CONFIG)
def review_intervals_name_bands(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Review intervals are given per band, by its name.

    Passes:
        review_intervals: {Critical: 30,
          High: 91}
    Fails:
        review_intervals: {Urgent: 30,
          High: 91}
    """
    if ctx.config is None:
        return
    for name in ctx.config.review_intervals:
        if scoring.band_named(name) is None:
            yield Finding(
                f"review_intervals names {name}, which is not a band; allowed: "
                + ", ".join(scoring.band_names),
                ("review_intervals", name),
            )


@rule("out-of-range", CONFIG)
def review_intervals_at_least_a_day(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """A review interval is at least one day (and the model keeps levels and band
    limits at 1 or more).

    Passes:
        review_intervals: {Critical: 30,
          High: 91}
    Fails:
        review_intervals: {Critical: 0,
          High: 91}
    """
    if ctx.config is None:
        return
    for name, days in ctx.config.review_intervals.items():
        if isinstance(days, int) and days < 1 and scoring.band_named(name) is not None:
            yield Finding(
                f"review_intervals.{name} is {days}; it must be at least 1 day",
                ("review_intervals", name),
            )


# The appetite's rules check riskreg.yaml too: registered before the list is made.
from riskreg.rules import appetite_rules  # noqa: E402, F401

# Every check of riskreg.yaml's guidance, in the order they run.
CONFIG_RULES = checks_for(FileKind.CONFIG, "Scoring")
# And of the rest of riskreg.yaml, handed the whole config once it has been read.
WHOLE_CONFIG_RULES = checks_for(FileKind.CONFIG, "RegisterConfig")
