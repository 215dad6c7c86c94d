"""Renderers for the scoring guidance (`riskreg guidance`) and the heat map (`riskreg matrix`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from riskreg.model.risk import RegisterConfig, Risk, id_key
from riskreg.scoring.guidance import Scoring

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def impact_table(scoring: Scoring) -> Table:
    from rich.table import Table

    table = Table(show_lines=True)
    table.add_column("Level", justify="center", no_wrap=True)
    for category in scoring.categories:
        table.add_column(category)
    for level in sorted(scoring.impact, key=lambda item: -item.level):
        table.add_row(
            str(level.level), *[level.descriptions.get(c, "") for c in scoring.categories]
        )
    return table


def probability_table(scoring: Scoring) -> Table:
    from rich.table import Table

    table = Table(show_lines=True)
    for name in (
        "Level",
        "Description",
        "Detailed description",
        "% chance",
        "Relative",
        "Frequency",
    ):
        table.add_column(name, overflow="fold", justify="center" if name == "Level" else "left")
    for level in sorted(scoring.probability, key=lambda item: -item.level):
        table.add_row(
            str(level.level),
            level.description,
            level.detail,
            level.chance,
            level.relative,
            level.frequency,
        )
    return table


def bands_table(scoring: Scoring) -> Table:
    from rich.table import Table
    from rich.text import Text

    from riskreg.render.console import band_style

    if scoring.grid is not None:
        return grid_table(scoring)
    table = Table()
    table.add_column("Score", justify="center")
    table.add_column("Rating")
    for band in scoring.bands:
        table.add_row(band.range_text, Text(band.name, style=band_style(band.colour)))
    return table


def grid_table(scoring: Scoring) -> Table:
    """The grid: the band of each probability (rows, highest first) and impact."""
    from rich.table import Table
    from rich.text import Text

    from riskreg.render.console import cell_style

    table = Table(show_lines=True)
    table.add_column("Probability", justify="right", no_wrap=True)
    for impact in range(1, scoring.max_impact + 1):
        table.add_column(f"Impact {impact}", justify="center")
    for probability in range(scoring.max_probability, 0, -1):
        row: list[Text | str] = [str(probability)]
        for impact in range(1, scoring.max_impact + 1):
            band = scoring.band_at(impact, probability)
            row.append(Text(band.name, style=cell_style(band.colour)))
        table.add_row(*row)
    return table


@dataclass(frozen=True)
class GuidanceView:
    """What `riskreg guidance` renders: the scoring guidance, or one topic of it."""

    scoring: Scoring
    topic: str = "all"  # all, impact, probability or bands


def render_json(view: GuidanceView, out: TextIO) -> None:
    # Only what the guidance gives: a grid, or bands' score ranges, as the case may be.
    data = view.scoring.model_dump(mode="json", exclude_none=True)
    if view.topic != "all":
        data = {view.topic: data[view.topic]}
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def render_table(view: GuidanceView, out: TextIO) -> None:
    from riskreg.render.console import stdout_console

    console = stdout_console(out)
    builders = {
        "impact": ("Impact", impact_table),
        "probability": ("Probability", probability_table),
        "bands": (
            "Bands by grid (lowest first: "
            + ", ".join(view.scoring.band_names)
            + "; score = impact x probability)"
            if view.scoring.grid is not None
            else "Bands (score = impact x probability)",
            bands_table,
        ),
    }
    chosen = list(builders) if view.topic == "all" else [view.topic]
    for index, name in enumerate(chosen):
        if index:
            console.print()
        heading, build = builders[name]
        console.print(heading, style="bold")
        table = build(view.scoring)
        if name == "impact" and not fits_words(console, table):
            for index_in, category_table in enumerate(impact_tables(view.scoring)):
                if index_in:
                    console.print()
                console.print(category_table)
        else:
            console.print(table)


def fits_words(console: Console, table: Table) -> bool:
    """Whether every column of `table` can hold its longest word on `console`: if not,
    rich would break or cut words ("Performa / nce", "Perfo…")."""
    needed = 1  # the left border
    for column in table.columns:
        texts = [str(column.header), *(str(cell) for cell in column.cells)]
        longest = max((len(word) for text in texts for word in text.split()), default=0)
        needed += longest + 3  # padding either side and the border
    return needed <= console.width


def impact_tables(scoring: Scoring) -> list[Table]:
    """The impact guidance one category at a time (level, then its description): the
    layout for a terminal too narrow for every category side by side."""
    from rich.table import Table

    tables = []
    for category in scoring.categories:
        table = Table(show_lines=True, title=category, title_justify="left")
        table.add_column("Level", justify="center", no_wrap=True)
        table.add_column("Description")
        for level in sorted(scoring.impact, key=lambda item: -item.level):
            table.add_row(str(level.level), level.descriptions.get(category, ""))
        tables.append(table)
    return tables


def render_matrix(config: RegisterConfig, risks: list[Risk], out: TextIO) -> None:
    from rich.table import Table
    from rich.text import Text

    from riskreg.render.console import band_style, cell_style, print_wrapped, stdout_console

    scoring = config.scoring
    cells: dict[tuple[int, int], list[str]] = {}
    unscored: dict[str, list[str]] = {}
    for risk in sorted(risks, key=lambda r: id_key(r.id)):
        residual = risk.residual
        if residual is not None and residual.impact and residual.probability:
            cells.setdefault((residual.probability, residual.impact), []).append(risk.id)
        elif risk.rating:
            band = scoring.band_named(risk.rating)
            unscored.setdefault(band.name if band else risk.rating, []).append(risk.id)
    table = Table(show_lines=True)
    table.add_column("Probability", justify="right", no_wrap=True)
    for impact in range(1, scoring.max_impact + 1):
        table.add_column(f"Impact {impact}", justify="center", min_width=9)
    for probability in range(scoring.max_probability, 0, -1):
        level = scoring.probability_level(probability)
        label = f"{probability} {level.description}" if level else str(probability)
        row: list[Text | str] = [label]
        for impact in range(1, scoring.max_impact + 1):
            score = impact * probability
            band = scoring.band_at(impact, probability)
            ids = cells.get((probability, impact), [])
            text = Text(str(score), style="bold")
            if ids:
                text.append("\n" + "\n".join(ids))
            text.stylize(cell_style(band.colour))
            row.append(text)
        table.add_row(*row)
    console = stdout_console(out)
    console.print(f"{config.title}: heat map, {config.period}", style="bold", soft_wrap=True)
    console.print(table)
    key = Text("Bands:")
    for band in scoring.bands:
        key.append(" ")
        limits = f" {band.range_text}" if band.range_text else ""
        key.append(f" {band.name}{limits} ", style=cell_style(band.colour))
    console.print(key)
    if unscored:
        console.print()
        console.print(Text("Rated but not yet scored", style="bold"))
        for band in reversed(scoring.bands):
            names = unscored.get(band.name)
            if names:
                line = Text(f"{band.name:<9}", style=band_style(band.colour))
                line.append(" " + ", ".join(names))
                print_wrapped(console, line, "  ", " " * 12)
