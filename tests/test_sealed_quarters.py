"""Sealed quarters: an annotated tag holds the register's hash and the HTML pack's, and
`riskreg verify` proves a reprinted pack is what the committee saw."""

from __future__ import annotations

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
