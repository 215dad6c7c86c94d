"""A ` #` in unquoted text starts a YAML comment and silently cuts the sentence: validate
warns at the `#`, quoting what was cut; riskreg's own writes quote such text."""

from __future__ import annotations

from pathlib import Path

from conftest import Run


def test_a_cut_note_is_reported_where_it_was_cut(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR05.yaml"
    path.write_text(path.read_text() + "notes:\n  - Reviewed at Gold group #3 on 12 May\n")
    line = len(path.read_text().splitlines())
    out = run("validate", "risks/CRR05.yaml")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "risks/CRR05.yaml\n"
        f"  {line}:28  warning  '#3 on 12 May' was cut from the text: ' #' starts a comment in "
        "YAML, so the text ends at 'Reviewed at Gold group'; put the whole text in quotes: "
        "'Reviewed at Gold group #3 on 12 May' (or move a comment to a line of its own)  "
        "[comment-in-text]\n"
        "\n"
        "1 warning in 1 file (1 file checked)\n"
    )
    assert run("validate", "--strict", "risks/CRR05.yaml").code == 1


def test_quoted_text_block_text_and_comments_on_their_own_lines_pass(
    run: Run, register: Path
) -> None:
    path = register / "risks" / "CRR05.yaml"
    path.write_text(
        path.read_text()
        + "# a comment on its own line\n"
        + "notes:\n"
        + "  - 'Reviewed at Gold group #3 on 12 May'\n"
        + "  - |-\n    Block text keeps #4 as text\n"
        + "  - Item#5 has no space before the hash\n"
    )
    assert run("validate", "--format", "parsable", "risks/CRR05.yaml").stdout == ""


def test_a_cut_in_a_multi_line_description_says_how_to_keep_it(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR90.yaml"
    path.write_text(
        "# yaml-language-server: $schema=../schema/risk.schema.json\n"
        "id: CRR90\nname: Fleet\n"
        "description: Vans past their age\n  break down, see #12 in the log\n"
        "trend: {2021/22 Q4: new}\nresidual:\n  rating: Medium\n"
    )
    out = run("validate", "--format", "parsable", "risks/CRR90.yaml")
    assert out.stdout == (
        "risks/CRR90.yaml:5:19: warning: '#12 in the log' was cut from the text: ' #' starts "
        "a comment in YAML, so the text ends at 'Vans past their age break down, see'; put the "
        "whole text in quotes, or write it as a block ('|-' after the key) (or move a comment "
        "to a line of its own) [comment-in-text]\n"
    )


def test_riskreg_writes_text_with_a_hash_so_that_it_is_kept(run: Run, register: Path) -> None:
    out = run(
        "new",
        "--name",
        "Gold group #3",
        "--description",
        "Raised at Gold group #3 on 12 May",
        "--control",
        "Weekly call #7",
        "--rating",
        "high",
    )
    assert out.code == 0
    assert run("action", "CRR23", "Brief team #2 # urgent").code == 0
    assert run("validate", "--format", "parsable").stdout == ""
    shown = run("show", "CRR23").stdout
    for text in ("Gold group #3", "Raised at Gold group #3 on 12 May", "Weekly call #7"):
        assert text in shown
    assert "Brief team #2 # urgent" in shown
