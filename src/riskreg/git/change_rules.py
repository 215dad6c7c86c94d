"""`riskreg validate --since REV`: the checks of a change, for CI on a pull request; and
`riskreg validate --staged`, the same checks of the change staged for commit, for the
pre-commit hook.

With --since, the change is from where the working tree's history meets REV (`git
merge-base`, as `git diff REV...` takes it) to the register on disk. With --staged, it is
from HEAD to the index, read with git as `git commit` would record it. Each risk is
paired with itself at that revision, and the config with its old self; the change rules
of the registry (rules/change_rules.py) judge each pair. A problem is reported at the
line of the file now, or at line 1 of a deleted file's old path, and its message names
the revision.

Files that do not load (now or then) are left to the ordinary checks: a file that exists
but is broken is not taken for a deleted one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import ConfigError, UsageError
from riskreg.git.revisions import (
    GitError,
    Repository,
    load_register_at,
    load_register_staged,
    repository,
    resolve,
)
from riskreg.problems import Problem
from riskreg.register.layout import FOLDERS, display_path, scan_register
from riskreg.register.loading import Register, config_document, load_register
from riskreg.rules.change_rules import ConfigChange, RiskChange
from riskreg.rules.registry import Context, FileKind, checks_for, run_checks
from riskreg.yamlsource import Document, parse_text


def merge_base(repo: Repository, commit: str) -> str:
    """Where HEAD's history meets `commit`; `commit` itself when they share none."""
    try:
        return repo.run("merge-base", commit, "HEAD").decode().strip() or commit
    except GitError:
        return commit


def ids_in_history(repo: Repository, commit: str) -> dict[str, str]:
    """Every risk ID a file in risks/ or closed/ has had up to `commit`, with the short hash
    of the last commit that touched such a file."""
    folders = [repo.path(folder) + "/" for folder in FOLDERS]
    out = repo.run("log", "--format=%x00%h", "--name-only", commit, "--", *folders)
    seen: dict[str, str] = {}
    short = ""
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        if line.startswith("\0"):
            short = line[1:]
        elif line:
            stem = os.path.splitext(os.path.basename(line))[0].upper()
            seen.setdefault(stem, short)  # newest first: keep the last use
    return seen


def change_problems(
    root: Path, since: str, allow_guidance_change: bool = False, today: dt.date | None = None
) -> list[Problem]:
    """Every problem of the change from `since` to the register on disk."""
    repo = repository(root)
    commit = resolve(repo, since)
    base = merge_base(repo, commit)
    short = repo.run("rev-parse", "--short", base).decode().strip()
    label = f"{since} ({short})" if not since.startswith(short) else since
    config_doc, config = config_document(root)
    if config is None:
        return []  # the ordinary checks report the broken config
    now = load_register(root, config)
    present = {f.stem.upper() for f in scan_register(root).files}
    docs: dict[str, Document] = {}

    def document(risk_id: str) -> Document:
        if risk_id not in docs:
            docs[risk_id] = _document(now.paths[risk_id])
        return docs[risk_id]

    now_side = Side(config_doc, now, present, document)
    return _compared(root, repo, base, label, now_side, allow_guidance_change, today)


def staged_problems(
    root: Path, allow_guidance_change: bool = False, today: dt.date | None = None
) -> tuple[list[str], list[Problem]]:
    """The files compared and every problem of the change staged for commit: the index
    against HEAD. Before the first commit, or before the register is staged, there is
    nothing to compare; a config that does not load is left to the ordinary checks."""
    repo = repository(root)
    try:
        base = repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip()
    except GitError:
        return [], []
    short = repo.run("rev-parse", "--short", base).decode().strip()
    try:
        staged = load_register_staged(root)
    except (UsageError, ConfigError):
        return [], []
    files = [staged.config_document.path, *sorted(staged.shown)]
    now_side = Side(
        staged.config_document, staged.register, staged.names, staged.documents.__getitem__
    )
    label = f"HEAD ({short})"
    return files, _compared(root, repo, base, label, now_side, allow_guidance_change, today)


@dataclass(frozen=True)
class Side:
    """The register a change ends at: on disk, or staged in the index."""

    config_document: Document
    register: Register
    present: set[str]  # the IDs of every risk file there, loaded or not
    document: Callable[[str], Document]  # a loaded risk's parsed file, for its lines


def _compared(
    root: Path,
    repo: Repository,
    base: str,
    label: str,
    now_side: Side,
    allow_guidance_change: bool,
    today: dt.date | None,
) -> list[Problem]:
    """Each change rule's findings between the register at `base` and `now_side`."""
    config_doc, now = now_side.config_document, now_side.register
    config = now.config
    try:
        old: Register | None = load_register_at(root, base)
    except UsageError:
        old = None  # the register did not exist yet at that revision
    ctx = Context(config, today or dt.date.today())
    problems: list[Problem] = []

    if old is not None:
        change = ConfigChange(old.config.scoring, config.scoring, label, allow_guidance_change)
        for rule, finding in run_checks(checks_for(FileKind.CHANGE, "ConfigChange"), change, ctx):
            line, column = finding.at or config_doc.position(finding.loc)
            problems.append(
                Problem(config_doc.path, line, column, rule.code, finding.message, rule.severity)
            )

    before = {risk.id: risk for risk in old.risks} if old is not None else {}
    old_paths = {
        risk_id: str(path).partition(":")[2] for risk_id, path in (old.paths if old else {}).items()
    }
    after = {risk.id: risk for risk in now.risks}
    history = ids_in_history(repo, base) if set(after) - set(before) else {}
    rules = checks_for(FileKind.CHANGE, "RiskChange")
    for risk_id in sorted(before.keys() | after.keys()):
        was, is_ = before.get(risk_id), after.get(risk_id)
        if is_ is None and risk_id.upper() in now_side.present:
            continue  # there but broken: the ordinary checks say why
        change_of = RiskChange(
            risk_id,
            was,
            is_,
            label,
            old_path=display_path(root / _from_register(repo, old_paths.get(risk_id, ""))),
            used_before=history.get(risk_id.upper(), "") if was is None else "",
            history_required=config.governance.score_change_needs_history,
            period=config.quarter,
        )
        for rule, finding in run_checks(rules, change_of, ctx):
            if is_ is None:
                shown = change_of.old_path
                line, column = finding.at or (1, 1)
            else:
                doc = now_side.document(risk_id)
                shown = doc.path
                line, column = finding.at or doc.position(finding.loc)
            problems.append(Problem(shown, line, column, rule.code, finding.message, rule.severity))
    return sorted(problems)


def _from_register(repo: Repository, path: str) -> str:
    """A path from the repository's top as a path from the register's folder."""
    return path[len(repo.prefix) :] if path.startswith(repo.prefix) else path


def _document(path: Path) -> Document:
    shown = display_path(path)
    return parse_text(path.read_text("utf-8-sig"), shown)
