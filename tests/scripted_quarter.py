"""A quarter of a risk team's work on a copy of the shipped register, through riskreg itself.

March 2022 (2021/22 Q4): owners, departments and actions are recorded and the critical
and high risks are scored (inherent, residual and target). May 2022: the team opens
2022/23 Q1, re-scores some risks (one better, one worse), reopens CRR14, adds a risk
and closes one. The committee pack of that register has something in every section:
the tests build their PDF from it and `make pack-pictures` draws the README's picture.

    python tests/scripted_quarter.py FOLDER     # FOLDER gets the register, pack.html, pack.pdf
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MARCH = "2022-03-20"
MAY = "2022-05-10"
OWNERS = {
    "CRR18": ("Head of Learning & Development", "People"),
    "CRR20": ("Director of Commercial Services", "Commercial Services"),
    "CRR01": ("Director of People", "People"),
    "CRR02": ("Chief Finance Officer", "Finance"),
    "CRR05": ("Head of IT&D", "IT & Digital"),
    "CRR07": ("Head of Estates", "Commercial Services"),
}
# (risk, impact, probability, category) for March: residual, then inherent, then target.
MARCH_SCORES = [
    ("CRR18", (5, 4, "Service"), (5, 5, "Service"), (3, 2, "Service")),
    ("CRR20", (5, 4, "Finance"), (5, 5, "Finance"), (4, 2, "Finance")),
    ("CRR01", (4, 3, "Performance"), (4, 4, "Performance"), (3, 2, "Performance")),
    ("CRR02", (4, 4, "Finance"), (5, 4, "Finance"), (3, 3, "Finance")),
    ("CRR05", (3, 4, "Service"), (4, 4, "Service"), (2, 2, "Service")),
    ("CRR07", (3, 3, "Safety"), (4, 3, "Safety"), (2, 2, "Safety")),
]
ACTIONS = [
    ("CRR18", "Run six extra Personal Safety Training courses", "Head of L&D", "2022-04-30"),
    ("CRR18", "Recruit 20 trainers", "Head of L&D", "2022-09-30"),
    ("CRR05", "Replace the legacy firewall", "Head of IT&D", "2022-03-31"),
    ("CRR20", "Agree the fleet replacement plan", "Head of Fleet", "2022-06-30"),
]


@contextmanager
def _today(day: str) -> Iterator[None]:
    before = os.environ.get("RISKREG_TODAY")
    os.environ["RISKREG_TODAY"] = day
    try:
        yield
    finally:
        if before is None:
            del os.environ["RISKREG_TODAY"]
        else:
            os.environ["RISKREG_TODAY"] = before


def _riskreg(root: Path, *args: str) -> None:
    from typer.testing import CliRunner

    from riskreg.cli import app

    result = CliRunner().invoke(app, ["-R", str(root), *args], catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"riskreg {' '.join(args)}: {result.stderr or result.stdout}")


def play_quarter(root: Path) -> Path:
    """Copy the shipped register to `root` and work through the quarter; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "riskreg.yaml", root / "riskreg.yaml")
    for folder in ("risks", "closed"):
        shutil.copytree(REPO / folder, root / folder)
    with _today(MARCH):
        for risk_id, (owner, department) in OWNERS.items():
            _riskreg(root, "owner", risk_id, owner, "--department", department)
        for risk_id, residual, inherent, target in MARCH_SCORES:
            for flag, (impact, probability, category) in (
                ("--inherent", inherent),
                ("--target", target),
                (None, residual),
            ):
                args = ["score", risk_id, "-i", str(impact), "-p", str(probability)]
                args += ["--category", category] + ([flag] if flag else [])
                _riskreg(root, *args)
        for risk_id, text, owner, due in ACTIONS:
            _riskreg(root, "action", risk_id, text, "--owner", owner, "--due", due)
    with _today(MAY):
        _riskreg(root, "review", "--quarter", "2022/23 Q1")
        _riskreg(root, "score", "CRR18", "-i", "4", "-p", "3", "--category", "Service")
        _riskreg(root, "score", "CRR05", "-i", "4", "-p", "4", "--category", "Service")
        _riskreg(root, "score", "CRR01", "-i", "4", "-p", "3", "--category", "Performance")
        _riskreg(root, "action", "CRR18", "--done", "1")
        _riskreg(
            root,
            "reopen",
            "CRR14",
            "--reason",
            "Receivers failed twice in April",
            "--rating",
            "High",
        )
        _riskreg(root, "owner", "CRR14", "Head of Force Contact", "--department", "Operations")
        _riskreg(root, "trend", "CRR14", "worsened")
        _riskreg(
            root,
            "new",
            "--name",
            "Body-worn video replacement",
            "--description",
            "The body-worn video cameras reach the end of their support in 2023.",
            "--owner",
            "Head of IT&D",
            "--department",
            "IT & Digital",
            "--impact",
            "3",
            "--prob",
            "3",
            "--category",
            "Service",
        )
        _riskreg(
            root,
            "close",
            "CRR16",
            "--rationale",
            "The new contract is signed and in force.",
            "--reported",
            "2022-05-10",
        )
        for risk_id in ("CRR02", "CRR20", "CRR07"):
            _riskreg(root, "trend", risk_id, "unchanged")
    return root


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tests/scripted_quarter.py FOLDER")
    folder = Path(sys.argv[1])
    if folder.exists():
        shutil.rmtree(folder)
    register = play_quarter(folder)
    with _today(MAY):
        _riskreg(register, "report", "--output", str(register / "pack.html"))
        _riskreg(register, "report", "--output", str(register / "pack.pdf"))
    print(register / "pack.pdf")
