"""One parsed YAML file, and finding the line and column of a value in it by key path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskreg.problems import Problem, Severity

RISK_FILE = "a risk file"
CONFIG_FILE = "the register config"

# Mappings this small are searched key by key; larger ones are indexed on first search.
_SCAN_LIMIT = 16


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
    # What the file is, as messages name it: "a risk file" or "the register config".
    what: str = RISK_FILE
    # Key lookups in a large mapping, by the mapping's id: each mapping is indexed once,
    # when first searched, so finding N keys in it is linear rather than N x N.
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

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
            found = self._child(node, part)
            if found is None:
                break
            best = node = found
        return (best.start_mark.line + 1, best.start_mark.column + 1)

    def node_at(self, loc: tuple[str | int, ...]) -> Node | None:
        node = self.root
        for part in loc:
            if node is None:
                return None
            node = self._child(node, part)
        return node

    def key_node(self, loc: tuple[str | int, ...]) -> Node | None:
        """The key node of the mapping entry at `loc` (a path of keys)."""
        parent = self.node_at(loc[:-1])
        if isinstance(parent, MappingNode):
            entry = self.entry(parent, str(loc[-1]))
            if entry is not None:
                return entry[0]
        return None

    def entry(self, mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
        """The first (key node, value node) of `mapping` whose key is the text `key`."""
        if len(mapping.value) <= _SCAN_LIMIT:
            for key_node, value in mapping.value:
                if isinstance(key_node, ScalarNode) and key_node.value == key:
                    return key_node, value
            return None
        index = self._keys.get(id(mapping))
        if index is None:
            index = {}
            for key_node, value in mapping.value:
                if isinstance(key_node, ScalarNode):
                    index.setdefault(key_node.value, (key_node, value))
            self._keys[id(mapping)] = index
        return index.get(key)

    def paths_of(self, targets: Iterable[Node]) -> dict[int, tuple[str | int, ...]]:
        """The key path to each of `targets`, by id, found in one walk of the tree."""
        wanted = {id(node) for node in targets}
        found: dict[int, tuple[str | int, ...]] = {}
        stack: list[tuple[Node, tuple[str | int, ...]]] = [(self.root, ())] if self.root else []
        while stack and len(found) < len(wanted):
            node, loc = stack.pop()
            if id(node) in wanted:
                found.setdefault(id(node), loc)
            if isinstance(node, MappingNode):
                stack.extend((value, (*loc, str(key.value))) for key, value in node.value)
            elif isinstance(node, SequenceNode):
                stack.extend((item, (*loc, index)) for index, item in enumerate(node.value))
        return found

    def _child(self, node: Node, part: str | int) -> Node | None:
        if isinstance(node, MappingNode):
            if part == "[key]":
                return node
            entry = self.entry(node, str(part))
            return entry[1] if entry is not None else None
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part]  # type: ignore[no-any-return]
        return None

    def path_of(self, target: Node) -> tuple[str | int, ...]:
        """The key path to a node (for messages about a node found some other way); for
        many nodes, `paths_of` finds them all in one walk."""
        return self.paths_of([target]).get(id(target), ())


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
