"""`riskreg validate --since REV`: the checks of a change, for CI on a pull request.

The change is from where the working tree's history meets REV (`git merge-base`, as
`git diff REV...` takes it) to the register on disk. Each risk is paired with itself at
that revision, and the config with its old self; the change rules of the registry
(rules/change_rules.py) judge each pair. A problem is reported at the line of the file
now, or at line 1 of a deleted file's old path, and its message names the revision.

Files that do not load (now or then) are left to the ordinary checks: a file that exists
but is broken is not taken for a deleted one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from riskreg.errors import UsageError
from riskreg.git.revisions import GitError, Repository, load_register_at, repository, resolve
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
    try:
        old: Register | None = load_register_at(root, base)
    except UsageError:
        old = None  # the register did not exist yet at that revision
    now = load_register(root, config)
    ctx = Context(config, today or dt.date.today())
    problems: list[Problem] = []

    if old is not None:
        change = ConfigChange(old.config.scoring, config.scoring, label, allow_guidance_change)
        for rule, finding in run_checks(checks_for(FileKind.CHANGE, "ConfigChange"), change, ctx):
            line, column = finding.at or config_doc.position(finding.loc)
            problems.append(
                Problem(config_doc.path, line, column, rule.code, finding.message, rule.severity)
            )

    present = {f.stem.upper() for f in scan_register(root).files}
    before = {risk.id: risk for risk in old.risks} if old is not None else {}
    old_paths = {
        risk_id: str(path).partition(":")[2] for risk_id, path in (old.paths if old else {}).items()
    }
    after = {risk.id: risk for risk in now.risks}
    history = ids_in_history(repo, base) if set(after) - set(before) else {}
    rules = checks_for(FileKind.CHANGE, "RiskChange")
    docs: dict[str, Document] = {}
    for risk_id in sorted(before.keys() | after.keys()):
        was, is_ = before.get(risk_id), after.get(risk_id)
        if is_ is None and risk_id.upper() in present:
            continue  # on disk but broken: the ordinary checks say why
        change_of = RiskChange(
            risk_id,
            was,
            is_,
            label,
            old_path=_from_register(repo, old_paths.get(risk_id, "")),
            used_before=history.get(risk_id.upper(), "") if was is None else "",
            history_required=config.governance.score_change_needs_history,
            period=config.quarter,
        )
        for rule, finding in run_checks(rules, change_of, ctx):
            if is_ is None:
                shown = display_path(root / change_of.old_path)
                line, column = finding.at or (1, 1)
            else:
                doc = docs.get(risk_id) or _document(now.paths[risk_id])
                docs[risk_id] = doc
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
