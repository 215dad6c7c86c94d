"""Text of several lines: a blank line separates paragraphs and a line starting '- ' is a
bullet, in the file riskreg writes and in every renderer."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import Run
from riskreg.model.text_layout import Bullets, Paragraph, text_blocks

CRR08_FIRST = "There is a risk that the case backlog that exists due to COVID"
CRR08_SECOND = "Updates to the Attorney General's Guidelines on Disclosure"


def test_blank_lines_separate_paragraphs_and_dash_lines_are_bullets() -> None:
    text = "Lead-in:\n- one\n- two\n  wrapped\n\nA paragraph\nwrapped.\n\n-\n- three"
    assert text_blocks(text) == [
        Paragraph("Lead-in:"),
        Bullets(("one", "two wrapped")),
        Paragraph("A paragraph wrapped."),
        Bullets(("", "three")),
    ]
    assert text_blocks("A dash - inside a line is text.") == [
        Paragraph("A dash - inside a line is text.")
    ]
    assert text_blocks("-not a bullet") == [Paragraph("-not a bullet")]


def test_multi_line_text_is_written_as_a_literal_block(run: Run, register: Path) -> None:
    text = "Demand is rising:\n- calls up 12%\n- # of P2 waits up\n\nSee the plan: Q1."
    outcome = run("set", "CRR05", "description", text)
    assert (outcome.code, outcome.stderr) == (0, "")
    written = (register / "risks" / "CRR05.yaml").read_text("utf-8")
    assert (
        "description: |-\n  Demand is rising:\n  - calls up 12%\n  - # of P2 waits up\n\n"
        "  See the plan: Q1.\n"
    ) in written
    assert yaml.safe_load(written)["description"] == text
    validate = run("validate")
    assert validate.code == 0, validate.stdout


def test_show_prints_each_bullet_on_its_own_line(run: Run) -> None:
    outcome = run("show", "CRR08")
    assert (outcome.code, outcome.stderr) == (0, "")
    lines = outcome.stdout.splitlines()
    description = lines.index("Description")
    assert lines[description + 1].startswith("  - " + CRR08_FIRST[:40])
    assert any(line.startswith("  - " + CRR08_SECOND[:40]) for line in lines)
    # CRR13's one control: its lead-in, then its bullets under it
    controls = run("show", "CRR13").stdout.split("Key controls and activities\n")[1]
    assert controls.startswith("  • IT&D operate a suite of mitigations")
    assert "\n    - We operate a multi-layer defence approach at our network boundary.\n" in (
        controls
    )


def test_the_html_pack_shows_bullets_as_lists(run: Run) -> None:
    outcome = run("report", "--format", "html")
    assert (outcome.code, outcome.stderr) == (0, "")
    html = outcome.stdout
    assert f"<td><ul><li>{CRR08_FIRST}" in html
    assert "guidance.</li></ul></td>" in html  # the end of CRR08's second bullet
    assert "and systems:</p><ul><li>We Secure by Design" in html
    assert "<li><p>DEC Resilience</p><p>There are issues with the resilience" in html


def test_the_markdown_pack_shows_bullets_as_lists(run: Run) -> None:
    outcome = run("report", "--format", "md")
    assert (outcome.code, outcome.stderr) == (0, "")
    lines = outcome.stdout.splitlines()
    assert any(line.startswith("- " + CRR08_FIRST) for line in lines)
    assert any(line.startswith("- " + CRR08_SECOND) for line in lines)
    assert "  - We operate a multi-layer defence approach at our network boundary." in lines
    assert "- DEC Resilience" in lines


def test_exports_keep_the_text_as_written(run: Run, register: Path) -> None:
    file_text = yaml.safe_load((register / "risks" / "CRR08.yaml").read_text("utf-8"))
    exported = json.loads(run("export", "--format", "json").stdout)
    crr08 = next(risk for risk in exported["risks"] if risk["id"] == "CRR08")
    assert crr08["description"] == file_text["description"]
    assert crr08["description"].split("\n")[1].startswith("- " + CRR08_SECOND)
