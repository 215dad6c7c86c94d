"""Saving changes to risk files: splice the edit, check the result, write atomically."""

from __future__ import annotations

from pathlib import Path

from riskreg.checks import validate_document
from riskreg.errors import BadRiskFile
from riskreg.models import RegisterConfig, Risk
from riskreg.register import RiskFile, check_placement
from riskreg.riskfile import Edit, apply_edits, write_atomic
from riskreg.yamlsource import Document, parse_text

# New top-level fields go where a fresh file would have them.
FIELD_ORDER = tuple(Risk.model_fields)


def edited_text(
    doc: Document, edits: list[Edit], config: RegisterConfig, risk_file: RiskFile
) -> tuple[str, Risk]:
    """The new text of a risk file and the risk it holds; refuses an edit that breaks it."""
    text = apply_edits(doc, edits, FIELD_ORDER)
    new_doc = parse_text(text, doc.path)
    risk = validate_document(new_doc, config)
    if risk is not None:
        check_placement(new_doc, risk, risk_file)
    errors = sorted(p for p in new_doc.problems if p.is_error)
    if risk is None or errors:
        first = errors[0].one_line() if errors else f"{doc.path}: edit failed"
        raise BadRiskFile(f"refusing to write an invalid risk: {first}; file left unchanged")
    return text, risk


def save(path: Path, text: str, doc: Document) -> None:
    write_atomic(path, text, bom=doc.bom)
