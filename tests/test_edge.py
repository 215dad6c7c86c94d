"""The edge: every failure is one line starting `riskreg: error:` and a known exit code.

Some of these run the installed script or `main()`, not only the Typer app, so that a
closed pipe, a full disk, Ctrl-C, a bug and RISKREG_DEBUG are seen as a user sees them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run, copy_register
from riskreg.commands import edge
from test_startup import entry_point, user_env

CLOSED_MESSAGE = "riskreg: error: CRR14 is closed; reopen it first with 'riskreg reopen CRR14'\n"


# -- the closed-risk guard ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score", "CRR14", "--impact", "1", "--prob", "1"],
        ["score", "CRR14", "--impact", "1", "--prob", "1", "--target"],
        ["trend", "CRR14", "improved"],
        ["owner", "CRR14", "Head of Estates"],
        ["action", "CRR14", "Recruit"],
    ],
)
def test_a_closed_risk_is_refused_alike_by_every_command(
    run: Run, register: Path, args: list[str]
) -> None:
    before = (register / "closed" / "CRR14.yaml").read_bytes()
    outcome = run(*args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (1, "", CLOSED_MESSAGE)
    assert (register / "closed" / "CRR14.yaml").read_bytes() == before


# -- risk IDs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "CRRß18",  # upper-cases to CRRSS18 under Unicode rules
        "crrß18",
        "CRR\uff11\uff18",  # full-width digits
        "\uff23RR18",  # a full-width letter
        "CRR18\u0131",  # dotless i, which upper-cases to I
    ],
)
def test_ids_are_ascii_without_unicode_case_folding(run: Run, typed: str) -> None:
    outcome = run("show", typed)
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        f"riskreg: error: {typed!r} is not a risk ID: an ID is letters then digits, such as CRR18\n"
    )


def test_an_id_in_any_ascii_case_is_read_once(run: Run) -> None:
    assert run("show", " crr18 ").stdout == run("show", "CRR18").stdout
    assert run("show", "cRr18").stdout.startswith("CRR18  Core Skills")


def test_a_long_bad_id_is_echoed_cut_short(run: Run) -> None:
    outcome = run("show", "x" * 100_000)
    assert outcome.code == 2
    assert outcome.stderr == (
        f"riskreg: error: {'x' * 40!r}... (100,000 characters) is not a risk ID: an ID is "
        "letters then digits, such as CRR18\n"
    )


# -- one prefix ----------------------------------------------------------------------------


def test_every_error_line_of_a_command_starts_the_same(run: Run, register: Path) -> None:
    (register / "risks" / "CRR10.yaml").write_text("id: CRR10\nname: [unclosed\n")
    outcome = run("list", "--format", "csv")
    assert outcome.code == 1
    assert outcome.stderr.splitlines() == [
        "riskreg: error: risks/CRR10.yaml:3:1: YAML syntax error: did not find expected ',' "
        "or ']' (while parsing a flow sequence at line 2) [yaml-syntax]",
        "riskreg: error: 1 problem(s) in the register; shown risks exclude the files named above",
    ]


# -- output that cannot be written ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, fmt: str) -> None:
    """`riskreg list | head -1`: the reader leaves before riskreg writes."""
    root = copy_register(tmp_path / "register")
    process = subprocess.Popen(
        [entry_point(), "list", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=user_env(),
        cwd=root,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    with process.stderr:
        stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (0, b"")


def test_head_reads_the_first_line(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"'{entry_point()}' export --format json | head -1"],
        capture_output=True,
        text=True,
        env=user_env(),
        cwd=root,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "{\n", "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["list"], ["list", "--format", "csv"], ["export"]])
def test_a_full_disk_is_one_line_and_exit_1(tmp_path: Path, args: list[str]) -> None:
    root = copy_register(tmp_path / "register")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [entry_point(), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=user_env(),
            cwd=root,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "riskreg: error: cannot write the output: No space left on device\n"


# -- main(): Ctrl-C, bugs and RISKREG_DEBUG ---------------------------------------------


def run_main(monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["riskreg", "--register", str(root), *args])
    with pytest.raises(SystemExit) as exited:
        from riskreg.cli import main

        main()
    code = exited.value.code
    return code if isinstance(code, int) else 1


def _raise(error: BaseException) -> object:
    def load_register(*args: object, **kwargs: object) -> object:
        raise error

    return load_register


def test_ctrl_c_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_register(tmp_path / "register")
    monkeypatch.setattr("riskreg.register.loading.load_register", _raise(KeyboardInterrupt()))
    assert run_main(monkeypatch, root, "list") == 130
    assert capsys.readouterr().err == "riskreg: error: interrupted\n"


def test_a_bug_is_one_line_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_register(tmp_path / "register")
    monkeypatch.delenv("RISKREG_DEBUG", raising=False)
    monkeypatch.setattr("riskreg.register.loading.load_register", _raise(KeyError("boom")))
    assert run_main(monkeypatch, root, "list") == 70
    assert capsys.readouterr().err == (
        "riskreg: error: internal error: KeyError: 'boom' (set RISKREG_DEBUG=1 for details)\n"
    )


def test_riskreg_debug_shows_the_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_register(tmp_path / "register")
    monkeypatch.setenv("RISKREG_DEBUG", "1")
    monkeypatch.setattr("riskreg.register.loading.load_register", _raise(KeyError("boom")))
    monkeypatch.setattr(sys, "argv", ["riskreg", "--register", str(root), "list"])
    from riskreg.cli import main

    with pytest.raises(KeyError, match="boom"):
        main()


def test_a_domain_error_through_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_register(tmp_path / "register")
    assert run_main(monkeypatch, root, "score", "CRR14", "-i", "1", "-p", "1") == 1
    assert capsys.readouterr().err == CLOSED_MESSAGE


# -- the table itself -------------------------------------------------------------------


def test_no_row_of_the_table_is_hidden_by_an_earlier_one() -> None:
    for index, row in enumerate(edge.EXITS):
        for earlier in edge.EXITS[:index]:
            hides = issubclass(row.kind, earlier.kind) and earlier.applies is edge._always
            assert not hides, f"{row.kind.__name__} is caught first as {earlier.kind.__name__}"


def test_every_riskreg_error_has_a_row_of_its_own() -> None:
    import riskreg.errors as errors

    classes = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.RiskregError)
    ]
    assert {row.kind for row in edge.EXITS} >= set(classes)


# -- parsable output ------------------------------------------------------------------------


def test_parsable_output_keeps_a_newline_in_a_file_name_to_one_record(
    run: Run, register: Path
) -> None:
    odd = register / "risks" / "CRR18\nx.yaml"
    odd.write_bytes((register / "risks" / "CRR18.yaml").read_bytes())
    outcome = run("validate", "--format", "parsable")
    assert outcome.code == 1
    lines = outcome.stdout.splitlines()
    assert lines and all(
        re.match(r"[^:]+:\d+:\d+: (error|warning): .* \[[a-z-]+\]$", line) for line in lines
    )
    assert any(line.startswith("risks/CRR18\\nx.yaml:") for line in lines)
