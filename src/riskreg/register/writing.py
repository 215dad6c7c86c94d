"""The one write path: every file riskreg writes goes through this module.

Register files (risk files and `riskreg.yaml`) are changed only while the process holds
the register lock, and only after the new text is checked as `riskreg validate` would
check it (the size cap included). Each write is atomic: a temporary file in the same
folder, flushed and synced, given the original's mode, owner and group (a new file gets
0666 masked by the umask), then renamed over the original and the folder synced. A
reader never sees half a file, and needs no lock.

A move between `risks/` and `closed/` writes the destination first and then removes the
source, so a risk is never in neither folder; an interrupted move leaves both copies,
which a rerun of the same command finishes.

Output files (reports, exports, the editor schema) are written the same atomic way, and
only to a regular file, new or existing, that is not part of the register.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import random
import signal
import socket
import stat
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from riskreg.errors import BadRiskFile, RegisterLocked, UsageError, WriteError
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.editing import Edit, apply_edits
from riskreg.register.layout import CONFIG_NAME, FOLDERS, RiskFile, display_path, is_leftover_name
from riskreg.rules import validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.yamlsource import Document, parse_text
from riskreg.yamlsource.reading import MAX_FILE_BYTES

# New top-level fields go where a fresh file would have them.
FIELD_ORDER = tuple(Risk.model_fields)


def _nested_order() -> dict[str, tuple[str, ...]]:
    """The standard key order inside each field that holds a mapping or a list of them
    (`residual`: rating, impact, probability, category; `actions`: action, owner, ...)."""
    from typing import get_args

    from pydantic import BaseModel

    def models(annotation: object) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [model for arg in get_args(annotation) for model in models(arg)]

    order: dict[str, tuple[str, ...]] = {}
    for name, info in Risk.model_fields.items():
        found = models(info.annotation)
        if found:
            order[name] = tuple(key for model in found for key in model.model_fields)
    return order


NESTED_ORDER = _nested_order()

LOCK_NAME = "riskreg.yaml.lock"
DEFAULT_WAIT = 5.0
_POLL = 0.05
_BOM = b"\xef\xbb\xbf"

# Register roots (real paths) whose lock this process holds: a register file written
# without its lock is a bug, refused before anything is written.
_held: dict[str, int] = {}


# ---------------------------------------------------------------------------
# The register lock.


@dataclass(frozen=True)
class LockHolder:
    """What a lock file says about the process that holds the register."""

    pid: int | None
    host: str
    command: str
    started: str

    def describe(self) -> str:
        who = f"pid {self.pid}" if self.pid else "an unknown process"
        where = f" on {self.host}" if self.host else ""
        what = f" ('{self.command}'" if self.command else " ("
        since = f", since {self.started})" if self.started else ")"
        return f"{who}{where}{what}{since}".replace(" ()", "")


def lock_path(root: Path) -> Path:
    return root / LOCK_NAME


def read_holder(path: Path) -> LockHolder:
    fields: dict[str, str] = {}
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for line in path.read_text(encoding="utf-8").splitlines()[:8]:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()[:200]
    pid_text = fields.get("pid", "")
    return LockHolder(
        int(pid_text) if pid_text.isdigit() else None,
        fields.get("host", ""),
        fields.get("command", ""),
        fields.get("started", ""),
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _lock_identity(path: Path) -> tuple[int, int, bytes] | None:
    """The lock file's inode, size and bytes, or None once it has gone."""
    try:
        info = os.stat(path)
        return info.st_ino, info.st_size, path.read_bytes()
    except OSError:
        return None


def _is_stale(holder: LockHolder) -> bool:
    """Certainly stale: written on this host by a process that has gone."""
    return holder.host == socket.gethostname() and holder.pid is not None and not _alive(holder.pid)


