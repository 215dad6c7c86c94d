"""The one write path: every file riskreg writes goes through here, atomically.

A temporary file in the same folder, flushed and synced, with the original's
permissions, renamed over the original."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from riskreg.errors import BadRiskFile, WriteError
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.editing import Edit, apply_edits
from riskreg.register.layout import RiskFile
from riskreg.rules import validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.yamlsource import Document, parse_text


def write_atomic(path: Path, text: str, bom: bool = False) -> None:
    """Replace `path` with `text` so that a reader sees the old file or the new, never half."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteError(f"{path}: cannot write: {error.strerror}; file left unchanged") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode if mode is not None else 0o644)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise WriteError(f"{path}: cannot write: {error.strerror}; file left unchanged") from None
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
