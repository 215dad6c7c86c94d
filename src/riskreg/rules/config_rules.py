"""The register config: `riskreg.yaml` read, and its scoring guidance checked.

The guidance must grade every achievable score exactly once: scales numbered 1 to n,
bands in order without gaps or overlaps, review intervals named for bands.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from pydantic import TypeAdapter, ValidationError

from riskreg.model.risk import RegisterConfig
from riskreg.rules.findings import ConfigRule, Finding, add_finding
from riskreg.rules.pydantic_errors import report_errors, report_validation_error
from riskreg.rules.surprises import report_surprises
from riskreg.scoring.guidance import Scoring, achievable
from riskreg.yamlsource import Document


def validate_config_document(doc: Document) -> RegisterConfig | None:
    """Turn a parsed `riskreg.yaml` into a RegisterConfig, adding every problem to `doc`."""
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
    try:
        config: RegisterConfig | None = RegisterConfig.model_validate(doc.value)
    except ValidationError as error:
        config = None
        items = error.errors(include_url=False)
        scale_error = [
            item
            for item in items
            if tuple(item["loc"]) == ("scoring",) and item["type"] == "value_error"
        ]
        report_errors(doc, [item for item in items if item not in scale_error], RegisterConfig)
        scoring = _unchecked_scoring(doc.value.get("scoring"))
        if scale_error and scoring is not None:
            for rule in CONFIG_RULES:
                for finding in rule(scoring, None):
                    add_finding(doc, finding)
        elif scale_error:  # pragma: no cover - the parts validated, so they rebuild
            report_validation_error(doc, error, RegisterConfig)
    if doc.surprises:
        report_surprises(doc)
    if config is None:
        return None
    for rule in CONFIG_RULES:
        for finding in rule(config.scoring, config):
            add_finding(doc, finding)
    return config if doc.ok else None


def _unchecked_scoring(data: Any) -> Scoring | None:
    """The scales and bands, each validated, without the checks that tie them together."""
    if not isinstance(data, dict):
        return None
    parts: dict[str, Any] = {}
    for name in ("impact", "probability", "bands"):
        try:
            parts[name] = _part_adapter(name).validate_python(data.get(name))
        except ValidationError:
            return None
    return Scoring.model_construct(**parts)


@functools.cache
def _part_adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(Scoring.model_fields[name].annotation)  # type: ignore[arg-type]


def rule_scale_levels(scoring: Scoring, config: RegisterConfig | None) -> Iterator[Finding]:
    """Each scale's levels run 1, 2, ... n, each once.

    Passes: impact levels 5, 4, 3, 2, 1
    Fails:  impact levels 5, 4, 4, 2, 1 (3 missing, 4 twice)
    """
    for name in ("impact", "probability"):
        levels = [item.level for item in getattr(scoring, name)]
        if sorted(levels) != list(range(1, len(levels) + 1)):
            yield Finding(
                "scale-levels",
                f"scoring.{name} levels are {', '.join(map(str, levels))}; they must "
                f"be 1 to {len(levels)}, each once",
                ("scoring", name),
            )


def rule_bands_cover_scores(scoring: Scoring, config: RegisterConfig | None) -> Iterator[Finding]:
    """Bands run low to high, do not overlap, have unique names and grade every score.

    Passes: bands 1-4 Low, 5-10 Medium, 12-16 High, 20-25 Critical (on 5 x 5)
    Fails:  bands 1-4 Low, 6-10 Medium (5 = 5 x 1 is in no band), or 1-5, 5-10 (overlap)
    """
    indexed = sorted(enumerate(scoring.bands), key=lambda pair: pair[1].min)
    for index, band in indexed:
        if band.min > band.max:
            yield Finding(
                "band-range",
                f"band {band.name} runs from {band.min} down to {band.max}; "
                "min must not exceed max",
                ("scoring", "bands", index, "min"),
            )
    for (_, low), (index, high) in pairwise(indexed):
        if high.min <= low.max:
            yield Finding(
                "band-overlap",
                f"bands {low.name} ({low.min}-{low.max}) and {high.name} "
                f"({high.min}-{high.max}) overlap; each score belongs to one band",
                ("scoring", "bands", index, "min"),
            )
    seen: set[str] = set()
    for index, band in enumerate(scoring.bands):
        if band.name.casefold() in seen:
            yield Finding(
                "band-name-duplicate",
                f"band name {band.name} is used twice; band names must be unique",
                ("scoring", "bands", index, "name"),
            )
        seen.add(band.name.casefold())
    levels_ok = all(
        sorted(item.level for item in getattr(scoring, name))
        == list(range(1, len(getattr(scoring, name)) + 1))
        for name in ("impact", "probability")
    )
    if not levels_ok:
        return  # the achievable scores are unknown until the scales are sound
    top_impact = max(item.level for item in scoring.impact)
    top_probability = max(item.level for item in scoring.probability)
    missing = [
        score
        for score in achievable(top_impact, top_probability)
        if not any(band.holds(score) for band in scoring.bands)
    ]
    if missing:
        many = len(missing) > 1
        yield Finding(
            "band-gap",
            f"score{'s' if many else ''} "
            + ", ".join(map(str, missing))
            + f" can occur (impact x probability) but {'are' if many else 'is'} in "
            "no band; every achievable score needs a band",
            ("scoring", "bands"),
        )


def rule_review_intervals(scoring: Scoring, config: RegisterConfig | None) -> Iterator[Finding]:
    """Review intervals are given per band name, in days.

    Passes: `review_intervals: {Critical: 30, High: 91}`
    Fails:  `review_intervals: {Urgent: 30}` (no band is named Urgent), `{High: 0}`
    """
    if config is None:
        return
    for name, days in config.review_intervals.items():
        if scoring.band_named(name) is None:
            yield Finding(
                "unknown-rating",
                f"review_intervals names {name}, which is not a band; allowed: "
                + ", ".join(scoring.band_names),
                ("review_intervals", name),
            )
        elif days < 1:
            yield Finding(
                "out-of-range",
                f"review_intervals.{name} is {days}; it must be at least 1 day",
                ("review_intervals", name),
            )


CONFIG_RULES: list[ConfigRule] = [rule_scale_levels, rule_bands_cover_scores, rule_review_intervals]
