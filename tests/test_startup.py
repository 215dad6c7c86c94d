"""Start-up: `riskreg --help` stays light, and validate off a terminal does without rich.

Help runs whenever a user is unsure, so it must not pay for pydantic (the models) or
PyYAML (the files): it imports neither. (A command's own help, `riskreg list --help`,
does import pydantic: Typer converts the value of every non-flag option it processes,
the global --register among them, with a pydantic TypeAdapter. The floor app in
bench/ pays the same.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conftest import copy_register, entry_point, user_env
from riskreg.cli import app

HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "_yaml",
    "riskreg.model.risk",
    "riskreg.yamlsource",
    "openpyxl",
)
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the installed script under `-X importtime`; the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", entry_point(), *args],
        capture_output=True,
        text=True,
        env=user_env(),
        timeout=60,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, modules


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m in HEAVY or m.startswith(tuple(h + "." for h in HEAVY)))


def test_help_imports_neither_pydantic_nor_yaml() -> None:
    done, modules = imported_modules("--help")
    assert done.returncode == 0
    assert "Usage: riskreg" in done.stdout
    assert "typer" in modules and "riskreg.cli" in modules  # the import list was read
    assert heavy_among(modules) == []


def test_version_imports_neither_pydantic_nor_yaml() -> None:
    done, modules = imported_modules("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("riskreg ")
    assert heavy_among(modules) == []


def test_a_command_that_reads_the_register_does_import_them(tmp_path: Path) -> None:
    """The check above can fail: the same reading sees pydantic and yaml when they load."""
    root = copy_register(tmp_path / "register")
    done, modules = imported_modules("--register", str(root), "list", "--format", "csv")
    assert done.returncode == 0
    assert {"pydantic", "yaml", "riskreg.model.risk"} <= modules


# -- validate's text off a terminal -----------------------------------------------------


def broken_copy(tmp_path: Path) -> Path:
    root = copy_register(tmp_path / "register")
    path = root / "risks" / "CRR18.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("status: open\n", "status: open\nstatus: closed\n"), encoding="utf-8"
    )
    return root


def test_validate_off_a_terminal_does_not_load_rich(tmp_path: Path) -> None:
    """The pre-commit case: output captured, so plain text, written without rich."""
    root = broken_copy(tmp_path)
    done, modules = imported_modules(
        "--register", str(root), "validate", str(root / "risks" / "CRR18.yaml")
    )
    assert done.returncode == 1
    assert "duplicate key 'status'" in done.stdout
    assert not [m for m in modules if m == "rich" or m.startswith("rich.")]


def test_validate_text_on_a_terminal_is_the_plain_text_decorated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text is written once; on a terminal rich adds colour and changes no character."""
    import io

    from rich.console import Console

    from riskreg.render import console, problems
    from riskreg.rules.validation import validate_register

    root = broken_copy(tmp_path)
    (root / "risks" / "CRR19.yaml").write_text("id: CRR19\nname: [\x0bunclosed\n", encoding="utf-8")
    result = validate_register(root)
    assert len({p.path for p in result.problems}) >= 2
    plain = io.StringIO()
    problems.render_text(result, plain)
    monkeypatch.setattr(problems, "_on_terminal", lambda out: True)
    coloured = io.StringIO()
    monkeypatch.setattr(
        console,
        "stdout_console",
        lambda out: Console(file=coloured, highlight=False, width=100, force_terminal=True),
    )
    problems.render_text(result, io.StringIO())
    assert "\x1b[" in coloured.getvalue()
    assert without_colour(coloured.getvalue()) == plain.getvalue()
    assert "duplicate key 'status'" in plain.getvalue()


def without_colour(ansi: str) -> str:
    from rich.text import Text

    return "\n".join(Text.from_ansi(line).plain for line in ansi.split("\n"))
