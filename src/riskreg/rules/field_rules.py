"""Rules on the fields of a risk file or of the config: the names, types and required
fields the models in model/risk.py and scoring/guidance.py declare.

The models check them as a file is read; rules/pydantic_errors.py words each of
pydantic's errors as one of these codes, at the line of the value. They are registered
here so that every code has a rule to read. Bounds on the scales live in
scoring_rules.py (`scores_on_scale`) and config_rules.py.
"""

from __future__ import annotations

from riskreg.rules.registry import ANY_FILE, RISK, declare

MODELS = "model/risk.py, scoring/guidance.py; worded by rules/pydantic_errors.py"

declare(
    "required_fields",
    "missing-field",
    ANY_FILE,
    MODELS,
    """Every required field is there: a risk's id and name, the config's period and
    scoring, an action's text.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        description: Fleet replacement
    """,
)
declare(
    "known_fields",
    "unknown-field",
    ANY_FILE,
    MODELS,
    """Every field is one the model knows (the message suggests the likely one); a flood
    of unknown keys is listed up to 20 and the rest counted.

    Passes:
        id: CRR18
        owner: Chief Constable
    Fails:
        id: CRR18
        ownr: Chief Constable
    """,
)
declare(
    "field_types",
    "wrong-type",
    ANY_FILE,
    MODELS,
    """Each field holds the kind of value it takes: text, a whole number, a list, a mapping.

    Passes:
        controls:
        - Fleet strategy agreed
    Fails:
        controls: Fleet strategy agreed
        residual: High
    """,
)
declare(
    "values_given",
    "empty-value",
    ANY_FILE,
    MODELS,
    """A field that is written holds a value.

    Passes:
        name: Fleet replacement
        owner: Chief Constable
    Fails:
        name:
        owner: Chief Constable
    """,
)
declare(
    "model_checks",
    "invalid",
    ANY_FILE,
    MODELS,
    """Any other check a model makes (kept as a catch-all; none is known to reach it).

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails (a check the models may add later):
        id: CRR18
        name: Fleet replacement
    """,
)
declare(
    "id_form",
    "bad-id",
    RISK,
    MODELS,
    """An ID is 1 to 10 capital letters then 1 to 6 digits.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: crr-18
        name: Fleet replacement
    """,
)
declare(
    "quarter_labels",
    "bad-quarter",
    RISK,
    MODELS,
    """A trend quarter is a financial year and quarter, such as 2021/22 Q4.

    Passes:
        trend: {2021/22 Q4: new,
          2022/23 Q1: unchanged}
    Fails:
        trend: {2021 Q4: new,
          2022/23 Q1: unchanged}
    """,
)
declare(
    "directions",
    "bad-direction",
    RISK,
    MODELS + " and rules/surprises.py",
    """A trend quarter's value is improved, worsened, unchanged, new or n/a (or an arrow).

    Passes:
        trend: {2021/22 Q4: new,
          2022/23 Q1: ↓}
    Fails:
        trend: {2021/22 Q4: new,
          2022/23 Q1: better}
    """,
)
declare(
    "closure_given",
    "closure-missing",
    RISK,
    MODELS,
    """A closed risk says why and when it was closed.

    Passes:
        status: closed
        closure: {rationale: Fleet renewed, closed: 2022-03-01}
    Fails:
        status: closed
        name: Fleet replacement
    """,
)
declare(
    "open_rating_given",
    "rating-missing",
    RISK,
    MODELS,
    """An open risk has a residual rating.

    Passes:
        status: open
        residual: {rating: High}
    Fails:
        status: open
        residual: {impact: 4, probability: 3}
    """,
)
declare(
    "score_complete",
    "incomplete-score",
    RISK,
    MODELS,
    """An assessment gives both impact and probability, or neither.

    Passes:
        residual: {rating: High, impact: 4, probability: 3}
        inherent: {rating: Critical}
    Fails:
        residual: {rating: High, impact: 4}
        inherent: {rating: Critical}
    """,
)
