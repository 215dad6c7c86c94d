"""The YAML loader every file is read with: libyaml's C loader when PyYAML has it.

Without libyaml the pure-Python loader reads the same files, several times slower, and
the run says so once on stderr. Either way plain scalars are resolved to tags through a
cache shared across files.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

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

_resolver = yaml.resolver.Resolver()
# Plain scalars repeat across files (every key, most short values); resolving one means
# trying YAML 1.1's regular expressions in Python, so remember the answers.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_CACHE_LIMIT = 20_000
_PLAIN_CACHE_LONGEST = 40


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


# The loader chosen above, for every module that reads YAML.
LOADER = _Loader


def notice_slow_loader() -> None:
    """Say once per run, on stderr, that YAML is read without libyaml."""
    global _noticed
    if not HAVE_LIBYAML and not _noticed:
        _noticed = True
        sys.stderr.write(SLOW_LOADER_NOTICE)
