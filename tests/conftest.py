"""Shared fixtures: a copy of the shipped register, and a runner for the CLI."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from riskreg.cli import app

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_register.txt"

# The shipped register's open risks in listing order: Critical, High, Medium, then by ID.
SHIPPED_OPEN = [
    "CRR18", "CRR20",
    "CRR01", "CRR02", "CRR03", "CRR04", "CRR05", "CRR06", "CRR08", "CRR09", "CRR13", "CRR15",
    "CRR17", "CRR19", "CRR21",
    "CRR07", "CRR10", "CRR11", "CRR12", "CRR16", "CRR22",
]  # fmt: skip

# The last day of the shipped register's quarter (2021/22 Q4): pinned as RISKREG_TODAY
# wherever an output depends on the date, so that it holds on any day.
SHIPPED_QUARTER_END = "2022-03-31"


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


Run = Callable[..., Outcome]


def copy_register(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "riskreg.yaml", target / "riskreg.yaml")
    for folder in ("risks", "closed"):
        shutil.copytree(REPO / folder, target / folder)
    return target


@pytest.fixture(autouse=True)
def shipped_quarter_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test on the last day of the shipped register's quarter (2021/22 Q4), so
    that what is overdue or out of date does not depend on the day the tests run; a test
    that needs another day sets RISKREG_TODAY itself."""
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-31")


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A fresh copy of the shipped register (riskreg.yaml, risks/, closed/)."""
    return copy_register(tmp_path / "register")


@pytest.fixture
def run(register: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run riskreg inside the copied register, as a user would from its folder."""
    monkeypatch.chdir(register)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("RISKREG_DIR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Outcome:
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


def review_yearly(root: Path) -> None:
    """Review every band once in 400 days, so that no shipped risk, never reviewed since
    its quarter in 2021/22, falls due before May 2022: for tests about explicit dates."""
    config = root / "riskreg.yaml"
    text = config.read_text("utf-8")
    for line in ("  Critical: 30\n", "  High: 91\n", "  Medium: 182\n", "  Low: 182\n"):
        assert line in text
        text = text.replace(line, line.split(":")[0] + ": 400\n")
    config.write_text(text, "utf-8")


def register_errors(root: Path) -> list[str]:
    """The register's error problems, one line each (warnings left out)."""
    from riskreg.register.loading import load_register

    return [p.one_line() for p in load_register(root).problems if p.is_error]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes: compare two to prove nothing changed."""
    return {
        os.fspath(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class QuarterPack:
    """The shipped register after a scripted quarter, with its pack as HTML and as PDF."""

    register: Path
    html: Path
    pdf: Path


@pytest.fixture(scope="session")
def quarter_pack(tmp_path_factory: pytest.TempPathFactory) -> QuarterPack:
    """Built once per test session: a PDF takes seconds, and every PDF test reads this one."""
    from scripted_quarter import MAY, _riskreg, _today, play_quarter

    register = play_quarter(tmp_path_factory.mktemp("quarter") / "register")
    with _today(MAY):
        _riskreg(register, "report", "--output", str(register / "pack.html"))
        _riskreg(register, "report", "--output", str(register / "pack.pdf"))
    return QuarterPack(register, register / "pack.html", register / "pack.pdf")


def entry_point() -> str:
    """The installed `riskreg` script beside this Python (the one pip wrote)."""
    script = shutil.which("riskreg", path=str(Path(sys.executable).parent))
    assert script, f"no installed riskreg script beside {sys.executable}; pip install -e ."
    return script


def user_env() -> dict[str, str]:
    """The environment of a user's shell: none of riskreg's or GitHub's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RISKREG_", "GITHUB_"))}
    env["COLUMNS"] = "100"
    return env
