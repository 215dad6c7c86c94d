"""Reporting and data exchange: report, export, diff, history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskreg.commands import report_problems
from riskreg.errors import ProblemsFound
from riskreg.model.ids import parse_risk_id
from riskreg.render import (
    DIFF,
    EXPORT,
    HISTORY,
    PACK,
    DiffFormat,
    ExportFormat,
    HistoryFormat,
    PackFormat,
    chosen_name,
)

if TYPE_CHECKING:
    from riskreg.register.loading import Register


# The pack's format from the output file's name.
REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def _loaded(register: Register, what: str) -> Register:
    """The register, or an error naming each broken file: a pack must not drop a risk."""
    if register.errors:
        report_problems(register.errors)
        raise ProblemsFound(
            f"{len(register.errors)} problem(s) in the register; {what} needs every "
            "risk, so nothing was written (run 'riskreg validate')"
        )
    return register


def _register(ctx: typer.Context, revision: str | None, what: str) -> Register:
    from riskreg.commands import options
    from riskreg.register.loading import load_register

    root = options(ctx).root()
    if revision is None:
        return _loaded(load_register(root), what)
    from riskreg.git.revisions import load_register_at

    return _loaded(load_register_at(root, revision), what)


def _pack_format(fmt: PackFormat | None, output: Path | None) -> str:
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
    given = chosen_name(fmt) if fmt is not None else None
    if given is not None and named is not None and given != named:
        raise UsageError(
            f"--format {given} does not match {output}: name the file .{given}, or "
            "leave out --format"
        )
    return given or named or "md"


def report(
    ctx: typer.Context,
    fmt: Annotated[
        PackFormat | None,
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
    marking: Annotated[
        str | None,
        typer.Option(
            "--marking",
            help="A protective marking (e.g. OFFICIAL-SENSITIVE) for the cover and every "
            "page's header and footer; overrides 'pack: marking:' in riskreg.yaml.",
            show_default=False,
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            metavar="DIR",
            help="A folder of templates (cover.html, styles.css, ...) that replace the "
            "bundled ones of the same name; overrides 'pack: templates:'.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the audit committee pack: summary, heat map, open and closed risks, guidance.

    Example: riskreg report --output pack.pdf
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.git.stamp import stamp_at, stamp_now
    from riskreg.register.layout import display_path
    from riskreg.register.writing import _inside_register, write_output
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
        from riskreg.render.pack.pdf import NoPdfEngine, available_engine

        if available_engine() is None:  # say so before the work, not after
            from riskreg.render.pack.pdf import INSTALL_HINT

            raise NoPdfEngine(INSTALL_HINT)
    register = _register(ctx, as_of, "the report")
    as_at = stamp_now(root) if as_of is None else stamp_at(root, as_of)
    pack = build_report(
        register,
        public=public,
        as_at=as_at,
        owner=owner,
        department=department,
        marking=marking,
        templates=str(template_dir) if template_dir else None,
    )
    if pack.templates and not Path(pack.templates).is_dir():
        from riskreg.errors import ConfigError

        where = "--template-dir" if template_dir else "riskreg.yaml: pack: templates:"
        raise ConfigError(f"{pack.templates}: no such folder of pack templates ({where})")
    if output is None:
        PACK.write(chosen, pack, sys.stdout)
        return
    write_output(output, PACK.content(chosen, pack), register.root)
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
    from riskreg.errors import UsageError
    from riskreg.interchange.exports import exported_risks, owned_by
    from riskreg.register.layout import display_path
    from riskreg.register.writing import write_output
    from riskreg.render.export import Export

    chosen = chosen_name(fmt) if fmt else _format_for(output)
    register = _register(ctx, None, "an export")
    if owner is not None:
        register = owned_by(register, owner)
    if chosen == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    if output is None:
        EXPORT.write(chosen, Export(register, public), sys.stdout)
        return
    content = EXPORT.content(chosen, Export(register, public))
    if isinstance(content, str):
        bom = "\ufeff" if chosen in ("csv", "tsv") else ""
        content = (bom + content).encode("utf-8")
    write_output(output, content, register.root)
    if chosen == "xlsx":
        actions = sum(len(risk.actions) for risk in exported_risks(register, public))
        sys.stderr.write(
            f"riskreg: wrote {display_path(output)}: {len(register.open_risks)} open and "
            f"{len(register.closed_risks)} closed risk(s), {actions} action(s)\n"
        )
        return
    sys.stderr.write(f"riskreg: wrote {display_path(output)}: {len(register.risks)} risk(s)\n")


def _format_for(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in EXPORT.names else "csv"


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
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DIFF.default
    ),
) -> None:
    """Say what changed between two revisions: risks added, closed, re-rated, trends, controls.

    Example: riskreg diff v2021-q3 v2021-q4
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.git.diff import compare
    from riskreg.git.revisions import latest_tag, repository

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
    DIFF.write(fmt, change, sys.stdout)


def history(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk ID, e.g. CRR18.")
    ],
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="Output format.")] = (
        HISTORY.default
    ),
) -> None:
    """Show a risk's rating and score over time, from its file and from git.

    Example: riskreg history CRR18
    """
    from riskreg.commands import options
    from riskreg.git.score_history import risk_history
    from riskreg.register.loading import load_config

    root = options(ctx).root()
    found = risk_history(root, load_config(root), risk_id)
    HISTORY.write(fmt, found, sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("export")(export)
    app.command("diff")(diff)
    app.command("history")(history)
