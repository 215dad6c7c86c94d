"""`riskreg import`: risks from a published register's tables, or from riskreg's own exports.

The file's kind is told by its content: a riskreg JSON, CSV or TSV export (the header
row or the JSON object), else the published register's tab-separated tables. A `.json`
or `.csv` file must be an export. Every risk is read and checked before any file is
written, so a malformed import changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from riskreg.errors import UsageError, WriteError
from riskreg.interchange.carried_config import Adopted
from riskreg.model.risk import RegisterConfig, Risk, risk_from_data
from riskreg.problems import Severity
from riskreg.register.editing import Edit, RemoveKey, SetValue, render_new_file
from riskreg.register.layout import (
    CLOSED_DIR,
    OPEN_DIR,
    RiskFile,
    display_path,
    display_paths,
    risk_locator,
)
from riskreg.register.writing import BatchFile, write_batch
from riskreg.yamlsource import read_document

SEED = "seed"
SHEET = "sheet"
KIND_NAMES = {
    SEED: "the published register's tables",
    "json": "a riskreg JSON export",
    "csv": "a riskreg CSV export",
    "tsv": "a riskreg TSV export",
}


@dataclass
class ImportOutcome:
    dry_run: bool
    kind: str = SEED
    added: list[Path] = field(default_factory=list)
    updated: list[tuple[Path, list[str]]] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    conflicts: list[tuple[Path, str]] = field(default_factory=list)
    adopted: tuple[str, ...] = ()  # the config keys a new register took from the export

    def lines(self) -> list[str]:
        out = (
            [
                f"{'would set' if self.dry_run else 'set'}: riskreg.yaml "
                f"({', '.join(self.adopted)}) as the export's register has them"
            ]
            if self.adopted
            else []
        )
        added = "would add" if self.dry_run else "added"
        out += [f"{added}: {shown}" for shown in display_paths(self.added)]
        out += [
            f"{'would update' if self.dry_run else 'updated'}: {display_path(path)} "
            f"({', '.join(fields)})"
            for path, fields in self.updated
        ]
        out += [f"unchanged: {display_path(path)}" for path in self.unchanged]
        out += [f"exists, skipped: {display_path(path)}" for path in self.skipped]
        out += [f"skipped: {display_path(path)}: {reason}" for path, reason in self.conflicts]
        out.append(
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped) + len(self.conflicts)} skipped"
            + (" (dry run: nothing written)" if self.dry_run else "")
        )
        return out


def read_source(source: Path, encoding: str | None = None) -> str:
    from riskreg.interchange.encodings import decode
    from riskreg.interchange.spreadsheets import read_raw

    return decode(read_raw(source), str(source), encoding).text


def parse_source(source: Path, year: str) -> list[dict[str, Any]]:
    from riskreg.interchange.published import SeedFormatError, parse_seed

    text = read_source(source)
    try:
        document = parse_seed(text, year)
    except SeedFormatError as error:
        hint = (
            " (the file is read as a published register's tables, as it is not a riskreg export)"
            if "not part of a recognised table" in error.message
            else ""
        )
        raise UsageError(f"{source}:{error.line}: {error.message}{hint}") from None
    return [*document.open_risks, *document.closed_risks]


def source_kind(source: Path, text: str) -> str:
    """json, csv or tsv for riskreg's exports, else the published register's tables."""
    from riskreg.interchange.exports import HEAD, export_kind

    kind = export_kind(text)
    suffix = source.suffix.lower()
    if suffix == ".json" and kind != "json":
        raise UsageError(f"{source}: not a riskreg JSON export (it does not start with '{{')")
    if suffix == ".csv" and kind != "csv":
        raise UsageError(
            f"{source}: not a riskreg CSV export: its first line must be the "
            f"header {','.join(HEAD)},..."
        )
    return kind or SEED


@dataclass(frozen=True)
class Planned:
    data: dict[str, Any]
    where: str
    target: Path
    existing: Path | None


def import_file(
    root: Path,
    config: RegisterConfig,
    source: Path,
    year: str | None,
    update: bool = False,
    dry_run: bool = False,
    rows: list[tuple[dict[str, Any], str]] | None = None,
) -> ImportOutcome:
    """Add (or with `update`, change) the risks of `source`; nothing is written on an error.

    `rows` are a spreadsheet's risks, read and checked by `interchange.sheet_import`.
    """
    shown = display_path(source)
    adopted: Adopted | None = None
    if rows is not None:
        kind, risks = SHEET, rows
    elif (kind := source_kind(source, text := read_source(source))) == SEED:
        risks = [
            (data, f"{shown}: risk {data.get('id')}")
            for data in _seed_risks(source, year or config.quarter.financial_year)
        ]
    else:
        if year is not None:
            raise UsageError(
                f"--year is for the published register's tables; {shown} is "
                f"{KIND_NAMES[kind]}, whose trend columns name their quarters"
            )
        from riskreg.interchange.exports import read_export

        adopted = _adopted_config(root, config, text, kind, shown)
        if adopted is not None:
            config = adopted.config
        risks = [(risk.data, risk.where) for risk in read_export(text, kind, shown, config.fields)]
    outcome = ImportOutcome(dry_run, kind)
    writes: list[tuple[Path, str, bool | None]] = []  # path, text, BOM (None: a new file)
    if adopted is not None:
        outcome.adopted = adopted.keys
        writes.append((adopted.path, adopted.text, False))
    plan = _plan(root, risks)
    new_texts = _vetted(plan, config)
    for item in plan:
        if item.existing is None:
            outcome.added.append(item.target)
            writes.append((item.target, new_texts[item.target], None))
            continue
        if _holds(item.existing, item.data, config):
            outcome.unchanged.append(item.existing)
            continue
        if item.existing != item.target:
            here = "open" if item.existing.parent.name == OPEN_DIR else "closed"
            there = item.data.get("status", "open")
            outcome.conflicts.append(
                (
                    item.existing,
                    f"{here} here but {there} in {shown}; "
                    f"{'close' if there == 'closed' else 'reopen'} it first",
                )
            )
            continue
        if not update:
            outcome.skipped.append(item.existing)
            continue
        updated, bom, fields = _updated_text(
            item.existing, item.data, config, complete=kind not in (SEED, SHEET)
        )
        if not fields:
            outcome.unchanged.append(item.existing)
            continue
        outcome.updated.append((item.existing, fields))
        writes.append((item.existing, updated, bom))
    if not dry_run:
        try:
            write_batch(
                [
                    BatchFile(path, new_text, bool(had_bom), replaces=had_bom is not None)
                    for path, new_text, had_bom in writes
                ]
            )
        except FileExistsError as error:
            raise WriteError(
                f"{display_path(Path(str(error.filename)))} appeared while importing; "
                "nothing written: run the import again"
            ) from None
    return outcome


def _adopted_config(
    root: Path, config: RegisterConfig, text: str, kind: str, shown: str
) -> Adopted | None:
    """A register with no risks yet takes the config a JSON export carries."""
    from riskreg.interchange.carried_config import adopt_config, register_is_empty
    from riskreg.interchange.exports import json_export_config

    if kind != "json" or not register_is_empty(root):
        return None
    carried = json_export_config(text)
    return None if carried is None else adopt_config(root, config, carried, shown)


def _seed_risks(source: Path, year: str) -> list[dict[str, Any]]:
    risks = parse_source(source, year)
    for data in risks:
        try:
            Risk.model_validate(data)
        except ValidationError as error:
            raise UsageError(
                f"{source}: risk {data.get('id')}: {error.errors()[0]['msg']}"
            ) from None
    return risks


def _plan(root: Path, risks: list[tuple[dict[str, Any], str]]) -> list[Planned]:
    locate = risk_locator(root)
    planned = []
    for data, where in risks:
        folder = CLOSED_DIR if data.get("status") == "closed" else OPEN_DIR
        target = root / folder / f"{data['id']}.yaml"
        found = locate(str(data["id"]))
        planned.append(Planned(data, where, target, found.path if found else None))
    return planned


def _vetted(plan: list[Planned], config: RegisterConfig) -> dict[Path, str]:
    """Each planned risk checked against this register's rules, and the text of each new
    one by its path; the first risk that breaks a rule (a rating that is not a band, ...)
    is refused.

    Checking and writing out thousands of risks is most of an import's work, and each
    risk's is its own, so a large import spreads it over the machine's cores.
    """
    from riskreg.model.timeline import today
    from riskreg.register.parallel import map_in_order

    results = map_in_order(_vet, plan, config, today())
    for item, (errors, _text) in zip(plan, results, strict=True):
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise UsageError(
                f"{item.where}: {item.data.get('id')}: {errors[0]}{more}; nothing imported"
            )
    return {
        item.target: text
        for item, (_errors, text) in zip(plan, results, strict=True)
        if text is not None
    }


def _vet(item: Planned, config: RegisterConfig, day: dt.date) -> tuple[list[str], str | None]:
    """The rule errors of one planned risk, and its file's text if it is new and sound."""
    from riskreg.rules import Context, risk_findings

    risk = risk_from_data(item.data, config.fields)
    errors = [
        finding.message
        for rule, finding in risk_findings(risk, Context(config, day))
        if rule.severity is Severity.ERROR
    ]
    if errors or item.existing is not None:
        return errors, None
    return errors, render_new_file(item.data)


