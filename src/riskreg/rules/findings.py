"""A finding: one rule's complaint about one place in a file, and how it becomes a problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from riskreg.model.risk import RegisterConfig, Risk
from riskreg.problems import Severity
from riskreg.scoring.guidance import Scoring
from riskreg.yamlsource import Document

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    loc: Loc = ()
    severity: Severity = Severity.ERROR


Rule = Callable[[Risk, RegisterConfig], Iterator[Finding]]
ConfigRule = Callable[[Scoring, RegisterConfig | None], Iterator[Finding]]


def add_finding(doc: Document, finding: Finding) -> None:
    """Add the finding to `doc` as a problem at the line and column of its key path."""
    line, column = doc.position(finding.loc)
    if doc.surprises and any(
        p.code == "yaml11-value" and (p.line, p.column) == (line, column) for p in doc.problems
    ):
        return  # "010 is read as 8" already explains why impact is 8
    doc.problem(finding.code, finding.message, line, column, finding.severity)


def places_taken(doc: Document) -> set[tuple[int, int]]:
    """The (line, column) places that already have a problem; each gets at most one."""
    return {(p.line, p.column) for p in doc.problems}
