"""The pre-commit hook, run by the real pre-commit against a register in a git repository.

`pre-commit run` uses the hooks as a register's repository would: from a repository at a
revision, named in a pre-commit configuration. That repository is a snapshot of this
working tree, committed once per test session, so that pre-commit builds the hooks'
environment (pip installs riskreg into a fresh virtualenv) once and every test shares it;
PRE_COMMIT_HOME keeps that cache out of the user's home.
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
RISKREG = Path(sys.executable).with_name("riskreg")
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
    config: Path  # the pre-commit configuration naming the hooks' repository

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True, capture_output=True)

    def riskreg(self, *args: str) -> None:
        subprocess.run(
            [str(RISKREG), *args],
            cwd=self.root,
            env={**self.env, "RISKREG_TODAY": "2022-03-31"},
            check=True,
            capture_output=True,
        )

    def try_hook(
        self, *args: str, hook: str = "riskreg-validate"
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--config", str(self.config), hook, "--color", "never", *args],
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


@pytest.fixture(scope="session")
def hooks_config(hook_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pre-commit configuration using every hook of this working tree as it is (changes
    not yet committed included), committed once into a repository of its own: one
    revision, so one hook environment for the session. It lives outside the register's
    repository, as pre-commit refuses a configuration that is not staged."""
    snapshot = tmp_path_factory.mktemp("riskreg-hooks") / "riskreg"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "riskreg"]):
        subprocess.run(["git", *args], cwd=snapshot, env=hook_env, check=True, capture_output=True)
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=snapshot, capture_output=True, text=True, check=True
    ).stdout.strip()
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    config = {
        "repos": [{"repo": str(snapshot), "rev": rev, "hooks": [{"id": h["id"]} for h in hooks]}]
    }
    path = snapshot.parent / "pre-commit-config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
def repo(hook_env: dict[str, str], hooks_config: Path, tmp_path: Path) -> Repo:
    """A git repository holding a copy of the shipped register, all committed."""
    root = copy_register(tmp_path / "register-repo")
    repo = Repo(root, hook_env, hooks_config)
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


def test_the_change_hook_runs_on_every_commit_and_reads_the_index() -> None:
    hook = manifest_hook("riskreg-change")
    assert hook["entry"] == "riskreg validate --staged"
    # A deletion passes no file name, so the hook must run without any.
    assert (hook["always_run"], hook["pass_filenames"]) == (True, False)


def test_a_risk_file_deleted_instead_of_closed_fails_the_commit(repo: Repo) -> None:
    repo.git("rm", "-q", "risks/CRR21.yaml")
    result = repo.try_hook(hook="riskreg-change")
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"riskreg validate --staged\.+Failed", result.stdout)
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=repo.root,
        env=repo.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert (
        f"risks/CRR21.yaml:1:1: error: CRR21 was deleted since HEAD ({head}); a risk is "
        "closed, never deleted: restore it ('git checkout HEAD -- risks/CRR21.yaml') and run "
        "'riskreg close CRR21' [deleted-not-closed]"
    ) in result.stdout


def test_a_risk_closed_with_riskreg_close_passes_the_commit(repo: Repo) -> None:
    repo.riskreg("close", "CRR21", "--rationale", "Storage found")
    repo.git("add", "--all")
    result = repo.try_hook(hook="riskreg-change")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"riskreg validate --staged\.+Passed", result.stdout)


def test_a_deletion_not_yet_staged_is_not_the_commits_business(repo: Repo) -> None:
    # pre-commit sets unstaged changes aside; the commit keeps the file.
    (repo.root / "risks" / "CRR21.yaml").unlink()
    path = repo.root / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("name: Core Skills", "name: Core skills"))
    repo.git("add", "risks/CRR18.yaml")
    result = repo.try_hook(hook="riskreg-change")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (repo.root / "risks" / "CRR21.yaml").exists()


OWNERS = """
owners:
  Head of Learning & Development: {account: "@wmp/learning"}
  Director of Finance: "@jdoe"
governance:
  risk_manager: "@wmp/risk"
"""


def test_the_codeowners_hook_fails_after_a_hand_edit_of_an_owner(repo: Repo) -> None:
    with (repo.root / "riskreg.yaml").open("a", encoding="utf-8") as config:
        config.write(OWNERS)
    repo.riskreg("owner", "CRR18", "Head of Learning & Development")
    repo.riskreg("codeowners")
    repo.git("add", "--all")
    current = repo.try_hook(hook="riskreg-codeowners")
    assert current.returncode == 0, current.stdout + current.stderr
    assert re.search(r"riskreg codeowners --check\.+Passed", current.stdout)
    repo.git("commit", "-q", "-m", "Owners")

    path = repo.root / "risks" / "CRR18.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("owner: Head of Learning & Development", "owner: Director of Finance")
    )
    repo.git("add", "risks/CRR18.yaml")
    stale = repo.try_hook(hook="riskreg-codeowners")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert re.search(r"riskreg codeowners --check\.+Failed", stale.stdout)
    assert "CODEOWNERS is out of date" in stale.stdout
    assert "run 'riskreg codeowners'" in stale.stdout

    repo.riskreg("codeowners")
    repo.git("add", "CODEOWNERS")
    again = repo.try_hook(hook="riskreg-codeowners")
    assert again.returncode == 0, again.stdout + again.stderr
