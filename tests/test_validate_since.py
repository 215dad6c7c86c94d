"""`riskreg validate --since REV`: the checks of a change, on a real git repository."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run
from test_diff import commit_all, git, git_identity, load, save

__all__ = ["git_identity"]


@pytest.fixture
def repo(register: Path, git_identity: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped register committed on main, with a branch `change` checked out."""
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register as reported in March 2022")
    git(register, "switch", "-q", "-c", "change")
    return register


def lines_of(outcome_stdout: str) -> list[str]:
    """The error lines (a warning such as a missing trend is not the change's business)."""
    return [line for line in outcome_stdout.splitlines() if ": error: " in line]


def since(run: Run, *more: str) -> tuple[int, list[str]]:
    outcome = run("validate", "--since", "main", "--format", "parsable", *more)
    assert outcome.stderr == ""
    return outcome.code, lines_of(outcome.stdout)


def line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


def test_an_unchanged_register_passes(run: Run, repo: Path) -> None:
    assert since(run) == (0, [])


def test_a_rescore_by_hand_needs_a_history_entry(run: Run, repo: Path) -> None:
    path = repo / "risks" / "CRR08.yaml"
    risk = load(path)
    risk["residual"] = {"rating": "Critical", "impact": 5, "probability": 4}
    save(path, risk)
    commit_all(repo, "Re-rate CRR08")
    code, lines = since(run)
    short = git(repo, "rev-parse", "--short", "main").strip()
    assert code == 1
    assert lines == [
        f"risks/CRR08.yaml:{line_of(path, 'residual:') + 1}:3: error: residual score changed "
        f"from High to Critical 5×4 since main ({short}) with no history entry saying so; "
        "score it with 'riskreg score CRR08', or add a history entry (event: scored) "
        "[score-change-unrecorded]"
    ]
    # Without --since, the file alone is fine.
    assert run("validate").code == 0


def test_a_rescore_with_riskreg_score_carries_its_history_entry(run: Run, repo: Path) -> None:
    assert run("score", "CRR08", "--impact", "5", "--prob", "4").code == 0
    assert since(run) == (0, [])


def test_the_config_can_turn_the_history_rule_off(run: Run, repo: Path) -> None:
    with (repo / "riskreg.yaml").open("a", encoding="utf-8") as config:
        config.write("governance:\n  score_change_needs_history: false\n")
    path = repo / "risks" / "CRR08.yaml"
    risk = load(path)
    risk["residual"] = {"rating": "Critical", "impact": 5, "probability": 4}
    save(path, risk)
    assert since(run) == (0, [])


def test_a_deleted_risk_file_is_named_with_its_revision(run: Run, repo: Path) -> None:
    git(repo, "rm", "-q", "risks/CRR21.yaml")
    commit_all(repo, "Remove CRR21")
    code, lines = since(run)
    short = git(repo, "rev-parse", "--short", "main").strip()
    assert code == 1
    assert lines == [
        f"risks/CRR21.yaml:1:1: error: CRR21 was deleted since main ({short}); a risk is "
        "closed, never deleted: restore it ('git checkout main -- risks/CRR21.yaml') and run "
        "'riskreg close CRR21' [deleted-not-closed]"
    ]


def test_closing_with_riskreg_close_is_not_a_deletion(run: Run, repo: Path) -> None:
    assert run("close", "CRR21", "--rationale", "Storage found").code == 0
    assert since(run) == (0, [])


def test_a_closure_in_a_reported_quarter_needs_its_committee_date(run: Run, repo: Path) -> None:
    # Closed in 2021/22 Q4 and committed after the register moved on to 2022/23 Q1.
    assert run("close", "CRR21", "--rationale", "Storage found", "--date", "2022-03-20").code == 0
    config = repo / "riskreg.yaml"
    config.write_text(config.read_text("utf-8").replace("period: 2021/22 Q4", "period: 2022/23 Q1"))
    path = repo / "closed" / "CRR21.yaml"
    code, lines = since(run)
    assert code == 1
    assert lines == [
        f"closed/CRR21.yaml:{line_of(path, 'closure:') + 1}:3: error: closed in 2021/22 Q4, "
        f"which has gone to the committee, with no committee date (since main ("
        f"{git(repo, 'rev-parse', '--short', 'main').strip()})); record it with 'riskreg "
        "close CRR21 --reported YYYY-MM-DD' [closure-incomplete]"
    ]
    assert run("close", "CRR21", "--reported", "2022-03-31").code == 0
    assert since(run) == (0, [])


def test_a_blank_closure_rationale_is_refused(run: Run, repo: Path) -> None:
    risk = load(repo / "risks" / "CRR21.yaml")
    risk.update(status="closed", closure={"rationale": " ", "closed": dt.date(2022, 3, 20)})
    (repo / "risks" / "CRR21.yaml").unlink()
    save(repo / "closed" / "CRR21.yaml", risk)
    code, lines = since(run)
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == [
        f"closed/CRR21.yaml:{line_of(repo / 'closed' / 'CRR21.yaml', 'closure:') + 1}:14"
    ]
    assert "with a blank rationale" in lines[0]


