"""Rules on a register's own fields: their declarations under `fields:` in riskreg.yaml,
and a risk's values for them.

The declaration's shape (type one of five words, choices a list) is the FieldSpec
model's (model/custom_fields.py); these rules check what needs more than one value: a
name that could be a field, choices that fit the type, and a risk's value that fits its
declaration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from riskreg.model.custom_fields import FIELD_NAME
from riskreg.rules.registry import CONFIG, RISK, Context, Finding, rule

if TYPE_CHECKING:
    from riskreg.model.risk import RegisterConfig, Risk


@rule("field-name", CONFIG)
def own_field_names(config: RegisterConfig, ctx: Context) -> Iterator[Finding]:
    """A declared field's name is lower case letters, digits and _, starting with a
    letter, and is not the name of a field every risk has.

    Passes:
        fields:
          directorate: {type: text}
    Fails:
        fields:
          owner: {type: text}
    """
    from riskreg.model.risk import BUILT_IN_FIELDS

    for name in config.fields:
        if not FIELD_NAME.match(name):
            yield Finding(
                f"fields: '{name}' cannot be a field name; use lower case letters, digits "
                "and _, starting with a letter (e.g. strategic_objective)",
                ("fields", name),
            )
        elif name in BUILT_IN_FIELDS:
            yield Finding(
                f"fields: '{name}' is already a field of every risk; give your own field "
                "another name",
                ("fields", name),
            )


@rule("field-choices", CONFIG)
def own_field_choices(config: RegisterConfig, ctx: Context) -> Iterator[Finding]:
    """A choice field lists its choices; only a choice field has them.

    Passes:
        fields:
          directorate: {type: choice, choices: [Operations, Support]}
    Fails:
        fields:
          directorate: {type: choice}
    """
    for name, spec in config.fields.items():
        if spec.type == "choice" and not spec.choices:
            yield Finding(
                f"fields.{name} is a choice field with no choices; list them: "
                "choices: [First, Second]",
                ("fields", name, "type"),
            )
        elif spec.type != "choice" and spec.choices:
            yield Finding(
                f"fields.{name} has choices but is a {spec.type} field; write "
                "type: choice, or remove the choices",
                ("fields", name, "choices"),
            )


@rule("field-value", RISK)
def own_field_values(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """A value of the register's own field is of the declared type (here `directorate`
    is declared `type: choice, choices: [Operations, Support]`).

    Passes:
        id: CRR18
        directorate: Operations
    Fails:
        id: CRR18
        directorate: Finance
    """
    if ctx.config is None or not risk.custom:
        return
    for name, value in risk.custom.items():
        spec = ctx.config.fields.get(name)
        if spec is None:
            continue
        if value is None:
            continue  # an empty value is a missing one: field-missing if it is required
        problem = spec.problem_with(value)
        if problem:
            shown = value if isinstance(value, str | int | float) else type(value).__name__
            yield Finding(f"{name} is {shown!r}; {problem}", (name,))


@rule("field-missing", RISK, open_only=True)
def own_fields_required(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk has every field the register declares `required: true` (here
    `directorate`).

    Passes:
        id: CRR18
        directorate: Operations
    Fails:
        id: CRR18
        name: Fleet replacement
    """
    if ctx.config is None:
        return
    for name, spec in ctx.config.fields.items():
        if spec.required and risk.custom.get(name) is None:
            why = f" ({spec.description})" if spec.description else ""
            yield Finding(
                f"the risk has no '{name}'{why}; riskreg.yaml declares it required",
                ("id",),
            )
