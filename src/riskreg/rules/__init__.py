"""Validation: from a parsed risk file to a `Risk` and the problems it has.

Every rule yields findings; none stops at the first. A finding names the place in
the file by its key path, and the document turns that into a line and column.

At most one problem is reported at one place in a file: what YAML itself got wrong
(a duplicate key, an impossible date, `010` read as 8) explains the place better than
the type error it leads to, so it comes first and the later one is dropped.

Where each part lives:
    findings.py          Finding, and how it becomes a problem at a line
    pydantic_errors.py   pydantic's errors as problems at the line of the value
    surprises.py         what YAML read differently from what was meant (010 is 8)
    scoring_rules.py     scores on the scales, rating equals band, residual within inherent
    trend_rules.py       trend quarters in order, one for this quarter, agreeing with scores
    overdue_rules.py     reviews and actions past their date
    owner_rules.py       owners the register's owners list knows
    config_rules.py      riskreg.yaml and its scoring guidance
"""

from __future__ import annotations

from pydantic import ValidationError

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.rules.config_rules import CONFIG_RULES, validate_config_document
from riskreg.rules.findings import ConfigRule, Finding, Loc, Rule, add_finding
from riskreg.rules.overdue_rules import rule_actions_not_overdue, rule_review_not_overdue
from riskreg.rules.owner_rules import rule_owner_is_listed
from riskreg.rules.pydantic_errors import report_errors, report_validation_error
from riskreg.rules.scoring_rules import (
    rule_rating_matches_score,
    rule_residual_within_inherent,
    rule_scores_on_scale,
)
from riskreg.rules.surprises import report_empty_trend_values, report_surprises
from riskreg.rules.trend_rules import (
    rule_trend_for_current_quarter,
    rule_trend_matches_scores,
    rule_trend_sequence,
)
from riskreg.yamlsource import Document

__all__ = [
    "CONFIG_RULES",
    "RULES",
    "ConfigRule",
    "Finding",
    "Loc",
    "Rule",
    "add_finding",
    "report_errors",
    "report_validation_error",
    "validate_config_document",
    "validate_document",
]

# Every rule a risk file is checked against, run in this order: the errors first, then
# the warnings that `validate --strict` enforces.
RULES: list[Rule] = [
    rule_scores_on_scale,
    rule_rating_matches_score,
    rule_trend_sequence,
    rule_trend_for_current_quarter,
    rule_trend_matches_scores,
    rule_review_not_overdue,
    rule_actions_not_overdue,
    rule_residual_within_inherent,
    rule_owner_is_listed,
]


def validate_document(doc: Document, config: RegisterConfig | None) -> Risk | None:
    """Turn a parsed document into a Risk, adding every problem found to `doc`.

    Without a config (the register's own is broken) the rules that need the scoring
    guidance are skipped; everything else is still checked.
    """
    if doc.root is None:
        return None
    value = doc.value
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        doc.problem(
            "not-a-mapping",
            f"file holds {kind}; a risk file is a mapping of fields (id: CRR18, name: ...)",
            doc.root.start_mark.line + 1,
            doc.root.start_mark.column + 1,
        )
        return None
    trend = value.get("trend")
    if isinstance(trend, dict) and None in trend.values():
        report_empty_trend_values(doc)
    try:
        risk: Risk | None = Risk.model_validate(value)
    except ValidationError as error:
        report_validation_error(doc, error, Risk)
        risk = None
    if doc.surprises:
        report_surprises(doc)
    if risk is None or config is None:
        return risk
    for rule in RULES:
        for finding in rule(risk, config):
            add_finding(doc, finding)
    return risk
