"""`riskreg ci github|gitlab`: the CI files parse, validate against the platforms' schemas,
and the riskreg commands they name do their job in a real repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run
from riskreg import __version__
from test_diff import commit_all, git, git_identity

__all__ = ["git_identity"]

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
BIN = str(Path(sys.executable).parent)
TAG = "riskreg/2021-22-Q4"


def recipe(run: Run, platform: str) -> dict[str, Any]:
    outcome = run("ci", platform)
    assert (outcome.code, outcome.stderr) == (0, "")
    data: dict[str, Any] = yaml.safe_load(outcome.stdout)
    return data


def github_runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_github_workflow_validates_pull_requests_and_packs_seals(run: Run) -> None:
    workflow = recipe(run, "github")
    # PyYAML reads the key `on` as True, as YAML 1.1 says.
    triggers = workflow[True]
    assert triggers == {"pull_request": None, "push": {"tags": ["riskreg/*"]}}
    validate, pack = workflow["jobs"]["validate"], workflow["jobs"]["pack"]
    assert validate["if"] == "github.event_name == 'pull_request'"
    assert validate["steps"][0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert github_runs(validate) == [
        f'pip install "riskreg-yaml=={__version__}"',
        'riskreg validate --since "origin/$GITHUB_BASE_REF" --format github',
    ]
    assert pack["if"] == "startsWith(github.ref, 'refs/tags/riskreg/')"
    assert pack["permissions"] == {"contents": "write"}
    assert pack["steps"][0]["with"] == {"fetch-depth": 0}
    runs = github_runs(pack)
    assert f'pip install "riskreg-yaml[pdf]=={__version__}"' in runs[1]
    assert runs[2:4] == [
        'riskreg verify "$GITHUB_REF_NAME"',
        'riskreg report --output "$GITHUB_WORKSPACE/committee-pack.pdf"',
    ]
    assert 'gh release upload "$GITHUB_REF_NAME" "$GITHUB_WORKSPACE/committee-pack.pdf"' in runs[4]


def test_the_gitlab_file_validates_merge_requests_and_packs_seals(run: Run) -> None:
    pipeline = recipe(run, "gitlab")
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    validate, pack = pipeline["riskreg-validate"], pipeline["riskreg-pack"]
    assert validate["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert validate["script"][0] == f'pip install "riskreg-yaml=={__version__}"'
    assert validate["script"][-1] == 'riskreg validate --since "origin/$TARGET" --format parsable'
    assert pack["rules"] == [{"if": "$CI_COMMIT_TAG =~ /^riskreg\\//"}]
    assert f'pip install "riskreg-yaml[pdf]=={__version__}"' in pack["script"]
    assert pack["script"][-2:] == [
        'riskreg verify "$CI_COMMIT_TAG"',
        'riskreg report --output "$CI_PROJECT_DIR/committee-pack.pdf"',
    ]
    assert pack["artifacts"]["paths"] == ["committee-pack.pdf"]


@pytest.mark.parametrize(
    ("platform", "schema"),
    [("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")],
)
def test_the_file_passes_the_platforms_schema(
    run: Run, tmp_path: Path, platform: str, schema: str
) -> None:
    path = tmp_path / f"{platform}.yml"
    path.write_text(run("ci", platform).stdout, "utf-8")
    checked = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_output_writes_the_file_and_never_over_the_register(run: Run, register: Path) -> None:
    outcome = run("ci", "gitlab", "--output", "../.gitlab-ci.yml")
    assert (outcome.code, outcome.stdout) == (0, "")
    assert outcome.stderr == "riskreg: wrote ../.gitlab-ci.yml\n"
    assert (register.parent / ".gitlab-ci.yml").read_text("utf-8") == run("ci", "gitlab").stdout
    before = (register / "risks" / "CRR01.yaml").read_bytes()
    outcome = run("ci", "github", "--output", "risks/CRR01.yaml")
    assert outcome.code == 2
    assert "is part of the register" in outcome.stderr
    assert (register / "risks" / "CRR01.yaml").read_bytes() == before


def test_an_unknown_platform_is_refused(run: Run) -> None:
    outcome = run("ci", "bitbucket")
    assert outcome.code == 2
    assert "'bitbucket' is not one of 'github', 'gitlab'" in outcome.stderr


def test_the_register_in_a_folder_is_named(run: Run, register: Path, git_identity: None) -> None:
    git(register.parent, "init", "-q", "-b", "main")
    assert recipe(run, "github")["env"] == {"RISKREG_DIR": register.name}
    assert recipe(run, "gitlab")["variables"]["RISKREG_DIR"] == register.name


# Running what the files name, in a clone of a register's repository.


@pytest.fixture
def upstream(register: Path, git_identity: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The register's repository, as the platform holds it: main, and a sealed quarter."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    return register


def seal(folder: Path) -> None:
    subprocess.run([f"{BIN}/riskreg", "seal"], cwd=folder, check=True, capture_output=True)


def clone(upstream: Path, tmp_path: Path, branch: str = "main") -> Path:
    """A full clone, as checkout with fetch-depth 0 (GitHub) or GIT_DEPTH 0 (GitLab) makes."""
    work = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--branch", branch, str(upstream), str(work))
    return work


def run_steps(
    commands: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The recipe's git and riskreg commands, in order, by bash; the first failure stops."""
    script = "set -e\n" + "\n".join(
        command for command in commands if command.split()[0] in ("riskreg", "git")
    )
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def a_deletion_on_a_branch(upstream: Path) -> None:
    git(upstream, "switch", "-q", "-c", "tidy")
    git(upstream, "rm", "-q", "risks/CRR21.yaml")
    commit_all(upstream, "Remove CRR21")


