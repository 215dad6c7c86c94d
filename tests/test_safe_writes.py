"""Where riskreg writes, and with what permissions: output files are never devices, pipes,
folders or the register's own files; writes never follow a linked folder; new files
respect the umask; edits and moves keep the mode, owner and group; a write that validate
would refuse is never made."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run, snapshot

CRR18 = "risks/CRR18.yaml"
SCORE = ("score", "CRR18", "--impact", "5", "--prob", "4")


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("/dev/null", "/dev/null is not a regular file; give --output a file name"),
        ("pipe", "pipe is not a regular file; give --output a file name"),
        ("risks", "risks is a folder; give --output a file name"),
        ("riskreg.yaml", "riskreg.yaml is part of the register"),
        ("risks/CRR05.yaml", "risks/CRR05.yaml is part of the register"),
        ("closed/new.md", "closed/new.md is part of the register"),
        ("link.md", "link.md is part of the register"),
    ],
)
def test_report_output_must_be_an_ordinary_file(
    run: Run, register: Path, output: str, said: str
) -> None:
    os.mkfifo(register / "pipe")
    (register / "link.md").symlink_to(register / "risks/CRR05.yaml")
    before = snapshot(register)
    outcome = run("report", "--output", output)
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith(f"riskreg: error: {said}")
    assert outcome.stderr.count("\n") == 1
    assert snapshot(register) == before


def test_a_report_replaces_an_existing_file_keeping_its_mode(run: Run, register: Path) -> None:
    pack = register / "pack.md"
    pack.write_text("last quarter's pack")
    pack.chmod(0o600)
    assert run("report", "--output", "pack.md").code == 0
    assert pack.read_text().startswith("# ")
    assert stat.S_IMODE(pack.stat().st_mode) == 0o600
    assert [p.name for p in register.glob(".*.tmp")] == []


@pytest.mark.usefixtures("umask")
def test_new_files_respect_the_umask(run: Run, register: Path) -> None:
    os.umask(0o077)
    assert run("new", "--name", "Fleet Replacement", "--rating", "High").code == 0
    assert run("report", "--output", "pack.html").code == 0
    assert stat.S_IMODE((register / "risks/CRR23.yaml").stat().st_mode) == 0o600
    assert stat.S_IMODE((register / "pack.html").stat().st_mode) == 0o600
    os.umask(0o002)
    assert run("new", "--name", "Estates", "--rating", "Low").code == 0
    assert stat.S_IMODE((register / "risks/CRR24.yaml").stat().st_mode) == 0o664


def test_edits_and_moves_keep_the_mode(run: Run, register: Path) -> None:
    (register / CRR18).chmod(0o640)
    (register / "risks/CRR10.yaml").chmod(0o640)
    assert run(*SCORE).code == 0
    assert run("close", "CRR10", "--rationale", "Mitigated").code == 0
    assert stat.S_IMODE((register / CRR18).stat().st_mode) == 0o640
    assert stat.S_IMODE((register / "closed/CRR10.yaml").stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_edits_and_moves_keep_the_owner_and_group(run: Run, register: Path) -> None:
    for name in (CRR18, "risks/CRR10.yaml"):
        os.chown(register / name, 12345, 23456)  # no such user or group needs to exist
    assert run(*SCORE).code == 0
    assert run("close", "CRR10", "--rationale", "Mitigated").code == 0
    for name in (CRR18, "closed/CRR10.yaml"):
        info = (register / name).stat()
        assert (info.st_uid, info.st_gid) == (12345, 23456)


def test_writes_never_follow_a_linked_folder(run: Run, register: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (register / "closed").rename(elsewhere)
    (register / "closed").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    outcome = run("close", "CRR10", "--rationale", "Mitigated")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr == (
        "riskreg: error: closed is a symbolic link; riskreg never writes through a link out "
        "of the register, so closed/ must be a real folder; nothing changed\n"
    )
    assert snapshot(elsewhere) == before
    assert (register / "risks/CRR10.yaml").exists()


def test_a_write_validate_would_refuse_is_not_made(run: Run, register: Path) -> None:
    path = register / CRR18
    text = path.read_text()
    padding = 999_972 - len(text.encode())
    path.write_text(text + "# " + "x" * (padding - 3) + "\n")
    assert len(path.read_bytes()) == 999_972
    assert run("validate", CRR18).code == 0
    before = path.read_bytes()
    outcome = run(*SCORE)
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr.startswith(f"riskreg: error: {CRR18}: refusing to write 1,000,")
    assert outcome.stderr.endswith(
        " bytes: validate allows a risk file up to 1,000,000 bytes; file left unchanged\n"
    )
    assert path.read_bytes() == before


def test_import_update_keeps_the_byte_order_mark_and_line_endings(run: Run, register: Path) -> None:
    path = register / CRR18
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    exported = json.loads(run("export", "--format", "json").stdout)
    for risk in exported["risks"]:
        if risk["id"] == "CRR18":
            risk["owner"] = "Head of Learning"
    (register / "update.json").write_text(json.dumps(exported))
    outcome = run("import", "update.json", "--update")
    assert outcome.code == 0, outcome.stderr
    assert "updated: risks/CRR18.yaml (owner)" in outcome.stdout
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"owner: Head of Learning\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_new_syncs_the_folder(run: Run, register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert run("new", "--name", "Fleet Replacement", "--rating", "High").code == 0
    assert str(register.resolve() / "risks") in synced


def test_import_syncs_each_file_and_the_folder_once(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exported = json.loads(run("export", "--format", "json").stdout)
    for risk in exported["risks"]:
        (
            register / ("risks" if risk["status"] == "open" else "closed") / f"{risk['id']}.yaml"
        ).unlink()
    (tmp_path / "all.json").write_text(json.dumps(exported))
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        synced.append(kind)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    outcome = run("import", str(tmp_path / "all.json"))
    assert outcome.code == 0, outcome.stderr
    assert "22 added" in outcome.stdout
    assert synced.count("file") == 22
    assert synced.count("folder") == 2  # risks/ and closed/, once each, at the end
