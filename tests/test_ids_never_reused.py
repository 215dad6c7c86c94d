"""`riskreg new` never reuses an ID that any risk file had in the register's git history."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Run
from test_diff import commit_all, git, git_identity

__all__ = ["git_identity"]


@pytest.fixture
def repo(register: Path, git_identity: None) -> Path:
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "The register")
    return register


def created(run: Run) -> str:
    outcome = run("new", "--name", "Fleet Replacement", "--rating", "low")
    assert outcome.code == 0, outcome.stderr
    return outcome.stdout.split()[1]


def test_an_id_whose_file_was_deleted_is_not_given_again(run: Run, repo: Path) -> None:
    assert created(run) == "CRR23"
    commit_all(repo, "CRR23")
    git(repo, "rm", "-q", "risks/CRR23.yaml")
    commit_all(repo, "Remove CRR23")
    assert not (repo / "risks" / "CRR23.yaml").exists()
    assert created(run) == "CRR24"


def test_an_id_used_only_on_another_branch_is_not_given_again(run: Run, repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "fleet")
    assert created(run) == "CRR23"
    commit_all(repo, "CRR23 on a branch")
    git(repo, "switch", "-q", "main")
    assert created(run) == "CRR24"


def test_a_register_in_a_folder_of_a_repository(
    run: Run, register: Path, git_identity: None
) -> None:
    # The repository holds more than the register; names in history are from its top.
    top = register.parent
    (top / "other" / "risks").mkdir(parents=True)
    (top / "other" / "risks" / "CRR90.yaml").write_text("not the register's\n")
    git(top, "init", "-q", "-b", "main")
    commit_all(top, "Two folders")
    assert created(run) == "CRR23"
    commit_all(top, "CRR23")
    git(top, "rm", "-q", f"{register.name}/risks/CRR23.yaml")
    commit_all(top, "Remove CRR23")
    assert created(run) == "CRR24"


def test_no_git_is_run_outside_a_repository(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called = tmp_path / "git-was-run"
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ntouch {called}\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert created(run) == "CRR23"
    assert not called.exists()
