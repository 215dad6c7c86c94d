"""Edits spliced into hand-edited text: new fields land where a fresh file has them."""

from __future__ import annotations

from riskreg.register.editing import SetValue, apply_edits
from riskreg.register.writing import FIELD_ORDER
from riskreg.yamlsource import parse_text

HAND_EDITED = """\
id: CRR30  # renumbered in May
name: Fleet Replacement
residual:
  rating: High   # agreed at FET

# Scores recorded by riskreg.
history:
  - {quarter: 2021/22 Q4, date: 2022-03-20, event: created}
"""


def test_a_new_field_goes_before_history_and_its_comment() -> None:
    doc = parse_text(HAND_EDITED, "risks/CRR30.yaml")
    text = apply_edits(doc, [SetValue(("owner",), "Head of Fleet")], FIELD_ORDER)
    assert text == HAND_EDITED.replace(
        "  rating: High   # agreed at FET\n",
        "  rating: High   # agreed at FET\nowner: Head of Fleet\n",
    )


def test_a_new_field_first_in_order_goes_before_the_first_key() -> None:
    doc = parse_text(HAND_EDITED.replace("id: CRR30  # renumbered in May\n", ""), "x.yaml")
    text = apply_edits(doc, [SetValue(("id",), "CRR30")], FIELD_ORDER)
    assert text.startswith("id: CRR30\nname: Fleet Replacement\n")


def test_without_an_order_a_new_field_goes_last() -> None:
    doc = parse_text(HAND_EDITED, "risks/CRR30.yaml")
    text = apply_edits(doc, [SetValue(("owner",), "Head of Fleet")])
    assert text == HAND_EDITED + "owner: Head of Fleet\n"


def test_a_nested_field_joins_its_mapping_and_keeps_the_comments() -> None:
    doc = parse_text(HAND_EDITED, "risks/CRR30.yaml")
    text = apply_edits(doc, [SetValue(("residual", "impact"), 4)], FIELD_ORDER)
    assert "  rating: High   # agreed at FET\n  impact: 4\n\n# Scores recorded" in text
