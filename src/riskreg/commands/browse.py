"""Everyday commands: list, show, score, guidance, matrix, init, import."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked, report_problems, warn_stale_period
from riskreg.commands.edge import PREFIX
from riskreg.errors import ProblemsFound, UsageError
from riskreg.model.ids import parse_risk_id
from riskreg.render import DETAIL, GUIDANCE, LISTING, DetailFormat, GuidanceFormat, ListingFormat


class GuidanceTopic(str, Enum):
    all = "all"
    impact = "impact"
    probability = "probability"
    bands = "bands"


def list_risks(
    ctx: typer.Context,
    rating: Annotated[
        list[str] | None,
        typer.Option(
            "--rating",
            "-r",
            help="Only this rating (case-insensitive); repeatable.",
            show_default=False,
        ),
    ] = None,
    min_rating: Annotated[
        str | None, typer.Option("--min-rating", help="Only this rating or worse, e.g. high.")
    ] = None,
    trend: Annotated[
        str | None,
        typer.Option(
            "--trend",
            help="Only risks with this direction in the current quarter: "
            "improved, worsened, unchanged, new, n/a.",
        ),
    ] = None,
    closed: Annotated[bool, typer.Option("--closed", help="The closed risks instead.")] = False,
    all_risks: Annotated[bool, typer.Option("--all", help="Open and closed risks.")] = False,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue", help="Only risks whose review, an action or an acceptance is past due."
        ),
    ] = False,
    above_target: Annotated[
        bool,
        typer.Option(
            "--above-target", help="Only risks whose residual score exceeds the target score."
        ),
    ] = False,
    owner: Annotated[
        list[str] | None,
        typer.Option("--owner", help="Only this owner (any case); repeatable.", show_default=False),
    ] = None,
    department: Annotated[
        list[str] | None,
        typer.Option(
            "--department", help="Only this department (any case); repeatable.", show_default=False
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            "-w",
            metavar="FIELD=VALUE",
            help="Only risks whose field has this value: one of the register's own fields "
            "(a list field: holds it), or owner, department; repeatable.",
            show_default=False,
        ),
    ] = None,
    outside_appetite: Annotated[
        bool,
        typer.Option(
            "--outside-appetite",
            help="Only risks whose residual is above their risk category's appetite.",
        ),
    ] = False,
    objective: Annotated[
        list[str] | None,
        typer.Option(
            "--objective",
            metavar="OBJECTIVE",
            help="Only risks threatening this objective (its id or name in riskreg.yaml); "
            "repeatable.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[ListingFormat, typer.Option("--format", "-f", help="Output format.")] = (
        LISTING.default
    ),
) -> None:
    """List risks, most serious first, with the four latest trend arrows.

    Example: riskreg list --rating critical --format json
    """
    from riskreg.commands import options
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_register
    from riskreg.reports.listing import ListFilter, select

    register = load_register(options(ctx).root())
    listing = select(
        register,
        ListFilter(
            tuple(rating or ()),
            min_rating,
            trend,
            closed,
            all_risks,
            overdue,
            above_target,
            tuple(owner or ()),
            tuple(department or ()),
            tuple(where or ()),
            outside_appetite,
            tuple(objective or ()),
        ),
        today(),
    )
    LISTING.write(fmt, listing, sys.stdout)
    if register.errors:
        report_problems(register.errors)
        raise ProblemsFound(
            f"{len(register.errors)} problem(s) in the register; shown risks exclude "
            "the files named above"
        )


def show(
    ctx: typer.Context,
    risk_id: Annotated[
        str,
        typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk ID, e.g. CRR18 (any case)."),
    ],
    fmt: Annotated[DetailFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DETAIL.default
    ),
) -> None:
    """Show everything about one risk, open or closed.

    Example: riskreg show crr18
    """
    from riskreg.commands import options
    from riskreg.register.loading import load_config, load_one
    from riskreg.render.detail import RiskDetail

    root = options(ctx).root()
    config = load_config(root)
    risk, _doc, _file = load_one(root, risk_id, config)
    DETAIL.write(fmt, RiskDetail(risk, config), sys.stdout)


def score(
    ctx: typer.Context,
    risk_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            parser=parse_risk_id,
            help="Risk to score; leave out to use as a calculator.",
            show_default=False,
        ),
    ] = None,
    impact: Annotated[int, typer.Option("--impact", "-i", help="Impact score, 1 to 5.")] = ...,  # type: ignore[assignment]
    prob: Annotated[
        int, typer.Option("--prob", "--probability", "-p", help="Probability score, 1 to 5.")
    ] = ...,  # type: ignore[assignment]
    inherent: Annotated[bool, typer.Option("--inherent", help="Set the inherent score.")] = False,
    target: Annotated[bool, typer.Option("--target", help="Set the target score.")] = False,
    category: Annotated[
        str | None, typer.Option("--category", help="Impact category driving the score.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show the result; write nothing.")
    ] = False,
    note: Annotated[
        str | None, typer.Option("--note", help="Why the score changed; kept in the history.")
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Score a risk: impact x probability gives its rating, recorded in its file.

    Example: riskreg score CRR18 --impact 5 --prob 4
    """
    from riskreg.commands import options
    from riskreg.errors import RegisterNotFound, UsageError
    from riskreg.lifecycle.assess import score_risk
    from riskreg.register.loading import load_config
    from riskreg.render.detail import print_calculation, print_score_change
    from riskreg.scoring.calculation import calculate

    if inherent and target:
        raise UsageError("give --inherent or --target, not both")
    which = "inherent" if inherent else "target" if target else "residual"
    if risk_id is None:
        try:
            scoring = load_config(options(ctx).root()).scoring
        except RegisterNotFound:
            from riskreg.scoring.defaults import default_scoring

            scoring = default_scoring()
        print_calculation(calculate(scoring, impact, prob), sys.stdout)
        return
    rid = risk_id
    root = options(ctx).root()
    with nullcontext() if dry_run else locked(root, f"score {rid}", wait):
        config = load_config(root)
        change = score_risk(
            root,
            config,
            rid,
            impact,
            prob,
            which,  # type: ignore[arg-type]
            category,
            dry_run,
            note=note,
        )
    print_score_change(change, config, sys.stdout)
    warn_stale_period(config)