@contextlib.contextmanager
def register_lock(root: Path, command: str, wait: float = DEFAULT_WAIT) -> Iterator[Path]:
    """Hold the register's lock for the duration of a read-modify-write.

    The lock is a file beside `riskreg.yaml`, created with O_CREAT|O_EXCL as git creates
    `index.lock`, holding the pid, host, command and start time. A second writer waits
    up to `wait` seconds, then fails naming the holder. A lock left by a process that has
    gone is reported, never silently broken. The lock is removed when the block ends,
    on an error or Ctrl-C too. Taking it again in the same process is allowed.
    """
    key = os.path.realpath(root)
    if key in _held:
        _held[key] += 1
        try:
            yield lock_path(root)
        finally:
            _held[key] -= 1
        return
    path = lock_path(root)
    content = (
        f"pid: {os.getpid()}\nhost: {socket.gethostname()}\ncommand: riskreg {command}\n"
        f"started: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n"
    ).encode()
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            seen = _lock_identity(path)
            holder = read_holder(path)
            # The holder may have finished between our reading and our check: stale only
            # if its process has gone and the very same lock file is still there.
            if _is_stale(holder) and seen is not None and _lock_identity(path) == seen:
                raise RegisterLocked(_stale_message(path, holder)) from None
            if time.monotonic() >= deadline:
                raise RegisterLocked(_busy_message(path, holder, wait)) from None
            time.sleep(_POLL)
            continue
        except OSError as error:
            raise WriteError(
                f"{display_path(path)}: cannot take the register lock: {error.strerror}; "
                "nothing changed"
            ) from None
        break
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    _held[key] = 1
    with _terminate_as_interrupt():
        try:
            remove_leftovers(root)
            yield path
        finally:
            del _held[key]
            with contextlib.suppress(OSError):
                os.unlink(path)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While the lock is held, SIGTERM (kill, a closed terminal) unwinds like Ctrl-C, so
    the lock is removed and no temporary file is left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _busy_message(path: Path, holder: LockHolder, wait: float) -> str:
    return (
        f"the register is locked by {holder.describe()}; waited {wait:g} s. Try again, or "
        f"give --wait SECONDS. If no riskreg is running, remove {display_path(path)}"
    )


def _stale_message(path: Path, holder: LockHolder) -> str:
    return (
        f"{display_path(path)} is a stale lock: {holder.describe()} is no longer running. "
        f"Check that its change is complete ('riskreg validate', 'git status'), then "
        f"remove {display_path(path)} and try again"
    )


def _require_lock(path: Path) -> None:
    real = os.path.realpath(path.parent)
    for root in _held:
        if real == root or real.startswith(root + os.sep):
            return
    raise AssertionError(f"{path}: a register file written without the register lock")


