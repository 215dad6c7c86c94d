"""`make run` installs what running riskreg needs and no more; each other target adds its
own tools (read from `make -n`, which shows the commands without running them)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import REPO


def planned(target: str, venv: Path) -> str:
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def installs(plan: str) -> list[str]:
    return [
        line.split(" -e ", 1)[1]
        for line in plan.splitlines()
        if "pip install" in line and " -e " in line
    ]


def test_make_run_installs_riskreg_and_its_runtime_dependencies_only(tmp_path: Path) -> None:
    assert installs(planned("run", tmp_path / "venv")) == ["."]


def test_make_test_adds_the_test_tools_and_the_pdf_extra(tmp_path: Path) -> None:
    assert installs(planned("test", tmp_path / "venv")) == [".", "'.[test]'"]
    extras = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"riskreg-yaml[pdf]"' in extras.split("test = [", 1)[1].split("]\n", 1)[0]


def test_lint_typecheck_and_bench_add_their_own_tools(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert installs(planned("lint", venv))[-1] == "'.[dev]'"
    assert installs(planned("typecheck", venv))[-1] == "'.[dev]'"
    assert installs(planned("bench", venv))[-1] == "'.[bench]'"
