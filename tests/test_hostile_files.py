"""Files that are not what they seem: each gets a clear problem, never a crash or a hang,
and nothing riskreg was only asked to read is changed."""

from __future__ import annotations

import hashlib
import os
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from riskreg.yamlsource import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    parse_bytes,
    parse_text,
    read_document,
    reading,
    screening,
)

CRR18 = "risks/CRR18.yaml"


def validate_one(run: Run, text: bytes, name: str = CRR18) -> tuple[int, str]:
    """Write `text` as a risk file and validate it alone: (exit code, parsable output)."""
    Path(name).write_bytes(text)
    outcome = run("validate", "--format", "parsable", name)
    assert outcome.stderr == ""
    return outcome.code, outcome.stdout


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under `root`: its content hash and modification time."""
    return {
        os.fspath(path.relative_to(root)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def no_compose(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any text reaches the composer."""

    def refuse(text: str, doc: Any) -> None:
        raise AssertionError("composed text that should have been refused from its events")

    monkeypatch.setattr(reading, "compose", refuse)


# ---------------------------------------------------------------------------
# Encodings and bytes.


def test_bom_and_crlf_are_accepted(run: Run, register: Path) -> None:
    text = (register / CRR18).read_text(encoding="utf-8")
    code, out = validate_one(run, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert (code, out) == (0, "")


def test_bytes_that_are_not_utf8(run: Run) -> None:
    code, out = validate_one(run, b"id: CRR18\nname: Caf\xe9 risk\n")
    assert (code, out) == (
        1,
        "risks/CRR18.yaml:2:10: error: byte 0xe9 ('é' in Windows text) is not UTF-8; save the "
        "file as UTF-8 [not-utf8]\n",
    )


def test_utf16(run: Run, register: Path) -> None:
    text = (register / CRR18).read_text(encoding="utf-8")
    code, out = validate_one(run, text.encode("utf-16"))
    assert (code, out) == (
        1,
        "risks/CRR18.yaml:1:1: error: file is UTF-16 text; save it as UTF-8 [not-utf8]\n",
    )


def test_nul_bytes(run: Run) -> None:
    code, out = validate_one(run, b"id: CRR18\nname: a\x00b\n")
    assert (code, out) == (
        1,
        "risks/CRR18.yaml:2:8: error: file holds NUL bytes; a risk file "
        "is UTF-8 text [binary-file]\n",
    )


def test_control_characters(run: Run) -> None:
    code, out = validate_one(run, b"id: CRR18\nname: a\x07b\n")
    assert (code, out) == (
        1,
        "risks/CRR18.yaml:2:8: error: character U+0007 is not allowed "
        "in YAML text; remove it [yaml-syntax]\n",
    )


def test_an_empty_file(run: Run) -> None:
    code, out = validate_one(run, b"")
    assert (code, out) == (
        1,
        "risks/CRR18.yaml:1:1: error: file is empty; a risk file is a "
        "mapping of fields (id: CRR18, name: ...) [empty-file]\n",
    )


# ---------------------------------------------------------------------------
# Size and depth.


def test_a_huge_file_is_refused_by_its_size_without_being_read(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = register / "risks" / "CRR50.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make
    reads: list[int] = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        if os.fstat(fd).st_size == big.stat().st_size:
            reads.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    outcome = run("validate", "--format", "parsable", "risks/CRR50.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        f"risks/CRR50.yaml:1:1: error: file is larger than {MAX_FILE_BYTES:,} bytes; a "
        "risk file is a few kilobytes [file-too-large]\n",
    )
    assert reads == []


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "notes: " + "[" * 10_000 + "x" + "]" * 10_000,
        "{a: " * 10_000 + "b" + "}" * 10_000,
        "- " * 10_000 + "x",
        "".join(" " * depth + "- \n" for depth in range(0, 4_000, 2)),
    ],
    ids=["brackets", "brackets-in-a-field", "braces", "dashes", "indentation"],
)
def test_deep_nesting_is_refused_before_composing(
    text: str, no_compose: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = parse_text(text, CRR18)
    assert [p.code for p in doc.problems] == ["too-deep"]
    assert doc.problems[0].line >= 1
    # A libyaml without its own nesting limit (or the pure-Python parser) must meet the
    # same refusal: the screen counts depth from events, which need no recursion.
    monkeypatch.setattr(screening, "LOADER", yaml.SafeLoader)
    doc = parse_text(text, CRR18)
    assert [(p.code, p.message) for p in doc.problems] == [
        ("too-deep", f"nested more than {MAX_DEPTH} levels deep; a risk file needs at most four")
    ]


def test_deep_nesting_in_a_file(run: Run) -> None:
    code, out = validate_one(run, b"id: CRR18\nnotes: " + b"[" * 10_000 + b"]" * 10_000 + b"\n")
    assert code == 1
    assert out.startswith("risks/CRR18.yaml:2:") and out.endswith(
        ": error: nested more than 12 levels deep; a risk file needs at most four [too-deep]\n"
    )


def test_nesting_just_past_the_limit_without_the_screen() -> None:
    # Thirteen levels in a form the cheap pre-check lets through to the composer: the
    # value builder stops at the limit and says so.
    text = "a:\n" + "".join(" " * (2 * level) + f"- k{level}:\n" for level in range(1, 8))
    doc = parse_text(text, CRR18)
    assert [p.code for p in doc.problems] == ["too-deep"]


# ---------------------------------------------------------------------------
# Anchors, aliases, tags.

LAUGHS = (
    "\n".join(
        [' a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'.strip()]
        + [f"{c}: &{c} [" + ",".join([f"*{chr(ord(c) - 1)}"] * 9) + "]" for c in "bcdefghi"]
    )
    + "\n"
)


def test_billion_laughs_is_refused_from_the_event_stream(no_compose: None) -> None:
    doc = parse_text(LAUGHS, CRR18)
    assert {p.code for p in doc.problems} == {"anchor"}
    assert [p.line for p in doc.problems] == list(range(1, 10))  # one a line
    assert doc.value is None


def test_billion_laughs_in_a_file(run: Run) -> None:
    code, out = validate_one(run, LAUGHS.encode())
    assert code == 1
    assert out.splitlines()[0] == (
        "risks/CRR18.yaml:1:4: error: YAML anchor '&a' is not allowed in a risk file; write "
        "the value out in full [anchor]"
    )
    assert len(out.splitlines()) == 9


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
        "!custom",
        "!!binary",
        "!!set",
    ],
)
def test_tags_are_refused_and_never_run(run: Run, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    code, out = validate_one(
        run, f"id: CRR18\nname: {tag} [touch {marker}]\nresidual: {{rating: High}}\n".encode()
    )
    assert code == 1
    assert (
        f"risks/CRR18.yaml:2:7: error: YAML tag '{tag}' is not allowed in a risk file; "
        "remove it [tag]"
    ) in out.splitlines()
    assert not marker.exists()


# ---------------------------------------------------------------------------
# Links and things that are not files.


def test_a_link_to_a_file_outside_the_register_is_not_followed(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text((register / CRR18).read_text())
    (register / CRR18).unlink()
    (register / CRR18).symlink_to(secret)
    opened: list[str] = []
    real_open = os.open

    def watching_open(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, *args, **kwargs)
        opened.append(os.path.realpath(f"/proc/self/fd/{fd}"))
        return fd

    monkeypatch.setattr(os, "open", watching_open)
    for args in (["validate"], ["validate", CRR18], ["show", "CRR18"]):
        outcome = run(*args)
        assert outcome.code == 1, args
        assert "symbolic link" in outcome.stdout + outcome.stderr
    assert os.fspath(secret) not in opened


def test_a_link_between_folders_of_the_register_is_refused_too(run: Run, register: Path) -> None:
    (register / "closed" / "CRR40.yaml").symlink_to(register / CRR18)
    outcome = run("validate", "--format", "parsable", "closed/CRR40.yaml")
    assert outcome.code == 1
    assert outcome.stdout == (
        "closed/CRR40.yaml:1:1: error: is a symbolic link; riskreg never follows links, so a "
        "risk file must be a regular file in the register [not-a-file]\n"
    )


def test_an_unreadable_file_and_folder(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated, so that the test means the same when run as root.
    real_open, real_scandir = os.open, os.scandir

    def refusing_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("CRR18.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def refusing_scandir(path: Any) -> Any:
        if os.fspath(path).endswith("closed"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "scandir", refusing_scandir)
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stdout) == (
        1,
        "closed:1:1: error: cannot read the folder: Permission denied [folder-unreadable]\n"
        "risks/CRR18.yaml:1:1: error: cannot read the file: Permission denied "
        "[file-unreadable]\n",
    )


# ---------------------------------------------------------------------------
# IDs on the command line are IDs, never paths.


@pytest.mark.parametrize(
    "args",
    [
        ["show", "../../etc/passwd"],
        ["show", "risks/CRR18.yaml"],
        ["show", "CRR18/../CRR19"],
        ["score", "/etc/passwd", "--impact", "1", "--prob", "1"],
        ["score", "../closed/CRR14", "--impact", "1", "--prob", "1"],
        ["close", "../../etc/passwd", "--rationale", "gone"],
        ["reopen", "/etc/passwd"],
        ["trend", "/etc/passwd", "improved"],
        ["owner", "../CRR18", "Someone"],
        ["action", "/etc/passwd", "Do it"],
    ],
)
def test_ids_that_are_paths_are_refused_before_any_file_is_touched(
    run: Run, register: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(register)
    opened: list[str] = []
    real_open = os.open

    def watching_open(path: Any, *rest: Any, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *rest, **kwargs)

    monkeypatch.setattr(os, "open", watching_open)
    outcome = run(*args)
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        f"riskreg: error: {args[1]!r} is not a risk ID: an ID is letters "
        "then digits, such as CRR18\n"
    )
    assert not [path for path in opened if "risks" in path or "closed" in path]
    assert snapshot(register) == before


# ---------------------------------------------------------------------------
# Whatever the input: no traceback, no hang, no change to what was only read.


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_problems(raw: bytes) -> None:
    doc = parse_bytes(raw, CRR18)
    assert doc.root is not None or doc.problems


YAMLISH = st.lists(
    st.sampled_from(
        [
            "id: CRR18\n",
            "name: x\n",
            "- ",
            "  ",
            "[",
            "]",
            "{",
            "}",
            ": ",
            ",",
            "&a ",
            "*a ",
            "<<: ",
            "!!str ",
            "!t ",
            "? ",
            "---\n",
            "...\n",
            "'",
            '"',
            "|\n",
            ">-\n",
            "#c\n",
            "\t",
            "\n",
            "no",
            "010",
            "1:30",
            "2022-02-30",
            "~",
            "\r\n",
            "\ufeff",
        ]
    )
    | st.text(alphabet=string.printable, max_size=5),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_any_yaml_like_text_gives_a_document_or_problems(text: str) -> None:
    from riskreg.model.risk import RegisterConfig
    from riskreg.rules import validate_document
    from riskreg.scoring.defaults import default_scoring

    doc = parse_text(text, CRR18)
    config = RegisterConfig(period="2021/22 Q4", scoring=default_scoring())
    validate_document(doc, config)
    for problem in doc.problems:
        assert problem.message and problem.code


def test_validating_a_hostile_register_changes_nothing(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, bytes] = {
        "risks/CRR30.yaml": LAUGHS.encode(),
        "risks/CRR31.yaml": b"[" * 5000,
        "risks/CRR32.yaml": b"\xff\xfe\x00x",
        "risks/CRR33.yaml": b"id: CRR33\nname: !!python/object/apply:os.remove ['riskreg.yaml']\n",
        "closed/CRR34.yaml": b"- a\n- b\n",
    }
    for name, data in files.items():
        (register / name).write_bytes(data)
    before = snapshot(register)
    commands: list[list[str]] = [
        ["validate"],
        ["validate", *files],
        ["list"],
        ["matrix"],
        ["show", "CRR33"],
        ["validate", "--format", "json"],
    ]
    for args in commands:
        outcome = run(*args)
        assert outcome.code in (1, 2), args
        assert "Traceback" not in outcome.stdout + outcome.stderr
    assert snapshot(register) == before


def test_read_document_refuses_a_directory_and_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "CRR1.yaml"
    folder.mkdir()
    pipe = tmp_path / "CRR2.yaml"
    os.mkfifo(pipe)
    assert [p.message for p in read_document(folder).problems] == [
        "is a folder; a risk file must be a regular file"
    ]
    assert [p.code for p in read_document(pipe).problems] == ["not-a-file"]
