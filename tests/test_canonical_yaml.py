"""A new risk file's text is written directly (register/canonical.py) for speed: it must
be exactly what PyYAML's dumper writes in riskreg's layout, and read back as the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from riskreg.register.canonical import NotCanonical, canonical_yaml
from riskreg.register.editing import SCHEMA_COMMENT, dump_yaml, render_new_file

AWKWARD = [
    "Fleet: vehicles", "it's", '"quoted"', "# not a comment", "a # b", "- not a list",
    "-1", "yes", "No", "null", "~", "1.5", "2022-03-31", "0x1F", "---", "...", "? key",
    "key:", "£12k – over budget", "Ünïcödé café", "emoji 🚓 fleet", "@home", "`tick`",
    "%percent", "{braces}", "[list]", "a, b", "x" * 120, "word " * 40, "line one\nline two",
    "a\n\nb", "  leading", "trailing ", "two  spaces", "tab\there", "\ufeffbom", "e\u2028f",
    "ends with break\n", "", "=HYPERLINK()", "&anchor", "*alias", "!tag", "|pipe", ">gt",
]  # fmt: skip

WORDS = st.sampled_from(
    [*AWKWARD, "a", "b", "Supplier", "failure", " ", ": ", " #", "\n", "'", '"', "-", "é"]
)
TEXT = st.lists(WORDS, max_size=25).map("".join)
SCALAR = st.one_of(TEXT, st.integers(-5, 99), st.booleans(), st.dates(), st.none())
ITEM = st.one_of(
    SCALAR, st.dictionaries(st.sampled_from(["action", "owner", "due"]), SCALAR, max_size=3)
)
RISK = st.fixed_dictionaries(
    {
        "id": st.just("CRR01"),
        "name": TEXT,
        "description": TEXT,
        "controls": st.lists(ITEM, max_size=4),
        "trend": st.dictionaries(st.sampled_from(["2021/22 Q3", "2021/22 Q4"]), TEXT),
        "residual": st.dictionaries(st.sampled_from(["rating", "impact"]), SCALAR),
        "actions": st.lists(
            st.dictionaries(st.sampled_from(["action", "due", "restricted"]), SCALAR, min_size=1),
            max_size=2,
        ),
    }
)


@settings(max_examples=400, deadline=None)
@given(RISK)
def test_the_direct_writer_writes_what_pyyaml_writes(data: dict[str, Any]) -> None:
    try:
        text = canonical_yaml(data)
    except NotCanonical:
        return  # left to PyYAML: render_new_file falls back (tested below)
    assert text == dump_yaml(data)
    assert yaml.safe_load(text) == data


@settings(max_examples=400, deadline=None)
@given(RISK)
def test_a_new_risk_file_reads_back_as_its_data(data: dict[str, Any]) -> None:
    text = render_new_file(data)
    assert text.startswith(SCHEMA_COMMENT)
    assert yaml.safe_load(text) == data


def test_awkward_text_reads_back_in_every_position() -> None:
    for value in AWKWARD:
        data = {
            "id": "CRR01",
            "name": value,
            "controls": [value, "plain"],
            "actions": [{"action": value, "due": dt.date(2022, 6, 30)}],
            "residual": {"rating": value},
        }
        text = render_new_file(data)
        assert yaml.safe_load(text) == data, value
        try:
            assert SCHEMA_COMMENT + canonical_yaml(data) == text, value
        except NotCanonical:
            assert text == SCHEMA_COMMENT + dump_yaml(data), value


def test_ordinary_risks_are_written_directly() -> None:
    """The fast path is taken for the text of a real register, not only for toy values."""
    data = {
        "id": "CRR18",
        "name": "WMP Website – Server Capacity",
        "description": "Due to server capacity issues, there is a risk that the website "
        "will fail under a surge of visits, and the public will not be able to reach us.",
        "controls": ["We've now moved to a cloud host (2021)", "Load tests: monthly"],
        "trend": {"2021/22 Q4": "↔"},
        "residual": {"rating": "Medium", "impact": 4, "probability": 2},
        "last_reviewed": dt.date(2022, 3, 10),
    }
    assert canonical_yaml(data) == dump_yaml(data)
