"""Every risk ID the register's history has used, so that `riskreg new` never reuses one.

An ID is never reused, even when its file was deleted (a mistake `validate --since`
reports) or lived only on another branch. One `git log` over every ref lists the names
risk files ever had; outside a git work tree no git is run at all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from riskreg.register.layout import FOLDERS, is_risk_file_name


def in_work_tree(root: Path) -> bool:
    """Whether `root` is inside a git work tree, judged without running git."""
    if os.environ.get("GIT_DIR"):
        return True
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def ids_ever_used(root: Path) -> set[str]:
    """The IDs of every file risks/ or closed/ has held on any branch or tag; none when
    `root` is not in git, or git cannot say."""
    root = root.resolve()
    if not in_work_tree(root):
        return set()
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "log", "--all", "--name-only", "--relative", "--format=", "--", *FOLDERS],
            cwd=root,
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError:
        return set()  # git is not installed: the folders alone decide
    if done.returncode != 0:
        return set()  # not a repository after all, or no commits yet
    used = set()
    for line in done.stdout.decode("utf-8", "surrogateescape").splitlines():
        folder, _, name = line.partition("/")
        if folder in FOLDERS and "/" not in name and is_risk_file_name(name):
            used.add(os.path.splitext(name)[0].upper())
    return used
