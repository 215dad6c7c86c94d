"""How a rule's findings become problems at a line and column of the file."""

from __future__ import annotations

from collections.abc import Iterable

from riskreg.rules.registry import Finding, Loc, Rule
from riskreg.yamlsource import Document


def add_findings(doc: Document, found: Iterable[tuple[Rule, Finding]]) -> None:
    """Add each finding to `doc` as its rule's problem, at the line and column of its key
    path; a place where YAML read a number unexpectedly keeps that explanation alone."""
    explained: set[tuple[int, int]] | None = None
    for rule, finding in found:
        line, column = finding.at or doc.position(finding.loc)
        if doc.surprises:
            if explained is None:
                explained = {(p.line, p.column) for p in doc.problems if p.code == "yaml11-value"}
            if (line, column) in explained:
                continue  # "010 is read as 8" already explains why impact is 8
        doc.problem(rule.code, finding.message, line, column, rule.severity)


def places_taken(doc: Document) -> set[tuple[int, int]]:
    """The (line, column) places that already have a problem; each gets at most one."""
    return {(p.line, p.column) for p in doc.problems}


__all__ = ["Finding", "Loc", "add_findings", "places_taken"]
