"""An import writes all its files as one batch: each written under a temporary name and
made durable before any is put in place, so a failure part-way leaves nothing behind."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from conftest import Run, snapshot
from riskreg.register import writing
from riskreg.register.setup import init_register


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-15")
    root = tmp_path / "empty"
    init_register(root, "Acme risks", "2021/22 Q4")
    return root


def sheet(path: Path, count: int) -> Path:
    book = Workbook()
    rows = book.active
    assert rows is not None
    rows.append(["Ref", "Risk", "Likelihood", "Impact", "Owner"])
    for number in range(1, count + 1):
        rows.append([f"R{number}", f"Risk number {number}: a name with a colon", 3, 4, "COO"])
    book.save(path)
    return path


def files_in(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "risks").iterdir())


@pytest.mark.parametrize("count", [3, writing.SYNC_WHOLE_AT + 10])
def test_an_import_leaves_its_files_and_no_temporary_file(
    run: Run, empty: Path, tmp_path: Path, count: int
) -> None:
    outcome = run("-R", str(empty), "import", str(sheet(tmp_path / "r.xlsx", count)))
    assert (outcome.code, outcome.stderr) == (0, "")
    assert files_in(empty) == sorted(f"R{n}.yaml" for n in range(1, count + 1))
    assert run("-R", str(empty), "validate").code == 0


def test_a_file_appearing_midway_undoes_the_files_already_placed(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = sheet(tmp_path / "r.xlsx", 5)
    link = writing._link_new
    calls: list[Path] = []

    def another_writer_first(temp: str, path: Path) -> None:
        calls.append(path)
        if len(calls) == 3:  # someone else writes R3 meanwhile
            path.write_text("id: R3\nname: theirs\n", "utf-8")
        link(temp, path)

    monkeypatch.setattr(writing, "_link_new", another_writer_first)
    outcome = run("-R", str(empty), "import", str(source))
    assert outcome.code != 0
    assert outcome.stderr == (
        f"riskreg: error: {empty / 'risks' / 'R3.yaml'} appeared while importing; "
        "nothing written: "
        "run the import again\n"
    )
    assert files_in(empty) == ["R3.yaml"]  # theirs alone: R1 and R2 were taken back
    assert (empty / "risks" / "R3.yaml").read_text("utf-8") == "id: R3\nname: theirs\n"


def test_a_full_disk_midway_writes_nothing(
    run: Run, empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = sheet(tmp_path / "r.xlsx", 5)
    before = snapshot(empty)
    temporary = writing._temporary
    written: list[Any] = []

    def disk_fills(item: writing.BatchFile) -> str:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(item)
        return temporary(item)

    monkeypatch.setattr(writing, "_temporary", disk_fills)
    outcome = run("-R", str(empty), "import", str(source))
    assert (outcome.code, outcome.stderr) == (
        1,
        f"riskreg: error: {empty / 'risks'}: cannot write: No space left on device; "
        "nothing changed\n",
    )
    assert snapshot(empty) == before  # no risk file and no temporary file
