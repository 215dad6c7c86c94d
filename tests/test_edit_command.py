"""`riskreg edit`: a risk opened in $EDITOR, checked on save, written through the one write
path; off a terminal here (CliRunner), in a real terminal in test_edit_terminal.py."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import Run, snapshot
from conftest import register_errors as errors

FAKE_EDITOR = Path(__file__).with_name("fake_editor.py")


@pytest.fixture
def steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Give the fake editor its steps: steps([...]); returns what it was shown."""
    path = tmp_path / "editor" / "steps.json"
    path.parent.mkdir()
    monkeypatch.setenv("EDITOR", f"{sys.executable} {FAKE_EDITOR}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("FAKE_EDITOR_STEPS", str(path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "editor"))

    def give(items: list[dict[str, object]]) -> Path:
        path.write_text(json.dumps(items))
        return path

    return give


def kept_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "editor").glob("riskreg-*.yaml"))


def test_a_valid_edit_is_saved_with_its_comments(
    run: Run,
    register: Path,
    steps,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = register / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("residual:\n", "# scored at FET\nresidual:\n"))
    steps([{"replace": ["name: Core Skills", "name: 'Core skills: # training' #"]}])
    out = run("edit", "crr18")
    assert (out.code, out.stdout, out.stderr) == (
        0,
        "Saved CRR18 in risks/CRR18.yaml: changed name.\n",
        "",
    )
    text = path.read_text()
    assert "name: 'Core skills: # training' # Resilience & Training Risk\n" in text
    assert "# scored at FET\nresidual:\n" in text
    assert errors(register) == []
    assert kept_files(tmp_path) == []


def test_no_change_writes_nothing(run: Run, register: Path, steps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    steps([{}])
    before = snapshot(register)
    out = run("edit", "CRR18")
    assert (out.code, out.stdout, out.stderr) == (0, "No change to CRR18; nothing written.\n", "")
    assert snapshot(register) == before
    assert kept_files(tmp_path) == []


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            {"replace": ["  rating: Critical", "  rating: Severe"]},
            "risks/CRR18.yaml:40: residual.rating 'Severe' is not a band; allowed: Low, "
            "Medium, High, Critical [unknown-rating]; nothing saved; your text is kept in {kept}",
        ),
        (
            {"replace": ["id: CRR18", "id: CRR30"]},
            "risks/CRR18.yaml:2: the ID cannot change here (it names the file); put back "
            "'id: CRR18'; nothing saved; your text is kept in {kept}",
        ),
        (
            {"replace": ["status: open", "status: closed"]},
            "risks/CRR18.yaml:4: status moves the file between folders; put back 'status: "
            "open' and use 'riskreg close CRR18'; nothing saved; your text is kept in {kept}",
        ),
    ],
)
def test_off_a_terminal_an_invalid_edit_exits_1_and_keeps_the_text(
    run: Run,
    register: Path,
    steps,
    tmp_path: Path,
    step: dict[str, object],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    steps([step])
    before = snapshot(register)
    out = run("edit", "CRR18")
    [kept] = kept_files(tmp_path)
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr == "riskreg: error: " + message.format(kept=kept) + "\n"
    assert snapshot(register) == before
    old, new = step["replace"]  # type: ignore[misc]
    assert new in kept.read_text() and old not in kept.read_text()


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"exit": 3}, "the editor exited with status 3; nothing changed"),
        ({"empty": True}, "the edit was emptied: aborted; risks/CRR18.yaml left unchanged"),
    ],
)
def test_a_failed_editor_or_an_emptied_file_changes_nothing(
    run: Run,
    register: Path,
    steps,
    tmp_path: Path,
    step: dict[str, object],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    steps([step])
    before = snapshot(register)
    out = run("edit", "CRR18")
    assert (out.code, out.stdout, out.stderr) == (1, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before
    assert kept_files(tmp_path) == []


def test_a_file_changed_while_the_editor_was_open_is_not_overwritten(
    run: Run,
    register: Path,
    steps,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = register / "risks" / "CRR18.yaml"
    theirs = path.read_text().replace("status: open", "status: open\nowner: Head of L&D")
    steps(
        [
            {
                "also_write": [str(path), theirs],
                "replace": ["name: Core Skills", "name: Basic Skills"],
            }
        ]
    )
    out = run("edit", "CRR18")
    [kept] = kept_files(tmp_path)
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr == (
        "riskreg: error: risks/CRR18.yaml changed while the editor was open, so this edit "
        f"was not saved; your text is kept in {kept}: run 'riskreg edit CRR18' again and "
        "copy your changes in\n"
    )
    assert path.read_text() == theirs
    assert "name: Basic Skills" in kept.read_text()
    assert not (register / "riskreg.yaml.lock").exists()


def test_without_an_editor_off_a_terminal(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    out = run("edit", "CRR18")
    assert (out.code, out.stderr) == (
        2,
        "riskreg: error: set $VISUAL or $EDITOR to the editor riskreg edit should open\n",
    )
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    out = run("edit", "CRR18")
    assert out.stderr == (
        "riskreg: error: cannot run the editor 'no-such-editor-here': not found; "
        "set $VISUAL or $EDITOR\n"
    )
    assert run("edit", "CRR99").stderr == (
        "riskreg: error: no risk CRR99 in this register (try 'riskreg list --all')\n"
    )
