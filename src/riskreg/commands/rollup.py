"""Rolling several registers up: riskreg rollup DIR..."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from riskreg.commands import report_problems
from riskreg.errors import ProblemsFound
from riskreg.render import ROLLUP, RollupFormat


def rollup(
    folders: Annotated[
        list[Path],
        typer.Argument(
            metavar="DIR...",
            help="The registers' folders (each holding riskreg.yaml), e.g. one per directorate.",
            show_default=False,
        ),
    ],
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            metavar="N",
            help="Risks in each register's N highest bands, whatever the bands are called "
            "(the default, with N=2).",
            show_default=False,
        ),
    ] = None,
    min_rating: Annotated[
        str | None,
        typer.Option(
            "--min-rating",
            metavar="BAND",
            help="Risks rated BAND or above; every register must have a band of that name.",
            show_default=False,
        ),
    ] = None,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score",
            metavar="SCORE",
            help="Risks whose residual score is SCORE or more.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[RollupFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ROLLUP.default
    ),
) -> None:
    """List the open risks of several registers that are serious enough, or escalated,
    each with its register, most serious first.

    A register that cannot be read is named on stderr with its file and line; the others
    are still read, and the exit status is then 1.

    Example: riskreg rollup registers/* --top 1 --format md
    """
    from riskreg.reports.rollup import Threshold, read_registers

    result = read_registers(folders, Threshold.chosen(top, min_rating, min_score))
    ROLLUP.write(fmt, result, sys.stdout)
    if result.problems:
        report_problems(result.problems)
        bad = result.bad_registers
        raise ProblemsFound(
            f"{len(bad)} of {len(result.registers)} registers could not be read in full: "
            + ", ".join(read.folder for read in bad)
        )


def register(app: typer.Typer) -> None:
    app.command("rollup")(rollup)
