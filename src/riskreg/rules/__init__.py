"""Validation: from a parsed risk file to a `Risk` and the problems it has.

Every rule yields findings; none stops at the first. A finding names the place in
the file by its key path, and the document turns that into a line and column.

At most one problem is reported at one place in a file: what YAML itself got wrong
(a duplicate key, an impossible date, `010` read as 8) explains the place better than
the type error it leads to, so it comes first and the later one is dropped.

Every rule is a named object in the registry (registry.py), with its code, severity,
the kind of file it applies to and a docstring showing what passes and what fails; the
registry's docstring says which module holds which rules. findings.py turns a rule's
findings into problems at a line; pydantic_errors.py and surprises.py word what the
models and YAML found.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from riskreg.model.risk import RegisterConfig, Risk, split_custom
from riskreg.rules import (  # noqa: F401 - importing a module registers its rules
    appetite_rules,
    band_rules,
    change_rules,
    field_rules,
    indicator_rules,
    overdue_rules,
    owner_rules,
    period_rules,
    reading_rules,
    scoring_rules,
    text_rules,
    treatment_rules,
    trend_rules,
)
from riskreg.rules.config_rules import CONFIG_RULES, validate_config_document
from riskreg.rules.findings import Finding, Loc, add_findings
from riskreg.rules.placement_rules import check_placement
from riskreg.rules.pydantic_errors import report_errors, report_validation_error
from riskreg.rules.registry import (
    REGISTRY,
    Context,
    FileKind,
    Rule,
    RuleSet,
    by_code,
    checks_for,
    run_checks,
)
from riskreg.rules.surprises import report_empty_trend_values, report_surprises
from riskreg.yamlsource import Document

__all__ = [
    "CONFIG_RULES",
    "REGISTRY",
    "RISK_RULES",
    "Context",
    "Finding",
    "Loc",
    "Rule",
    "by_code",
    "check_placement",
    "report_errors",
    "report_validation_error",
    "risk_findings",
    "validate_config_document",
    "validate_document",
]

# Every check of a risk's fields against the register, in the order they run: the
# errors first, then the warnings that `validate --strict` enforces.
RISK_RULES = RuleSet(checks_for(FileKind.RISK, "Risk"))
# The checks of a risk file's text as written, before it is read into a Risk.
TEXT_RULES = checks_for(FileKind.RISK, "Document")


def risk_findings(risk: Risk, ctx: Context) -> list[tuple[Rule, Finding]]:
    """What the risk rules find in `risk`; a rule that cannot apply to it is not called."""
    return RISK_RULES.findings(risk, ctx)


def validate_document(
    doc: Document,
    config: RegisterConfig | None,
    ctx: Context | None = None,
) -> Risk | None:
    """Turn a parsed document into a Risk, adding every problem found to `doc`.

    Without a config (the register's own is broken) the rules that need the scoring
    guidance are skipped; everything else is still checked. The context (for `config`)
    gives the day overdue dates are judged on; without one, the clock is read.
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
    if "#" in doc.text or "\\" in doc.text:
        # The text rules look for comments and escapes; a file with neither has none.
        # They read neither the config nor a date, so any day will do without a context.
        add_findings(doc, run_checks(TEXT_RULES, doc, ctx or Context(config, dt.date.min)))
    trend = value.get("trend")
    if isinstance(trend, dict) and None in trend.values():
        report_empty_trend_values(doc)
    value, own = split_custom(value, config.fields if config is not None else None)
    try:
        risk: Risk | None = Risk.model_validate(value).with_custom(own)
    except ValidationError as error:
        report_validation_error(doc, error, Risk)
        risk = None
    if doc.surprises:
        report_surprises(doc)
    if risk is None or config is None:
        return risk
    if ctx is None:
        from riskreg.model.timeline import today

        ctx = Context(config, today())
    found = RISK_RULES.findings(risk, ctx)
    if found:
        add_findings(doc, found)
    return risk
