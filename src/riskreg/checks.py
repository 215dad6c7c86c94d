"""Validation rules: from a parsed risk file to a `Risk` and the problems it has.

Every rule yields findings; none stops at the first. A finding names the place in
the file by its key path, and the document turns that into a line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from riskreg.models import Direction, RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.quarters import Quarter
from riskreg.timeline import ARROWS, days_ago, derive, overdue_actions, review_overdue, today
from riskreg.yamlsource import Document, yaml11_hint

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    loc: Loc = ()
    severity: Severity = Severity.ERROR


Rule = Callable[[Risk, RegisterConfig], Iterator[Finding]]


def validate_document(doc: Document, config: RegisterConfig) -> Risk | None:
    """Turn a parsed document into a Risk, adding every problem found to `doc`."""
    if doc.root is None:
        return None
    if not isinstance(doc.value, dict):
        kind = "a list" if isinstance(doc.value, list) else "a single value"
        doc.problem(
            "not-a-mapping",
            f"file holds {kind}; a risk file is a mapping of fields (id: CRR18, name: ...)",
            doc.root.start_mark.line + 1,
            doc.root.start_mark.column + 1,
        )
        return None
    try:
        risk = Risk.model_validate(doc.value)
    except ValidationError as error:
        report_validation_error(doc, error, Risk)
        return None
    for rule in RULES:
        for finding in rule(risk, config):
            add_finding(doc, finding)
    return risk


def add_finding(doc: Document, finding: Finding) -> None:
    line, column = doc.position(finding.loc)
    doc.problem(finding.code, finding.message, line, column, finding.severity)


def report_validation_error(doc: Document, error: ValidationError, model: type[BaseModel]) -> None:
    seen: set[tuple[Loc, str]] = set()
    for item in error.errors(include_url=False):
        loc = _document_loc(doc, tuple(item["loc"]))
        code, message = _describe(doc, model, loc, item)
        if (loc, code) in seen:
            continue  # a union reports once per member; one line is enough
        seen.add((loc, code))
        if code == "unknown-field":
            key = doc.key_node(loc)
            node = key if key is not None else None
            if node is not None:
                doc.problem(code, message, node.start_mark.line + 1, node.start_mark.column + 1)
                continue
        line, column = doc.position(loc)
        doc.problem(code, message, line, column)


def _document_loc(doc: Document, loc: Loc) -> Loc:
    """Drop the parts of a pydantic location that are not keys in the file (union tags)."""
    kept: list[str | int] = []
    for part in loc:
        if part == "[key]":
            kept.append(part)
            continue
        if doc.node_at((*kept, part)) is not None:
            kept.append(part)
    return tuple(kept)


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or part == "[key]":
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    if get_origin(annotation) is None:
        return None
    return None


def _describe(
    doc: Document, model: type[BaseModel], loc: Loc, item: Any
) -> tuple[str, str]:
    kind = item["type"]
    where = ".".join(str(part) for part in loc if part != "[key]") or "file"
    message = str(item["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _field_names(model, loc[:-1])
        hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        text = f"unknown field '{name}'"
        if hint:
            text += f"; did you mean '{hint[0]}'?"
        elif known:
            text += "; allowed: " + ", ".join(known)
        return "unknown-field", text
    if kind == "missing":
        return "missing-field", f"missing required field '{where}'"
    hint = yaml11_hint(doc.node_at(loc))
    if hint and kind in {"string_type", "literal_error", "enum", "value_error"}:
        return "yaml11-value", f"{where}: {hint}"
    if kind in {"string_type", "int_type", "int_parsing", "bool_type", "date_type",
                "date_parsing", "date_from_datetime_inexact", "dict_type", "list_type",
                "model_type", "date_from_datetime_parsing", "model_attributes_type"}:
        return "wrong-type", f"{where}: {message.lower()}"
    if kind in {"greater_than_equal", "less_than_equal", "string_too_short"}:
        return "out-of-range", f"{where}: {message.lower()}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return "bad-id", "id must be letters then digits, such as CRR18"
    if kind == "literal_error":
        return "bad-value", f"{where}: {message}"
    return "invalid", f"{where}: {message}" if loc else message


# ---------------------------------------------------------------------------
# Rules that need the register's scoring guidance.


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
        for field, top in (("impact", scoring.max_impact),
                           ("probability", scoring.max_probability)):
            value = getattr(assessment, field)
            if value is not None and not 1 <= value <= top:
                yield Finding("out-of-range", f"{name}.{field} is {value}; allowed 1 to {top}",
                              (name, field))
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


def rule_trend_sequence(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """Quarters appear oldest first, none after the current one; New comes before arrows.

    Passes: `trend: {2021/22 Q3: new, 2021/22 Q4: unchanged}`
    Fails:  `trend: {2021/22 Q3: unchanged, 2021/22 Q4: new}`
    """
    quarters = [Quarter.parse(label) for label in risk.trend]
    for earlier, later, label in zip(quarters, quarters[1:], list(risk.trend)[1:]):
        if later <= earlier:
            yield Finding("trend-order",
                          f"trend quarter {label} comes after {earlier.label}; list oldest first",
                          ("trend", label))
    current = config.quarter
    for label, quarter in zip(risk.trend, quarters):
        if quarter > current:
            yield Finding("trend-future",
                          f"trend quarter {label} is after the current period {current.label}",
                          ("trend", label))
    arrows_seen = False
    for label, direction in risk.trend.items():
        if direction in (Direction.IMPROVED, Direction.WORSENED, Direction.UNCHANGED):
            arrows_seen = True
        elif direction is Direction.NEW and arrows_seen:
            yield Finding("trend-new-late",
                          f"trend {label} is New after an earlier arrow; a risk is new only once",
                          ("trend", label))


RULES: list[Rule] = [rule_scores_on_scale, rule_rating_matches_score, rule_trend_sequence]


# ---------------------------------------------------------------------------
# Rules about a risk's life across quarters: arrows, reviews, actions, assessments.
# Each is a warning, so that `riskreg validate --strict` can make CI enforce it.


def rule_trend_for_current_quarter(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An open risk has an arrow for the register's current quarter.

    Passes: `period: 2022/23 Q1` and `trend: {2021/22 Q4: new, 2022/23 Q1: unchanged}`
    Fails:  `period: 2022/23 Q1` and `trend: {2021/22 Q4: new}` (after 'riskreg review')
    """
    if not risk.is_open or config.period in risk.trend:
        return
    yield Finding(
        "trend-missing",
        f"no trend for {config.period}; set it with 'riskreg trend {risk.id} "
        "improved|worsened|unchanged', or re-score the risk",
        ("trend",) if risk.trend else ("id",),
        Severity.WARNING,
    )


