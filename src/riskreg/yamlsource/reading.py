"""Reading a file into a Document: bytes safely, then text, screened, composed and built.

A file is opened without following links and without blocking on a pipe, and sized
with fstat before a byte is read; NUL bytes, UTF-16 and bytes that are not UTF-8 are
refused with the line and column where they start. A UTF-8 byte-order mark and CRLF
line ends are accepted and remembered, so a rewrite keeps them.
"""

from __future__ import annotations

import errno
import os
import re
import stat

from riskreg.yamlsource.composing import compose
from riskreg.yamlsource.document import RISK_FILE, Document
from riskreg.yamlsource.screening import needs_screening, screen_events
from riskreg.yamlsource.values import _Builder

# A risk file is a few kilobytes; anything far larger is not a risk file.
MAX_FILE_BYTES = 1_000_000

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a link is refused by the kernel, not checked and raced
    | getattr(os, "O_NONBLOCK", 0)  # a named pipe must not block the open
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def not_regular_reason(mode: int, what: str = RISK_FILE) -> str | None:
    """Why an entry with this st_mode cannot be `what` (a risk file), or None for a
    regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return (
            f"is a symbolic link; riskreg never follows links, so {what} must be "
            "a regular file in the register"
        )
    if stat.S_ISDIR(mode):
        return f"is a folder; {what} must be a regular file"
    return f"is not a regular file (a pipe, socket or device); {what} must be a regular file"


def read_document(
    path: str | os.PathLike[str], display: str | None = None, what: str = RISK_FILE
) -> Document:
    """Read and parse one file; every failure is a problem on the returned document.

    The file is opened without following a link and without blocking on a pipe, and
    its size is checked with fstat before anything is read.
    """
    shown = display if display is not None else os.fspath(path)
    doc = Document(shown, what=what)
    raw = _read_bytes(path, doc)
    if raw is None:
        return doc
    return parse_bytes(raw, shown, doc)


def _read_bytes(path: str | os.PathLike[str], doc: Document) -> bytes | None:
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        reason = None
        if error.errno in (errno.ELOOP, errno.EMLINK):
            try:
                reason = not_regular_reason(os.lstat(path).st_mode, doc.what)
            except OSError:
                reason = None
        if reason:
            doc.problem("not-a-file", reason)
        else:
            doc.problem("file-unreadable", f"cannot read the file: {error.strerror or error}")
        return None
    try:
        info = os.fstat(fd)
        reason = not_regular_reason(info.st_mode, doc.what)
        if reason:
            doc.problem("not-a-file", reason)
            return None
        if info.st_size > MAX_FILE_BYTES:
            _too_large(doc)
            return None
        chunks: list[bytes] = []
        total = 0
        want = info.st_size
        while want > 0:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = info.st_size - total
    except OSError as error:
        doc.problem("file-unreadable", f"cannot read the file: {error.strerror or error}")
        return None
    finally:
        os.close(fd)
    # Read no further than fstat's size: a file that grows meanwhile is read as it was.
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(doc: Document) -> None:
    doc.problem(
        "file-too-large",
        f"file is larger than {MAX_FILE_BYTES:,} bytes; {doc.what} is a few kilobytes",
    )


def parse_bytes(raw: bytes, path: str, doc: Document | None = None) -> Document:
    doc = doc or Document(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        doc.bom = True
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.problem("not-utf8", "file is UTF-16 text; save it as UTF-8", 1, 1)
        return doc
    if b"\x00" in raw:
        nul = raw.find(b"\x00")
        line = raw.count(b"\n", 0, nul) + 1
        column = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        doc.problem("binary-file", f"file holds NUL bytes; {doc.what} is UTF-8 text", line, column)
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        doc.problem("not-utf8", *_message_first(not_utf8(raw, error.start)))
        return doc
    return parse_text(text, path, doc)


# Git's conflict markers, each at the start of a line: <<<<<<< ours, ||||||| base,
# ======= and >>>>>>> theirs.
_CONFLICT_START = re.compile(r"^<{7}(?: |$)", re.M)
_CONFLICT_END = re.compile(r"^>{7}(?: |$)", re.M)
_RANGES_SHOWN = 5


def merge_conflicts(text: str, doc: Document) -> bool:
    """Report git merge-conflict markers left in the text, instead of the YAML error
    they would cause; True when there are any."""
    starts = [m.start() for m in _CONFLICT_START.finditer(text)]
    ends = [m.start() for m in _CONFLICT_END.finditer(text)]
    if not starts and not ends:
        return False
    # Line numbers of every marker, counted in one pass over the text.
    marks = sorted([(at, True) for at in starts] + [(at, False) for at in ends])
    ranges: list[list[int]] = []
    line, last = 1, 0
    for at, opening in marks:
        line += text.count("\n", last, at)
        last = at
        if opening or not ranges or len(ranges[-1]) == 2:
            ranges.append([line])
        if not opening:
            ranges[-1].append(line)
    shown = [f"{r[0]}–{r[-1]}" if r[-1] != r[0] else f"{r[0]}" for r in ranges]
    more = len(shown) - _RANGES_SHOWN
    where = ", ".join(shown[:_RANGES_SHOWN]) + (f" and {more:,} more" if more > 0 else "")
    plural = "s" if len(ranges) > 1 or "–" in shown[0] else ""
    doc.problem(
        "merge-conflict",
        f"merge conflict markers left in the file (line{plural} {where}): finish the merge, "
        "then validate again",
        ranges[0][0],
        1,
    )
    return True


def not_utf8(raw: bytes, start: int) -> tuple[int, int, str]:
    """The line, column and message for a byte that is not UTF-8: one wording for every
    file riskreg reads (a risk file, an import)."""
    from riskreg.problems import byte_position

    line, column = byte_position(raw, start)
    byte = raw[start]
    latin = bytes([byte]).decode("cp1252", "replace")
    seen = f" ('{latin}' in Windows text)" if latin.isprintable() and byte >= 0x80 else ""
    return (
        line,
        column,
        f"byte 0x{byte:02x}{seen} is not UTF-8; save the file as UTF-8",
    )


def _message_first(found: tuple[int, int, str]) -> tuple[str, int, int]:
    line, column, message = found
    return message, line, column


def parse_text(text: str, path: str, doc: Document | None = None) -> Document:
    doc = doc or Document(path)
    doc.text = text
    if "\r\n" in text:
        doc.newline = "\r\n"
    if ("<<<<<<<" in text or ">>>>>>>" in text) and merge_conflicts(text, doc):
        return doc
    if needs_screening(text) and not screen_events(text, doc):
        return doc
    root = compose(text, doc)
    if root is None:
        if not doc.problems:
            doc.problem(
                "empty-file",
                "file is empty; "
                + (
                    "a risk file is a mapping of fields (id: CRR18, name: ...)"
                    if doc.what == RISK_FILE
                    else f"{doc.what} is a mapping of settings (title:, period:, scoring: ...)"
                ),
                1,
                1,
            )
        return doc
    doc.root = root
    doc.value = _Builder(doc).build_root(root)
    return doc
