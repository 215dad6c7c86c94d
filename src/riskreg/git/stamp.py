"""The revision a pack is "as at": the commit's short hash and date, or today's working tree.

A clean working tree is as at its last commit, so the pack made from it is byte for
byte the one `report --as-of` makes from that commit later. A tree with changes is
as at today, its revision marked as changed. Outside git, a pack is as at today.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from riskreg.git.revisions import GitError, Repository, repository, resolve
from riskreg.model.timeline import today
from riskreg.register.layout import CONFIG_NAME, FOLDERS
from riskreg.reports.pack import AsAt


def _commit_stamp(repo: Repository, commit: str) -> tuple[str, dt.date]:
    out = repo.run("show", "-s", "--format=%h %cs", commit).decode("ascii").split()
    return out[0], dt.date.fromisoformat(out[1])


def stamp_at(root: Path, revision: str) -> AsAt:
    """The stamp of a pack built from `revision` (`report --as-of`)."""
    repo = repository(root)
    short, day = _commit_stamp(repo, resolve(repo, revision))
    return AsAt(day, short)


def stamp_now(root: Path) -> AsAt:
    """The stamp of a pack built from the register on disk."""
    try:
        repo = repository(root)
        short, day = _commit_stamp(repo, "HEAD")
    except GitError:  # not in git, git missing, or no commit yet
        return AsAt(today())
    paths = [repo.path(CONFIG_NAME), *(repo.path(folder) for folder in FOLDERS)]
    status = repo.run("status", "--porcelain", "--untracked-files=all", "--", *paths)
    if status.strip():
        return AsAt(today(), short, changed=True)
    return AsAt(day, short)
