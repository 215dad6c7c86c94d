"""CODEOWNERS for the register: each risk file approved by its owner's account.

`riskreg.yaml`'s `owners:` map names each owner's account (`@user`, `@org/team`);
`governance: risk_manager:` owns `riskreg.yaml` and every risk file whose owner has no
account. The lines are written between two marker comments, so that the rest of a
hand-written CODEOWNERS is kept; GitHub and GitLab read the same syntax, and the last
matching line wins, so the folder defaults come before the files.

The file is found where GitHub and GitLab look (`.github/`, the repository's top,
`docs/`, `.gitlab/`); a new one goes at the top of the repository holding the register.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from riskreg.model.risk import RegisterConfig, Risk, id_key
from riskreg.register.layout import CONFIG_NAME

BEGIN = "# riskreg: begin. Written by 'riskreg codeowners' from riskreg.yaml; edits are replaced."
END = "# riskreg: end"
PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")


@dataclass(frozen=True)
class CodeOwners:
    """The CODEOWNERS file as it should be, and what stands in the way of its being whole."""

    path: Path
    text: str  # the whole file as it should be
    old_text: str | None  # the file as it is, None when there is none
    lines: tuple[str, ...]  # the generated lines, markers included
    # Owner names with no account in `owners:`, each with the IDs of their risks.
    unmapped: tuple[tuple[str, tuple[str, ...]], ...]
    unowned: tuple[str, ...]  # IDs of risks with no owner at all
    risk_manager: str | None

    @property
    def current(self) -> bool:
        return self.old_text == self.text

    def stale_lines(self) -> list[str]:
        """The generated lines that differ, as a diff ('-' now, '+' should be)."""
        old = _block(self.old_text or "") or []
        return [
            line
            for line in difflib.unified_diff(old, list(self.lines), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]


def repository_top(root: Path) -> Path:
    """The top of the git work tree holding `root` (its `.git` found by walking up, no
    git process), or `root` itself outside git."""
    start = Path(os.path.abspath(root))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def find_codeowners(top: Path) -> Path | None:
    for place in PLACES:
        if (top / place).is_file():
            return top / place
    return None


def _escape(path: str) -> str:
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def _block(text: str) -> list[str] | None:
    lines = text.splitlines()
    if BEGIN not in lines:
        return None
    start = lines.index(BEGIN)
    end = lines.index(END, start) if END in lines[start:] else len(lines) - 1
    return lines[start : end + 1]


def plan_codeowners(
    root: Path, config: RegisterConfig, risks: list[Risk], paths: dict[str, Path]
) -> CodeOwners:
    """The CODEOWNERS the register asks for: `risks` and their files' `paths`."""
    top = repository_top(root)
    existing = find_codeowners(top)
    path = existing or top / "CODEOWNERS"
    old_text = path.read_text("utf-8") if existing else None

    def shown(target: Path) -> str:
        relative = os.path.relpath(os.path.abspath(target), top).replace(os.sep, "/")
        return _escape("/" + relative)

    manager = config.governance.risk_manager
    lines = [BEGIN]
    if manager:
        lines.append(f"{shown(root / CONFIG_NAME)} {manager}")
        lines += [f"{shown(root / folder)}/ {manager}" for folder in ("risks", "closed")]
    unmapped: dict[str, list[str]] = {}
    unowned: list[str] = []
    for risk in sorted(risks, key=lambda r: (not r.is_open, id_key(r.id))):
        owner = (risk.owner or "").strip()
        if not owner:
            unowned.append(risk.id)
            continue
        entry = config.owners.get(owner)
        if entry is None or entry.account is None:
            unmapped.setdefault(owner, []).append(risk.id)
            continue
        lines.append(f"{shown(paths[risk.id])} {entry.account}")
    lines.append(END)
    text = _spliced(old_text, lines)
    return CodeOwners(
        path,
        text,
        old_text,
        tuple(lines),
        tuple((name, tuple(ids)) for name, ids in sorted(unmapped.items())),
        tuple(unowned),
        manager,
    )


def _spliced(old_text: str | None, lines: list[str]) -> str:
    """`old_text` with its riskreg block replaced by `lines` (appended when it has none)."""
    if not old_text:
        return "\n".join(lines) + "\n"
    old_lines = old_text.splitlines()
    block = _block(old_text)
    if block is None:
        spacer = [""] if old_lines and old_lines[-1].strip() else []
        return "\n".join([*old_lines, *spacer, *lines]) + "\n"
    start = old_lines.index(BEGIN)
    return "\n".join([*old_lines[:start], *lines, *old_lines[start + len(block) :]]) + "\n"


def codeowners_for(root: Path, config: RegisterConfig) -> CodeOwners:
    """The CODEOWNERS the register on disk asks for."""
    from riskreg.register.loading import load_register

    register = load_register(root, config)
    return plan_codeowners(root, config, register.risks, register.paths)


def write_codeowners(root: Path, plan: CodeOwners) -> bool:
    """Write the planned file (the caller holds the register lock); False when current."""
    from riskreg.register.writing import write_governed

    if plan.current:
        return False
    write_governed(root, plan.path, plan.text)
    return True


def keep_current(root: Path, config: RegisterConfig) -> Path | None:
    """After a command moved or re-owned a risk: rewrite CODEOWNERS if riskreg wrote it
    before (the file holds riskreg's block) and it is out of date. The path when written."""
    existing = find_codeowners(repository_top(root))
    if existing is None or BEGIN not in existing.read_text("utf-8").splitlines():
        return None
    plan = codeowners_for(root, config)
    return plan.path if write_codeowners(root, plan) else None
