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
    pdf = "pdf"


# The pack's format from the output file's name.
REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


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


def _pack_format(fmt: ReportFormat | None, output: Path | None) -> str:
    """--format, else the output file's extension, else Markdown; an error when they clash."""
    from riskreg.errors import UsageError

    suffix = output.suffix.lower() if output is not None else ""
    named = REPORT_SUFFIXES.get(suffix)
    if suffix and named is None:
        spreadsheet = (
            "; for a spreadsheet, 'riskreg export --format csv' writes every risk"
            if suffix in (".xlsx", ".xls", ".ods", ".csv")
            else ""
        )
        raise UsageError(
            f"cannot write a pack as {suffix}: the pack is written as .md, .html or .pdf "
            f"(or give --format md|html|pdf with another name){spreadsheet}"
        )
    if fmt is not None and named is not None and fmt.value != named:
        raise UsageError(
            f"--format {fmt.value} does not match {output}: name the file .{fmt.value}, or "
            "leave out --format"
        )
    return fmt.value if fmt is not None else (named or "md")


def report(
    ctx: typer.Context,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html or pdf. Default: from the --output name (.md, .html, .pdf), else md.",
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
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner", help="Only the risks this person or role owns.", show_default=False
        ),
    ] = None,
    department: Annotated[
        str | None,
        typer.Option("--department", help="Only the risks of this department.", show_default=False),
    ] = None,
) -> None:
    """Build the audit committee pack: summary, heat map, open and closed risks, guidance.

    Example: riskreg report --output pack.pdf
    """
    from riskreg.cli import options
    from riskreg.errors import UsageError
    from riskreg.git.stamp import stamp_at, stamp_now
    from riskreg.register.layout import display_path
    from riskreg.register.writing import _inside_register, write_output
    from riskreg.render import pack_html, pack_md
    from riskreg.reports.pack import build_report

    root = options(ctx).root()
    try:
        chosen = _pack_format(fmt, output)
    except UsageError:
        if output is None or not _inside_register(output, root):
            raise
        chosen = "md"  # write_output refuses it, naming the register's file it would replace
    if chosen == "pdf" and output is None and sys.stdout.isatty():
        raise UsageError("a PDF is not for the terminal: give --output pack.pdf")
    if chosen == "pdf":
        from riskreg.render.pack_pdf import NoPdfEngine, available_engine

        if available_engine() is None:  # say so before the work, not after
            from riskreg.render.pack_pdf import INSTALL_HINT

            raise NoPdfEngine(INSTALL_HINT)
    register = _register(ctx, as_of, "the report")
    as_at = stamp_now(root) if as_of is None else stamp_at(root, as_of)
    pack = build_report(register, public=public, as_at=as_at, owner=owner, department=department)
    content: str | bytes
    if chosen == "pdf":
        from riskreg.render.pack_pdf import render_pdf

        content = render_pdf(pack_html.render(pack))
    else:
        content = {"md": pack_md.render, "html": pack_html.render}[chosen](pack)
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    write_output(output, content, register.root)
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
