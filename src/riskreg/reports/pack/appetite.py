"""The appetite view: each risk category's level, with its open risks within and outside it."""

from __future__ import annotations

from riskreg.model.risk import (
    RegisterConfig,
)
from riskreg.reports.pack.model import AppetiteCategory, OpenRisk


def appetite_view(
    config: RegisterConfig, rows: tuple[OpenRisk, ...]
) -> tuple[AppetiteCategory, ...] | None:
    """Each category of the appetite with its open risks, within and outside it."""
    appetite = config.appetite
    if appetite is None:
        return None
    found = []
    for category, named in appetite.categories.items():
        level = appetite.level_named(named) or named
        mine = [r for r in rows if (r.risk_category or "").casefold() == category.casefold()]
        found.append(
            AppetiteCategory(
                category,
                level,
                str(appetite.levels.get(level, "?")),
                tuple(r.id for r in mine if not r.outside_appetite),
                tuple(r.id for r in mine if r.outside_appetite),
            )
        )
    return tuple(found)
