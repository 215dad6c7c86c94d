"""The heat map: open risks by residual cell, the unscored, and moves since last quarter."""

from __future__ import annotations

from riskreg.model.quarters import Quarter
from riskreg.model.risk import (
    Assessment,
    HistoryEntry,
    Risk,
    id_key,
)
from riskreg.reports.pack.history import band_name, residual_entries
from riskreg.reports.pack.model import BandGroup, HeatCell, Move
from riskreg.scoring.guidance import Scoring


def _cell(entry: HistoryEntry | Assessment | None) -> tuple[int, int] | None:
    if entry is None or entry.impact is None or entry.probability is None:
        return None
    return (entry.probability, entry.impact)


def moves(risks: list[Risk], period: Quarter) -> tuple[Move, ...]:
    """Scored risks whose heat map cell differs from the one recorded by last quarter's end."""
    moves = []
    previous = period.previous()
    for risk in risks:
        after = _cell(risk.residual)
        then = [
            e
            for e in residual_entries(risk.history)
            if Quarter.parse(e.quarter) <= previous and _cell(e)
        ]
        before = _cell(then[-1]) if then else None
        if after and before and after != before:
            moves.append(Move(risk.id, before, after))
    return tuple(sorted(moves, key=lambda move: id_key(move.id)))


def heat_map(risks: list[Risk], scoring: Scoring) -> tuple[tuple[HeatCell, ...], ...]:
    placed: dict[tuple[int, int], list[str]] = {}
    for risk in sorted(risks, key=lambda r: id_key(r.id)):
        residual = risk.residual
        if residual is not None and residual.impact and residual.probability:
            placed.setdefault((residual.probability, residual.impact), []).append(risk.id)
    rows = []
    for probability in range(scoring.max_probability, 0, -1):
        row = []
        for impact in range(1, scoring.max_impact + 1):
            score = impact * probability
            band = scoring.band_at(impact, probability)
            ids = tuple(placed.get((probability, impact), ()))
            row.append(HeatCell(probability, impact, score, band.name, band.colour, ids))
        rows.append(tuple(row))
    return tuple(rows)


def unscored(risks: list[Risk], scoring: Scoring) -> tuple[BandGroup, ...]:
    groups: dict[str, list[str]] = {}
    for risk in sorted(risks, key=lambda r: id_key(r.id)):
        if risk.score is None:
            groups.setdefault(band_name(risk.rating, scoring), []).append(risk.id)
    ordered = [band.name for band in reversed(scoring.bands)]
    ordered += sorted(set(groups) - set(ordered))
    result = []
    for name in ordered:
        if name in groups:
            band = scoring.band_named(name)
            result.append(BandGroup(name, band.colour if band else None, tuple(groups[name])))
    return tuple(result)
