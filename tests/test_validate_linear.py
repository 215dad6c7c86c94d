"""Reading and checking a file takes work in proportion to its size, whatever it holds.

A file of 50,000 unknown keys (under the 1 MB cap) once took minutes, because each key
was looked up by a walk of every key before it. Work is counted, not timed: every call
anywhere and every line run in riskreg's own code, while one file is read and checked
against the register. Ten times the lines must cost about ten times the work, not a
hundred times. (`make bench` times 5,000 against 50,000 unknown keys side by side.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from conftest import REPO
from riskreg.register.layout import RiskFile, scan_register
from riskreg.register.loading import check_risk_file, load_config

SOURCE = str(REPO / "src" / "riskreg")

HEAD = (
    "# yaml-language-server: $schema=../schema/risk.schema.json\n"
    "id: CRR90\nname: Fleet\nresidual: {rating: High, impact: 4, probability: 3}\n"
)

# Each shape repeats one kind of line n times; each line is a problem or a lookup.
SHAPES: dict[str, Callable[[int], str]] = {
    "unknown keys": lambda n: HEAD + "".join(f"k{i}: v\n" for i in range(n)),
    "duplicate keys": lambda n: HEAD + "".join(f"name: n{i}\n" for i in range(n)),
    "octal values": lambda n: HEAD + "".join(f"k{i}: 010\n" for i in range(n)),
    "impossible dates": lambda n: HEAD + "".join(f"k{i}: 2022-02-30\n" for i in range(n)),
    "bad trend quarters": lambda n: HEAD + "trend:\n" + "".join(f"  q{i}: new\n" for i in range(n)),
    "bad actions": lambda n: (
        HEAD + "actions:\n" + "".join(f"- {{action: a{i}, due: 30/02/2022}}\n" for i in range(n))
    ),
    "merge conflicts": lambda n: (
        HEAD
        + "".join(f"<<<<<<< ours\nk{i}: a\n=======\nk{i}: b\n>>>>>>> theirs\n" for i in range(n))
    ),
}


def work(text: str, tmp_path: Path) -> tuple[int, int]:
    """Calls plus riskreg lines run to check `text` as risks/CRR90.yaml, and its problems."""
    register = tmp_path / "register"
    (register / "risks").mkdir(parents=True, exist_ok=True)
    (register / "riskreg.yaml").write_bytes((REPO / "riskreg.yaml").read_bytes())
    path = register / "risks" / "CRR90.yaml"
    path.write_text(text, "utf-8")
    config = load_config(register)
    listing = scan_register(register)
    check_risk_file(RiskFile(path, "risks"), config, listing)  # warm caches first
    count = 0

    def in_riskreg(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return in_riskreg

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return in_riskreg if frame.f_code.co_filename.startswith(SOURCE) else None

    sys.settrace(on_call)
    try:
        _risk, doc = check_risk_file(RiskFile(path, "risks"), config, listing)
    finally:
        sys.settrace(None)
    return count, len(doc.problems)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_ten_times_the_lines_is_about_ten_times_the_work(shape: str, tmp_path: Path) -> None:
    small, large = 500, 5_000
    small_work, small_problems = work(SHAPES[shape](small), tmp_path)
    large_work, _problems = work(SHAPES[shape](large), tmp_path)
    assert small_problems > 0
    # Linear work gives a ratio near 10; one lookup per line that walks the lines before
    # it gives near 100.
    assert large_work / small_work < 13, (shape, small_work, large_work)


def test_a_flood_of_unknown_keys_is_listed_up_to_a_cap_and_counted(tmp_path: Path) -> None:
    _work, problems = work(SHAPES["unknown keys"](5_000), tmp_path)
    assert problems == 21  # twenty named, then one line for the 4,980 after them
