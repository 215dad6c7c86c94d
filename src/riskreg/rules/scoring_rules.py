"""Rules on a risk's assessments against the register's scoring guidance.

Impact and probability on the scales, the rating the band of their product, and the
residual risk no worse than the inherent one (a warning: `validate --strict` enforces it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding


def _assessments(risk: Risk) -> Iterator[tuple[str, Any]]:
    for name in ("residual", "inherent", "target"):
        value = getattr(risk, name)
        if value is not None:
            yield name, value


def rule_scores_on_scale(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """Impact and probability lie on the configured scales.

    Passes: `residual: {rating: Critical, impact: 5, probability: 4}`
    Fails:  `residual: {rating: Critical, impact: 6, probability: 4}` (impact is 1 to 5)
    """
    scoring = config.scoring
    for name, assessment in _assessments(risk):
        for field in ("impact", "probability"):
            value = getattr(assessment, field)
            if value is None:
                continue
            top = scoring.max_impact if field == "impact" else scoring.max_probability
            if not 1 <= value <= top:
                yield Finding(
                    "out-of-range",
                    f"{name}.{field} is {value}; the register's scale runs 1 to {top}",
                    (name, field),
                )
        if assessment.category and assessment.category not in scoring.categories:
            yield Finding(
                "unknown-category",
                f"{name}.category '{assessment.category}' is not an impact category; allowed: "
                + ", ".join(scoring.categories),
                (name, "category"),
            )


def rule_rating_matches_score(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """A rating is a band name and, once scored, the band of impact x probability.

    Passes: `residual: {rating: High, impact: 4, probability: 3}` (12 is High)
    Fails:  `residual: {rating: Medium, impact: 4, probability: 3}`
    """
    scoring = config.scoring
    for name, assessment in _assessments(risk):
        if assessment.rating is not None and scoring.band_named(assessment.rating) is None:
            yield Finding(
                "unknown-rating",
                f"{name}.rating '{assessment.rating}' is not a band; allowed: "
                + ", ".join(scoring.band_names),
                (name, "rating"),
            )
            continue
        score = assessment.score
        if score is None or not (
            assessment.impact <= scoring.max_impact
            and assessment.probability <= scoring.max_probability
        ):
            continue
        band = scoring.band_for(score)
        if assessment.rating is None:
            continue
        if band.name.casefold() != assessment.rating.casefold():
            yield Finding(
                "rating-mismatch",
                f"{name}.rating is {assessment.rating} but {assessment.impact} x "
                f"{assessment.probability} = {score} is {band.name}",
                (name, "rating"),
            )


def rule_residual_within_inherent(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """The residual risk (after controls) is no worse than the inherent risk (before).

    Passes: `inherent: {rating: Critical, impact: 5, probability: 4}`, residual 4 x 3
    Fails:  `inherent: {rating: Medium, impact: 2, probability: 3}`, residual 4 x 3
    """
    residual, inherent = risk.residual, risk.inherent
    if residual is None or inherent is None:
        return
    if residual.score is not None and inherent.score is not None:
        if residual.score > inherent.score:
            yield Finding(
                "residual-above-inherent",
                f"residual score {residual.score} is above the inherent score "
                f"{inherent.score}; controls should not make a risk worse",
                ("residual",),
                Severity.WARNING,
            )
        return
    scoring = config.scoring
    if (
        residual.rating
        and inherent.rating
        and (scoring.rank(residual.rating) > scoring.rank(inherent.rating) >= 0)
    ):
        yield Finding(
            "residual-above-inherent",
            f"residual rating {residual.rating} is above the inherent rating "
            f"{inherent.rating}; controls should not make a risk worse",
            ("residual",),
            Severity.WARNING,
        )