def rule_trend_matches_scores(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An arrow agrees with the residual scores recorded in the history.

    Passes: scored 16 in 2021/22 Q4, 12 in 2022/23 Q1, and `2022/23 Q1: improved`
    Fails:  the same scores and `2022/23 Q1: worsened`
    """
    for label, direction in risk.trend.items():
        if direction not in ARROWS:
            continue
        derivation = derive(risk, Quarter.parse(label))
        if derivation is None or derivation.direction is direction:
            continue
        derived = derivation.direction
        yield Finding(
            "trend-contradicts-score",
            f"trend {label} is {direction.arrow} {direction.value} but the residual score "
            f"went {derivation.describe()}, which is {derived.arrow} {derived.value}",
            ("trend", label),
            Severity.WARNING,
        )


def rule_review_not_overdue(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An open risk's next review date has not passed ($RISKREG_TODAY sets "today").

    Passes: `next_review: 2022-06-30` checked on 2022-06-30
    Fails:  `next_review: 2022-06-30` checked on 2022-07-01
    """
    if risk.next_review is None:
        return
    day = today()
    if review_overdue(risk, day):
        yield Finding(
            "review-overdue",
            f"review overdue: next_review {risk.next_review.isoformat()} was "
            f"{days_ago(risk.next_review, day)}; re-score the risk or set its trend "
            "to record the review",
            ("next_review",),
            Severity.WARNING,
        )


def rule_actions_not_overdue(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """An open risk's actions that are not done are not past their due date.

    Passes: `actions: [{action: Recruit trainers, due: 2022-06-30, status: done}]`
    Fails:  `actions: [{action: Recruit trainers, due: 2022-06-30}]` checked in July
    """
    day = today()
    for index, action in overdue_actions(risk, day):
        assert action.due is not None
        yield Finding(
            "action-overdue",
            f"action {index + 1} ({action.status}) was due {action.due.isoformat()}, "
            f"{days_ago(action.due, day)}: mark it done or set a new due date",
            ("actions", index, "due"),
            Severity.WARNING,
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
    if residual.rating and inherent.rating and (
        scoring.rank(residual.rating) > scoring.rank(inherent.rating) >= 0
    ):
        yield Finding(
            "residual-above-inherent",
            f"residual rating {residual.rating} is above the inherent rating "
            f"{inherent.rating}; controls should not make a risk worse",
            ("residual",),
            Severity.WARNING,
        )


RULES.extend([
    rule_trend_for_current_quarter,
    rule_trend_matches_scores,
    rule_review_not_overdue,
    rule_actions_not_overdue,
    rule_residual_within_inherent,
])
