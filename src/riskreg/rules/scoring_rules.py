"""Rules on a risk's assessments against the register's scoring guidance.

Impact and probability on the scales, categories and ratings named in the guidance,
the rating the band of the score, and the residual risk no worse than the inherent one
(a warning: `validate --strict` enforces it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


def _assessments(risk: Risk) -> list[tuple[str, Any]]:
    return [
        (name, value)
        for name, value in (
            ("residual", risk.residual),
            ("inherent", risk.inherent),
            ("target", risk.target),
        )
        if value is not None
    ]


def _config(ctx: Context) -> RegisterConfig:
    assert ctx.config is not None  # risk rules run only with a sound config
    return ctx.config


@rule("out-of-range", RISK)
def scores_on_scale(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Impact and probability lie on the configured scales, 1 to the top level.

    The model refuses a number below its minimum (any number field, history's too);
    this rule refuses one above the top of the register's scale.

    Passes:
        residual: {rating: Critical, impact: 5, probability: 4}
        inherent: {rating: Critical, impact: 5, probability: 5}
    Fails:
        residual: {rating: Critical, impact: 6, probability: 4}
        inherent: {rating: Critical, impact: 5, probability: 5}
    """
    scoring = _config(ctx).scoring
    for name, assessment in _assessments(risk):
        for field in ("impact", "probability"):
            value = getattr(assessment, field)
            if value is None:
                continue
            top = scoring.max_impact if field == "impact" else scoring.max_probability
            if not 1 <= value <= top:
                yield Finding(
                    f"{name}.{field} is {value}; the register's scale runs 1 to {top}",
                    (name, field),
                )


@rule("unknown-category", RISK)
def category_is_known(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An assessment's category is one of the impact categories of the guidance.

    Passes:
        residual: {rating: High, impact: 4, probability: 3,
          category: Finance}
    Fails:
        residual: {rating: High, impact: 4, probability: 3,
          category: Weather}
    """
    scoring = _config(ctx).scoring
    for name, assessment in _assessments(risk):
        if assessment.category and assessment.category not in scoring.categories:
            yield Finding(
                f"{name}.category '{assessment.category}' is not an impact category; allowed: "
                + ", ".join(scoring.categories),
                (name, "category"),
            )


@rule("unknown-rating", RISK)
def rating_is_a_band(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """A rating names one of the register's bands (in any case).

    Passes:
        residual: {rating: high}
        inherent: {rating: Critical}
    Fails:
        residual: {rating: Severe}
        inherent: {rating: Critical}
    """
    scoring = _config(ctx).scoring
    for name, assessment in _assessments(risk):
        if assessment.rating is not None and scoring.band_named(assessment.rating) is None:
            yield Finding(
                f"{name}.rating '{assessment.rating}' is not a band; allowed: "
                + ", ".join(scoring.band_names),
                (name, "rating"),
            )


@rule("rating-mismatch", RISK)
def rating_matches_score(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Once scored, a rating is the band of impact x probability.

    Passes:
        residual: {rating: High, impact: 4, probability: 3}
        inherent: {rating: Critical, impact: 5, probability: 4}
    Fails:
        residual: {rating: Medium, impact: 4, probability: 3}
        inherent: {rating: Critical, impact: 5, probability: 4}
    """
    scoring = _config(ctx).scoring
    for name, assessment in _assessments(risk):
        score = assessment.score
        if (
            score is None
            or assessment.rating is None
            or assessment.impact > scoring.max_impact  # scores_on_scale says so
            or assessment.probability > scoring.max_probability
        ):
            continue
        try:
            band = scoring.band_at(assessment.impact, assessment.probability)
        except ValueError:  # a grid the config rules refuse
            continue
        if (
            band.name.casefold() != assessment.rating.casefold()
            and scoring.band_named(assessment.rating) is not None  # else rating_is_a_band
        ):
            yield Finding(
                f"{name}.rating is {assessment.rating} but {assessment.impact} x "
                f"{assessment.probability} = {score} is {band.name}",
                (name, "rating"),
            )


@rule("residual-above-inherent", RISK, Severity.WARNING, reads="inherent")
def residual_within_inherent(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """The residual risk (after controls) is no worse than the inherent risk (before).

    Passes:
        residual: {rating: High, impact: 4, probability: 3}
        inherent: {rating: Critical, impact: 5, probability: 4}
    Fails:
        residual: {rating: High, impact: 4, probability: 3}
        inherent: {rating: Medium, impact: 2, probability: 3}
    """
    residual, inherent = risk.residual, risk.inherent
    if residual is None or inherent is None:
        return
    scoring = _config(ctx).scoring
    if residual.score is not None and inherent.score is not None:
        if scoring.severity(residual.rating, residual.score) > scoring.severity(
            inherent.rating, inherent.score
        ):
            yield Finding(
                f"residual score {residual.score} is above the inherent score "
                f"{inherent.score}; controls should not make a risk worse",
                ("residual",),
            )
        return
    if (
        residual.rating
        and inherent.rating
        and (scoring.rank(residual.rating) > scoring.rank(inherent.rating) >= 0)
    ):
        yield Finding(
            f"residual rating {residual.rating} is above the inherent rating "
            f"{inherent.rating}; controls should not make a risk worse",
            ("residual",),
        )
