"""Renderers for `riskreg export`: every risk with every field, as csv, json or tsv.

The formats themselves belong to riskreg.interchange.exports, beside the reader that
imports them back; these adapt them to the renderer registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from riskreg.interchange.exports import export_csv, export_json, export_tsv
from riskreg.register.loading import Register


@dataclass(frozen=True)
class Export:
    """What `riskreg export` renders: the register, and whether restricted text is left out."""

    register: Register
    public: bool = False


def render_csv(export: Export) -> str:
    return export_csv(export.register, export.public)


def render_json(export: Export) -> str:
    return export_json(export.register, export.public)


def render_tsv(export: Export) -> str:
    return export_tsv(export.register, export.public)


def render_xlsx(export: Export) -> bytes:
    """The workbook: a sheet of risks, a sheet of actions, the scoring guidance."""
    from riskreg.interchange.exports import exported_risks
    from riskreg.render.workbook import workbook_bytes

    risks = exported_risks(export.register, export.public)
    config = export.register.config
    return workbook_bytes(risks, config.scoring, config.fields)
