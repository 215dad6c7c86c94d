"""Validation rules: from a parsed risk file to a `Risk` and the problems it has.

Every rule yields findings; none stops at the first. A finding names the place in
the file by its key path, and the document turns that into a line and column.

At most one problem is reported at one place in a file: what YAML itself got wrong
(a duplicate key, an impossible date, `010` read as 8) explains the place better than
the type error it leads to, so it comes first and the later one is dropped.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.models import Direction, RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.quarters import Quarter
from riskreg.scoring import Scoring, achievable
from riskreg.timeline import ARROWS, days_ago, derive, overdue_actions, review_overdue, today
from riskreg.yamlsource import NULL, Document, field_path, number_hint, yaml11_hint

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    loc: Loc = ()
    severity: Severity = Severity.ERROR


Rule = Callable[[Risk, RegisterConfig], Iterator[Finding]]
ConfigRule = Callable[[Scoring, RegisterConfig | None], Iterator[Finding]]


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
        _empty_trend_values(doc)
    try:
        risk: Risk | None = Risk.model_validate(value)
    except ValidationError as error:
        report_validation_error(doc, error, Risk)
        risk = None
    if doc.surprises:
        _report_surprises(doc)
    if risk is None or config is None:
        return risk
    for rule in RULES:
        for finding in rule(risk, config):
            add_finding(doc, finding)
    return risk


def add_finding(doc: Document, finding: Finding) -> None:
    line, column = doc.position(finding.loc)
    if doc.surprises and any(
        p.code == "yaml11-value" and (p.line, p.column) == (line, column) for p in doc.problems
    ):
        return  # "010 is read as 8" already explains why impact is 8
    doc.problem(finding.code, finding.message, line, column, finding.severity)


def _taken(doc: Document) -> set[tuple[int, int]]:
    return {(p.line, p.column) for p in doc.problems}


def _report_surprises(doc: Document) -> None:
    taken = _taken(doc)
    for node in doc.surprises:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if (line, column) not in taken:
            where = field_path(doc.path_of(node))
            doc.problem(
                "yaml11-value",
                f"{where}: {number_hint(node)}" if where else number_hint(node),
                line,
                column,
            )


def _empty_trend_values(doc: Document) -> None:
    trend = doc.node_at(("trend",))
    if not isinstance(trend, MappingNode):
        return
    for key, value in trend.value:
        if isinstance(value, ScalarNode) and value.tag == NULL:
            mark = value.start_mark if value.value else key.start_mark
            doc.problem(
                "bad-direction",
                f"trend {key.value} has no direction; write improved, worsened, unchanged, "
                "new or n/a",
                mark.line + 1,
                mark.column + 1,
            )


# ---------------------------------------------------------------------------
# From pydantic's errors to one problem per place, at the line of the value.


def report_validation_error(doc: Document, error: ValidationError, model: type[BaseModel]) -> None:
    """Add a problem for each place pydantic found wrong, at the line of the value."""
    report_errors(doc, error.errors(include_url=False), model)


def report_errors(doc: Document, items: Iterable[Any], model: type[BaseModel]) -> None:
    located = [(_error_loc(doc, item), item) for item in items]
    deeper = {loc[:depth] for loc, _item in located for depth in range(len(loc))}
    by_loc: dict[Loc, list[dict[str, Any]]] = {}
    for loc, item in located:
        if item["type"] in _TYPE_ERRORS and loc in deeper:
            continue  # a union member matched the shape; its own errors say more
        if item["type"] == "invalid_key":
            continue  # the YAML reader has reported a key that is not text
        by_loc.setdefault(loc, []).append(dict(item))
    taken = _taken(doc)
    for loc, loc_items in by_loc.items():
        code, message, place = _describe(doc, model, loc, loc_items)
        line, column = place
        if (line, column) in taken:
            continue
        taken.add((line, column))
        doc.problem(code, message, line, column)


def _error_loc(doc: Document, item: Any) -> Loc:
    loc = tuple(item["loc"])
    if item["type"] == "missing" and loc:  # the missing key is not in the file, by definition
        return (*_document_loc(doc, loc[:-1]), loc[-1])
    return _document_loc(doc, loc)


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
    return None


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "list_type": "a list (lines starting with '- ')",
}
_TYPE_ERRORS = frozenset(_EXPECTED)
_DATE_ERRORS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_type",
        "datetime_parsing",
    }
)


def _describe(
    doc: Document, model: type[BaseModel], loc: Loc, items: list[dict[str, Any]]
) -> tuple[str, str, tuple[int, int]]:
    """The code, message and place of the problem at `loc`."""
    where = field_path(loc) or "the file"
    node = doc.node_at(loc)
    place = doc.position(loc)
    kinds = [item["type"] for item in items]
    first = items[0]
    kind = first["type"]
    message = str(first["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return _unknown_field(doc, model, loc)
    if kind == "missing":
        owner = field_path(loc[:-1])
        return ("missing-field", f"{owner or 'the risk'} has no '{loc[-1]}'; it is required", place)
    hint = yaml11_hint(node)
    if hint and (set(kinds) & (_TYPE_ERRORS | {"literal_error", "enum", "value_error"})):
        return "yaml11-value", f"{where}: {hint}", place
    if (
        isinstance(node, ScalarNode)
        and node.tag == NULL
        and not node.value
        and (set(kinds) & (_TYPE_ERRORS | _DATE_ERRORS | {"literal_error", "value_error"}))
    ):
        return "empty-value", f"{where} is empty; write a value or remove the line", place
    if kind in _TYPE_ERRORS:
        wanted = " or ".join(dict.fromkeys(_EXPECTED[k] for k in kinds if k in _EXPECTED))
        return "wrong-type", f"{where} is {_shown(node)}; it must be {wanted}", place
    if kind in _DATE_ERRORS:
        reason = (first.get("ctx") or {}).get("error")
        detail = f" ({reason})" if isinstance(reason, str) and "range" in reason else ""
        return (
            "bad-date",
            f"{where}: {_shown(node)} is not a real date{detail}; write dates as "
            "YYYY-MM-DD, e.g. 2022-03-08",
            place,
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        limit = next(iter((first.get("ctx") or {}).values()), "")
        relation = "at least" if kind.startswith("greater") else "at most"
        return "out-of-range", f"{where} is {first['input']}; it must be {relation} {limit}", place
    if kind == "string_too_short":
        return "empty-value", f"{where} is empty; write the text", place
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return (
            "bad-id",
            f"id {first['input']!r} is not a risk ID: 1 to 10 capital letters then "
            "1 to 6 digits, such as CRR18",
            place,
        )
    if kind == "literal_error":
        allowed = str((first.get("ctx") or {}).get("expected", "")).replace("'", "")
        return "bad-value", f"{where} is {_shown(node)}; allowed: {allowed}", place
    if kind == "value_error":
        return _value_error(doc, loc, where, message, place)
    return "invalid", f"{where}: {message}", place


def _value_error(
    doc: Document, loc: Loc, where: str, message: str, place: tuple[int, int]
) -> tuple[str, str, tuple[int, int]]:
    if loc[:1] == ("trend",) and loc[-1:] == ("[key]",):
        key = doc.key_node(loc[:-1])
        if key is not None:
            place = (key.start_mark.line + 1, key.start_mark.column + 1)
        return "bad-quarter", f"trend: {message}", place
    if loc[:1] == ("trend",):
        return "bad-direction", f"{where}: {message}", place
    if not loc and "closure" in message:
        return "closure-missing", message, doc.position(("status",))
    if not loc and "residual rating" in message:
        return "rating-missing", message, doc.position(("residual", "rating"))
    if loc and loc[-1] in {"residual", "inherent", "target"}:
        return "incomplete-score", f"{where}: {message}", place
    return "invalid", f"{where}: {message}" if loc else message, place


def _unknown_field(
    doc: Document, model: type[BaseModel], loc: Loc
) -> tuple[str, str, tuple[int, int]]:
    name = str(loc[-1])
    known = _field_names(model, loc[:-1])
    hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    text = f"unknown field '{name}'"
    if hint:
        text += f"; did you mean '{hint[0]}'?"
    elif known:
        text += "; allowed: " + ", ".join(known)
    key = doc.key_node(loc)
    if key is not None:
        return "unknown-field", text, (key.start_mark.line + 1, key.start_mark.column + 1)
    return "unknown-field", text, doc.position(loc)


def _shown(node: Node | None) -> str:
    """What a reader wrote, as it is to YAML: a list, a mapping, '30/02/2022', 5."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return repr(text) if node.style or node.tag.endswith(":str") else text or "empty"
    return "missing"


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