def _holds(path: Path, data: dict[str, Any], config: RegisterConfig) -> bool:
    """Whether the file already holds exactly these fields and values (its layout aside)."""
    from riskreg.interchange.exports import file_data
    from riskreg.rules import validate_document

    doc = read_document(path, display_path(path))
    risk = validate_document(doc, config)
    return risk is not None and doc.ok and file_data(risk) == data


def _updated_text(
    path: Path, data: dict[str, Any], config: RegisterConfig, complete: bool
) -> tuple[str, bool, list[str]]:
    """The existing file with each imported field that differs set in place, whether it
    starts with a byte order mark, and the names of the fields set.

    Values are compared as the risk model reads them, so `↔` in the file and `unchanged`
    in the import are the same. A complete import (riskreg's own export) also removes the
    fields it does not carry; the published register's tables carry only some fields.
    """
    from riskreg.register.writing import edited_text

    doc = read_document(path, display_path(path))
    if doc.root is None or not isinstance(doc.value, dict):
        first = sorted(doc.problems)[0].one_line() if doc.problems else f"{doc.path}: unreadable"
        raise UsageError(f"{first}; fix it before importing over it")
    from riskreg.interchange.exports import file_data

    try:
        current = file_data(risk_from_data(doc.value, config.fields))
    except ValidationError:
        current = dict(doc.value)
    edits: list[Edit] = [
        SetValue((key,), value) for key, value in data.items() if current.get(key) != value
    ]
    if complete:
        edits += [RemoveKey((key,)) for key in doc.value if key not in data]
    if not edits:
        return doc.text, doc.bom, []
    fields = [str(edit.loc[0]) for edit in edits]
    text, _risk = edited_text(doc, edits, config, RiskFile(path, path.parent.name))
    return text, doc.bom, fields
