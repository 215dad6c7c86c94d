"""The register's folders on disk: where it is, its layout, and what `risks/` and `closed/` hold."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import RegisterNotFound, UnknownRisk
from riskreg.problems import Problem
from riskreg.yamlsource import not_regular_reason

CONFIG_NAME = "riskreg.yaml"


OPEN_DIR = "risks"


CLOSED_DIR = "closed"


FOLDERS = (OPEN_DIR, CLOSED_DIR)


SUFFIXES = (".yaml", ".yml")


ENV_VAR = "RISKREG_DIR"


SCHEMA_LINE = "# yaml-language-server: $schema="


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The register root: `explicit`, else $RISKREG_DIR, else the nearest folder upwards."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        root = Path(chosen)
        if not _holds_config(root):
            raise RegisterNotFound(
                f"{root}: not a register (no {CONFIG_NAME}); create one with 'riskreg init {root}'"
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _holds_config(folder):
            return folder
    raise RegisterNotFound(
        f"no register here: no {CONFIG_NAME} in {here} or above; "
        "use --register DIR, set RISKREG_DIR, or create one with 'riskreg init DIR'"
    )


def _holds_config(folder: Path) -> bool:
    """Whether `folder` has a riskreg.yaml; one that is not a regular file is an error."""
    path = folder / CONFIG_NAME
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        from riskreg.errors import ConfigError

        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
        raise ConfigError(
            f"{display_path(path)} is {kind}; the register config must be a regular file"
        )
    return True


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    return display_paths([path])[0]


def display_paths(paths: Iterable[Path]) -> list[str]:
    """`display_path` of each of `paths`, the current folder looked up once for them all."""
    cwd = Path.cwd()
    shown = []
    for path in paths:
        try:
            shown.append(os.fspath((cwd / path).relative_to(cwd)))
        except ValueError:
            shown.append(os.fspath(path))
    return shown


class RiskFile:
    """A risk file's place: its path and its folder ("risks", "closed", or "" elsewhere)."""

    __slots__ = ("_path", "folder", "fspath", "name", "stem")

    def __init__(self, path: str | os.PathLike[str], folder: str) -> None:
        # Listing ten thousand files should not build ten thousand Path objects: the path
        # is kept as text and made a Path only when asked for.
        self._path: Path | None = path if isinstance(path, Path) else None
        self.fspath = os.fspath(path)
        self.folder = folder
        self.name = os.path.basename(self.fspath)
        self.stem = self.name.rsplit(".", 1)[0]

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.fspath)
        return self._path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RiskFile):
            return NotImplemented
        return (self.fspath, self.folder) == (other.fspath, other.folder)

    def __hash__(self) -> int:
        return hash((self.fspath, self.folder))

    def __repr__(self) -> str:
        return f"RiskFile({self.fspath!r}, {self.folder!r})"


