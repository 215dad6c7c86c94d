"""Rules on risk appetite: a risk's category is one the register knows, its residual
score is within that category's appetite, and riskreg.yaml's appetite names real levels
and bands.

Outside appetite is a warning, so `validate --strict` fails on it; a risk escalated in
the register's current quarter, or accepted (`riskreg accept`) until its acceptance
expires, is a decision already taken, and is not reported again. `list --outside-appetite` and the
pack still show it.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.appetite import breach, known_categories
from riskreg.model.risk import Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import CONFIG, RISK, Context, rule
from riskreg.scoring.guidance import Scoring


@rule("unknown-risk-category", RISK, reads="risk_category")
def risk_category_known(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """A risk's risk_category is one of the register's risk categories (those of
    riskreg.yaml's appetite, else the Orange Book's), ignoring case.

    Passes:
        category: Finance
        risk_category: Financial
    Fails:
        category: Finance
        risk_category: Money
    """
    assert risk.risk_category is not None and ctx.config is not None
    known = known_categories(ctx.config.appetite)
    if risk.risk_category.casefold() not in {name.casefold() for name in known}:
        yield Finding(
            f"risk_category {risk.risk_category!r} is not a risk category; allowed: "
            + ", ".join(known),
            ("risk_category",),
        )


@rule("outside-appetite", RISK, Severity.WARNING, open_only=True, reads="risk_category")
def within_appetite(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk's residual score is within its category's appetite, or the risk was
    escalated in the current quarter, or accepted by someone until a day not yet passed.

    Passes (appetite Financial: Cautious, up to 9):
        risk_category: Financial
        residual: {rating: Medium, impact: 3, probability: 3}
    Fails (appetite Financial: Cautious, up to 9):
        risk_category: Financial
        residual: {rating: High, impact: 4, probability: 3}
    """
    config = ctx.config
    assert config is not None
    found = breach(config.appetite, config.scoring, risk.risk_category, risk.score, risk.rating)
    if found is None:
        return
    if risk.escalation is not None and risk.escalation.in_quarter(config.quarter):
        return
    treatment = risk.treatment
    accepted = treatment.acceptance if treatment is not None else None
    if accepted is not None and not accepted.expired(ctx.today):
        return
    accept = f"riskreg accept {risk.id} --by WHOM --expires DATE --rationale TEXT"
    if treatment is not None and treatment.decision == "tolerate":
        lapsed = "has expired" if treatment.acceptance is not None else "is not recorded"
        yield Finding(
            f"{found.message}; it is tolerated, but its acceptance {lapsed}: {accept}",
            ("treatment", "decision"),
        )
        return
    yield Finding(
        f"{found.message}; reduce it, or record a decision: "
        f"riskreg escalate {risk.id} --to WHOM --reason TEXT, or {accept}",
        ("residual",),
    )


@rule("unknown-appetite-level", CONFIG)
def appetite_categories_name_levels(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """Each risk category in the appetite names one of its levels.

    Passes:
        appetite: {levels: {Averse: 4, Cautious: 9},
          categories: {Financial: Cautious}}
    Fails:
        appetite: {levels: {Averse: 4, Cautious: 9},
          categories: {Financial: Hungry}}
    """
    appetite = ctx.config.appetite if ctx.config else None
    if appetite is None:
        return
    for category, level in appetite.categories.items():
        if appetite.level_named(level) is None:
            yield Finding(
                f"appetite.categories.{category} is {level}, which is not an appetite "
                "level; allowed: " + ", ".join(appetite.levels),
                ("appetite", "categories", category),
            )


@rule("unknown-appetite-band", CONFIG)
def appetite_levels_name_bands(scoring: Scoring, ctx: Context) -> Iterator[Finding]:
    """An appetite level given as a name names a band of the scoring guidance.

    Passes:
        appetite: {levels: {Averse: Low,
          Open: High}}
    Fails:
        appetite: {levels: {Averse: Lowest,
          Open: High}}
    """
    appetite = ctx.config.appetite if ctx.config else None
    if appetite is None:
        return
    for level, tolerance in appetite.levels.items():
        if isinstance(tolerance, str) and scoring.band_named(tolerance) is None:
            yield Finding(
                f"appetite.levels.{level} is {tolerance}, which is not a band; give a "
                "score or one of: " + ", ".join(scoring.band_names),
                ("appetite", "levels", level),
            )
