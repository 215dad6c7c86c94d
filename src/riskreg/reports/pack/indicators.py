"""The key risk indicators section, and the open risks grouped by the objectives they
threaten."""

from __future__ import annotations

from riskreg.model.indicators import breaches, objective_named
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.reports.pack.model import IndicatorLine, ObjectiveGroup


def indicator_lines(open_risks: list[Risk]) -> tuple[IndicatorLine, ...]:
    """Each open risk's indicators, in the pack's order of risks and the file's order."""
    lines = []
    for risk in open_risks:
        for indicator in risk.indicators:
            latest = indicator.latest
            way = "≥" if indicator.higher_is_worse else "≤"
            ordered = sorted(indicator.readings, key=lambda r: r.date)
            lines.append(
                IndicatorLine(
                    risk.id,
                    risk.name,
                    indicator.name,
                    indicator.shown(latest.value) if latest else "",
                    latest.date if latest else None,
                    indicator.status,
                    f"amber {way} {indicator.shown(indicator.amber)}, "
                    f"red {way} {indicator.shown(indicator.red)}",
                    ", ".join(indicator.shown(r.value) for r in ordered[-4:-1]),
                )
            )
    return tuple(lines)


def kri_breaches(open_risks: list[Risk]) -> tuple[str, ...]:
    """The open risks with an indicator whose latest reading is amber or red."""
    return tuple(risk.id for risk in open_risks if breaches(risk.indicators))


def objective_groups(
    config: RegisterConfig, open_risks: list[Risk]
) -> tuple[ObjectiveGroup, ...] | None:
    """Each declared objective with the open risks that name it, in the pack's order."""
    if not config.objectives:
        return None
    groups = []
    for ident, name in config.objectives.items():
        ids = tuple(
            risk.id
            for risk in open_risks
            if any(objective_named(config.objectives, n) == ident for n in risk.objectives)
        )
        groups.append(ObjectiveGroup(ident, name, ids))
    return tuple(groups)
