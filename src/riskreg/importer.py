"""`riskreg import`: risks from a published register's tab-separated tables into files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from riskreg.errors import UsageError
from riskreg.models import RegisterConfig, Risk
from riskreg.register import CLOSED_DIR, OPEN_DIR, display_path, locate_risk
from riskreg.riskfile import Edit, SetValue, render_new_file, write_atomic
from riskreg.yamlsource import read_document


@dataclass
class ImportOutcome:
    dry_run: bool
    added: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        verbs = (
            ("would add" if self.dry_run else "added", self.added),
            ("would update" if self.dry_run else "updated", self.updated),
            ("unchanged", self.unchanged),
            ("exists, skipped", self.skipped),
        )
        out = [f"{verb}: {display_path(path)}" for verb, paths in verbs for path in paths]
        out.append(
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
            + (" (dry run: nothing written)" if self.dry_run else "")
        )
        return out


def read_source(source: Path) -> str:
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise UsageError(f"{source}: cannot read: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{source}: not UTF-8 text (byte {error.start})") from None


def parse_source(source: Path, year: str) -> list[dict[str, Any]]:
    from riskreg.seed_import import SeedFormatError, parse_seed

    text = read_source(source)
    try:
        document = parse_seed(text, year)
    except SeedFormatError as error:
        raise UsageError(f"{source}:{error.line}: {error.message}") from None
    return [*document.open_risks, *document.closed_risks]


def import_seed(
    root: Path,
    config: RegisterConfig,
    source: Path,
    year: str | None,
    update: bool = False,
    dry_run: bool = False,
) -> ImportOutcome:
    year = year or config.quarter.financial_year
    risks = parse_source(source, year)
    planned: list[tuple[Path, str, dict[str, Any], Path | None]] = []
    for data in risks:
        try:
            Risk.model_validate(data)
        except ValidationError as error:
            raise UsageError(f"{source}: risk {data.get('id')}: {error.errors()[0]['msg']}") \
                from None
        folder = CLOSED_DIR if data.get("status") == "closed" else OPEN_DIR
        target = root / folder / f"{data['id']}.yaml"
        try:
            existing: Path | None = locate_risk(root, str(data["id"])).path
        except Exception:
            existing = None
        planned.append((target, render_new_file(data), data, existing))
    outcome = ImportOutcome(dry_run)
    for target, text, data, existing in planned:
        if existing is None:
            outcome.added.append(target)
            if not dry_run:
                write_atomic(target, text)
            continue
        current = existing.read_text("utf-8-sig")
        if current == text:
            outcome.unchanged.append(existing)
            continue
        if not update or existing != target:
            outcome.skipped.append(existing)
            continue
        new_text = _updated_text(existing, data)
        if new_text == current:
            outcome.unchanged.append(existing)
            continue
        outcome.updated.append(existing)
        if not dry_run:
            write_atomic(existing, new_text)
    return outcome


def _updated_text(path: Path, data: dict[str, Any]) -> str:
    """The existing file with each imported field that differs set in place."""
    from riskreg.riskfile import apply_edits

    doc = read_document(path)
    if doc.root is None or not isinstance(doc.value, dict):
        return render_new_file(data)
    edits: list[Edit] = [
        SetValue((key,), value) for key, value in data.items() if doc.value.get(key) != value
    ]
    return apply_edits(doc, edits)
