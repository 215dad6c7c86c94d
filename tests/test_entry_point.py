"""The `riskreg` program as a shell runs it: the installed script, its exit codes, an
interrupt, a closed pipe and the debug switch.

These go through `main()` or the installed script, not the test runner's `app`, since
the exit codes of a bug (70) and an interrupt (130), a reader that stops early and
RISKREG_DEBUG are all the entry point's doing. A bug and a slow command are made by a
`sitecustomize` module put on PYTHONPATH, which Python imports before riskreg starts.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import typer.main

from conftest import Run, copy_register, entry_point, user_env
from riskreg.cli import app, main

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]

# Imported by Python at start-up when its folder is on PYTHONPATH: `list` then fails
# with a bug (RISKREG_FAULT=bug) or waits, having said so in a file (RISKREG_FAULT=slow).
SITECUSTOMIZE = textwrap.dedent(
    """
    import os
    import pathlib
    import time

    fault = os.environ.get("RISKREG_FAULT")
    if fault:
        import riskreg.register.loading as loading

        def load_register(root, *args, **kwargs):
            if fault == "bug":
                raise ZeroDivisionError("division by zero")
            pathlib.Path(os.environ["RISKREG_FAULT_READY"]).write_text("waiting")
            time.sleep(60)

        loading.load_register = load_register
    """
)


def run_script(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [entry_point(), *args],
        capture_output=True,
        text=True,
        env=env or user_env(),
        cwd=cwd,
        timeout=60,
    )


def faulty_env(tmp_path: Path, fault: str) -> dict[str, str]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return user_env() | {
        "PYTHONPATH": str(hooks),
        "RISKREG_FAULT": fault,
        "RISKREG_FAULT_READY": str(tmp_path / "ready"),
    }


def assert_internal_error_line(stderr: str) -> None:
    """One line that says it is riskreg's fault and how to see more, whatever its prefix."""
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("riskreg: ")
    assert "internal error" in stderr
    assert "ZeroDivisionError" in stderr
    assert "RISKREG_DEBUG=1" in stderr
    assert "Traceback" not in stderr


def test_version(run: Run) -> None:
    from riskreg import __version__

    assert run("--version").stdout == f"riskreg {__version__}\n"


def test_installed_script_help(tmp_path: Path) -> None:
    done = run_script("--help", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert "Usage: riskreg [OPTIONS] COMMAND [ARGS]..." in done.stdout
    for name in COMMANDS:
        assert f" {name} " in done.stdout


def test_installed_script_lists_the_register(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    done = run_script("list", "--format", "csv", cwd=root)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("id,name,status,rating")
    assert len(lines) == 1 + len(list((root / "risks").glob("*.yaml")))
    assert lines[1].startswith("CRR18,Core Skills Resilience & Training Risk,open,Critical")


def test_installed_script_refuses_a_path_for_an_id(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    done = run_script("show", "../../etc/passwd", cwd=root)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("riskreg: error: ")
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


# -- a bug: exit 70 and one line, or the traceback when asked ---------------------------


def test_a_bug_exits_70_with_one_line_through_main(
    register: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import riskreg.register.loading as loading

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(loading, "load_register", broken)
    monkeypatch.chdir(register)
    monkeypatch.delenv("RISKREG_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["riskreg", "list"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 70
    out, err = capsys.readouterr()
    assert out == ""
    assert_internal_error_line(err)


def test_a_bug_in_the_installed_script_exits_70(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    done = run_script("list", cwd=root, env=faulty_env(tmp_path, "bug"))
    assert (done.returncode, done.stdout) == (70, "")
    assert_internal_error_line(done.stderr)


def test_riskreg_debug_shows_the_traceback(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    env = faulty_env(tmp_path, "bug") | {"RISKREG_DEBUG": "1"}
    done = run_script("list", cwd=root, env=env)
    assert done.returncode not in (0, 70)
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert 'in load_register\n    raise ZeroDivisionError("division by zero")' in done.stderr
    assert done.stderr.endswith("ZeroDivisionError: division by zero\n")


# -- an interrupt: exit 130, no traceback ------------------------------------------------


def test_an_interrupt_exits_130_without_a_traceback(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [entry_point(), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
        env=faulty_env(tmp_path, "slow"),
        # As a shell in a terminal starts it: Ctrl-C interrupts (a background job of a
        # script would have SIGINT ignored, and so would every child it starts).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "riskreg never reached the slow step"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert (process.returncode, stdout) == (130, "")
    assert "Traceback" not in stderr
    # Quiet, or one line that says what happened.
    assert stderr == "" or (len(stderr.splitlines()) == 1 and "interrupted" in stderr), stderr


# -- a reader that stops early: quiet, exit 0 --------------------------------------------


def test_list_into_head_is_quiet_and_exits_0(tmp_path: Path) -> None:
    """`riskreg list | head -1` in a real shell. The register is large enough that the
    table outgrows the pipe's buffer, so riskreg is still writing when head leaves."""
    root = copy_register(tmp_path / "register")
    template = (root / "risks" / "CRR01.yaml").read_text(encoding="utf-8")
    for number in range(100, 900):
        (root / "risks" / f"CRR{number}.yaml").write_text(
            template.replace("\nid: CRR01\n", f"\nid: CRR{number}\n"), encoding="utf-8"
        )
    command = f"'{entry_point()}' list | head -1; echo \"riskreg exit ${{PIPESTATUS[0]}}\" >&2"
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=root,
        env=user_env(),
        timeout=120,
    )
    assert done.stdout == "West Midlands Police Corporate Risk Register: 2021/22 Q4\n"
    assert done.stderr == "riskreg exit 0\n"