def test_an_id_once_used_in_either_folder_is_never_reused(run: Run, repo: Path) -> None:
    git(repo, "rm", "-q", "closed/CRR14.yaml")
    commit_all(repo, "Drop the closed alarms risk")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "change")
    git(repo, "switch", "-q", "-c", "reuse")
    gone = git(repo, "rev-parse", "--short", "main~0").strip()
    save(
        repo / "risks" / "CRR14.yaml",
        {"id": "CRR14", "name": "Fleet", "residual": {"rating": "High"}},
    )
    code, lines = since(run)
    assert code == 1
    assert lines == [
        f"risks/CRR14.yaml:{line_of(repo / 'risks' / 'CRR14.yaml', 'id: CRR14')}:5: error: "
        f"CRR14 was used before (last seen in {gone}); an ID is "
        "never reused: give the new risk the next ID ('riskreg new' picks one) [id-reused]"
    ]


def test_a_change_of_scoring_guidance_needs_allowing(run: Run, repo: Path) -> None:
    config = repo / "riskreg.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("Costs over £2m", "Costs over £3m", 1))
    code, lines = since(run)
    assert code == 1
    assert lines[0].startswith(f"riskreg.yaml:{line_of(config, 'scoring:') + 1}:3: error: ")
    assert lines[0].endswith(
        "it re-grades every risk, so it needs review: pass --allow-guidance-change once it is "
        "agreed [guidance-changed]"
    )
    assert since(run, "--allow-guidance-change") == (0, [])


def test_since_an_unknown_revision_is_a_usage_error(run: Run, repo: Path) -> None:
    outcome = run("validate", "--since", "origin/nowhere")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("riskreg: error: unknown revision 'origin/nowhere'")


# --staged: the same rules, from HEAD to the index (the riskreg-change pre-commit hook).


def staged(run: Run) -> tuple[int, list[str]]:
    outcome = run("validate", "--staged", "--format", "parsable")
    assert outcome.stderr == ""
    return outcome.code, lines_of(outcome.stdout)


def test_staged_reads_the_index_not_the_files_on_disk(run: Run, repo: Path) -> None:
    (repo / "risks" / "CRR21.yaml").unlink()
    assert staged(run) == (0, [])  # deleted on disk, but the commit would keep it
    git(repo, "rm", "-q", "--cached", "risks/CRR21.yaml")
    code, lines = staged(run)
    head = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert (code, lines) == (
        1,
        [
            f"risks/CRR21.yaml:1:1: error: CRR21 was deleted since HEAD ({head}); a risk is "
            "closed, never deleted: restore it ('git checkout HEAD -- risks/CRR21.yaml') and "
            "run 'riskreg close CRR21' [deleted-not-closed]"
        ],
    )


def test_staged_catches_a_reused_id_at_its_line(run: Run, repo: Path) -> None:
    git(repo, "rm", "-q", "risks/CRR22.yaml")
    commit_all(repo, "Remove CRR22")
    removed = git(repo, "rev-parse", "--short", "HEAD").strip()
    path = repo / "risks" / "CRR22.yaml"
    path.write_text(
        (repo / "risks" / "CRR05.yaml").read_text("utf-8").replace("id: CRR05", "id: CRR22")
    )
    git(repo, "add", "risks/CRR22.yaml")
    code, lines = staged(run)
    assert code == 1
    assert lines == [
        f"risks/CRR22.yaml:{line_of(path, 'id: CRR22')}:5: error: CRR22 was used before (last "
        f"seen in {removed}); an ID is never reused: give the new risk the next ID ('riskreg "
        "new' picks one) [id-reused]"
    ]


def test_staged_before_the_first_commit_has_nothing_to_compare(
    run: Run, register: Path, git_identity: None
) -> None:
    git(register, "init", "-q", "-b", "main")
    git(register, "add", "-A")
    assert staged(run) == (0, [])


def test_staged_and_since_are_not_given_together(run: Run, repo: Path) -> None:
    outcome = run("validate", "--staged", "--since", "main")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert (
        outcome.stderr
        == "riskreg: error: --staged and --since are two different changes: give one\n"
    )


def test_staged_outside_git_is_a_usage_error(run: Run, register: Path) -> None:
    outcome = run("validate", "--staged")
    assert outcome.code == 2
    assert "is not in a git repository" in outcome.stderr


def test_a_deleted_risk_is_restored_from_where_the_command_runs(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "rm", "-q", "risks/CRR21.yaml")
    commit_all(repo, "Remove CRR21")
    monkeypatch.chdir(repo / "risks")  # below the register's folder: paths are shorter
    code, lines = since(run)
    short = git(repo, "rev-parse", "--short", "main").strip()
    assert code == 1
    assert lines == [
        f"CRR21.yaml:1:1: error: CRR21 was deleted since main ({short}); a risk is closed, "
        "never deleted: restore it ('git checkout main -- CRR21.yaml') and run 'riskreg close "
        "CRR21' [deleted-not-closed]"
    ]
    # The hint, run where the message was read, brings the file back.
    subprocess.run(["git", "checkout", "main", "--", "CRR21.yaml"], cwd=repo / "risks", check=True)
    assert (repo / "risks" / "CRR21.yaml").is_file()