def remove_leftovers(root: Path) -> list[Path]:
    """Remove the temporary files interrupted writes left (only ever under the lock)."""
    removed = []
    for folder in (root, *(root / name for name in FOLDERS)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if is_leftover_name(name):
                with contextlib.suppress(OSError):
                    os.unlink(folder / name)
                    removed.append(folder / name)
    return removed


# ---------------------------------------------------------------------------
# Register files: checked, then written under the lock.


def edited_text(
    doc: Document, edits: list[Edit], config: RegisterConfig, risk_file: RiskFile
) -> tuple[str, Risk]:
    """The new text of a risk file and the risk it holds; refuses an edit that breaks it."""
    text = apply_edits(doc, edits, FIELD_ORDER, NESTED_ORDER)
    return text, checked_risk(text, doc.path, config, risk_file, doc.bom)


def checked_risk(
    text: str, shown: str, config: RegisterConfig, risk_file: RiskFile, bom: bool = False
) -> Risk:
    """The risk `text` holds, checked as validate would check it at `risk_file`."""
    size = len(text.encode("utf-8")) + (len(_BOM) if bom else 0)
    if size > MAX_FILE_BYTES:
        raise BadRiskFile(
            f"{shown}: refusing to write {size:,} bytes: validate allows a risk file up to "
            f"{MAX_FILE_BYTES:,} bytes; file left unchanged"
        )
    doc = parse_text(text, shown)
    risk = validate_document(doc, config)
    if risk is not None:
        check_placement(doc, risk, risk_file)
    errors = [p for p in doc.problems if p.is_error]
    if risk is None or errors:
        raise BadRiskFile.from_problems(
            errors,
            f"{shown}: invalid",
            "refusing to write an invalid risk: ",
            "; file left unchanged",
        )
    return risk


def update_risk(
    doc: Document,
    edits: list[Edit],
    config: RegisterConfig,
    risk_file: RiskFile,
    dry_run: bool = False,
) -> Risk:
    """Splice `edits` into a risk file, check the result, and replace the file."""
    text, risk = edited_text(doc, edits, config, risk_file)
    if not dry_run:
        replace_file(risk_file.path, text, doc.bom)
    return risk


def replace_file(path: Path, text: str, bom: bool = False) -> None:
    """Replace a register file with `text` (checked by the caller), under the lock."""
    _check_folder(path.parent)
    _require_lock(path)
    _write(path, (_BOM if bom else b"") + text.encode("utf-8"), like=path)


def create_file(path: Path, text: str, bom: bool = False) -> None:
    """Write a new register file whole; FileExistsError if `path` exists meanwhile."""
    _check_folder(path.parent, create=True)
    _require_lock(path)
    _write(path, (_BOM if bom else b"") + text.encode("utf-8"), exclusive=True)


@dataclass(frozen=True)
class BatchFile:
    """One file of a batch: its new text, and whether it replaces an existing file."""

    path: Path
    text: str
    bom: bool = False
    replaces: bool = False  # False: a new file, refused if one appears meanwhile


# Above this many files a batch is made durable by one sync of the file system instead
# of one fsync per file (each fsync waits for its own journal commit).
SYNC_WHOLE_AT = 64


def write_batch(files: list[BatchFile]) -> None:
    """Write many register files as one change, under the lock.

    Every file is first written under a temporary name beside its target and made
    durable (one fsync each, or one sync of the file system for a large batch); only
    then are they put in place: new files linked (refused if one appeared meanwhile),
    then existing files replaced, and each folder synced once. If a temporary file
    cannot be written, or a new file's name is taken, nothing is left behind: the
    temporary files are removed and the new files already linked are removed again.
    FileExistsError names the file that appeared.
    """
    if not files:
        return
    for item in {item.path.parent: item for item in files}.values():
        _check_folder(item.path.parent, create=True)
        _require_lock(item.path)
    temps: list[tuple[BatchFile, str]] = []
    placed: list[Path] = []
    try:
        for item in files:
            temps.append((item, _temporary(item)))
        _make_durable([temp for _item, temp in temps])
        for item, temp in temps:
            if not item.replaces:
                try:
                    _link_new(temp, item.path)
                except FileExistsError:
                    raise FileExistsError(errno.EEXIST, "exists", str(item.path)) from None
                placed.append(item.path)
        for item, temp in temps:
            if item.replaces:
                os.replace(temp, item.path)
    except BaseException as error:
        for path in placed:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if isinstance(error, OSError) and not isinstance(error, FileExistsError):
            shown = display_path(next(iter(files)).path.parent)
            raise WriteError(f"{shown}: cannot write: {error.strerror}; nothing changed") from None
        raise
    finally:
        for _item, temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        folders = sorted({item.path.parent for item in files})
        for folder in folders:
            _sync_folder(folder)


def _temporary(item: BatchFile) -> str:
    """`item`'s text in a temporary file beside it (not yet synced), with its mode."""
    original = os.stat(item.path) if item.replaces else None
    data = (_BOM if item.bom else b"") + item.text.encode("utf-8")
    return _filled_temporary(item.path, data, original, sync=False)


def _filled_temporary(path: Path, data: bytes, original: os.stat_result | None, sync: bool) -> str:
    """A temporary file beside `path` holding `data` (fsynced with `sync`), with the mode,
    owner and group of `original` when there is one; removed again if any step fails."""
    handle, temp = _new_temporary(path, 0o600 if original is not None else 0o666)
    try:
        try:
            _write_all(handle, data)
            if sync:
                os.fsync(handle)
        finally:
            os.close(handle)
        if original is not None:
            os.chmod(temp, stat.S_IMODE(original.st_mode))
            _keep_owner(temp, original)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _new_temporary(path: Path, mode: int) -> tuple[int, str]:
    """A new, empty temporary file beside `path`, `.NAME.RANDOM.tmp`, opened to write.

    Created with `mode` less the umask, as any new file is: one system call, where
    `tempfile.mkstemp` and a chmod took several per file of a large import.
    """
    while True:  # a random name (not a secret: O_EXCL refuses a name taken meanwhile)
        temp = os.path.join(path.parent, f".{path.name}.{random.getrandbits(32):08x}.tmp")
        try:
            return os.open(temp, _CREATE, mode), temp
        except FileExistsError:
            continue


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _make_durable(paths: list[str]) -> None:
    """Every byte of `paths` on disk: an fsync each, or for many files one syncfs(2) of
    their file system (all on one, as they are all in one register)."""
    if len(paths) >= SYNC_WHOLE_AT and _sync_file_system(paths[0]):
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sync_file_system(path: str) -> bool:
    """syncfs(2) of the file system holding `path`; False where there is none."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
    finally:
        os.close(fd)
    return True


def move_file(text: str, bom: bool, source: Path, destination: Path, retry: str) -> None:
    """Write the destination, then remove the source: the risk is never in neither folder.

    `retry` is the command that finishes the move if it is interrupted between the two.
    """
    _check_folder(destination.parent, create=True)
    _require_lock(destination)
    _write(destination, (_BOM if bom else b"") + text.encode("utf-8"), like=source)
    remove_file(source, retry)


def remove_file(path: Path, retry: str) -> None:
    """Remove the source of a move whose destination is written."""
    _require_lock(path)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteError(
            f"{display_path(path)}: cannot remove it ({error.strerror}) after writing the "
            f"moved copy; both copies exist now: rerun '{retry}' to finish"
        ) from None
    _sync_folder(path.parent)


def _check_folder(folder: Path, create: bool = False) -> None:
    """Writes never follow a `risks/` or `closed/` that is a link, or is not a folder."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        if not create:
            raise WriteError(f"{display_path(folder)}: no such folder; nothing changed") from None
        try:
            folder.mkdir()
        except OSError as error:
            raise WriteError(
                f"{display_path(folder)}: cannot create the folder: {error.strerror}; "
                "nothing changed"
            ) from None
        _sync_folder(folder.parent)
        return
    except OSError as error:
        raise WriteError(f"{display_path(folder)}: {error.strerror}; nothing changed") from None
    shown = display_path(folder)
    if stat.S_ISLNK(info.st_mode):
        raise WriteError(
            f"{shown} is a symbolic link; riskreg never writes through a link out of the "
            f"register, so {folder.name}/ must be a real folder; nothing changed"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{shown} is not a folder; nothing changed")


# ---------------------------------------------------------------------------
# Output files: reports, exports, the editor schema.


def write_output(path: Path, data: str | bytes, register: Path | None = None) -> None:
    """Write a report or export to `path`: a regular file, new or existing, never a
    device, pipe or folder, and never a file of the register `register`."""
    shown = display_path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageError(f"{shown}: cannot write the output here: {error.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise UsageError(f"{shown} is {kind}; give --output a file name")
    if register is not None and _inside_register(path, register):
        raise UsageError(
            f"{shown} is part of the register; write the output outside risks/, closed/ "
            f"and {CONFIG_NAME}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{display_path(folder)}: no such folder for the output")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    _write(target, raw, like=target if info is not None else None)


def write_governed(root: Path, path: Path, data: str) -> None:
    """Write a file the register's repository derives from the register (CODEOWNERS),
    atomically, while this process holds the register's lock: a writer of risk files and
    the file derived from them never interleave."""
    _require_lock(root / CONFIG_NAME)
    write_output(path, data, register=root)


def _inside_register(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if real.parent == base and (real.name == CONFIG_NAME or real.name == LOCK_NAME):
        return True
    return any(real.parent == base / folder for folder in FOLDERS)


# ---------------------------------------------------------------------------
# The atomic write itself.


def _write(path: Path, data: bytes, like: Path | None = None, exclusive: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename (or link) it into place.

    The new file takes the mode, owner and group of `like` when it exists (as far as
    this process may set them), else 0666 masked by the umask.
    """
    folder = path.parent
    shown = display_path(path)
    try:
        original = os.stat(like) if like is not None else None
    except FileNotFoundError:
        original = None
    except OSError as error:
        raise WriteError(f"{shown}: cannot write: {error.strerror}; file left unchanged") from None
    try:
        temp = _filled_temporary(path, data, original, sync=True)
    except OSError as error:
        raise WriteError(f"{shown}: cannot write: {error.strerror}; file left unchanged") from None
    try:
        if exclusive:
            _link_new(temp, path)
        else:
            os.replace(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        raise WriteError(f"{shown}: cannot write: {error.strerror}; file left unchanged") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _sync_folder(folder)


def _link_new(temp: str, path: Path) -> None:
    try:
        os.link(temp, path)  # atomic, and refuses to replace an existing file
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the lock keeps this safe
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temp, path)


def _keep_owner(temp: str, original: os.stat_result) -> None:
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return
    mine = os.stat(temp)
    if (mine.st_uid, mine.st_gid) == (original.st_uid, original.st_gid):
        return
    with contextlib.suppress(PermissionError):
        os.chown(temp, original.st_uid, original.st_gid)
    with contextlib.suppress(PermissionError):  # not root: keep at least the group
        os.chown(temp, -1, original.st_gid)
    os.chmod(temp, stat.S_IMODE(original.st_mode))  # chown clears set-id bits


def _umask() -> int:
    if sys.platform.startswith("linux"):
        with (
            contextlib.suppress(OSError, ValueError),
            open("/proc/self/status", encoding="ascii") as status,
        ):
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
