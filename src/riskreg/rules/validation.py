"""`riskreg validate`: which files to check, every problem in each, and one sorted result.

With no paths the whole register is checked: the config, every entry of `risks/` and
`closed/`. With paths (as pre-commit passes them) only those files are checked, each
still against the whole register for the rules that span files; those rules work from
directory listings, so they hold however pre-commit splits the files across processes.

A path given explicitly that is outside `risks/` and `closed/` (a draft, say) is checked
as a risk file, with a warning saying where the register would expect it. Naming
`riskreg.yaml` checks the whole register, since a change to the scoring guidance can
invalidate any risk. Only problems of the files checked are reported, but a broken
config is always reported, because nothing can be checked fully without it.

Nothing is kept per file but its problems: documents of clean files are dropped as soon
as they are checked.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import EXIT_OK, EXIT_PROBLEMS, RegisterNotFound, UsageError
from riskreg.model.timeline import today as clock
from riskreg.problems import Problem, Severity
from riskreg.register.layout import (
    CONFIG_NAME,
    FOLDERS,
    Listing,
    RiskFile,
    display_path,
    find_root,
    link_inside,
    scan_register,
)
from riskreg.register.loading import check_risk_file, config_document
from riskreg.register.parallel import collector_paused, map_in_order
from riskreg.rules.placement_rules import folder_problems
from riskreg.rules.registry import Context


@dataclass
class ValidationResult:
    """The files checked and every problem found in them, sorted by file, line, column."""

    root: Path
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.problems if strict else self.errors)

    def exit_code(self, strict: bool = False) -> int:
        return EXIT_PROBLEMS if self.failed(strict) else EXIT_OK

    @property
    def files_with_problems(self) -> list[str]:
        return list(dict.fromkeys(p.path for p in self.problems))


def register_root_for(explicit: Path | None, paths: Sequence[Path] = ()) -> Path:
    """The register the paths belong to: --register/$RISKREG_DIR, else the nearest folder
    above the first path holding a config, else the nearest above the current folder."""
    if explicit is not None or os.environ.get("RISKREG_DIR") or not paths:
        return find_root(explicit)
    start = Path(os.path.abspath(paths[0]))
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    try:
        return find_root(None)
    except RegisterNotFound:
        raise RegisterNotFound(
            f"no register for {paths[0]}: no {CONFIG_NAME} above it or above the current "
            "folder; use --register DIR"
        ) from None


@dataclass
class _Plan:
    whole: bool = False
    targets: dict[str, tuple[RiskFile, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    folders: set[str] = field(default_factory=set)

    def add(self, risk_file: RiskFile, shown: str) -> None:
        self.targets.setdefault(risk_file.fspath, (risk_file, shown))


def validate_register(
    root: Path, paths: Sequence[Path] | None = None, today: dt.date | None = None
) -> ValidationResult:
    """Check the whole register, or the given paths against it; never raises for a
    problem in a file (a path that does not exist is a usage error). Overdue dates are
    judged on `today` (the command reads the clock)."""
    listing = scan_register(root)
    plan = _plan(root, listing, paths) if paths else _Plan(whole=True)
    config_doc, config = config_document(root)
    ctx = Context(config, today if today is not None else clock(), listing)
    listing_problems = [*listing.problems, *folder_problems(listing, ctx)]
    result = ValidationResult(root)
    files: list[str] = []
    problems: list[Problem] = list(plan.problems)
    if plan.whole or config is None:
        files.append(config_doc.path)
        problems.extend(config_doc.problems)
    if plan.whole:
        problems.extend(listing_problems)
        files.extend(p.path for p in listing.problems if p.code == "not-a-file")
        for folder, risk_files in _by_folder(listing.files):
            prefix = display_path(root / folder)
            for risk_file in risk_files:
                plan.add(risk_file, os.path.join(prefix, risk_file.name))
    elif plan.folders:
        for folder in sorted(plan.folders):
            base = display_path(root / folder)
            problems.extend(p for p in listing_problems if os.path.dirname(p.path) == base)
    targets = list(plan.targets.values())
    files.extend(shown for _file, shown in targets)
    with collector_paused():
        for found in map_in_order(_problems_of, targets, ctx):
            problems.extend(found)
    result.files = sorted(set(files))
    result.problems = sorted(problems)
    return result


def _problems_of(target: tuple[RiskFile, str], ctx: Context) -> list[Problem]:
    """The problems of one file (run in a worker process for a large register)."""
    risk_file, shown = target
    return check_risk_file(risk_file, ctx.config, ctx.listing, shown, ctx)[1].problems


def _by_folder(files: list[RiskFile]) -> list[tuple[str, list[RiskFile]]]:
    return [(folder, [f for f in files if f.folder == folder]) for folder in FOLDERS]


def _plan(root: Path, listing: Listing, paths: Sequence[Path]) -> _Plan:
    """What to check for the paths given: files, `risks/` or `closed/`, or the register."""
    plan = _Plan()
    bases = _root_spellings(root)
    for path in paths:
        shown = os.fspath(path)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise UsageError(f"{shown}: no such file or folder") from None
        except OSError as error:
            plan.problems.append(
                Problem(shown, 0, 0, "file-unreadable", f"cannot read: {error.strerror}")
            )
            continue
        base, parts = _inside(bases, Path(os.path.abspath(path)))
        if parts == () or parts == (CONFIG_NAME,):
            plan.whole = True
            continue
        if stat.S_ISDIR(info.st_mode):
            if parts is None or len(parts) != 1 or parts[0] not in FOLDERS:
                raise UsageError(
                    f"{shown}: is a folder; give risk files, or the register's "
                    "risks/ or closed/ folder"
                )
            plan.folders.add(parts[0])
            for risk_file in listing.files:
                if risk_file.folder == parts[0]:
                    plan.add(risk_file, os.path.join(shown, risk_file.name))
            continue
        if base is not None and parts is not None:
            link = link_inside(base, base.joinpath(*parts))
            if link is not None:
                plan.problems.append(
                    Problem(
                        shown,
                        0,
                        0,
                        "not-a-file",
                        f"{display_path(link)} is a symbolic link; riskreg never follows links "
                        "out of the register",
                    )
                )
                continue
            if len(parts) == 2 and parts[0] in FOLDERS:
                plan.add(RiskFile(root / parts[0] / parts[1], parts[0]), shown)
                continue
        plan.add(RiskFile(Path(os.path.abspath(path)), ""), shown)
    return plan


def _root_spellings(root: Path) -> list[Path]:
    """The register root as written and as resolved: a path may name it either way."""
    spellings = [Path(os.path.abspath(root))]
    real = Path(os.path.realpath(root))
    if real != spellings[0]:
        spellings.append(real)
    return spellings


def _inside(bases: list[Path], path: Path) -> tuple[Path | None, tuple[str, ...] | None]:
    """Which spelling of the root `path` lies under, and its parts below it (lexically:
    no link in `path` is followed to decide)."""
    for base in bases:
        try:
            return base, path.relative_to(base).parts
        except ValueError:
            continue
    return None, None
