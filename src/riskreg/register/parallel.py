"""Spreading per-file work over the machine's cores, for large registers.

Reading a risk file is CPU work in Python (PyYAML's composer, building values, pydantic,
the rules), so a register of thousands of files is read by this process and by forked
children side by side, one per further core: this process takes the first share itself
(its results need no copying) and each child the next. A child inherits the job at the
fork, so only its results travel back, pickled through a pipe, and are put in order.
A child that fails has its share done here instead. Small registers, machines with one
core and systems without a dependable `fork` read every file in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files, one process is quicker than starting workers.
PARALLEL_FROM = 500
# RISKREG_WORKERS=1 reads in one process whatever the size (to measure, or on a shared host).
WORKERS_VAR = "RISKREG_WORKERS"


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(items: int) -> int:
    """Child processes to start for `items` files, besides this one; 0 means none."""
    if items < PARALLEL_FROM or sys.platform != "linux":
        return 0
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return 0  # forking a process that runs threads can deadlock the child
    count = cores()
    wanted = os.environ.get(WORKERS_VAR, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        count = min(count, int(wanted))
    return count - 1


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of files are read.

    Reading allocates many small objects and frees them by reference counting; with
    the collector running, each of its passes walks everything kept so far, which for
    10,000 kept documents costs more than reading them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def map_in_order(
    function: Callable[..., Result], items: Sequence[Item], *args: Any
) -> list[Result]:
    """`[function(item, *args) for item in items]`, on every core when there are many items.

    `function` must be a module-level function and its results picklable.
    """
    workers = worker_count(len(items))
    with collector_paused():
        if not workers:
            return [function(item, *args) for item in items]
        return _in_parallel(workers, function, items, args)


def _in_parallel(
    workers: int, function: Callable[..., Result], items: Sequence[Item], args: tuple[Any, ...]
) -> list[Result]:
    import pickle  # only here: most runs read too few files to need it

    own = len(items) // (workers + 1)
    step = -(-(len(items) - own) // workers)
    ranges = [(start, min(start + step, len(items))) for start in range(own, len(items), step)]
    # Buffered output would be written again by each child; what exists now is shared
    # with the children, and freezing it keeps the collector from touching those pages.
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    children: list[tuple[int, int, int, int]] = []
    try:
        for start, stop in ranges:
            children.append((*_fork_worker(function, items, args, start, stop), start, stop))
        results = [function(item, *args) for item in items[:own]]
        for pid, read_end, start, stop in children:
            with open(read_end, "rb") as source:
                payload = source.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and payload:
                results.extend(pickle.loads(payload))
            else:  # the worker failed: do its share here, where an error is reported as usual
                results.extend(function(item, *args) for item in items[start:stop])
        return results
    finally:
        gc.unfreeze()


def _fork_worker(
    function: Callable[..., Any],
    items: Sequence[Any],
    args: tuple[Any, ...],
    start: int,
    stop: int,
) -> tuple[int, int]:
    """Start a child computing items[start:stop]; its pid and the pipe its results come by."""
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    code = 1
    try:  # in the child: compute, send, and leave without running the parent's exit code
        os.close(read_end)
        payload = pickle.dumps(
            [function(item, *args) for item in items[start:stop]], protocol=pickle.HIGHEST_PROTOCOL
        )
        with open(write_end, "wb") as sink:
            sink.write(payload)
        code = 0
    finally:
        os._exit(code)
