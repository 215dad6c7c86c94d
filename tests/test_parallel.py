"""Reading a large register on several cores gives exactly what one process gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from riskreg.register import parallel
from riskreg.register.loading import load_register
from riskreg.rules.validation import validate_register
from test_bench import bench_module, register_today  # noqa: F401 (an autouse fixture)

generate = bench_module("generate")

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux")


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two cores whatever the machine has, so that the parallel path runs."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def broken_register(root: Path, count: int) -> Path:
    generate.generate(root, count)
    (root / ".generated").unlink()  # edited below: no longer the generator's register
    bad = root / "risks" / "CRR00007.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("status: open", "status: maybe"), encoding="utf-8"
    )
    (root / "risks" / f"CRR{count:05d}.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return root


def test_parallel_load_equals_one_process(
    tmp_path: Path, two_cores: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = broken_register(tmp_path / "register", parallel.PARALLEL_FROM + 100)
    assert parallel.worker_count(parallel.PARALLEL_FROM + 100) == 1
    together = load_register(root)
    monkeypatch.setenv(parallel.WORKERS_VAR, "1")
    assert parallel.worker_count(parallel.PARALLEL_FROM + 100) == 0
    alone = load_register(root)
    assert together.problems == alone.problems
    assert [p.code for p in together.problems] == ["bad-value", "yaml-syntax"]
    assert together.risks == alone.risks
    assert len(together.risks) == parallel.PARALLEL_FROM + 98
    assert together.paths == alone.paths


def square_unless_in_a_child(item: int, parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("a child fails")
    return item * item


def test_a_failing_child_has_its_share_done_here(two_cores: None) -> None:
    items = list(range(parallel.PARALLEL_FROM * 2))
    assert parallel.map_in_order(square_unless_in_a_child, items, os.getpid()) == [
        item * item for item in items
    ]


def test_small_jobs_stay_in_this_process(two_cores: None) -> None:
    assert parallel.worker_count(parallel.PARALLEL_FROM - 1) == 0
    items = list(range(parallel.PARALLEL_FROM - 1))
    assert parallel.map_in_order(square_unless_in_a_child, items, os.getpid()) == [
        item * item for item in items
    ]


def test_output_written_before_the_fork_appears_once(
    tmp_path: Path, two_cores: None, capfd: pytest.CaptureFixture[str]
) -> None:
    print("before", end="")  # still in the buffer when the child is forked
    parallel.map_in_order(abs, list(range(parallel.PARALLEL_FROM * 2)))
    print()
    assert capfd.readouterr().out == "before\n"


def test_parallel_validate_equals_one_process(
    tmp_path: Path, two_cores: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = parallel.PARALLEL_FROM + 100
    root = broken_register(tmp_path / "register", count)
    late = root / "risks" / f"CRR{count - 1:05d}.yaml"  # in the child's share
    (root / "closed" / late.name.lower()).write_text(
        late.read_text(encoding="utf-8"), encoding="utf-8"
    )
    together = validate_register(root)
    monkeypatch.setenv(parallel.WORKERS_VAR, "1")
    alone = validate_register(root)
    assert together.files == alone.files
    assert together.problems == alone.problems
    codes = sorted({p.code for p in together.problems})
    assert {"bad-value", "yaml-syntax", "duplicate-id"} <= set(codes)


def test_no_workers_while_other_threads_run(two_cores: None) -> None:
    import threading

    assert parallel.worker_count(parallel.PARALLEL_FROM) == 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.worker_count(parallel.PARALLEL_FROM) == 0
    finally:
        stop.set()
        thread.join()
