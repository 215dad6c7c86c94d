"""Reading YAML text into plain values, once, keeping the node tree for line numbers.

Each file is composed with PyYAML's C parser when it is available; values are built
from the composed nodes here rather than by a second parse, so that duplicate keys,
aliases, merge keys and unknown tags become problems instead of silent surprises.

Hostile files are refused before they can do harm: a file is opened without following
links and sized with fstat before a byte is read; text that could nest deeply or holds
anchors is screened from the parser's event stream (which needs no recursion) before
anything is composed, so neither a "billion laughs" nor ten thousand `[` reaches the
composer.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.problems import Problem, Severity

try:
    from yaml import CSafeLoader as _BaseLoader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    HAVE_LIBYAML = False

SLOW_LOADER_NOTICE = (
    "riskreg: note: PyYAML is installed without libyaml, so reading YAML is several times "
    "slower; install a PyYAML built with libyaml for full speed\n"
)
_noticed = False

# A risk file is a few kilobytes; anything far larger is not a risk file.
MAX_FILE_BYTES = 1_000_000
# A risk nests at most four levels (risk > actions > action > field); allow slack.
MAX_DEPTH = 12

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
MERGE = "tag:yaml.org,2002:merge"
VALUE = "tag:yaml.org,2002:value"

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a link is refused by the kernel, not checked and raced
    | getattr(os, "O_NONBLOCK", 0)  # a named pipe must not block the open
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
# Plain scalars repeat across files (every key, most short values); resolving one means
# trying YAML 1.1's regular expressions in Python, so remember the answers.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_CACHE_LIMIT = 20_000
_PLAIN_CACHE_LONGEST = 40

# A block collection nested N deep starts at least N/2 columns in, after nothing but
# spaces and the indicators "- ", "? " and ": "; flow nesting needs a bracket per level.
# Text with neither cannot nest deeper than about 2 * _DEEP_RUN + MAX_DEPTH levels.
_DEEP_RUN = 2 * MAX_DEPTH
_DEEP_LINE = re.compile(rf"\n[ ?:-]{{{_DEEP_RUN}}}")
_DEEP_START = re.compile(rf"[ ?:-]{{{_DEEP_RUN}}}")
_BEFORE_PROPERTY = frozenset(" \t\r\n[{,:-")
_SPACE = frozenset(" \t\r\n")
_SIMPLE_INT = re.compile(r"[-+]?[0-9_]+\Z")


class _Loader(_BaseLoader):
    """The safe loader, with resolution of plain scalars cached across files."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _resolver.resolve(ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
                if len(value) <= _PLAIN_CACHE_LONGEST and len(_PLAIN_TAGS) < _PLAIN_CACHE_LIMIT:
                    _PLAIN_TAGS[value] = tag
            return tag
        return MAP if kind is MappingNode else SEQ

    # Path resolvers are never registered on the safe loader; skip their bookkeeping,
    # which the composer asks for twice per node.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


# The loader chosen above, for other modules that read YAML.
LOADER = _Loader


