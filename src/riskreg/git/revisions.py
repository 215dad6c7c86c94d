"""The register as it stood at a git revision, or as staged in the index, read with git
itself (no checkout, no library).

`git ls-tree` lists the register's files at a commit and one `git cat-file --batch`
process reads them all, so reading a revision costs two processes however many risks
there are. Files are checked exactly as on disk; a problem names the file as
`REV:risks/CRR18.yaml`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import ConfigError, RiskregError, UsageError
from riskreg.model.risk import RegisterConfig
from riskreg.problems import Problem
from riskreg.register.layout import CONFIG_NAME, FOLDERS, RiskFile, display_path, is_risk_file_name
from riskreg.register.loading import Register
from riskreg.rules import validate_config_document, validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.yamlsource import CONFIG_FILE, MAX_FILE_BYTES, RISK_FILE, Document, parse_bytes

REGULAR_MODES = ("100644", "100755")


class GitError(RiskregError):
    pass


@dataclass(frozen=True)
class Repository:
    """The git work tree holding a register, and the register's folder inside it."""

    top: Path
    prefix: str  # the register's folder from the top, "" or ending in "/"

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return _git(self.top, *args, stdin=stdin)

    def path(self, relative: str) -> str:
        return self.prefix + relative


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed; it is needed to read the register's history"
        ) from None
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def repository(root: Path) -> Repository:
    """The repository holding the register at `root`; an error outside a git work tree."""
    try:
        out = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    except GitError as error:
        if "not a git repository" in error.message:
            raise GitError(
                f"{display_path(root)} is not in a git repository, so it has no revisions to read"
            ) from None
        raise
    top, prefix = [*out.decode("utf-8").split("\n"), ""][:2]
    return Repository(Path(top), prefix)


def resolve(repo: Repository, revision: str) -> str:
    """The commit a revision names (a tag, branch, HEAD~2, a hash)."""
    if not revision or revision.startswith("-"):
        raise UsageError(f"{revision!r} is not a revision")
    try:
        out = repo.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
    except GitError:
        raise UsageError(
            f"unknown revision {revision!r}: no such tag, branch or commit in "
            "this repository (see 'git tag' and 'git log --oneline')"
        ) from None
    return out.decode().strip()


def latest_tag(repo: Repository) -> str | None:
    """The most recent tag reachable from HEAD, or None when there is none."""
    try:
        out = repo.run("describe", "--tags", "--abbrev=0")
    except GitError:
        return None
    return out.decode("utf-8").strip() or None


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    object: str
    path: str  # from the repository top


def list_tree(repo: Repository, commit: str, paths: list[str]) -> list[TreeEntry]:
    out = repo.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    entries = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, _kind, name = meta.split(" ")
        entries.append(TreeEntry(mode, name, path))
    return entries


def read_objects(repo: Repository, names: list[str]) -> dict[str, bytes | None]:
    """The contents of many objects (hashes or `commit:path`) from one git process."""
    if not names:
        return {}
    out = repo.run("cat-file", "--batch", stdin="".join(f"{name}\n" for name in names).encode())
    contents: dict[str, bytes | None] = {}
    at = 0
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if header[-1] in (b"missing", b"ambiguous") or len(header) < 3:
            contents[name] = None
            continue
        size = int(header[2])
        contents[name] = out[at : at + size]
        at += size + 1
    return contents


def _shown(label: str, path: str) -> str:
    return f"{label}:{path}"


def list_index(repo: Repository, paths: list[str]) -> list[TreeEntry]:
    """The files staged in the index under `paths`, as `list_tree` gives a commit's.
    A file with a merge conflict (no stage 0 entry) is left out."""
    out = repo.run("ls-files", "--stage", "-z", "--", *paths)
    entries = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, name, stage = meta.split(" ")
        if stage == "0":
            entries.append(TreeEntry(mode, name, path))
    return entries


@dataclass
class ReadRegister:
    """A register read from git objects, with the parsed documents, for the lines of
    problems found later."""

    register: Register
    config_document: Document
    documents: dict[str, Document]  # by risk ID
    names: set[str]  # the IDs every risk file's name gives, loaded or not
    shown: list[str]  # every risk file, as named in problems


