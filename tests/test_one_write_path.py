"""Every file riskreg writes goes through one module: register/writing.py is the only
place that renames, links or syncs a file, where the register lock lives."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "riskreg"
WRITES = re.compile(r"\bos\.(replace|rename|link)\(|\bfsync\b")


def test_only_the_write_path_renames_links_or_syncs() -> None:
    found = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if WRITES.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["register/writing.py"]
