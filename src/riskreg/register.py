"""The register on disk: `riskreg.yaml`, `risks/<ID>.yaml` (open) and `closed/<ID>.yaml`."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.checks import validate_config_document, validate_document
from riskreg.errors import ConfigError, InvalidRiskId, RegisterNotFound, UnknownRisk
from riskreg.models import ID_RE, RegisterConfig, Risk, id_key
from riskreg.parallel import collector_paused, map_in_order
from riskreg.problems import Problem, Severity
from riskreg.riskfile import SCHEMA_COMMENT
from riskreg.yamlsource import Document, not_regular_reason, read_document

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
        if not (root / CONFIG_NAME).is_file():
            raise RegisterNotFound(
                f"{root}: not a register (no {CONFIG_NAME}); create one with 'riskreg init {root}'"
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise RegisterNotFound(
        f"no register here: no {CONFIG_NAME} in {here} or above; "
        "use --register DIR, set RISKREG_DIR, or create one with 'riskreg init DIR'"
    )


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return os.fspath(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return os.fspath(path)


def config_document(root: Path) -> tuple[Document, RegisterConfig | None]:
    doc = read_document(root / CONFIG_NAME, display_path(root / CONFIG_NAME))
    return doc, validate_config_document(doc)


def load_config(root: Path) -> RegisterConfig:
    doc, config = config_document(root)
    if config is None:
        first = sorted(doc.problems)[0] if doc.problems else None
        detail = first.one_line() if first else f"{doc.path}: invalid register config"
        more = len(doc.problems) - 1
        raise ConfigError(detail + (f" (and {more} more; run 'riskreg validate')" if more else ""))
    return config


def normalise_id(text: str) -> str:
    """A risk ID from the command line: case-insensitive, never a path."""
    candidate = text.strip().upper()
    if not ID_RE.match(candidate):
        raise InvalidRiskId(text)
    return candidate


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

    def others_named(self, risk_id: str, itself: RiskFile | None = None) -> list[RiskFile]:
        """Entries whose file name is `risk_id` (ignoring case), other than `itself`."""
        skip = itself.fspath if itself is not None else None
        return [entry for entry in self.by_id.get(risk_id.upper(), ()) if entry.fspath != skip]


def is_risk_file_name(name: str) -> bool:
    return name.endswith(SUFFIXES) and not name.startswith(".")


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
        try:
            with os.scandir(base) as scan:
                entries = sorted(
                    (entry for entry in scan if is_risk_file_name(entry.name)),
                    key=lambda entry: entry.name,
                )
        except OSError as error:
            listing.problems.append(
                _folder_problem(
                    base, "folder-unreadable", f"cannot read the folder: {error.strerror}"
                )
            )
            continue
        shown = display_path(base)
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


def load_risk_file(risk_file: RiskFile, config: RegisterConfig) -> tuple[Risk | None, Document]:
    return check_risk_file(risk_file, config)


def check_risk_file(
    risk_file: RiskFile,
    config: RegisterConfig | None,
    listing: Listing | None = None,
    shown: str | None = None,
) -> tuple[Risk | None, Document]:
    """Read, parse and check one risk file; with a listing, against the register's names."""
    doc = read_document(
        risk_file.fspath, shown if shown is not None else display_path(risk_file.path)
    )
    risk = validate_document(doc, config)
    if risk is not None:
        check_placement(doc, risk, risk_file, listing)
    if listing is not None:
        check_unique_id(doc, risk_file, listing)
    if risk_file.folder and doc.root is not None and not doc.text.startswith(SCHEMA_LINE):
        doc.problem(
            "schema-comment",
            f"the first line should be '{SCHEMA_COMMENT.strip()}', "
            "so that editors check the file as you type",
            1,
            1,
            Severity.WARNING,
        )
    return (risk if doc.ok else None), doc


def check_unique_id(doc: Document, risk_file: RiskFile, listing: Listing) -> None:
    """IDs are unique across risks/ and closed/, ignoring case, judged by file names.

    Names are enough: every file's ID must equal its name (rule id-filename), so unique
    names mean unique IDs. Working from the directory listing keeps the rule true when
    pre-commit splits the changed files across several processes.

    Passes: risks/CRR18.yaml alone
    Fails:  risks/CRR18.yaml and closed/CRR18.yaml, or risks/crr18.yml beside it
    """
    stem = risk_file.stem
    content_id = doc.value.get("id") if isinstance(doc.value, dict) else None
    same_name = listing.by_id.get(stem.upper(), ())
    if (
        risk_file.folder
        and len(same_name) == 1
        and content_id == stem
        and same_name[0].fspath == risk_file.fspath
    ):
        return  # the usual case: the only file of its name, holding its own ID
    place = doc.position(("id",)) if doc.root is not None else (0, 0)
    reported: set[str] = set()
    if risk_file.folder:
        for other in listing.others_named(stem, risk_file):
            reported.add(other.fspath)
            if other.folder != risk_file.folder:
                message = (
                    f"{stem.upper()} exists in both {OPEN_DIR}/ and "
                    f"{CLOSED_DIR}/: an interrupted close or reopen; rerun it to finish"
                )
            else:
                message = (
                    f"ID {stem.upper()} is also the file "
                    f"{display_path(other.path)}; IDs must be unique across "
                    f"{OPEN_DIR}/ and {CLOSED_DIR}/, ignoring case"
                )
            doc.problem("duplicate-id", message, *place)
    if not isinstance(content_id, str) or not ID_RE.match(content_id.upper()):
        return
    if risk_file.folder and content_id.upper() == stem.upper():
        return
    for other in listing.others_named(content_id, risk_file):
        if other.fspath not in reported:
            doc.problem(
                "duplicate-id",
                f"id {content_id} is already used by "
                f"{display_path(other.path)}; choose an unused ID",
                *place,
            )


