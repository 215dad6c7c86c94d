"""`riskreg set`: a risk's text fields from the command line, written so YAML keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, snapshot
from conftest import register_errors as errors


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")


def commented(register: Path) -> Path:
    """CRR18 with a colleague's comments in it, which every edit must keep."""
    path = register / "risks" / "CRR18.yaml"
    text = path.read_text()
    text = text.replace("name: Core", "# agreed at FET, May 2022\nname: Core")
    text = text.replace("residual:\n", "residual:  # as scored in Q4\n")
    path.write_text(text)
    return path


def test_a_description_with_a_hash_and_a_colon_reads_back_whole(run: Run, register: Path) -> None:
    path = commented(register)
    before = path.read_text()
    out = run("set", "crr18", "description", "Trained: 62% # down from 80%")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == ("CRR18: description set (28 characters); recorded in risks/CRR18.yaml.\n")
    text = path.read_text()
    assert "# agreed at FET, May 2022\n" in text and "residual:  # as scored in Q4\n" in text
    assert "description: 'Trained: 62% # down from 80%'\nimpact_narrative:" in text
    assert text.split("impact_narrative:")[1] == before.split("impact_narrative:")[1]
    shown = run("show", "CRR18", "-f", "json").stdout
    assert '"description": "Trained: 62% # down from 80%"' in shown
    assert errors(register) == []


def test_paragraphs_from_a_file_and_from_stdin(run: Run, register: Path, tmp_path: Path) -> None:
    source = tmp_path / "narrative.txt"
    source.write_text("Calls go unanswered: yes.\r\n\r\n\r\n- Backlog grows\n", encoding="utf-8")
    out = run("set", "CRR18", "impact-narrative", "--from-file", str(source))
    assert out.stdout == (
        "CRR18: impact_narrative set (42 characters, 2 paragraphs); recorded in risks/CRR18.yaml.\n"
    )
    from riskreg.register.loading import load_config, load_one

    risk, _, _ = load_one(register, "CRR18", load_config(register))
    assert risk.impact_narrative == "Calls go unanswered: yes.\n\n- Backlog grows"
    out = run("set", "CRR18", "owner", "--from-file", "-", input="no\n")
    assert out.stdout == "CRR18: owner no; recorded in risks/CRR18.yaml.\n"
    assert "\nowner: 'no'\n" in (register / "risks" / "CRR18.yaml").read_text()
    assert errors(register) == []


def test_an_empty_optional_field_is_removed_and_the_same_value_writes_nothing(
    run: Run, register: Path
) -> None:
    path = register / "risks" / "CRR18.yaml"
    assert run("set", "CRR18", "department", "People").code == 0
    before = path.read_bytes()
    out = run("set", "CRR18", "department", "People")
    assert (out.code, out.stdout) == (0, "CRR18: department unchanged; nothing written.\n")
    assert path.read_bytes() == before
    out = run("set", "CRR18", "department", "")
    assert out.stdout == "CRR18: no department; recorded in risks/CRR18.yaml.\n"
    assert "department" not in path.read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["set", "CRR18", "descripton", "x"],
            2,
            "unknown field 'descripton'; did you mean description? fields 'riskreg set' "
            "changes: name, description, impact_narrative, owner, department",
        ),
        (
            ["set", "CRR18", "status", "closed"],
            2,
            "'riskreg set' does not change status: use 'riskreg close ID' or 'riskreg reopen ID'",
        ),
        (["set", "CRR18", "name", "  "], 2, "a risk's name cannot be empty; give the new name"),
        (
            ["set", "CRR99", "name", "x"],
            1,
            "no risk CRR99 in this register (try 'riskreg list --all')",
        ),
        (
            ["set", "CRR14", "name", "x"],
            1,
            "CRR14 is closed; reopen it first with 'riskreg reopen CRR14'",
        ),
        (
            ["set", "CRR18", "name"],
            2,
            "give the new name as VALUE or --from-file PATH (one of them): "
            "riskreg set CRR18 name 'new text'",
        ),
        (
            ["set", "CRR18", "name", "--from-file", "missing.txt"],
            2,
            "--from-file missing.txt: no such file",
        ),
        (
            ["set", "CRR18", "name", "bell\x07"],
            2,
            "name: the text holds a control character (U+0007); give plain text",
        ),
    ],
)
def test_bad_input_changes_nothing(
    run: Run, register: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(register)
    out = run(*args)
    assert (out.code, out.stdout, out.stderr) == (code, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before
