"""`riskreg edit` in a real terminal (pexpect): an invalid edit reopens in the editor with
the problems as comments on top, until it is fixed or emptied."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import register_errors as errors

FAKE_EDITOR = Path(__file__).with_name("fake_editor.py")
RISKREG = Path(sys.executable).with_name("riskreg")


def edit_in_terminal(
    register: Path, tmp_path: Path, steps: list[dict[str, object]]
) -> tuple[int, str, list[str]]:
    """Run `riskreg edit CRR18` in a pty; the exit status, what it printed, and the texts
    the editor was given."""
    folder = tmp_path / "editor"
    folder.mkdir()
    steps_path = folder / "steps.json"
    steps_path.write_text(json.dumps(steps))
    env = {
        **os.environ,
        "EDITOR": f"{sys.executable} {FAKE_EDITOR}",
        "FAKE_EDITOR_STEPS": str(steps_path),
        "TMPDIR": str(folder),
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    env.pop("VISUAL", None)
    env.pop("RISKREG_DIR", None)
    child = pexpect.spawn(
        str(RISKREG), ["edit", "CRR18"], cwd=str(register), env=env, encoding="utf-8", timeout=30
    )
    output = child.read()
    child.close()
    seen = (folder / "steps.seen").read_text(encoding="utf-8").split("\f")[:-1]
    assert child.exitstatus is not None
    return child.exitstatus, output.replace("\r\n", "\n"), seen


def test_a_valid_edit_is_saved(register: Path, tmp_path: Path) -> None:
    code, output, seen = edit_in_terminal(
        register, tmp_path, [{"replace": ["  rating: Critical", "  rating: High"]}]
    )
    assert (code, output) == (0, "Saved CRR18 in risks/CRR18.yaml: changed residual.\n")
    assert len(seen) == 1
    assert "  rating: High\n" in (register / "risks" / "CRR18.yaml").read_text()


def test_an_invalid_edit_reopens_with_the_problems_then_is_fixed(
    register: Path, tmp_path: Path
) -> None:
    path = register / "risks" / "CRR18.yaml"
    original = path.read_text()
    code, output, seen = edit_in_terminal(
        register,
        tmp_path,
        [
            {"replace": ["  rating: Critical", "  rating: Severe"]},
            {"replace": ["  rating: Severe", "  rating: High"]},
        ],
    )
    assert (code, output) == (0, "Saved CRR18 in risks/CRR18.yaml: changed residual.\n")
    assert len(seen) == 2
    header = (
        "# riskreg: CRR18 was not saved: fix the problems below and save, or delete "
        "everything to abort.\n"
        "# riskreg: line 42: residual.rating 'Severe' is not a band; allowed: Low, Medium, "
        "High, Critical [unknown-rating]\n"
    )
    assert seen[1] == header + original.replace("  rating: Critical", "  rating: Severe")
    assert seen[1].splitlines()[41] == "  rating: Severe"  # line 42, as the comment says
    assert path.read_text() == original.replace("  rating: Critical", "  rating: High")
    assert errors(register) == []
    assert list((tmp_path / "editor").glob("riskreg-*")) == []


def test_emptying_the_file_aborts_and_leaves_it_byte_identical(
    register: Path, tmp_path: Path
) -> None:
    path = register / "risks" / "CRR18.yaml"
    before = path.read_bytes()
    code, output, seen = edit_in_terminal(
        register,
        tmp_path,
        [{"replace": ["id: CRR18", "id: CRR30"]}, {"empty": True}],
    )
    assert code == 1
    assert output == (
        "riskreg: error: the edit was emptied: aborted; risks/CRR18.yaml left unchanged\n"
    )
    assert (
        "# riskreg: line 4: the ID cannot change here (it names the file); put back " in (seen[1])
    )
    assert path.read_bytes() == before
    assert list((tmp_path / "editor").glob("riskreg-*")) == []


@pytest.mark.parametrize("code", [1, 2])
def test_an_editor_that_fails_leaves_the_file_untouched(
    register: Path, tmp_path: Path, code: int
) -> None:
    path = register / "risks" / "CRR18.yaml"
    before = path.read_bytes()
    status, output, _ = edit_in_terminal(register, tmp_path, [{"exit": code}])
    assert (status, output) == (
        1,
        f"riskreg: error: the editor exited with status {code}; nothing changed\n",
    )
    assert path.read_bytes() == before
