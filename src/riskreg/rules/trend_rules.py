"""Rules on a risk's trend: the quarter-by-quarter arrows.

Quarters out of order or after the current period, and New after an arrow, are errors;
a missing arrow for the current quarter, or one the recorded scores contradict, is a
warning (`validate --strict` enforces it).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from riskreg.model.quarters import Quarter
from riskreg.model.risk import Direction, RegisterConfig, Risk
from riskreg.model.timeline import ARROWS, derive
from riskreg.problems import Severity
from riskreg.rules.findings import Finding


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
    for label in labels:
        if label > current:
            yield Finding(
                "trend-future",
                f"trend quarter {label} is after the current period {current}",
                ("trend", label),
            )
    arrows_seen = False
    for label, direction in risk.trend.items():
        if direction in ARROWS:
            arrows_seen = True
        elif direction is Direction.NEW and arrows_seen:
            yield Finding(
                "trend-new-late",
                f"trend {label} is New after an earlier arrow; a risk is new only once",
                ("trend", label),
            )


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
