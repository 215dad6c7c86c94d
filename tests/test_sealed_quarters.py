"""Sealed quarters: an annotated tag holds the register's hash and the HTML pack's, and
`riskreg verify` proves a reprinted pack is what the committee saw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Run
from test_diff import commit_all, git, git_identity

__all__ = ["git_identity"]

TAG = "riskreg/2021-22-Q4"


@pytest.fixture
def sealed(register: Path, run: Run, git_identity: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped register committed and sealed; git's own settings isolated (no signing)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    outcome = run("seal")
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.startswith(f"Sealed 2021/22 Q4 as {TAG} at ")
    return register


def test_a_sealed_quarter_verifies(run: Run, sealed: Path) -> None:
    message = git(sealed, "cat-file", "tag", TAG)
    assert "register-sha256: " in message and "pack-html-sha256: " in message
    assert "riskreg-version: " in message
    outcome = run("verify", TAG)
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.splitlines()[1:] == ["HTML pack: matches", "tag: not signed"]
    assert outcome.stdout.startswith("register: matches")


def test_a_seal_fails_to_verify_after_one_byte_of_one_risk_changes(run: Run, sealed: Path) -> None:
    message = git(sealed, "cat-file", "tag", TAG).split("\n\n", 1)[1]
    path = sealed / "risks" / "CRR18.yaml"
    data = bytearray(path.read_bytes())
    at = data.index(b"Critical")
    data[at] = ord("c")
    path.write_bytes(bytes(data))
    commit_all(sealed, "Touch CRR18")
    # The seal's tag moved onto the changed commit, message and all.
    git(sealed, "tag", "-f", "-a", "-m", message, TAG, "HEAD")
    outcome = run("verify", TAG)
    assert outcome.code == 1
    assert "register: DIFFERS" in outcome.stdout
    assert "HTML pack: DIFFERS" in outcome.stdout
    assert outcome.stderr == (
        f"riskreg: error: {TAG} does not verify: the register is not what was sealed\n"
    )


def test_a_quarter_is_sealed_once(run: Run, sealed: Path) -> None:
    outcome = run("seal")
    assert outcome.code == 1
    assert outcome.stderr.startswith(f"riskreg: error: {TAG} already exists")


def test_sealing_uncommitted_changes_is_refused(run: Run, sealed: Path) -> None:
    git(sealed, "tag", "-d", TAG)
    (sealed / "risks" / "CRR18.yaml").write_text("id: CRR18\nname: x\nresidual: {rating: High}\n")
    outcome = run("seal")
    assert outcome.code == 1
    assert "commit them first" in outcome.stderr
    assert git(sealed, "tag") == ""


def test_verify_of_a_tag_riskreg_did_not_write(run: Run, sealed: Path) -> None:
    git(sealed, "tag", "-a", "-m", "March committee", "jac-2022-03")
    outcome = run("verify", "jac-2022-03")
    assert outcome.code == 2
    assert outcome.stderr == (
        "riskreg: error: jac-2022-03 holds no register hash; it is not a riskreg seal\n"
    )


def _footer_hash(page: str) -> str:
    found = re.findall(r"Register SHA-256 (?:<code>)?([0-9a-f]{64})", page)
    assert len(found) == 2, found  # the printed footer (@page) and the end of the screen page
    assert found[0] == found[1]
    return found[0]


def test_the_pack_prints_the_sealed_register_hash_also_as_of_the_tag(
    run: Run, sealed: Path
) -> None:
    message = git(sealed, "cat-file", "tag", TAG)
    sealed_hash = re.search(r"register-sha256: ([0-9a-f]{64})", message)
    assert sealed_hash
    assert _footer_hash(run("report", "-f", "html").stdout) == sealed_hash[1]
    # A later change: today's pack prints the new hash, the pack as of the tag the sealed one.
    risk = sealed / "risks" / "CRR02.yaml"
    risk.write_text(risk.read_text("utf-8") + "# reviewed\n", "utf-8")
    changed = _footer_hash(run("report", "-f", "html").stdout)
    assert changed != sealed_hash[1]
    commit_all(sealed, "A later edit")
    assert _footer_hash(run("report", "-f", "html").stdout) == changed
    assert _footer_hash(run("report", "-f", "html", "--as-of", TAG).stdout) == sealed_hash[1]


def test_the_register_hash_outside_git_is_of_the_files_on_disk(run: Run, register: Path) -> None:
    from riskreg.git.seals import register_files_on_disk, register_hash

    files = register_files_on_disk(register)
    assert [path for path, _ in files][:2] == ["riskreg.yaml", "risks/CRR01.yaml"]
    assert files[-1][0].startswith("closed/")
    page = run("report", "-f", "html").stdout
    assert _footer_hash(page) == register_hash(files)
