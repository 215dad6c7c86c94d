"""The register on disk: `riskreg.yaml`, `risks/<ID>.yaml` (open) and `closed/<ID>.yaml`."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from riskreg.checks import report_validation_error, validate_document
from riskreg.errors import ConfigError, InvalidRiskId, RegisterNotFound, UnknownRisk
from riskreg.models import ID_RE, RegisterConfig, Risk, id_key
from riskreg.problems import Problem, Severity
from riskreg.yamlsource import Document, read_document

CONFIG_NAME = "riskreg.yaml"
OPEN_DIR = "risks"
CLOSED_DIR = "closed"
FOLDERS = (OPEN_DIR, CLOSED_DIR)
ENV_VAR = "RISKREG_DIR"


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The register root: `explicit`, else $RISKREG_DIR, else the nearest folder upwards."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        root = Path(chosen)
        if not (root / CONFIG_NAME).is_file():
            raise RegisterNotFound(f"{root}: not a register (no {CONFIG_NAME}); "
                                   f"create one with 'riskreg init {root}'")
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
    if doc.root is None:
        return doc, None
    if not isinstance(doc.value, dict):
        doc.problem("not-a-mapping", "the register config is a mapping of settings", 1, 1)
        return doc, None
    try:
        config = RegisterConfig.model_validate(doc.value)
    except ValidationError as error:
        report_validation_error(doc, error, RegisterConfig)
        return doc, None
    return doc, (config if doc.ok else None)


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


@dataclass
class RiskFile:
    path: Path
    folder: str  # "risks" or "closed"

    @property
    def stem(self) -> str:
        return self.path.name.rsplit(".", 1)[0]


def list_risk_files(root: Path) -> tuple[list[RiskFile], list[Problem]]:
    """The risk files of a register, and problems with entries that are not regular files."""
    files: list[RiskFile] = []
    problems: list[Problem] = []
    for folder in FOLDERS:
        base = root / folder
        try:
            entries = sorted(os.scandir(base), key=lambda entry: entry.name)
        except FileNotFoundError:
            continue
        except OSError as error:
            problems.append(Problem(display_path(base), 0, 0, "folder-unreadable",
                                    f"cannot read the folder: {error.strerror}"))
            continue
        for entry in entries:
            if not entry.name.endswith((".yaml", ".yml")) or entry.name.startswith("."):
                continue
            path = base / entry.name
            problem = not_a_regular_file(path)
            if problem:
                problems.append(Problem(display_path(path), 0, 0, "not-a-file", problem))
                continue
            files.append(RiskFile(path, folder))
    return files, problems


def not_a_regular_file(path: Path) -> str | None:
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot read: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; a risk file must be a regular file in the register"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; a risk file must be a regular file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    return None


def load_risk_file(risk_file: RiskFile, config: RegisterConfig) -> tuple[Risk | None, Document]:
    doc = read_document(risk_file.path, display_path(risk_file.path))
    risk = validate_document(doc, config)
    if risk is not None:
        check_placement(doc, risk, risk_file)
    return (risk if doc.ok else None), doc


def check_placement(doc: Document, risk: Risk, risk_file: RiskFile) -> None:
    """The ID equals the file name; closed risks live in closed/, open ones in risks/."""
    line, column = doc.position(("id",))
    if risk.id != risk_file.stem:
        doc.problem("id-filename", f"id {risk.id} does not match the file name "
                    f"{risk_file.path.name}; name the file {risk.id}.yaml", line, column)
    line, column = doc.position(("status",))
    if risk_file.folder == CLOSED_DIR and risk.status != "closed":
        doc.problem("status-folder", "a file in closed/ must have status: closed "
                    "(or move it to risks/ with 'riskreg reopen')", line, column)
    if risk_file.folder == OPEN_DIR and risk.status != "open":
        doc.problem("status-folder", "a file in risks/ must be open; closed risks live in "
                    "closed/ ('riskreg close' moves them)", line, column)


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
    files, register.problems = list_risk_files(root)
    for risk_file in files:
        risk, doc = load_risk_file(risk_file, config)
        register.problems.extend(doc.problems)
        if risk is not None:
            register.risks.append(risk)
            register.paths[risk.id] = risk_file.path
    register.problems.sort()
    return register


def locate_risk(root: Path, risk_id: str) -> RiskFile:
    """The file of one risk, found by name without reading the others."""
    wanted = normalise_id(risk_id)
    for folder in FOLDERS:
        for suffix in (".yaml", ".yml"):
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
