"""Writes that fail leave the original file as it was; writes that succeed keep the file's
comments and give back exactly the risk that was written."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from riskreg.model.risk import Risk, risk_as_data
from riskreg.register.editing import SetValue, apply_edits, render_new_file
from riskreg.yamlsource import parse_text

CRR18 = "risks/CRR18.yaml"
SCORE = ("score", "CRR18", "--impact", "5", "--prob", "4")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def original(register: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    return (register / CRR18).read_bytes()


def failing(code: int, text: str) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, text)

    return fail


def test_disk_full_while_syncing(
    run: Run, register: Path, original: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", failing(errno.ENOSPC, "No space left on device"))
    outcome = run(*SCORE)
    assert (outcome.code, outcome.stderr) == (
        1,
        f"riskreg: error: {CRR18}: cannot write: No space left on device; file left unchanged\n",
    )
    assert (register / CRR18).read_bytes() == original
    assert leftovers(register / "risks") == []


def test_disk_full_while_writing(
    run: Run, register: Path, original: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from riskreg.register import writing

    real_write_all = writing._write_all

    def half_then_full(handle: int, data: bytes) -> None:
        real_write_all(handle, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing, "_write_all", half_then_full)
    outcome = run(*SCORE)
    assert outcome.code == 1
    assert "No space left on device; file left unchanged" in outcome.stderr
    assert (register / CRR18).read_bytes() == original
    assert leftovers(register / "risks") == []


@pytest.mark.parametrize(
    ("where", "code", "reason"),
    [
        ("riskreg.register.writing._new_temporary", errno.EACCES, "Permission denied"),
        ("os.replace", errno.EACCES, "Permission denied"),
        ("os.replace", errno.EROFS, "Read-only file system"),
        ("riskreg.register.writing._new_temporary", errno.EROFS, "Read-only file system"),
    ],
)
def test_refused_writes(
    run: Run,
    register: Path,
    original: bytes,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
    reason: str,
) -> None:
    monkeypatch.setattr(where, failing(code, reason))
    outcome = run(*SCORE)
    assert (outcome.code, outcome.stderr) == (
        1,
        f"riskreg: error: {CRR18}: cannot write: {reason}; file left unchanged\n",
    )
    assert (register / CRR18).read_bytes() == original
    assert leftovers(register / "risks") == []


def test_a_read_only_folder(run: Run, register: Path, original: bytes) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; simulated in test_refused_writes")
    folder = register / "risks"
    folder.chmod(0o555)
    try:
        outcome = run(*SCORE)
    finally:
        folder.chmod(0o755)
    assert outcome.code == 1
    assert "Permission denied; file left unchanged" in outcome.stderr
    assert (register / CRR18).read_bytes() == original


# The child runs the real `riskreg score`, stopping at a chosen moment of the write and
# saying so; the test then kills it with SIGKILL, as a power cut or the OOM killer would.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    phase, flag = sys.argv[1], sys.argv[2]

    def stop_here():
        open(flag, "w").close()
        time.sleep(60)

    if phase == "writing":
        from riskreg.register import writing
        real_write_all = writing._write_all
        def half_written(handle, data):
            real_write_all(handle, data[: len(data) // 2]); stop_here()
        writing._write_all = half_written
    elif phase == "syncing":
        os.fsync = lambda fd: stop_here()
    elif phase == "renaming":
        os.replace = lambda *a: stop_here()

    from riskreg.cli import main
    sys.argv = ["riskreg", "score", "CRR18", "--impact", "5", "--prob", "4"]
    main()
    """
)


@pytest.mark.parametrize("phase", ["writing", "syncing", "renaming"])
def test_killed_mid_write(
    run: Run, register: Path, original: bytes, tmp_path: Path, phase: str
) -> None:
    flag = tmp_path / "stopped"
    log = tmp_path / "stderr"
    env = {**os.environ, "RISKREG_TODAY": "2022-03-20"}
    with open(log, "wb") as errors:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, phase, str(flag)],
            cwd=register,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            for _ in range(600):  # up to a minute; normally a fraction of a second
                if flag.exists() or child.poll() is not None:
                    break
                time.sleep(0.1)
            assert flag.exists(), log.read_text()
            os.kill(child.pid, signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert (register / CRR18).read_bytes() == original
    # A hidden temporary file may remain; the register never reads it, and validate
    # names it as a warning.
    left = leftovers(register / "risks")
    assert all(name.startswith(".CRR18.yaml.") for name in left)
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stdout) == (
        0,
        "".join(
            f"risks/{name}:1:1: warning: temporary file left by an interrupted write; nothing in "
            f"it is needed: delete it (rm 'risks/{name}'), or let riskreg's next change to "
            "the register remove it [leftover-temp-file]\n"
            for name in left
        ),
    )


