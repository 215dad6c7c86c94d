"""Sealed quarters: an annotated git tag holding the register's hash and the pack's.

The register hash is SHA-256 over every file of the register at the commit, in this
canonical order: `riskreg.yaml`, then each risk file of `risks/`, then of `closed/`, each
folder's files by name (byte order). Each file contributes its path from the register's
folder, a NUL, its size in decimal, a NUL, and its bytes. Nothing else in the repository
counts. The HTML pack's hash is SHA-256 of the pack `report --as-of TAG --format html`
prints; a PDF depends on the engine and fonts, so it is not hashed.

The tag (`riskreg/2021-22-Q4`) is annotated, and signed when git is set to sign tags
(`tag.gpgSign`). Its message holds the two hashes and riskreg's version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import UsageError, WrongState
from riskreg.git.revisions import (
    REGULAR_MODES,
    GitError,
    Repository,
    list_tree,
    read_objects,
    repository,
    resolve,
)
from riskreg.model.quarters import Quarter
from riskreg.register.layout import CONFIG_NAME, FOLDERS, is_risk_file_name

REGISTER_KEY = "register-sha256"
PACK_KEY = "pack-html-sha256"
VERSION_KEY = "riskreg-version"


def tag_name(quarter: Quarter) -> str:
    return "riskreg/" + quarter.label.replace("/", "-").replace(" ", "-")


def register_files_at(repo: Repository, commit: str) -> list[tuple[str, bytes]]:
    """The register's files at `commit` in the canonical order, with their bytes."""
    config_path = repo.path(CONFIG_NAME)
    entries = list_tree(repo, commit, [config_path, *[repo.path(f) + "/" for f in FOLDERS]])
    chosen: list[tuple[tuple[int, bytes], str, str]] = []
    for entry in entries:
        relative = entry.path[len(repo.prefix) :]
        if relative == CONFIG_NAME:
            chosen.append(((0, b""), relative, entry.object))
            continue
        folder, _, name = relative.partition("/")
        if (
            folder in FOLDERS
            and "/" not in name
            and is_risk_file_name(name)
            and entry.mode in REGULAR_MODES
        ):
            key = (1 + FOLDERS.index(folder), name.encode("utf-8", "surrogateescape"))
            chosen.append((key, relative, entry.object))
    chosen.sort()
    blobs = read_objects(repo, [name for _, _, name in chosen])
    return [(path, blobs[name] or b"") for _, path, name in chosen]


def register_files_on_disk(root: Path) -> list[tuple[str, bytes]]:
    """The register's files as they are on disk, in the canonical order, with their bytes."""
    found: list[tuple[str, bytes]] = []
    config = root / CONFIG_NAME
    if config.is_file():
        found.append((CONFIG_NAME, config.read_bytes()))
    for folder in FOLDERS:
        if not (root / folder).is_dir():
            continue
        names = sorted(
            (entry.name for entry in (root / folder).iterdir() if is_risk_file_name(entry.name)),
            key=lambda name: name.encode("utf-8", "surrogateescape"),
        )
        for name in names:
            path = root / folder / name
            if path.is_file() and not path.is_symlink():
                found.append((f"{folder}/{name}", path.read_bytes()))
    return found


def register_hash(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for path, data in files:
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


def register_hash_at(root: Path, revision: str) -> str:
    repo = repository(root)
    return register_hash(register_files_at(repo, resolve(repo, revision)))


def pack_hash(html: str | bytes) -> str:
    return hashlib.sha256(html.encode("utf-8") if isinstance(html, str) else html).hexdigest()


@dataclass(frozen=True)
class Seal:
    tag: str
    commit: str
    register: str
    pack: str
    version: str
    signed: bool = False


def create_seal(root: Path, seal: Seal, quarter: Quarter) -> None:
    """Create the annotated tag (git signs it when set to sign tags)."""
    repo = repository(root)
    try:
        repo.run("rev-parse", "--verify", "--quiet", f"refs/tags/{seal.tag}")
    except GitError:
        pass
    else:
        raise WrongState(
            f"{seal.tag} already exists: {quarter.label} is sealed ('riskreg verify {seal.tag}')"
        )
    message = (
        f"riskreg seal of {quarter.label}\n\n"
        f"{REGISTER_KEY}: {seal.register}\n{PACK_KEY}: {seal.pack}\n{VERSION_KEY}: {seal.version}\n"
    )
    repo.run("tag", "-a", "-F", "-", seal.tag, seal.commit, stdin=message.encode("utf-8"))


def read_seal(root: Path, tag: str) -> Seal:
    """What a seal's tag records; an error for a tag riskreg did not write."""
    repo = repository(root)
    commit = resolve(repo, tag)
    try:
        raw = repo.run("cat-file", "tag", f"refs/tags/{tag}").decode("utf-8", "replace")
    except GitError:
        raise UsageError(f"{tag} is not an annotated tag; 'riskreg seal' writes one") from None
    fields: dict[str, str] = {}
    for line in raw.split("\n\n", 1)[-1].splitlines():
        key, _, value = line.partition(": ")
        if key in (REGISTER_KEY, PACK_KEY, VERSION_KEY):
            fields[key] = value.strip()
    if REGISTER_KEY not in fields:
        raise UsageError(f"{tag} holds no register hash; it is not a riskreg seal")
    return Seal(
        tag,
        commit,
        fields[REGISTER_KEY],
        fields.get(PACK_KEY, ""),
        fields.get(VERSION_KEY, ""),
        "-----BEGIN PGP SIGNATURE-----" in raw or "-----BEGIN SSH SIGNATURE-----" in raw,
    )


def head_commit(root: Path) -> str:
    repo = repository(root)
    return resolve(repo, "HEAD")
