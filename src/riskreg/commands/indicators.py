"""Key risk indicators: record a reading."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked
from riskreg.model.ids import parse_risk_id


def kri(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The indicator's name, as in the risk's file.")
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The reading, e.g. 12.5.")],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="The reading's date, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Record a reading of a risk's key risk indicator: green, amber or red.

    A reading on a day that already has one corrects it.

    A negative value goes after --: riskreg kri CRR10 "Budget variance" -- -2.5

    Example: riskreg kri CRR18 "Calls abandoned" 6.5 --date 2022-03-01
    """
    from riskreg.commands import options
    from riskreg.lifecycle._shared import parse_day
    from riskreg.lifecycle.indicators import parse_value, record_reading
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    reading = parse_value(value)
    now = today()
    day = parse_day(date, "--date") or now
    root = options(ctx).root()
    with locked(root, f"kri {risk_id}", wait):
        edited = record_reading(root, load_config(root), risk_id, name, reading, day, now)
    print_edited(edited, sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("kri")(kri)