# ---------------------------------------------------------------------------
# Round trips.

TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff"
    )
    | st.sampled_from(["\n", " ", "#", ":", "-", "'", '"', "&", "*", "!", "%", "@", "`"]),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
TRICKY = st.sampled_from(
    [
        "no",
        "on",
        "yes",
        "off",
        "010",
        "1:30",
        "0x1F",
        "~",
        "null",
        "2022-03-08",
        "1e3",
        ".inf",
        "- item",
        "key: value",
        "# not a comment",
        "'quoted'",
        '"double"',
        "@at",
        "`tick",
        "%percent",
        "a\nb",
        "é ß ✓",
    ]
)
WORDS = TEXT | TRICKY
DIRECTIONS = st.sampled_from(["improved", "worsened", "unchanged", "new", "n/a"])
QUARTERS = ["2020/21 Q4", "2021/22 Q1", "2021/22 Q2", "2021/22 Q3", "2021/22 Q4"]
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def risks(draw: st.DrawFn) -> Risk:
    scored = draw(st.booleans())
    impact, probability = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    residual: dict[str, Any] = {
        "rating": draw(st.sampled_from(["Low", "Medium", "High", "Critical"]))
    }
    if scored:
        residual |= {"impact": impact, "probability": probability}
    start = draw(st.integers(0, len(QUARTERS) - 1))
    data: dict[str, Any] = {
        "id": draw(st.from_regex(r"\A[A-Z]{1,4}[0-9]{1,4}\Z")),
        "name": draw(WORDS),
        "status": "open",
        "description": draw(st.one_of(st.just(""), WORDS)),
        "controls": draw(
            st.lists(
                WORDS
                | st.builds(
                    lambda text, hidden: {"text": text, "restricted": hidden}, WORDS, st.booleans()
                ),
                max_size=3,
            )
        ),
        "trend": {quarter: draw(DIRECTIONS) for quarter in QUARTERS[start:]},
        "residual": residual,
        "owner": draw(st.none() | WORDS),
        "last_reviewed": draw(st.none() | DATES),
        "actions": draw(
            st.lists(
                st.builds(
                    lambda action, due, status: {"action": action, "due": due, "status": status},
                    WORDS,
                    st.none() | DATES,
                    st.sampled_from(["open", "in progress", "done"]),
                ),
                max_size=2,
            )
        ),
    }
    return Risk.model_validate(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(risks())
def test_a_written_risk_loads_back_unchanged(risk: Risk) -> None:
    text = render_new_file(risk_as_data(risk))
    doc = parse_text(text, "risks/X.yaml")
    assert doc.problems == []
    assert Risk.model_validate(doc.value) == risk


COMMENTED = """\
# yaml-language-server: $schema=../schema/risk.schema.json
# Owner agreed at the March board.
id: CRR18
name: Core Skills Resilience & Training Risk   # the seed's wording
status: open
owner: Head of Learning   # acting
residual:
  rating: High    # pending the Q1 review
  # impact and probability to follow
trend:
  2021/22 Q4: new   # first quarter on the register
"""


@settings(max_examples=150, deadline=None)
@given(WORDS)
def test_an_edit_keeps_every_comment(owner: str) -> None:
    doc = parse_text(COMMENTED, CRR18)
    text = apply_edits(doc, [SetValue(("owner",), owner)])
    comments = [line.split("#", 1)[1] for line in COMMENTED.splitlines() if "#" in line]
    for comment in comments:
        if comment.strip() != "acting":  # the comment on the edited line may go with it
            assert comment in text
    edited = parse_text(text, CRR18)
    assert edited.problems == []
    assert edited.value["owner"] == owner
    assert {k: v for k, v in edited.value.items() if k != "owner"} == {
        k: v for k, v in doc.value.items() if k != "owner"
    }


def test_an_edit_changes_only_its_line(register: Path) -> None:
    doc = parse_text(COMMENTED, CRR18)
    text = apply_edits(doc, [SetValue(("residual", "rating"), "Critical")])
    assert text == COMMENTED.replace("rating: High    #", "rating: Critical    #")