def rule_trend_sequence(risk: Risk, config: RegisterConfig) -> Iterator[Finding]:
    """Quarters appear oldest first, none after the current one; New comes before arrows.

    Passes: `trend: {2021/22 Q3: new, 2021/22 Q4: unchanged}`
    Fails:  `trend: {2021/22 Q3: unchanged, 2021/22 Q4: new}`
    """
    if not risk.trend:
        return
    # Labels are normalised ("2021/22 Q4"), so their text sorts as the quarters do.
    labels = list(risk.trend)
    for earlier, label in pairwise(labels):
        if label <= earlier:
            yield Finding(
                "trend-order",
                f"trend quarter {label} comes after {earlier}; list oldest first",
                ("trend", label),
            )
    current = config.period
    if labels[-1] > current or any(label > current for label in labels):
        for label in labels:
            if label > current:
                yield Finding(
                    "trend-future",
                    f"trend quarter {label} is after the current period {current}",
                    ("trend", label),
                )
    arrows_seen = False
    for label, direction in risk.trend.items():
        if direction in _ARROW_DIRECTIONS:
            arrows_seen = True
        elif direction is Direction.NEW and arrows_seen:
            yield Finding(
                "trend-new-late",
                f"trend {label} is New after an earlier arrow; a risk is new only once",
                ("trend", label),
            )


_ARROW_DIRECTIONS = frozenset({Direction.IMPROVED, Direction.WORSENED, Direction.UNCHANGED})


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
    if not risk.history:
        return  # nothing recorded to derive an arrow from
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
    if not risk.actions:
        return
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


RULES.extend(
    [
        rule_trend_for_current_quarter,
        rule_trend_matches_scores,
        rule_review_not_overdue,
        rule_actions_not_overdue,
        rule_residual_within_inherent,
    ]
)


# ---------------------------------------------------------------------------
# The register config: its scoring guidance must grade every score exactly once.


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
        _report_surprises(doc)
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