def load_register_at(root: Path, revision: str) -> Register:
    """The register at `root` as committed at `revision`, checked as it would be on disk."""
    repo = repository(root)
    commit = resolve(repo, revision)
    entries = list_tree(repo, commit, register_paths(repo))
    where = f"{repo.prefix.rstrip('/')}/" if repo.prefix else "the top of the repository"
    missing = (
        f"{revision}: no {CONFIG_NAME} in {where} at that revision; the "
        "register did not exist there yet"
    )
    return read_register(root, repo, entries, missing, lambda path: _shown(revision, path)).register


def load_register_staged(root: Path) -> ReadRegister:
    """The register at `root` as staged in the index: what `git commit` would record.
    Files are named as on disk, for that is where they are fixed."""
    repo = repository(root)
    entries = list_index(repo, register_paths(repo))
    missing = f"{display_path(root / CONFIG_NAME)} is not staged; 'git add' the register first"
    return read_register(
        root, repo, entries, missing, lambda path: display_path(root / path[len(repo.prefix) :])
    )


def register_paths(repo: Repository) -> list[str]:
    """The pathspecs of the register's config and folders, from the repository's top."""
    return [repo.path(CONFIG_NAME), *[repo.path(folder) + "/" for folder in FOLDERS]]


def read_register(
    root: Path,
    repo: Repository,
    entries: list[TreeEntry],
    missing: str,
    shown: Callable[[str], str],
) -> ReadRegister:
    """Load the register from git objects (two processes), each file checked as on disk."""
    config_path = repo.path(CONFIG_NAME)
    config_entry = next((entry for entry in entries if entry.path == config_path), None)
    if config_entry is None:
        raise UsageError(missing)
    files: list[tuple[TreeEntry, str, str]] = []
    problems: list[Problem] = []
    names: set[str] = set()
    every: list[str] = []
    for entry in entries:
        folder, _, name = entry.path[len(repo.prefix) :].partition("/")
        if folder not in FOLDERS or "/" in name or not is_risk_file_name(name):
            continue
        names.add(os.path.splitext(name)[0].upper())
        every.append(shown(entry.path))
        if entry.mode not in REGULAR_MODES:
            kind = "a symbolic link" if entry.mode == "120000" else "not a regular file"
            problems.append(
                Problem(
                    shown(entry.path),
                    0,
                    0,
                    "not-a-file",
                    f"is {kind}; a risk file must be a regular file",
                )
            )
            continue
        files.append((entry, folder, name))
    blobs = read_objects(repo, [config_entry.object, *[entry.object for entry, _, _ in files]])
    config_doc = _document(blobs[config_entry.object] or b"", shown(config_path), CONFIG_FILE)
    config = _checked_config(config_doc)
    register = Register(root, config, problems=problems)
    documents: dict[str, Document] = {}
    for entry, folder, name in files:
        doc = _document(blobs[entry.object] or b"", shown(entry.path))
        risk = validate_document(doc, config)
        if risk is not None:
            check_placement(doc, risk, RiskFile(Path(folder) / name, folder))
        register.problems.extend(doc.problems)
        if risk is not None and doc.ok:
            register.risks.append(risk)
            register.paths[risk.id] = Path(shown(entry.path))
            documents[risk.id] = doc
    register.problems.sort()
    return ReadRegister(register, config_doc, documents, names, every)


def _document(raw: bytes, shown: str, what: str = RISK_FILE) -> Document:
    if len(raw) > MAX_FILE_BYTES:
        doc = Document(shown, what=what)
        doc.problem("file-too-large", f"file is larger than {MAX_FILE_BYTES:,} bytes")
        return doc
    return parse_bytes(raw, shown, Document(shown, what=what))


def _checked_config(doc: Document) -> RegisterConfig:
    shown = doc.path
    config = validate_config_document(doc)
    if config is None or not doc.ok:
        first = sorted(doc.problems)[0].one_line() if doc.problems else f"{shown}: invalid"
        raise ConfigError(first)
    return config


@dataclass(frozen=True)
class Commit:
    hash: str
    short: str
    date: str  # YYYY-MM-DD, the author date
    subject: str


def file_history(repo: Repository, paths: list[str]) -> list[Commit]:
    """Commits on HEAD's history touching any of `paths`, oldest first."""
    out = repo.run("log", "--format=%H%x1f%h%x1f%ad%x1f%s%x1e", "--date=short", "--", *paths)
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        record = record.strip("\n")
        if record:
            commits.append(Commit(*record.split("\x1f", 3)))
    return list(reversed(commits))