@dataclass
class Listing:
    """What `risks/` and `closed/` hold, from their directory listings alone."""

    files: list[RiskFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Every entry named like a risk file, by upper-cased ID, regular file or not:
    # the cross-file rules (IDs unique, ignoring case) need nothing more than names.
    by_id: dict[str, list[RiskFile]] = field(default_factory=dict)
    # Temporary files left by interrupted writes, as display paths.
    leftovers: list[str] = field(default_factory=list)

    def others_named(self, risk_id: str, itself: RiskFile | None = None) -> list[RiskFile]:
        """Entries whose file name is `risk_id` (ignoring case), other than `itself`."""
        skip = itself.fspath if itself is not None else None
        return [entry for entry in self.by_id.get(risk_id.upper(), ()) if entry.fspath != skip]


def is_risk_file_name(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


def is_leftover_name(name: str) -> bool:
    """A temporary file of an interrupted write: `.CRR10.yaml.k2j3h4.tmp`."""
    return name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3


def scan_register(root: Path) -> Listing:
    """List `risks/` and `closed/`: the regular files, and a problem for anything else.

    A folder that is a symbolic link is not listed: riskreg never follows a link out of
    the register. Entries are classified from the listing itself (no stat per file).
    """
    listing = Listing()
    for folder in FOLDERS:
        base = root / folder
        try:
            info = base.lstat()
        except FileNotFoundError:
            continue
        except OSError as error:
            listing.problems.append(
                _folder_problem(
                    base, "folder-unreadable", f"cannot read the folder: {error.strerror}"
                )
            )
            continue
        if stat.S_ISLNK(info.st_mode):
            listing.problems.append(
                _folder_problem(
                    base,
                    "not-a-file",
                    f"{folder}/ is a symbolic link; riskreg never follows links out of the "
                    f"register, so {folder}/ must be a real folder",
                )
            )
            continue
        if not stat.S_ISDIR(info.st_mode):
            listing.problems.append(
                _folder_problem(
                    base,
                    "not-a-file",
                    f"{folder} is not a folder; {folder}/ holds one file per risk",
                )
            )
            continue
        hidden: list[str] = []
        try:
            with os.scandir(base) as scan:
                entries = []
                for entry in scan:
                    if is_risk_file_name(entry.name):
                        entries.append(entry)
                    elif is_leftover_name(entry.name):
                        hidden.append(entry.name)
                entries.sort(key=lambda entry: entry.name)
        except OSError as error:
            listing.problems.append(
                _folder_problem(
                    base, "folder-unreadable", f"cannot read the folder: {error.strerror}"
                )
            )
            continue
        shown = display_path(base)
        listing.leftovers.extend(os.path.join(shown, name) for name in sorted(hidden))
        prefix = os.path.join(os.fspath(base), "")
        for entry in entries:
            risk_file = RiskFile(prefix + entry.name, folder)
            listing.by_id.setdefault(risk_file.stem.upper(), []).append(risk_file)
            try:
                regular = entry.is_file(follow_symlinks=False)
                reason = (
                    None
                    if regular
                    else not_regular_reason(entry.stat(follow_symlinks=False).st_mode)
                )
            except OSError as error:
                reason = f"cannot read: {error.strerror}"
            if reason:
                listing.problems.append(
                    Problem(os.path.join(shown, entry.name), 0, 0, "not-a-file", reason)
                )
                continue
            listing.files.append(risk_file)
    return listing


def list_risk_files(root: Path) -> tuple[list[RiskFile], list[Problem]]:
    """The risk files of a register, and problems with entries that are not regular files."""
    listing = scan_register(root)
    return listing.files, listing.problems


def _folder_problem(base: Path, code: str, message: str) -> Problem:
    return Problem(display_path(base), 0, 0, code, message)


def not_a_regular_file(path: Path) -> str | None:
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot read: {error.strerror}"
    return not_regular_reason(info.st_mode)


def link_inside(root: Path, path: Path) -> Path | None:
    """The first folder between `root` and `path` that is a symbolic link, if any."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    current = root
    for part in parts[:-1]:
        current = current / part
        try:
            if stat.S_ISLNK(current.lstat().st_mode):
                return current
        except OSError:
            return None
    return None


def locate_risk(root: Path, risk_id: str) -> RiskFile:
    """The file of one risk, found by name without reading the others.

    `risk_id` is canonical (from `parse_risk_id`, or a loaded risk's id): it names a file.
    """
    for folder, name in _file_names(risk_id):
        path = root / folder / name
        if os.path.lexists(path):
            return RiskFile(path, folder)
    raise UnknownRisk(risk_id)


def _file_names(risk_id: str) -> Iterator[tuple[str, str]]:
    """The folders and names a risk's file may have, in the order they are looked for."""
    for folder in FOLDERS:
        for suffix in SUFFIXES:
            yield folder, f"{risk_id}{suffix}"


def risk_locator(root: Path) -> Callable[[str], RiskFile | None]:
    """`locate_risk` for many risks at once (None for a risk with no file): each folder
    is listed once, rather than four names looked up on disk for each risk."""
    names: dict[str, set[str]] = {}
    for folder in FOLDERS:
        try:
            names[folder] = set(os.listdir(root / folder))
        except OSError:
            names[folder] = set()

    def locate(risk_id: str) -> RiskFile | None:
        for folder, name in _file_names(risk_id):
            if name in names[folder]:
                return RiskFile(root / folder / name, folder)
        return None

    return locate


def all_ids(root: Path) -> list[str]:
    files, _ = list_risk_files(root)
    return [risk_file.stem.upper() for risk_file in files]
