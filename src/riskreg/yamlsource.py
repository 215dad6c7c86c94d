"""Reading YAML text into plain values, once, keeping the node tree for line numbers.

Each file is composed with PyYAML's C parser when it is available; values are built
from the composed nodes here rather than by a second parse, so that duplicate keys,
aliases, merge keys and unknown tags become problems instead of silent surprises.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.problems import Problem, Severity

try:
    from yaml import CSafeLoader as _Loader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    HAVE_LIBYAML = False

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

_constructor = yaml.constructor.SafeConstructor()
_ANCHOR_HINT = re.compile(r"(^|[\s\[{,:-])[&*][^\s]")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


@dataclass
class Document:
    """One parsed YAML file: its value, node tree, text and the problems met on the way."""

    path: str
    text: str = ""
    value: Any = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
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


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingNode):
        if part == "[key]":
            return node
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return value  # type: ignore[no-any-return]
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return node.value[part]  # type: ignore[no-any-return]
    return None


def read_document(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and parse one file; every failure is a problem on the returned document."""
    shown = display if display is not None else os.fspath(path)
    doc = Document(shown)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        doc.problem("file-unreadable", f"cannot read the file: {error.strerror or error}")
        return doc
    if len(raw) > MAX_FILE_BYTES:
        doc.problem(
            "file-too-large",
            f"file is larger than {MAX_FILE_BYTES:,} bytes; a risk file is a few kilobytes",
        )
        return doc
    return parse_bytes(raw, shown, doc)


def parse_bytes(raw: bytes, path: str, doc: Document | None = None) -> Document:
    doc = doc or Document(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        doc.bom = True
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        doc.problem("binary-file", "file holds NUL bytes; a risk file is UTF-8 text", line, 1)
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
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.problem("empty-file", "file is empty; a risk file is a mapping of fields", 1, 1)
        return doc
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        doc.problem(
            "tab-indent",
            "tab used for indentation; YAML indents with spaces only",
            line,
            tab.end() - tab.start(),
        )
        return doc
    depth_at = _too_deep(text)
    if depth_at:
        doc.problem(
            "too-deep",
            f"nesting deeper than {MAX_DEPTH} levels; a risk file needs far fewer",
            depth_at,
            1,
        )
        return doc
    if _ANCHOR_HINT.search(text) and _has_anchor(text, doc):
        return doc
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as error:
        mark = error.problem_mark
        message = "several YAML documents in one file; a risk file holds one"
        if error.problem and "document" not in error.problem:
            message = f"YAML error: {error.problem}"
        doc.problem(
            "multiple-documents" if "document" in str(error.problem) else "yaml-syntax",
            message,
            (mark.line + 1) if mark else 0,
            (mark.column + 1) if mark else 0,
        )
        return doc
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        doc.problem(
            "yaml-syntax",
            f"YAML syntax error: {reason}",
            (mark.line + 1) if mark else 0,
            (mark.column + 1) if mark else 0,
        )
        return doc
    except yaml.YAMLError as error:
        doc.problem("yaml-syntax", f"YAML error: {error}", 1, 1)
        return doc
    except RecursionError:
        doc.problem("too-deep", f"nesting deeper than {MAX_DEPTH} levels", 1, 1)
        return doc
    if root is None:
        doc.problem("empty-file", "file is empty; a risk file is a mapping of fields", 1, 1)
        return doc
    doc.root = root
    doc.value = _Builder(doc).build(root)
    return doc


def _too_deep(text: str) -> int:
    """Line of the first place nested more than MAX_DEPTH, by indentation or brackets."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" -")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent // 2 > MAX_DEPTH * 2:
            return number
        for char in stripped:
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char in "'\"#":
                break  # quoted text and comments may hold brackets freely
    return 0


def _has_anchor(text: str, doc: Document) -> bool:
    """Refuse anchors and aliases: a risk file never needs them (and "billion laughs")."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark = event.start_mark
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            doc.problem(
                "anchor",
                f"YAML {kind} '{'*' if kind == 'alias' else '&'}{anchor}' is not allowed "
                "in a risk file; write the value out in full",
                mark.line + 1,
                mark.column + 1,
            )
            return True
    except yaml.YAMLError:
        return False  # the full parse reports the syntax error with its position
    return False


_YAML11_HINTS = {BOOL: "a true/false value", INT: "a number", FLOAT: "a number", NULL: "empty"}


class _Builder:
    """Builds Python values from composed nodes, reporting what YAML would hide."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: Node) -> Any:
        if id(node) in self.seen:
            self._report(node, "anchor", "YAML alias is not allowed in a risk file")
            return None
        if not isinstance(node, ScalarNode):
            self.seen.add(id(node))
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                self._bad_tag(node)
            return [self.build(item) for item in node.value]
        return self._scalar(node)

    def _report(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.doc.problem(code, message, mark.line + 1, mark.column + 1)

    def _bad_tag(self, node: Node) -> None:
        self._report(
            node,
            "tag",
            f"YAML tag '{node.tag}' is not allowed in a risk file; remove it",
        )

    def _mapping(self, node: MappingNode) -> dict[Any, Any]:
        if node.tag != MAP:
            self._bad_tag(node)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                self._report(
                    key_node,
                    "merge-key",
                    "YAML merge key '<<' is not allowed in a risk file; write the fields out",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self._report(key_node, "bad-key", "a key must be plain text, not a list or map")
                continue
            key = self._scalar(key_node)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                continue
            if key in first_line:
                self._report(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key_node.value}' (first at line {first_line[key]}); "
                    "YAML would silently keep only the last",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == STR:
            return node.value
        try:
            if tag == INT:
                return _constructor.construct_yaml_int(node)
            if tag == FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == NULL:
                return None
            if tag == TIMESTAMP:
                return _constructor.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as error:
            kind = "date" if tag == TIMESTAMP else "value"
            self._report(node, "bad-date" if tag == TIMESTAMP else "bad-value",
                         f"'{node.value}' is not a real {kind}: {error}")
            return node.value
        self._bad_tag(node)
        return None


def yaml11_hint(node: Node | None) -> str | None:
    """Why a plain scalar is not text, for a field that wants text (e.g. `no` -> false)."""
    if not isinstance(node, ScalarNode) or node.style or node.tag == STR:
        return None
    if node.tag not in _YAML11_HINTS and node.tag != TIMESTAMP:
        return None
    value = _Builder(Document("")).build(node)
    if isinstance(value, dt.date):
        shown = value.isoformat()
    elif isinstance(value, bool):
        shown = str(value).lower()
    elif value is None:
        shown = "null"
    else:
        shown = str(value)
    return (
        f"plain {node.value!r} is read by YAML as {shown}, not as text; "
        f"quote it: \"{node.value}\""
    )


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
