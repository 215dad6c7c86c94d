"""Reporting and data exchange: report, export, diff, history."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskreg.commands import fail, guarded, report_problems

if TYPE_CHECKING:
    from riskreg.register.loading import Register


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    tsv = "tsv"
    xlsx = "xlsx"


class TextFormat(str, Enum):
    text = "text"
    json = "json"


def _loaded(register: Register, what: str) -> Register:
    """The register, or an error naming each broken file: a pack must not drop a risk."""
    if register.errors:
        report_problems(register.errors)
        raise fail(
            f"{len(register.errors)} problem(s) in the register; {what} needs every "
            "risk, so nothing was written (run 'riskreg validate')"
        )
    return register


def _register(ctx: typer.Context, revision: str | None, what: str) -> Register:
    from riskreg.cli import options
    from riskreg.register.loading import load_register

    root = options(ctx).root()
    if revision is None:
        return _loaded(load_register(root), what)
    from riskreg.git.revisions import load_register_at

    return _loaded(load_register_at(root, revision), what)


def report(
    ctx: typer.Context,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md or html. Default: from the --output name (.html, .htm), else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the pack to this file (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out controls, notes and actions marked restricted."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="REV",
            help="Build the pack from the register as "
            "committed at this git revision (a tag, branch or commit).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the audit committee pack: counts, heat map, open and closed risks, guidance.

    Example: riskreg report --format html --output pack.html
    """
    from riskreg.register.layout import display_path
    from riskreg.register.writing import write_output
    from riskreg.render import pack_html, pack_md
    from riskreg.reports.pack import build_report

    chosen = (
        fmt.value
        if fmt
        else ("html" if output is not None and output.suffix.lower() in (".html", ".htm") else "md")
    )
    register = _register(ctx, as_of, "the report")
    pack = build_report(register, public=public)
    text = {"md": pack_md.render, "html": pack_html.render}[chosen](pack)
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text, register.root)
    sys.stderr.write(
        f"riskreg: wrote {display_path(output)}: {len(pack.open_risks)} open and "
        f"{len(pack.closed_risks)} closed risk(s), {pack.period.label}\n"
    )


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json, tsv or xlsx. Default: from the --output name, else csv.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout; needed for xlsx. A CSV "
            "or TSV file starts with a BOM, so that Excel reads it as UTF-8.",
            show_default=False,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            help="Only this owner's risks (case-insensitive), e.g. for a quarterly return.",
            show_default=False,
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out controls, notes and actions marked restricted."),
    ] = False,
) -> None:
    """Write every risk, with every field; 'riskreg import' reads it back.

    Example: riskreg export --format xlsx --output register.xlsx
    """
    from riskreg.interchange.exports import EXPORTERS, exported_risks, owned_by
    from riskreg.register.layout import display_path
    from riskreg.register.writing import write_output

    chosen = fmt.value if fmt else _format_for(output)
    register = _register(ctx, None, "an export")
    if owner is not None:
        register = owned_by(register, owner)
    if chosen == "xlsx":
        from riskreg.render.workbook import workbook_bytes

        if output is None:
            raise fail("--format xlsx writes a workbook: give --output FILE.xlsx", 2)
        risks = exported_risks(register, public)
        write_output(output, workbook_bytes(risks, register.config.scoring), register.root)
        actions = sum(len(risk.actions) for risk in risks)
        sys.stderr.write(
            f"riskreg: wrote {display_path(output)}: {len(register.open_risks)} open and "
            f"{len(register.closed_risks)} closed risk(s), {actions} action(s)\n"
        )
        return
    text = EXPORTERS[chosen](register, public)
    if output is None:
        sys.stdout.write(text)
        return
    bom = b"\xef\xbb\xbf" if chosen in ("csv", "tsv") else b""
    write_output(output, bom + text.encode("utf-8"), register.root)
    sys.stderr.write(f"riskreg: wrote {display_path(output)}: {len(register.risks)} risk(s)\n")


def _format_for(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in ("csv", "json", "tsv", "xlsx") else "csv"


def diff(
    ctx: typer.Context,
    old: Annotated[
        str | None,
        typer.Argument(
            metavar="REV1", help="From this revision. Default: the latest tag.", show_default=False
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="REV2", help="To this revision. Default: the working tree.", show_default=False
        ),
    ] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TextFormat.text
    ),
) -> None:
    """Say what changed between two revisions: risks added, closed, re-rated, trends, controls.

    Example: riskreg diff v2021-q3 v2021-q4
    """
    from riskreg.cli import options
    from riskreg.errors import UsageError
    from riskreg.git.diff import compare
    from riskreg.git.revisions import latest_tag, repository
    from riskreg.render.diff import RENDERERS

    root = options(ctx).root()
    if old is None:
        old = latest_tag(repository(root))
        if old is None:
            raise UsageError(
                "no tag to compare with: this repository has no tags; give the "
                "revisions, e.g. 'riskreg diff HEAD~1' or 'riskreg diff v1 v2'"
            )
    before = _register(ctx, old, "a diff")
    after = _register(ctx, new, "a diff")
    change = compare(before, after, old, new or "the working tree")
    sys.stdout.write(RENDERERS[fmt.value](change))


def history(
    ctx: typer.Context,
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="Risk ID, e.g. CRR18.")],
    fmt: Annotated[TextFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TextFormat.text
    ),
) -> None:
    """Show a risk's rating and score over time, from its file and from git.

    Example: riskreg history CRR18
    """
    from riskreg.cli import options
    from riskreg.git.score_history import risk_history
    from riskreg.model.ids import normalise_id
    from riskreg.register.loading import load_config
    from riskreg.render.score_history import RENDERERS

    normalise_id(risk_id)
    root = options(ctx).root()
    found = risk_history(root, load_config(root), risk_id)
    sys.stdout.write(RENDERERS[fmt.value](found))


def register(app: typer.Typer) -> None:
    app.command("report")(guarded(report))
    app.command("export")(guarded(export))
    app.command("diff")(guarded(diff))
    app.command("history")(guarded(history))