def test_github_validate_annotates_a_deleted_risk(run: Run, upstream: Path, tmp_path: Path) -> None:
    workflow = recipe(run, "github")
    a_deletion_on_a_branch(upstream)
    work = clone(upstream, tmp_path, "tidy")
    env = {**workflow["env"], "GITHUB_BASE_REF": "main", "GITHUB_ACTIONS": "true"}
    done = run_steps(github_runs(workflow["jobs"]["validate"]), work, env)
    assert done.returncode == 1, done.stderr
    main = git(work, "rev-parse", "--short", "origin/main").strip()
    assert done.stdout == (
        f"::error file=risks/CRR21.yaml,line=1,col=1::CRR21 was deleted since origin/main "
        f"({main}); a risk is closed, never deleted: restore it ('git checkout origin/main -- "
        "risks/CRR21.yaml') and run 'riskreg close CRR21' [deleted-not-closed]\n"
    )


def test_github_validate_passes_a_risk_closed_with_riskreg(
    run: Run, upstream: Path, tmp_path: Path
) -> None:
    workflow = recipe(run, "github")
    git(upstream, "switch", "-q", "-c", "close")
    assert run("close", "CRR21", "--rationale", "Storage found").code == 0
    commit_all(upstream, "Close CRR21")
    work = clone(upstream, tmp_path, "close")
    env = {**workflow["env"], "GITHUB_BASE_REF": "main"}
    done = run_steps(github_runs(workflow["jobs"]["validate"]), work, env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_pack_verifies_the_seal_and_builds_the_pdf(
    run: Run, upstream: Path, tmp_path: Path
) -> None:
    workflow = recipe(run, "github")
    seal(upstream)
    work = clone(upstream, tmp_path)
    git(work, "checkout", "-q", TAG)
    env = {
        **workflow["env"],
        "GITHUB_REF": f"refs/tags/{TAG}",
        "GITHUB_REF_NAME": TAG,
        "GITHUB_WORKSPACE": str(work),
    }
    done = run_steps(github_runs(workflow["jobs"]["pack"]), work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "register: matches" in done.stdout
    assert "HTML pack: matches" in done.stdout
    assert (work / "committee-pack.pdf").read_bytes().startswith(b"%PDF-")


def test_gitlab_validate_reports_a_deleted_risk(run: Run, upstream: Path, tmp_path: Path) -> None:
    pipeline = recipe(run, "gitlab")
    a_deletion_on_a_branch(upstream)
    work = clone(upstream, tmp_path, "tidy")
    job = pipeline["riskreg-validate"]
    env = {**pipeline["variables"], "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    # GitLab expands a job's variables from the others.
    env.update({name: env[value.lstrip("$")] for name, value in job["variables"].items()})
    done = run_steps(job["script"], work, env)
    assert done.returncode == 1, done.stderr
    main = git(work, "rev-parse", "--short", "origin/main").strip()
    assert done.stdout.startswith(
        f"risks/CRR21.yaml:1:1: error: CRR21 was deleted since origin/main ({main}); "
    )


def test_gitlab_pack_verifies_the_seal_and_keeps_the_pdf(
    run: Run, upstream: Path, tmp_path: Path
) -> None:
    pipeline = recipe(run, "gitlab")
    seal(upstream)
    work = clone(upstream, tmp_path)
    git(work, "checkout", "-q", TAG)
    env = {**pipeline["variables"], "CI_COMMIT_TAG": TAG, "CI_PROJECT_DIR": str(work)}
    done = run_steps(pipeline["riskreg-pack"]["script"], work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "register: matches" in done.stdout
    artifact = work / pipeline["riskreg-pack"]["artifacts"]["paths"][0]
    assert artifact.read_bytes().startswith(b"%PDF-")
