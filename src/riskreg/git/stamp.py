"""The revision a pack is "as at": the commit's short hash and date, or today's working tree.

A clean working tree is as at its last commit, so the pack made from it is byte for
byte the one `report --as-of` makes from that commit later. A tree with changes is
as at today, its revision marked as changed. Outside git, a pack is as at today.
Each stamp carries the register's hash (`git/seals.py`), of the commit's files or of
the files on disk, which the pack prints in its footer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from riskreg.git.revisions import GitError, Repository, repository, resolve
from riskreg.git.seals import register_files_at, register_files_on_disk, register_hash
from riskreg.model.timeline import today
from riskreg.register.layout import CONFIG_NAME, FOLDERS
from riskreg.reports.pack import AsAt


def _commit_stamp(repo: Repository, commit: str) -> tuple[str, dt.date]:
    out = repo.run("show", "-s", "--format=%h %cs", commit).decode("ascii").split()
    return out[0], dt.date.fromisoformat(out[1])


def stamp_at(root: Path, revision: str) -> AsAt:
    """The stamp of a pack built from `revision` (`report --as-of`)."""
    repo = repository(root)
    commit = resolve(repo, revision)
    short, day = _commit_stamp(repo, commit)
    return AsAt(day, short, register_hash=register_hash(register_files_at(repo, commit)))


def stamp_now(root: Path) -> AsAt:
    """The stamp of a pack built from the register on disk."""
    try:
        repo = repository(root)
        short, day = _commit_stamp(repo, "HEAD")
    except GitError:  # not in git, git missing, or no commit yet
        return AsAt(today(), register_hash=register_hash(register_files_on_disk(root)))
    paths = [repo.path(CONFIG_NAME), *(repo.path(folder) for folder in FOLDERS)]
    status = repo.run("status", "--porcelain", "--untracked-files=all", "--", *paths)
    if status.strip():
        on_disk = register_hash(register_files_on_disk(root))
        return AsAt(today(), short, changed=True, register_hash=on_disk)
    return AsAt(day, short, register_hash=register_hash(register_files_at(repo, "HEAD")))
