"""Rules on a risk's trend: the quarter-by-quarter arrows.

Quarters out of order or after the current period, and New after an arrow, are errors;
a missing arrow for the current quarter, or one the recorded scores contradict, is a
warning (`validate --strict` enforces it).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from riskreg.model.quarters import Quarter, example_label
from riskreg.model.risk import Direction, Risk
from riskreg.model.timeline import ARROWS, derive
from riskreg.problems import Severity
from riskreg.rules.findings import Finding
from riskreg.rules.registry import RISK, Context, rule


@rule("quarter-form", RISK)
def quarters_in_the_registers_year(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Trend and history quarters are written as the register's year names them: "2021/22
    Q4" for a financial year, "2022 Q1" for a calendar year (year_start: 1).

    Passes (year_start: 1):
        trend: {2022 Q1: new,
          2022 Q2: unchanged}
    Fails (year_start: 1):
        trend: {2021/22 Q4: new,
          2022 Q2: unchanged}
    """
    assert ctx.config is not None
    calendar = ctx.config.year_start == 1
    wanted = example_label(ctx.config.year_start)
    kind = "a calendar year (year_start: 1)" if calendar else "a financial year"
    places: list[tuple[str, tuple[str | int, ...]]] = [
        (label, ("trend", label)) for label in risk.trend
    ]
    places += [(e.quarter, ("history", i, "quarter")) for i, e in enumerate(risk.history)]
    for label, loc in places:
        if ("/" in label) == calendar:
            yield Finding(
                f"quarter {label} is not in the register's form: it keeps {kind}, so "
                f"quarters read like '{wanted}'",
                loc,
            )


@rule("trend-order", RISK, reads="trend")
def trend_oldest_first(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Trend quarters are listed oldest first.

    Passes:
        trend: {2021/22 Q3: new,
          2021/22 Q4: unchanged}
    Fails:
        trend: {2021/22 Q4: unchanged,
          2021/22 Q3: new}
    """
    # Labels are normalised ("2021/22 Q4"), so their text sorts as the quarters do.
    for earlier, label in pairwise(risk.trend):
        if label <= earlier:
            yield Finding(
                f"trend quarter {label} comes after {earlier}; list oldest first",
                ("trend", label),
            )


@rule("trend-future", RISK, reads="trend")
def trend_not_after_period(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """No trend quarter is after the register's current period.

    Passes (period: 2021/22 Q4):
        trend: {2021/22 Q3: new,
          2021/22 Q4: unchanged}
    Fails (period: 2021/22 Q4):
        trend: {2021/22 Q4: new,
          2022/23 Q1: unchanged}
    """
    assert ctx.config is not None
    current = ctx.config.period
    for label in risk.trend:
        if label > current:
            yield Finding(
                f"trend quarter {label} is after the current period {current}",
                ("trend", label),
            )


@rule("trend-new-late", RISK, reads="trend")
def trend_new_only_first(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """New comes before any arrow: a risk is new only once.

    Passes:
        trend: {2021/22 Q3: new,
          2021/22 Q4: unchanged}
    Fails:
        trend: {2021/22 Q3: unchanged,
          2021/22 Q4: new}
    """
    arrows_seen = False
    for label, direction in risk.trend.items():
        if direction in ARROWS:
            arrows_seen = True
        elif direction is Direction.NEW and arrows_seen:
            yield Finding(
                f"trend {label} is New after an earlier arrow; a risk is new only once",
                ("trend", label),
            )


@rule("trend-new-twice", RISK, reads="trend")
def trend_new_once(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """New is given in one quarter only: the quarter the risk was raised.

    Passes:
        trend: {2021/22 Q3: new,
          2021/22 Q4: unchanged}
    Fails:
        trend: {2021/22 Q3: new,
          2021/22 Q4: new}
    """
    first = None
    for label, direction in risk.trend.items():
        if direction is not Direction.NEW:
            continue
        if first is None:
            first = label
            continue
        yield Finding(
            f"trend {label} is New again (New already in {first}); a risk is new only "
            "once: give the arrow for the quarter (improved, worsened or unchanged)",
            ("trend", label),
        )


@rule("trend-gap", RISK, reads="trend")
def trend_without_gap(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """Once a risk has an arrow or is New, no later quarter says n/a before another arrow.

    Passes:
        trend: {2021/22 Q2: n/a, 2021/22 Q3: new,
          2021/22 Q4: unchanged}
    Fails:
        trend: {2021/22 Q2: new, 2021/22 Q3: n/a,
          2021/22 Q4: unchanged}
    """
    started = False
    gap = None
    for label, direction in risk.trend.items():
        if direction is Direction.NA:
            if started and gap is None:
                gap = label
            continue
        if gap is not None:
            yield Finding(
                f"trend {gap} is n/a between arrows; a risk on the register has an arrow every "
                "quarter: give improved, worsened or unchanged",
                ("trend", gap),
            )
            gap = None
        started = True


@rule("trend-missing", RISK, Severity.WARNING, open_only=True)
def trend_for_current_quarter(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An open risk has an arrow for the register's current quarter.

    Passes (period: 2022/23 Q1):
        trend: {2021/22 Q4: new,
          2022/23 Q1: unchanged}
    Fails (period: 2022/23 Q1, after 'riskreg review'):
        trend: {2021/22 Q3: new,
          2021/22 Q4: unchanged}
    """
    assert ctx.config is not None
    if ctx.config.period in risk.trend:
        return
    yield Finding(
        f"no trend for {ctx.config.period}; set it with 'riskreg trend {risk.id} "
        "improved|worsened|unchanged', or re-score the risk",
        ("trend",) if risk.trend else ("id",),
    )


@rule("trend-contradicts-score", RISK, Severity.WARNING, reads="history")
def trend_matches_scores(risk: Risk, ctx: Context) -> Iterator[Finding]:
    """An arrow agrees with the residual scores recorded in the history.

    Passes (scored 16 in 2021/22 Q4, then 12 in 2022/23 Q1):
        trend: {2021/22 Q4: new,
          2022/23 Q1: improved}
    Fails (the same scores):
        trend: {2021/22 Q4: new,
          2022/23 Q1: worsened}
    """
    for label, direction in risk.trend.items():
        if direction not in ARROWS:
            continue
        derivation = derive(risk, Quarter.parse(label), ctx.config.scoring if ctx.config else None)
        if derivation is None or derivation.direction is direction:
            continue
        derived = derivation.direction
        yield Finding(
            f"trend {label} is {direction.arrow} {direction.value} but the residual score "
            f"went {derivation.describe()}, which is {derived.arrow} {derived.value}",
            ("trend", label),
        )