def guidance(
    ctx: typer.Context,
    topic: Annotated[
        GuidanceTopic, typer.Argument(help="Which part of the guidance.")
    ] = GuidanceTopic.all,
    fmt: Annotated[GuidanceFormat, typer.Option("--format", "-f", help="Output format.")] = (
        GUIDANCE.default
    ),
) -> None:
    """Print the scoring guidance: impact levels, probability levels and bands.

    Example: riskreg guidance bands
    """
    from riskreg.commands import options
    from riskreg.errors import RegisterNotFound
    from riskreg.register.loading import load_config
    from riskreg.render.guidance import GuidanceView
    from riskreg.scoring.defaults import default_scoring

    try:
        scoring = load_config(options(ctx).root()).scoring
    except RegisterNotFound:
        scoring = default_scoring()
    GUIDANCE.write(fmt, GuidanceView(scoring, topic.value), sys.stdout)


def matrix(ctx: typer.Context) -> None:
    """Print the heat map: probability by impact, holding the IDs of scored risks.

    Example: riskreg matrix
    """
    from riskreg.commands import options
    from riskreg.register.loading import load_register
    from riskreg.render.guidance import render_matrix

    register = load_register(options(ctx).root())
    render_matrix(register.config, register.open_risks, sys.stdout)
    if register.errors:
        report_problems(register.errors)
        raise ProblemsFound(f"{len(register.errors)} problem(s) in the register")


def init(
    directory: Annotated[
        Path | None, typer.Argument(help="Folder for the new register.", show_default=False)
    ] = None,
    title: Annotated[str, typer.Option(help="The register's title.")] = "Corporate Risk Register",
    period: Annotated[
        str | None,
        typer.Option(help="Current quarter, e.g. '2026/27 Q3'. Default: today's quarter."),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template", help="The scoring guidance to start from (see --list-templates)."
        ),
    ] = "generic",
    year_start: Annotated[
        int,
        typer.Option(
            "--year-start",
            help="The month the register's year starts in: 4 (April) for a UK financial "
            "year, 1 for a calendar year.",
        ),
    ] = 4,
    list_templates: Annotated[
        bool, typer.Option("--list-templates", help="List the templates and exit.")
    ] = False,
) -> None:
    """Create a new, empty register from a template of the scoring guidance.

    Example: riskreg init my-register --title "Group Risk Register" --template rag-4x4
    """
    from riskreg.errors import UsageError
    from riskreg.register.layout import display_path
    from riskreg.register.setup import init_register

    if list_templates:
        from riskreg.scoring.defaults import DEFAULT_TEMPLATE, templates

        for item in templates():
            default = " (default)" if item.name == DEFAULT_TEMPLATE else ""
            typer.echo(f"{item.name:<12} {item.description}{default}")
        return
    if directory is None:
        raise UsageError("give the folder for the new register: riskreg init FOLDER")
    from riskreg.model.timeline import today

    path = init_register(
        directory, title, period, today(), template_name=template, year_start=year_start
    )
    typer.echo(
        f"Created a register in {display_path(directory)}: {display_path(path)}, risks/, "
        f"closed/, schema/ (from the {template} template)"
    )


class DateOrder(str, Enum):
    dmy = "dmy"
    mdy = "mdy"


