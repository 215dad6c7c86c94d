"""Rules on key risk indicators and objectives: each indicator of a risk has its own
name (so `riskreg kri` can find it), a red latest reading is looked at in a review this
quarter, and a risk's objectives are ones riskreg.yaml declares.
"""

from __future__ import annotations

from collections.abc import Iterator

from riskreg.model.indicators import closest, objective_named
from riskreg.model.quarters import Quarter
from riskreg.model.risk import Risk
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("duplicate-indicator", RISK, reads="indicators")
def indicator_names_unique(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Each indicator of a risk has a name no other of its indicators has (any case).

    Passes:
        indicators: [{name: Answer time, amber: 10, red: 20},
          {name: Abandoned calls, amber: 3, red: 5}]
    Fails:
        indicators: [{name: Answer time, amber: 10, red: 20},
          {name: answer time, amber: 3, red: 5}]
    """
    seen: set[str] = set()
    for index, indicator in enumerate(risk.indicators):
        key = " ".join(indicator.name.split()).casefold()
        if key in seen:
            yield Finding(
                f"indicator {indicator.name!r} is named twice; give each indicator its own name",
                ("indicators", index, "name"),
            )
        seen.add(key)


@rule("kri-thresholds-equal", RISK, reads="indicators")
def indicator_thresholds_differ(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An indicator's red threshold differs from its amber one, since which is higher
    says which way is worse.

    Passes:
        indicators: [{name: Backlog, amber: 50, red: 80},
          {name: Fill rate, amber: 85, red: 70}]
    Fails:
        indicators: [{name: Backlog, amber: 50, red: 50},
          {name: Fill rate, amber: 85, red: 70}]
    """
    for index, indicator in enumerate(risk.indicators):
        if indicator.amber == indicator.red:
            yield Finding(
                f"indicator {indicator.name!r} has amber and red both at "
                f"{indicator.shown(indicator.red)}; set red above amber when higher is "
                "worse, or below amber when lower is worse",
                ("indicators", index, "red"),
            )


@rule("kri-red-unreviewed", RISK, Severity.WARNING, open_only=True, reads="indicators")
def red_indicator_reviewed(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk whose indicator's latest reading is red was reviewed in the
    register's current quarter.

    Passes (period 2021/22 Q4):
        last_reviewed: 2022-03-01
        indicators: [{name: Waits, amber: 5, red: 8, readings: [{date: 2022-03-01, value: 9}]}]
    Fails (period 2021/22 Q4):
        last_reviewed: 2021-11-01
        indicators: [{name: Waits, amber: 5, red: 8, readings: [{date: 2022-03-01, value: 9}]}]
    """
    assert ctx.config is not None
    quarter = ctx.config.quarter
    if risk.last_reviewed is not None and Quarter.containing(risk.last_reviewed) == quarter:
        return
    for index, indicator in enumerate(risk.indicators):
        latest = indicator.latest
        if latest is None or indicator.status_of(latest.value) != "red":
            continue
        reviewed = (
            f"was last reviewed {risk.last_reviewed.isoformat()}, before {quarter.label}"
            if risk.last_reviewed is not None
            else "was never reviewed"
        )
        yield Finding(
            f"indicator {indicator.name!r} is red ({indicator.shown(latest.value)} on "
            f"{latest.date.isoformat()}) but the risk {reviewed}; "
            f"review it, and record the review: riskreg trend {risk.id} DIRECTION",
            ("indicators", index, "readings", indicator.readings.index(latest), "value"),
        )


@rule("unknown-objective", RISK, reads="objectives")
def objectives_declared(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Each objective a risk names is declared under objectives: in riskreg.yaml, by
    its id or its name (any case).

    Passes (riskreg.yaml objectives: {SO1: Keep people safe, SO2: Spend well}):
        name: Custody deaths
        objectives: [SO1, spend well]
    Fails (riskreg.yaml objectives: {SO1: Keep people safe, SO2: Spend well}):
        name: Custody deaths
        objectives: [SO1, SO7]
    """
    assert ctx.config is not None
    declared = ctx.config.objectives
    for index, name in enumerate(risk.objectives):
        if objective_named(declared, name) is not None:
            continue
        if not declared:
            message = (
                f"objective {name!r} is not declared: riskreg.yaml declares no objectives; "
                "add them as objectives: {SO1: Keep people safe, ...}"
            )
        else:
            near = closest(name, [*declared, *declared.values()])
            hint = f"; did you mean {objective_named(declared, near)}?" if near else ""
            message = f"objective {name!r} is not declared in riskreg.yaml{hint} (objectives: " + (
                ", ".join(declared) + ")"
            )
        yield Finding(message, ("objectives", index))
