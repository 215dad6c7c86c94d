"""Property: any text set into a risk file reads back exactly, and the rest of the file
(its comments, the other fields) is untouched. A `#`, a `: `, a leading `-`, `yes`,
a date, quotes and line breaks are the traps of hand-written YAML."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskreg.register.editing import AppendItem, RemoveKey, SetValue, apply_edits
from riskreg.yamlsource import parse_text

FILE = """\
id: CRR30  # renumbered
name: Fleet
description: >-
  Old text that was folded
  over two lines.
controls:
  - Vehicle audit   # keep me
  - text: Supplier terms
    restricted: true
residual:
  rating: High  # agreed
"""

TRAPS = list(" \n\t#:-'\"ab>|%@`{}[],&*!?yesnoYNtrue0123456789.~=\\\r\x85\u2028\u2029é")
texts = st.one_of(
    st.text(min_size=1),
    st.text(alphabet=st.sampled_from(TRAPS), min_size=1, max_size=80),
    st.sampled_from(["yes", "no", "~", "null", "2022-05-02", "1:30", "010", "- x", "#", "a: b"]),
)


def reread(text: str) -> Any:
    doc = parse_text(text, "risks/CRR30.yaml")
    assert not [p for p in doc.problems if p.is_error], doc.problems
    return doc.value


def comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "  # " in line]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_a_set_text_reads_back_exactly(value: str) -> None:
    doc = parse_text(FILE, "risks/CRR30.yaml")
    for loc in (("description",), ("name",), ("owner",)):
        text = apply_edits(doc, [SetValue(loc, value)])
        data = reread(text)
        assert data[loc[0]] == value
        assert data["residual"] == {"rating": "High"}
        assert comments(text) == comments(FILE)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts)
def test_list_items_set_added_and_removed_read_back_exactly(first: str, added: str) -> None:
    doc = parse_text(FILE, "risks/CRR30.yaml")
    text = apply_edits(
        doc,
        [
            SetValue(("controls", 0), first),
            SetValue(("controls", 1, "text"), first),
            AppendItem(("controls",), added),
        ],
    )
    data = reread(text)
    assert data["controls"] == [first, {"text": first, "restricted": True}, added]
    removed = reread(apply_edits(parse_text(text, "x"), [RemoveKey(("controls", 1))]))
    assert removed["controls"] == [first, added]
    assert removed["residual"] == {"rating": "High"} and removed["id"] == "CRR30"