def import_file(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A spreadsheet (.xlsx, .csv, .tsv), a published register's tab-separated "
            "tables, or a riskreg export (JSON, CSV or TSV).",
        ),
    ],
    year: Annotated[
        str | None,
        typer.Option(
            help="Financial year of a published register's Q1-Q4 columns, e.g. "
            "2021/22. Default: the year of the register's current period."
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Change risks that already exist to match FILE.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List what would change; write nothing.")
    ] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="Read FIELD from the column with this heading or letter, e.g. "
            "--map owner='Accountable lead'; repeatable.",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="Read only this sheet of a workbook.", show_default=False)
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option(
            min=1, help="The row that holds the headings. Default: found.", show_default=False
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="Encoding of a CSV or TSV file. Default: found (UTF-8, UTF-16 with a BOM, "
            "Windows-1252).",
            show_default=False,
        ),
    ] = None,
    date_order: Annotated[
        DateOrder,
        typer.Option(help="How to read 01/02/2022: dmy (1 February) or mdy (2 January)."),
    ] = DateOrder.dmy,
    rating_map: Annotated[
        list[str] | None,
        typer.Option(
            "--rating-map",
            metavar="WORD=BAND",
            help="Read a rating cell's word as a band, e.g. --rating-map Red=High; repeatable.",
            show_default=False,
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Import the good rows of a spreadsheet; list the rest."),
    ] = False,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Import risks from a spreadsheet, a published register or 'riskreg export'.

    A spreadsheet's columns are recognised from their headings (Ref, Risk, Likelihood,
    Impact, Rating, Owner, ...); run with --dry-run first to see the mapping and what
    would change. Nothing is written while any row is bad. Existing risks are left as
    they are unless --update is given.

    Example: riskreg import register.xlsx --dry-run
    """
    from riskreg.commands import options
    from riskreg.interchange.importing import import_file as run_import
    from riskreg.interchange.sheet_import import SheetOptions, is_sheet, read_sheet_import
    from riskreg.model.timeline import today
    from riskreg.register.layout import display_path
    from riskreg.register.loading import load_config

    root = options(ctx).root()
    with nullcontext() if dry_run else locked(root, "import", wait):
        config = load_config(root)
        rows = None
        bad_rows: list[str] = []
        if is_sheet(source, encoding):
            if year is not None:
                raise UsageError("--year is for the published register's tables, not a spreadsheet")
            settings = SheetOptions(
                sheet=sheet,
                header_row=header_row,
                overrides=tuple(mapping or ()),
                encoding=encoding,
                day_first=date_order is DateOrder.dmy,
                rating_map=_rating_map(rating_map or []),
                skip_bad=skip_bad,
            )
            read = read_sheet_import(root, config, source, display_path(source), settings, today())
            for line in read.summary(columns=dry_run):
                typer.echo(line)
            sys.stdout.flush()
            for problem in read.problems:
                sys.stderr.write(f"{PREFIX}{problem}\n")
            if read.problems and not skip_bad:
                raise ProblemsFound(
                    f"{len(read.problems)} problem(s) in {len(read.bad_rows)} row(s); nothing "
                    "imported (fix them, or use --skip-bad to import the good rows)"
                )
            rows, bad_rows = read.rows, read.bad_rows
        else:
            unused = [
                flag
                for flag, given in (
                    ("--map", mapping),
                    ("--sheet", sheet),
                    ("--header-row", header_row),
                    ("--rating-map", rating_map),
                    ("--skip-bad", skip_bad),
                    ("--date-order", date_order is not DateOrder.dmy),
                )
                if given
            ]
            if unused:
                raise UsageError(
                    f"{unused[0]} is for spreadsheets; {display_path(source)} is not one"
                )
        outcome = run_import(root, config, source, year, update=update, dry_run=dry_run, rows=rows)
    typer.echo("\n".join(outcome.lines()))  # one write: an import may add thousands of risks
    if bad_rows:
        raise ProblemsFound(f"{len(bad_rows)} bad row(s) left out: " + "; ".join(bad_rows))
    if outcome.conflicts:
        raise ProblemsFound(
            f"{len(outcome.conflicts)} risk(s) are open in one place and closed in the "
            "other and were left as they are"
        )
    if outcome.skipped:
        raise ProblemsFound(
            f"{len(outcome.skipped)} risk(s) exist already and were left as they are; "
            "use --update to change them"
        )


def _rating_map(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        word, sep, band = pair.partition("=")
        if not sep or not word.strip() or not band.strip():
            raise UsageError(f"--rating-map {pair}: write WORD=BAND, e.g. --rating-map Red=High")
        out[word.strip().casefold()] = band.strip()
    return out


def register(app: typer.Typer) -> None:
    app.command("list")(list_risks)
    app.command("show")(show)
    app.command("score")(score)
    app.command("guidance")(guidance)
    app.command("matrix")(matrix)
    app.command("init")(init)
    app.command("import")(import_file)