def check_placement(
    doc: Document, risk: Risk, risk_file: RiskFile, listing: Listing | None = None
) -> None:
    """The ID equals the file name; closed risks live in closed/, open ones in risks/.

    With the register's listing, a rename is not suggested onto a name already taken.
    """
    if risk.id != risk_file.stem:
        fixes = []
        if ID_RE.match(risk_file.stem):
            fixes.append(f"change the id to {risk_file.stem}")
        if listing is None or not listing.others_named(risk.id, risk_file):
            fixes.append(f"rename the file {risk.id}{risk_file.path.suffix}")
        doc.problem(
            "id-filename",
            f"id {risk.id} does not match the file name "
            f"{risk_file.path.name}; the two must be equal"
            + (": " + " or ".join(fixes) if fixes else ""),
            *doc.position(("id",)),
        )
    if not risk_file.folder:
        home = CLOSED_DIR if risk.status == "closed" else OPEN_DIR
        article = "a" if risk.status == "closed" else "an"
        doc.problem(
            "outside-register",
            f"this file is not in risks/ or closed/, so the "
            f"register does not read it; {article} {risk.status} risk lives at "
            f"{home}/{risk.id}.yaml",
            *doc.position(("id",)),
            Severity.WARNING,
        )
        return
    if risk_file.folder == CLOSED_DIR and risk.status != "closed":
        doc.problem(
            "status-folder",
            "a file in closed/ must have status: closed "
            "(or move it to risks/ with 'riskreg reopen')",
            *doc.position(("status",)),
        )
    if risk_file.folder == OPEN_DIR and risk.status != "open":
        doc.problem(
            "status-folder",
            "a file in risks/ must be open; closed risks live in "
            "closed/ ('riskreg close' moves them)",
            *doc.position(("status",)),
        )


@dataclass
class Register:
    root: Path
    config: RegisterConfig
    risks: list[Risk] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def open_risks(self) -> list[Risk]:
        return [risk for risk in self.risks if risk.is_open]

    @property
    def closed_risks(self) -> list[Risk]:
        return [risk for risk in self.risks if not risk.is_open]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def get(self, risk_id: str) -> Risk:
        wanted = normalise_id(risk_id)
        for risk in self.risks:
            if risk.id == wanted:
                return risk
        raise UnknownRisk(wanted)


def load_register(root: Path, config: RegisterConfig | None = None) -> Register:
    """Every risk that loads, and a problem for every file that does not."""
    config = config or load_config(root)
    register = Register(root, config)
    with collector_paused():
        listing = scan_register(root)
        register.problems = list(listing.problems)
        # Display paths worked out once per folder rather than once per file.
        shown = {folder: display_path(root / folder) for folder in FOLDERS}
        targets = [
            (risk_file, _joined(shown[risk_file.folder], risk_file.name))
            for risk_file in listing.files
        ]
        loaded = map_in_order(_risk_and_problems, targets, config, listing)
        for (risk_file, _shown), (risk, problems) in zip(targets, loaded, strict=True):
            register.problems.extend(problems)
            if risk is not None:
                register.risks.append(risk)
                register.paths[risk.id] = risk_file.path
    register.problems.sort()
    return register


def _joined(folder: str, name: str) -> str:
    return name if folder == "." else os.path.join(folder, name)


def _risk_and_problems(
    target: tuple[RiskFile, str], config: RegisterConfig, listing: Listing
) -> tuple[Risk | None, list[Problem]]:
    """One file's risk and problems (run in a worker process for a large register)."""
    risk, doc = check_risk_file(target[0], config, listing, target[1])
    return risk, doc.problems


def locate_risk(root: Path, risk_id: str) -> RiskFile:
    """The file of one risk, found by name without reading the others."""
    wanted = normalise_id(risk_id)
    for folder in FOLDERS:
        for suffix in SUFFIXES:
            path = root / folder / f"{wanted}{suffix}"
            if os.path.lexists(path):
                return RiskFile(path, folder)
    raise UnknownRisk(wanted)


def all_ids(root: Path) -> list[str]:
    files, _ = list_risk_files(root)
    return [risk_file.stem.upper() for risk_file in files]


def load_one(root: Path, risk_id: str, config: RegisterConfig) -> tuple[Risk, Document, RiskFile]:
    """Load one risk by ID; a broken file raises BadRiskFile naming its first problem."""
    from riskreg.errors import BadRiskFile

    risk_file = locate_risk(root, risk_id)
    link = link_inside(root, risk_file.path)
    if link is not None:
        raise BadRiskFile(
            f"{display_path(link)}: is a symbolic link; riskreg never follows "
            "links out of the register"
        )
    problem = not_a_regular_file(risk_file.path)
    if problem:
        raise BadRiskFile(f"{display_path(risk_file.path)}: {problem}")
    risk, doc = load_risk_file(risk_file, config)
    if risk is None:
        errors = sorted(p for p in doc.problems if p.is_error)
        first = errors[0].one_line() if errors else f"{doc.path}: cannot load"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise BadRiskFile(first + more)
    return risk, doc, risk_file


def sorted_for_listing(risks: Iterable[Risk], config: RegisterConfig) -> list[Risk]:
    """Critical to Low, then by score (highest first, unscored last), then by ID."""
    scoring = config.scoring

    def key(risk: Risk) -> tuple[int, int, tuple[str, int]]:
        rating = risk.rating or ""
        score = risk.score if risk.score is not None else -1
        return (-scoring.rank(rating), -score, id_key(risk.id))

    return sorted(risks, key=key)
