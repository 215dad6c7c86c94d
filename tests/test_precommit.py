"""The pre-commit hook, run by the real pre-commit against a register in a git repository.

`pre-commit try-repo` builds the hook's environment from this working tree (pip installs
riskreg into a fresh virtualenv), once per test session; PRE_COMMIT_HOME keeps that
cache out of the user's home.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_register

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
MANIFEST = REPO / ".pre-commit-hooks.yaml"


def manifest_hook(hook_id: str) -> dict[str, str]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    (hook,) = [each for each in hooks if each["id"] == hook_id]
    return dict(hook)


def test_manifest_declares_the_hook() -> None:
    hook = manifest_hook("riskreg-validate")
    assert hook["id"] == "riskreg-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "riskreg validate"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("risks/CRR18.yaml", True),
        ("closed/CRR14.yaml", True),
        ("risks/CRR18.yml", True),
        ("riskreg.yaml", True),
        ("docs/x.yaml", False),
        ("risks/old/CRR18.yaml", False),
        ("risks/CRR18.yaml.bak", False),
        ("schema/risk.schema.json", False),
        ("notrisks/CRR18.yaml", False),
    ],
)
def test_manifest_files_pattern(path: str, matches: bool) -> None:
    hook = manifest_hook("riskreg-validate")
    assert bool(re.search(hook["files"], path)) is matches


@dataclass
class Repo:
    root: Path
    env: dict[str, str]

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True, capture_output=True)

    def try_hook(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(REPO), "riskreg-validate", "--color", "never", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )


@pytest.fixture(scope="session")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """An environment for pre-commit with its own cache, warmed once per session."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        {
            "PRE_COMMIT_HOME": str(home),
            "GIT_AUTHOR_NAME": "Risk Manager",
            "GIT_AUTHOR_EMAIL": "risk@example.org",
            "GIT_COMMITTER_NAME": "Risk Manager",
            "GIT_COMMITTER_EMAIL": "risk@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(home),
        }
    )
    env.pop("GITHUB_ACTIONS", None)
    env.pop("RISKREG_DIR", None)
    yield env
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def repo(hook_env: dict[str, str], tmp_path: Path) -> Repo:
    """A git repository holding a copy of the shipped register, all committed."""
    root = copy_register(tmp_path / "register-repo")
    repo = Repo(root, hook_env)
    repo.git("init", "-q", "-b", "main")
    repo.git("add", ".")
    repo.git("commit", "-q", "-m", "The register")
    return repo


def test_a_good_change_passes(repo: Repo) -> None:
    path = repo.root / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("name: Core Skills", "name: Core skills"))
    repo.git("add", "risks/CRR18.yaml")
    result = repo.try_hook()
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"riskreg validate\.+Passed", result.stdout)


def test_a_bad_change_fails_and_names_the_line(repo: Repo) -> None:
    path = repo.root / "risks" / "CRR18.yaml"
    path.write_text(path.read_text() + "name: Core skills, again\n")
    repo.git("add", "risks/CRR18.yaml")
    result = repo.try_hook()
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"riskreg validate\.+Failed", result.stdout)
    lines = len(path.read_text().splitlines())
    assert (
        f"risks/CRR18.yaml:{lines}:1: error: duplicate key 'name' (first at line 3); "
        "YAML would silently keep only the last; keep one [duplicate-key]"
    ) in result.stdout


def test_duplicate_ids_are_caught_however_the_files_are_split(repo: Repo) -> None:
    # Many changed files, so that pre-commit shares them between processes; the copy of
    # closed/CRR14.yaml in risks/ must be caught whichever process gets it.
    for path in sorted((repo.root / "risks").glob("*.yaml")):
        path.write_text(path.read_text() + "# reviewed\n")
    shutil.copyfile(repo.root / "closed" / "CRR14.yaml", repo.root / "risks" / "CRR14.yaml")
    repo.git("add", ".")
    result = repo.try_hook()
    assert result.returncode == 1, result.stdout + result.stderr
    problems = sorted(line for line in result.stdout.splitlines() if ": error: " in line)
    # Only the files changed are reported: not closed/CRR14.yaml, which was not touched.
    assert problems == [
        "risks/CRR14.yaml:2:5: error: CRR14 exists in both risks/ and closed/: an interrupted "
        "close or reopen; rerun it to finish [duplicate-id]",
        "risks/CRR14.yaml:4:9: error: a file in risks/ must be open; closed risks live in "
        "closed/ ('riskreg close' moves them) [status-folder]",
    ]
