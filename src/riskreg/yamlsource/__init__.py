"""Reading YAML text into plain values, once, keeping the node tree for line numbers.

A file goes through these modules in turn:

- reading: the file's bytes, read without following links and sized before reading,
  checked for NUL bytes, UTF-16 and bytes that are not UTF-8 (read_document,
  parse_bytes, parse_text);
- screening: text that could nest deeply or hold anchors is walked through the
  parser's event stream, which needs no recursion, and refused before it is composed;
- composing: the node tree, with syntax errors worded and placed for a person;
- values: plain values built from the nodes, reporting duplicate keys, aliases, merge
  keys, tags and impossible dates that YAML would hide;
- document: the Document that carries all of it, and the line of a value by key path.

The loader module picks PyYAML's C loader when it is there and resolves plain scalars
through a cache shared across files.
"""

from __future__ import annotations

from riskreg.yamlsource.document import CONFIG_FILE, RISK_FILE, Document, field_path
from riskreg.yamlsource.loader import LOADER, NULL, SLOW_LOADER_NOTICE
from riskreg.yamlsource.reading import (
    MAX_FILE_BYTES,
    not_regular_reason,
    parse_bytes,
    parse_text,
    read_document,
)
from riskreg.yamlsource.screening import MAX_DEPTH
from riskreg.yamlsource.values import _Builder, impossible_date, number_hint, yaml11_hint

__all__ = [
    "CONFIG_FILE",
    "LOADER",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "NULL",
    "RISK_FILE",
    "SLOW_LOADER_NOTICE",
    "Document",
    "_Builder",
    "field_path",
    "impossible_date",
    "not_regular_reason",
    "number_hint",
    "parse_bytes",
    "parse_text",
    "read_document",
    "yaml11_hint",
]
