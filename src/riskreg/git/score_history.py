"""One risk's rating and score over time: from the history kept in its file, and from git.

The file's `history:` entries say what was recorded each quarter (scored, closed,
reopened). Git adds every committed version of the file: for each commit that touched
`risks/<ID>.yaml` or `closed/<ID>.yaml`, the status, rating and score it held then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from riskreg.model.risk import Direction, RegisterConfig, Risk
from riskreg.register.layout import FOLDERS, SUFFIXES, display_path
from riskreg.register.loading import load_one
from riskreg.rules import validate_document
from riskreg.yamlsource import parse_bytes

if TYPE_CHECKING:
    from riskreg.git.revisions import Commit


class _Scored:
    """impact x probability, once both are known."""

    impact: int | None
    probability: int | None

    @property
    def score(self) -> int | None:
        if self.impact is None or self.probability is None:
            return None
        return self.impact * self.probability


@dataclass(frozen=True)
class FileEntry(_Scored):
    quarter: str
    date: dt.date
    event: str
    assessment: str | None
    rating: str | None
    impact: int | None
    probability: int | None
    note: str | None


@dataclass(frozen=True)
class CommitEntry(_Scored):
    commit: str
    date: str
    subject: str
    status: str | None  # open, closed, or None when the file was removed or unreadable
    rating: str | None
    impact: int | None
    probability: int | None
    problem: str | None = None


@dataclass(frozen=True)
class RiskHistory:
    id: str
    name: str
    path: str
    status: str
    rating: str | None
    score: int | None
    trend: tuple[tuple[str, Direction], ...]
    entries: tuple[FileEntry, ...]
    commits: tuple[CommitEntry, ...]
    git_note: str | None  # why there is no git history, when there is none


def risk_history(root: Path, config: RegisterConfig, risk_id: str) -> RiskHistory:
    risk, _doc, risk_file = load_one(root, risk_id, config)
    entries = tuple(
        FileEntry(
            entry.quarter,
            entry.date,
            entry.event,
            entry.assessment,
            _band(entry.rating, config),
            entry.impact,
            entry.probability,
            entry.note,
        )
        for entry in risk.history
    )
    commits, note = _git_history(root, config, risk.id)
    return RiskHistory(
        id=risk.id,
        name=risk.name,
        path=display_path(risk_file.path),
        status=risk.status,
        rating=_band(risk.rating, config),
        score=risk.score,
        trend=tuple(risk.trend_in_order()),
        entries=entries,
        commits=commits,
        git_note=note,
    )


def _band(rating: str | None, config: RegisterConfig) -> str | None:
    if not rating:
        return None
    band = config.scoring.band_named(rating)
    return band.name if band else rating


def _unscored(commit: Commit, problem: str) -> CommitEntry:
    """A commit at which the risk's file holds no risk: removed, or unreadable."""
    return CommitEntry(commit.short, commit.date, commit.subject, None, None, None, None, problem)


def _git_history(
    root: Path, config: RegisterConfig, risk_id: str
) -> tuple[tuple[CommitEntry, ...], str | None]:
    from riskreg.git.revisions import GitError, file_history, read_objects, repository

    try:
        repo = repository(root)
    except GitError as error:
        if "not in a git repository" in error.message:
            return (), "the register is not in a git repository"
        return (), error.message
    paths = [repo.path(f"{folder}/{risk_id}{suffix}") for folder in FOLDERS for suffix in SUFFIXES]
    try:
        commits = file_history(repo, paths)
    except GitError as error:
        if "does not have any commits" in error.message or "bad default revision" in error.message:
            return (), "the repository has no commits yet"
        raise
    if not commits:
        return (), f"no commit holds {risk_id} yet"
    names = [f"{commit.hash}:{path}" for commit in commits for path in paths]
    blobs = read_objects(repo, names)
    rows = []
    for commit in commits:
        found = next(
            (
                (path, blobs[f"{commit.hash}:{path}"])
                for path in paths
                if blobs.get(f"{commit.hash}:{path}") is not None
            ),
            None,
        )
        if found is None:
            rows.append(_unscored(commit, "file removed"))
            continue
        path, raw = found
        doc = parse_bytes(raw or b"", f"{commit.short}:{path}")
        risk: Risk | None = validate_document(doc, config)
        if risk is None:
            errors = sorted(p for p in doc.problems if p.is_error)
            problem = errors[0].message if errors else "does not load"
            rows.append(_unscored(commit, f"unreadable: {problem}"))
            continue
        residual = risk.residual
        rows.append(
            CommitEntry(
                commit.short,
                commit.date,
                commit.subject,
                risk.status,
                _band(risk.rating, config),
                residual.impact if residual else None,
                residual.probability if residual else None,
            )
        )
    return tuple(rows), None