@dataclass
class Document:
    """One parsed YAML file: its value, node tree, text and the problems met on the way."""

    path: str
    text: str = ""
    value: Any = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    # Integers that YAML 1.1 reads differently from a person (010 is 8, 1:30 is 90).
    surprises: list[ScalarNode] = field(default_factory=list)
    newline: str = "\n"
    bom: bool = False

    @property
    def ok(self) -> bool:
        return self.root is not None and not any(p.is_error for p in self.problems)

    def problem(
        self,
        code: str,
        message: str,
        line: int = 0,
        column: int = 0,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(self.path, line, column, code, message, severity))

    def position(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """The 1-based line and column of the value at `loc`, or of its nearest parent."""
        node = self.root
        if node is None:
            return (0, 0)
        best = node
        for part in loc:
            found = _child(node, part)
            if found is None:
                break
            best = node = found
        return (best.start_mark.line + 1, best.start_mark.column + 1)

    def node_at(self, loc: tuple[str | int, ...]) -> Node | None:
        node = self.root
        for part in loc:
            if node is None:
                return None
            node = _child(node, part)
        return node

    def key_node(self, loc: tuple[str | int, ...]) -> Node | None:
        """The key node of the mapping entry at `loc` (a path of keys)."""
        parent = self.node_at(loc[:-1])
        if isinstance(parent, MappingNode):
            for key, _value in parent.value:
                if isinstance(key, ScalarNode) and key.value == loc[-1]:
                    return key
        return None

    def path_of(self, target: Node) -> tuple[str | int, ...]:
        """The key path to a node (for messages about a node found some other way)."""
        stack: list[tuple[Node, tuple[str | int, ...]]] = [(self.root, ())] if self.root else []
        while stack:
            node, loc = stack.pop()
            if node is target:
                return loc
            if isinstance(node, MappingNode):
                stack.extend((value, (*loc, str(key.value))) for key, value in node.value)
            elif isinstance(node, SequenceNode):
                stack.extend((item, (*loc, index)) for index, item in enumerate(node.value))
        return ()


def field_path(loc: Iterable[str | int]) -> str:
    """A key path as a reader writes it: actions[0].due, trend['2021/22 Q4']."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingNode):
        if part == "[key]":
            return node
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return value  # type: ignore[no-any-return]
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def not_regular_reason(mode: int) -> str | None:
    """Why an entry with this st_mode cannot be a risk file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return (
            "is a symbolic link; riskreg never follows links, so a risk file must be "
            "a regular file in the register"
        )
    if stat.S_ISDIR(mode):
        return "is a folder; a risk file must be a regular file"
    return "is not a regular file (a pipe, socket or device); a risk file must be a regular file"


def read_document(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and parse one file; every failure is a problem on the returned document.

    The file is opened without following a link and without blocking on a pipe, and
    its size is checked with fstat before anything is read.
    """
    shown = display if display is not None else os.fspath(path)
    doc = Document(shown)
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
                reason = not_regular_reason(os.lstat(path).st_mode)
            except OSError:
                reason = None
        if reason:
            doc.problem("not-a-file", reason)
        else:
            doc.problem("file-unreadable", f"cannot read the file: {error.strerror or error}")
        return None
    try:
        info = os.fstat(fd)
        reason = not_regular_reason(info.st_mode)
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
        f"file is larger than {MAX_FILE_BYTES:,} bytes; a risk file is a few kilobytes",
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
        doc.problem("binary-file", "file holds NUL bytes; a risk file is UTF-8 text", line, column)
        return doc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        doc.problem(
            "not-utf8",
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
            line,
            column,
        )
        return doc
    return parse_text(text, path, doc)


def parse_text(text: str, path: str, doc: Document | None = None) -> Document:
    doc = doc or Document(path)
    doc.text = text
    if "\r\n" in text:
        doc.newline = "\r\n"
    if _needs_screening(text) and not _screen_events(text, doc):
        return doc
    root = _compose(text, doc)
    if root is None:
        if not doc.problems:
            doc.problem(
                "empty-file",
                "file is empty; a risk file is a mapping of fields (id: CRR18, name: ...)",
                1,
                1,
            )
        return doc
    doc.root = root
    doc.value = _Builder(doc).build(root)
    return doc


def _needs_screening(text: str) -> bool:
    """Whether the text could nest deeply or hold an anchor or alias (cheap; usually no)."""
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_LINE.search(text) is not None
        or _DEEP_START.match(text) is not None
        or _may_hold_anchor(text)
    )


def _may_hold_anchor(text: str) -> bool:
    """An '&' or '*' where YAML allows a node property: after space, a bracket or a comma."""
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            if (at == 0 or text[at - 1] in _BEFORE_PROPERTY) and text[at + 1 : at + 2] not in (
                _SPACE | {""}
            ):
                return True
            at = text.find(mark, at + 1)
    return False


def _screen_events(text: str, doc: Document) -> bool:
    """Walk the event stream (no recursion, nothing built): refuse anchors, aliases and
    nesting deeper than MAX_DEPTH. True when the text may be composed."""
    loader = _Loader(text)
    depth = 0
    safe = True
    lines_reported: set[int] = set()
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if event is None or kind is yaml.StreamEndEvent:
                break
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    _deep(doc, *_position(event.start_mark))
                    return False
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                safe = False
                line, column = _position(event.start_mark)
                if line in lines_reported:
                    continue  # one a line is enough to find them all
                lines_reported.add(line)
                alias = kind is yaml.AliasEvent
                doc.problem(
                    "anchor",
                    f"YAML {'alias' if alias else 'anchor'} '{'*' if alias else '&'}{anchor}' "
                    "is not allowed in a risk file; write the value out in full",
                    line,
                    column,
                )
    except yaml.MarkedYAMLError as error:
        if _nesting_error(error):
            _deep(doc, *_position(error.problem_mark))
            return False
        # otherwise composing reports the syntax error, at its place
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return safe


def _nesting_error(error: yaml.MarkedYAMLError) -> bool:
    """libyaml's own limit on nesting, met before any event of the deep part is seen."""
    return "nesting depth" in (error.problem or "")


def _deep(doc: Document, line: int, column: int) -> None:
    doc.problem(
        "too-deep",
        f"nested more than {MAX_DEPTH} levels deep; a risk file needs at most four",
        line,
        column,
    )


def _notice_slow_loader() -> None:
    """Say once per run, on stderr, that YAML is read without libyaml."""
    global _noticed
    if not HAVE_LIBYAML and not _noticed:
        _noticed = True
        sys.stderr.write(SLOW_LOADER_NOTICE)


def _compose(text: str, doc: Document) -> Node | None:
    _notice_slow_loader()
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.composer.ComposerError as error:
        mark = error.problem_mark
        if error.problem and "another document" in error.problem:
            doc.problem(
                "multiple-documents",
                "a second YAML document starts here; a risk file holds exactly one "
                "(remove the '---' and what follows, or merge it)",
                *_position(mark),
            )
        else:
            doc.problem("yaml-syntax", f"YAML syntax error: {error.problem}", *_position(mark))
    except yaml.MarkedYAMLError as error:
        if _nesting_error(error):
            _deep(doc, *_position(error.problem_mark))
        else:
            _syntax_error(text, doc, error)
    except yaml.reader.ReaderError as error:
        char = error.character
        code = char if isinstance(char, int) else ord(char)
        doc.problem(
            "yaml-syntax",
            f"character U+{code:04X} is not allowed in YAML text; remove it",
            *_offset_position(text, error.position),
        )
    except yaml.YAMLError as error:
        doc.problem("yaml-syntax", f"YAML error: {error}", 1, 1)
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses
        _deep(doc, 1, 1)
    finally:
        loader.dispose()
    return None


def _position(mark: Any) -> tuple[int, int]:
    return ((mark.line + 1), (mark.column + 1)) if mark is not None else (1, 1)


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a byte offset into the UTF-8 encoding of `text`."""
    raw = text.encode("utf-8")[:offset]
    line = raw.count(b"\n") + 1
    column = len(raw[raw.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return line, column


def _syntax_error(text: str, doc: Document, error: yaml.MarkedYAMLError) -> None:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # where the unfinished thing starts, not the file's end
    line, column = _position(mark)
    lines = text.splitlines()
    if 0 < line <= len(lines):
        current = lines[line - 1]
        indent = current[: len(current) - len(current.lstrip(" \t"))]
        if "\t" in indent:
            doc.problem(
                "tab-indent",
                "tab used for indentation; YAML indents with spaces only",
                line,
                indent.index("\t") + 1,
            )
            return
    reason = error.problem or error.context or "invalid YAML"
    if mark is error.context_mark and error.context:
        thing = error.context.removeprefix("while scanning ").removeprefix("while parsing ")
        reason = f"the file ends inside the {thing.removeprefix('a ')} that starts here; close it"
    elif error.context and error.problem and error.context_mark is not None:
        reason += f" ({error.context} at line {error.context_mark.line + 1})"
    doc.problem("yaml-syntax", f"YAML syntax error: {reason}", line, column)


_YAML11_KINDS = {
    BOOL: "",
    INT: "the number",
    FLOAT: "the number",
    NULL: "empty (null)",
    TIMESTAMP: "the date",
}


class _Builder:
    """Builds Python values from composed nodes, reporting what YAML would hide."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.deep = False

    def build(self, node: Node, depth: int = 0) -> Any:
        if type(node) is ScalarNode:
            return node.value if node.tag == STR else self._scalar(node)
        if id(node) in self.seen:
            self._report(
                node,
                "anchor",
                "YAML alias is not allowed in a risk file; write the value out in full",
            )
            return None
        self.seen.add(id(node))
        if depth >= MAX_DEPTH:
            if not self.deep:
                self.deep = True
                mark = node.start_mark
                _deep(self.doc, mark.line + 1, mark.column + 1)
            return None
        if type(node) is MappingNode:
            return self._mapping(node, depth + 1)
        if node.tag != SEQ:
            self._bad_tag(node)
        return [self.build(item, depth + 1) for item in node.value]

    def _report(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.doc.problem(code, message, mark.line + 1, mark.column + 1)

    def _bad_tag(self, node: Node) -> None:
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:"):
            tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
        self._report(node, "tag", f"YAML tag '{tag}' is not allowed in a risk file; remove it")

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        if node.tag != MAP:
            self._bad_tag(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode and key_node.tag == STR:
                key = key_node.value
            else:
                key = self._odd_key(key_node)
                if key is None:
                    continue
            if key in result:
                self._duplicate(node, key_node, key)
                continue
            if type(value_node) is ScalarNode and value_node.tag == STR:
                result[key] = value_node.value  # most values: no call needed
            else:
                result[key] = self.build(value_node, depth)
        return result

    def _odd_key(self, node: Node) -> str | None:
        """The text of a key that YAML did not read as text, after reporting it."""
        if node.tag == MERGE:
            self._report(
                node,
                "merge-key",
                "YAML merge key '<<' is not allowed in a risk file; write the fields out",
            )
            return None
        if type(node) is not ScalarNode:
            self._report(node, "bad-key", "a key must be plain text, not a list or map")
            return None
        hint = yaml11_hint(node)
        if hint is not None:
            self._report(node, "bad-key", f"this key: {hint}")
            return None
        if node.tag == NULL:
            self._report(node, "bad-key", "a key is missing before the ':'")
            return None
        self._scalar(node)  # reports a bad tag
        return None

    def _duplicate(self, node: MappingNode, key_node: Node, key: Any) -> None:
        first = next(k for k, _v in node.value if k.value == key_node.value)
        self._report(
            key_node,
            "duplicate-key",
            f"duplicate key '{key_node.value}' (first at line {first.start_mark.line + 1}); "
            "YAML would silently keep only the last; keep one",
        )

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in (STR, VALUE):
            return node.value
        try:
            if tag == INT:
                value = _constructor.construct_yaml_int(node)
                if not _reads_as_decimal(node.value, value):
                    self.doc.surprises.append(node)
                return value
            if tag == FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == NULL:
                return None
            if tag == TIMESTAMP:
                return _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as error:
            if tag == TIMESTAMP:
                where = field_path(self.doc.path_of(node))
                self._report(
                    node,
                    "bad-date",
                    f"{where + ': ' if where else ''}{node.value} is not a real date "
                    f"({error}); write dates as YYYY-MM-DD, e.g. 2022-03-08",
                )
            else:
                self._report(node, "bad-value", f"'{node.value}' cannot be read: {error}")
            return node.value
        self._bad_tag(node)
        return None


def _reads_as_decimal(text: str, value: int) -> bool:
    """Whether YAML's reading of an integer is what a person reads (not 010 -> 8, 1:30 -> 90)."""
    if not _SIMPLE_INT.match(text):
        return False
    try:
        return int(text.replace("_", "")) == value
    except ValueError:
        return False


def yaml11_hint(node: Node | None) -> str | None:
    """Why an unquoted scalar is not text, for a field that wants text (`no` is false)."""
    if not isinstance(node, ScalarNode) or node.style or node.tag == STR:
        return None
    kind = _YAML11_KINDS.get(node.tag)
    if kind is None or node.value == "":
        return None
    value = _Builder(Document("")).build(node)
    if isinstance(value, dt.date):
        shown = f" {value.isoformat()}"
    elif isinstance(value, bool):
        shown = str(value).lower()
    elif value is None:
        shown = ""
    else:
        shown = f" {value}"
    return (
        f"unquoted {node.value} is read by YAML as {kind}{shown}{_number_note(node)}, "
        f'not as text; put it in quotes: "{node.value}"'
    )


def number_hint(node: ScalarNode) -> str:
    """What YAML made of an integer written as 010, 0x1F or 1:30."""
    value = _constructor.construct_yaml_int(node)
    return (
        f"unquoted {node.value} is read by YAML as the number {value}"
        f"{_number_note(node)}; write the number in plain decimal digits"
    )


def _number_note(node: ScalarNode) -> str:
    if node.tag != INT and node.tag != FLOAT:
        return ""
    text = node.value.lstrip("+-")
    if ":" in text:
        return " (YAML 1.1 reads a:b as base 60)"
    if text.startswith(("0x", "0X")):
        return " (hexadecimal)"
    if text.startswith(("0b", "0B")):
        return " (binary)"
    if len(text) > 1 and text.startswith("0") and text.isdigit():
        return " (a leading 0 makes it octal)"
    return ""


def iter_scalars(node: Node) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from iter_scalars(item)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from iter_scalars(key)
            yield from iter_scalars(value)
