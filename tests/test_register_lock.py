"""The register lock: a second writer waits, then names the holder; a stale lock is
reported, never broken; the lock goes when the command ends, on Ctrl-C or kill too;
reads take no lock."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import Run, snapshot

SCORE = ("score", "CRR18", "--impact", "5", "--prob", "4")
LOCK = "riskreg.yaml.lock"


def hold(register: Path, pid: int, command: str = "riskreg review") -> bytes:
    text = (
        f"pid: {pid}\nhost: {socket.gethostname()}\ncommand: {command}\n"
        "started: 2022-03-20T09:00:00+00:00\n"
    ).encode()
    (register / LOCK).write_bytes(text)
    return text


def gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_writer_names_the_holder(run: Run, register: Path) -> None:
    lock = hold(register, os.getpid())
    before = snapshot(register)
    outcome = run(*SCORE, "--wait", "0.2")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f"riskreg: error: the register is locked by pid {os.getpid()} on "
        f"{socket.gethostname()} ('riskreg review', since 2022-03-20T09:00:00+00:00); "
        "waited 0.2 s. Try again, or give --wait SECONDS. If no riskreg is running, "
        f"remove {LOCK}\n"
    )
    assert snapshot(register) == before
    assert (register / LOCK).read_bytes() == lock


def test_a_stale_lock_is_reported_and_kept(run: Run, register: Path) -> None:
    pid = gone_pid()
    lock = hold(register, pid, "riskreg close CRR10")
    before = snapshot(register)
    outcome = run(*SCORE)
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        f"riskreg: error: {LOCK} is a stale lock: pid {pid} on {socket.gethostname()} "
        "('riskreg close CRR10', since 2022-03-20T09:00:00+00:00) is no longer running. "
        "Check that its change is complete ('riskreg validate', 'git status'), then "
        f"remove {LOCK} and try again\n"
    )
    assert snapshot(register) == before
    assert (register / LOCK).read_bytes() == lock


def test_the_lock_goes_when_the_command_ends(run: Run, register: Path) -> None:
    assert run(*SCORE).code == 0
    assert not (register / LOCK).exists()
    refused = run("score", "CRR14", "--impact", "2", "--prob", "2")  # closed: refused
    assert refused.code == 1 and "CRR14 is closed" in refused.stderr
    assert not (register / LOCK).exists()


def test_reads_take_no_lock(run: Run, register: Path) -> None:
    hold(register, os.getpid())
    assert run("list").code == 0
    assert run("show", "CRR18").code == 0
    assert run("validate").code == 0
    assert run("score", "CRR18", "--impact", "5", "--prob", "4", "--dry-run").code == 0


def test_a_waiting_writer_goes_on_when_the_lock_is_released(register: Path) -> None:
    hold(register, os.getpid())
    env = {**os.environ, "RISKREG_TODAY": "2022-03-20"}
    child = subprocess.Popen(
        [sys.executable, "-m", "riskreg", *SCORE, "--wait", "60"],
        cwd=register,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    assert child.poll() is None  # still waiting
    (register / LOCK).unlink()
    out, err = child.communicate(timeout=60)
    assert (child.returncode, err) == (0, "")
    assert "Recorded in risks/CRR18.yaml" in out
    assert not (register / LOCK).exists()


# The child stops inside the lock, just before it would write, and says so.
STOP_INSIDE = textwrap.dedent(
    """
    import sys, time
    flag = sys.argv[1]
    def stop(*args, **kwargs):
        open(flag, "w").close()
        time.sleep(60)
    import riskreg.lifecycle.assess as assess
    assess.update_risk = lambda *a, **k: stop()
    from riskreg.cli import main
    sys.argv = ["riskreg", "score", "CRR18", "--impact", "5", "--prob", "4"]
    main()
    """
)


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 130)])
def test_interrupted_inside_the_lock(
    register: Path, tmp_path: Path, sent: signal.Signals, code: int
) -> None:
    flag = tmp_path / "inside"
    before = snapshot(register)
    child = subprocess.Popen(
        [sys.executable, "-c", STOP_INSIDE, str(flag)],
        cwd=register,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(600):
            if flag.exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert flag.exists(), child.communicate()
        assert (register / LOCK).exists()
        child.send_signal(sent)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == code, err
    assert not (register / LOCK).exists()
    assert snapshot(register) == before


def test_init_keeps_the_lock_out_of_git(tmp_path: Path, run: Run) -> None:
    assert run("init", str(tmp_path / "new"), "--period", "2026/27 Q3").code == 0
    assert (tmp_path / "new/.gitignore").read_text().splitlines()[-1] == LOCK
    (tmp_path / "old").mkdir()
    (tmp_path / "old/.gitignore").write_text("*.pdf")
    assert run("init", str(tmp_path / "old"), "--period", "2026/27 Q3").code == 0
    assert (tmp_path / "old/.gitignore").read_text() == f"*.pdf\n{LOCK}\n"
    assert not (tmp_path / "old" / LOCK).exists()


def test_the_next_write_removes_leftover_temporary_files(run: Run, register: Path) -> None:
    leftover = register / "risks/.CRR10.yaml.k2j3h4.tmp"
    leftover.write_text("id: CRR10\nname: half writ")
    assert run(*SCORE).code == 0
    assert not leftover.exists()
