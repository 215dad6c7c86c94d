"""`riskreg validate`: what it checks, how it reports, and its exit status."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import Run
from riskreg.problems import Problem, Severity
from riskreg.render.problems import github_line, parsable_line

ALL_FILES = 23  # riskreg.yaml, 21 open risks, 1 closed


def break_two_files(register: Path) -> None:
    """A typo in CRR02 and a YAML 1.1 surprise (plus a duplicate key) in CRR05."""
    crr02 = register / "risks" / "CRR02.yaml"
    crr02.write_text(crr02.read_text().replace("status: open\n", "status: open\nnmae: typo\n"))
    crr05 = register / "risks" / "CRR05.yaml"
    crr05.write_text(crr05.read_text() + "owner: on\nowner: Head of IT\n")


def test_the_shipped_register_is_clean(run: Run) -> None:
    outcome = run("validate")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        0,
        f"{ALL_FILES} files checked: no problems\n",
        "",
    )


def test_every_problem_in_every_file_sorted_by_file_and_line(run: Run, register: Path) -> None:
    break_two_files(register)
    lines = len((register / "risks" / "CRR05.yaml").read_text().splitlines())
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stderr) == (1, "")
    assert outcome.stdout == (
        "risks/CRR02.yaml:5:1: error: unknown field 'nmae'; did you mean 'name'? "
        "[unknown-field]\n"
        f"risks/CRR05.yaml:{lines - 1}:8: error: owner: unquoted on is read by YAML as true, "
        'not as text; put it in quotes: "on" [yaml11-value]\n'
        f"risks/CRR05.yaml:{lines}:1: error: duplicate key 'owner' (first at line "
        f"{lines - 1}); YAML would silently keep only the last; keep one [duplicate-key]\n"
    )


def test_text_format_groups_by_file(run: Run, register: Path) -> None:
    break_two_files(register)
    lines = len((register / "risks" / "CRR05.yaml").read_text().splitlines())
    outcome = run("validate")
    assert (outcome.code, outcome.stderr) == (1, "")
    assert outcome.stdout == (
        "risks/CRR02.yaml\n"
        "  5:1  error    unknown field 'nmae'; did you mean 'name'?  [unknown-field]\n"
        "\n"
        "risks/CRR05.yaml\n"
        f"  {lines - 1}:8  error    owner: unquoted on is read by YAML as true, not as text; "
        'put it in quotes: "on"  [yaml11-value]\n'
        f"  {lines}:1  error    duplicate key 'owner' (first at line {lines - 1}); YAML would "
        "silently keep only the last; keep one  [duplicate-key]\n"
        "\n"
        f"3 errors in 2 files ({ALL_FILES} files checked)\n"
    )


def test_text_is_coloured_only_when_asked(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_two_files(register)
    assert "\x1b[" not in run("validate").stdout  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("validate").stdout
    assert "\x1b[1;31m  error  \x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")  # no colour, even when forced; bold may stay
    assert "\x1b[1;31m" not in run("validate").stdout


def test_json_format(run: Run, register: Path) -> None:
    crr02 = register / "risks" / "CRR02.yaml"
    crr02.write_text(crr02.read_text().replace("status: open\n", "status: open\nnmae: typo\n"))
    (register / "risks" / "CRR99.yaml").symlink_to(register / "risks" / "CRR01.yaml")
    outcome = run("validate", "--format", "json")
    assert (outcome.code, outcome.stderr) == (1, "")
    data = json.loads(outcome.stdout)
    assert list(data) == ["files", "problems", "summary"]
    assert len(data["files"]) == ALL_FILES + 1
    assert data["problems"] == [
        {
            "path": "risks/CRR02.yaml",
            "line": 5,
            "column": 1,
            "code": "unknown-field",
            "severity": "error",
            "message": "unknown field 'nmae'; did you mean 'name'?",
        },
        {
            "path": "risks/CRR99.yaml",
            "line": None,
            "column": None,
            "code": "not-a-file",
            "severity": "error",
            "message": "is a symbolic link; riskreg never follows links, so a risk file must be "
            "a regular file in the register",
        },
    ]
    assert data["summary"] == {"files": ALL_FILES + 1, "errors": 2, "warnings": 0}


def test_github_format_is_chosen_inside_github_actions(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crr02 = register / "risks" / "CRR02.yaml"
    crr02.write_text(crr02.read_text().replace("status: open\n", "status: open\nnmae: typo\n"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    outcome = run("validate")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1,
        "::error file=risks/CRR02.yaml,line=5,col=1::unknown field 'nmae'; "
        "did you mean 'name'? [unknown-field]\n",
        "",
    )
    assert run("validate", "--format", "text").stdout.startswith("risks/CRR02.yaml\n")


def test_github_escaping() -> None:
    problem = Problem(
        "risks/a,b:c%.yaml", 3, 7, "x-code", "100% sure\r\nnot: this, then", Severity.WARNING
    )
    assert github_line(problem) == (
        "::warning file=risks/a%2Cb%3Ac%25.yaml,line=3,col=7::100%25 sure%0D%0Anot: this, "
        "then [x-code]"
    )
    whole_file = Problem("risks/x.yaml", 0, 0, "not-a-file", "is a folder")
    assert github_line(whole_file) == "::error file=risks/x.yaml::is a folder [not-a-file]"


def test_parsable_lines_always_have_a_position() -> None:
    assert parsable_line(Problem("risks/x.yaml", 0, 0, "not-a-file", "is a folder")) == (
        "risks/x.yaml:1:1: error: is a folder [not-a-file]"
    )


def test_warnings_fail_only_with_strict(run: Run, register: Path) -> None:
    crr02 = register / "risks" / "CRR02.yaml"
    crr02.write_text(crr02.read_text().split("\n", 1)[1])  # drop the editor schema line
    outcome = run("validate", "--format", "parsable")
    expected = (
        "risks/CRR02.yaml:1:1: warning: the first line should be '# yaml-language-"
        "server: $schema=../schema/risk.schema.json', so that editors check the file "
        "as you type [schema-comment]\n"
    )
    assert (outcome.code, outcome.stdout, outcome.stderr) == (0, expected, "")
    outcome = run("validate", "--format", "parsable", "--strict")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (1, expected, "")
    assert run("validate").stdout.endswith(f"1 warning in 1 file ({ALL_FILES} files checked)\n")


# ---------------------------------------------------------------------------
# Files given on the command line, as pre-commit passes them.


def test_files_only_their_problems(run: Run, register: Path) -> None:
    break_two_files(register)
    outcome = run("validate", "--format", "parsable", "risks/CRR02.yaml", "risks/CRR03.yaml")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1,
        "risks/CRR02.yaml:5:1: error: unknown field 'nmae'; did you mean 'name'? [unknown-field]\n",
        "",
    )
    clean = run("validate", "risks/CRR03.yaml", "closed/CRR14.yaml")
    assert (clean.code, clean.stdout) == (0, "2 files checked: no problems\n")


def test_files_are_checked_against_the_whole_register(run: Run, register: Path) -> None:
    shutil.copyfile(register / "risks" / "CRR18.yaml", register / "risks" / "crr18.yml")
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        "risks/CRR18.yaml:2:5: error: ID CRR18 is also the file risks/crr18.yml; IDs must be "
        "unique across risks/ and closed/, ignoring case [duplicate-id]\n",
    )


def test_split_file_lists_find_what_one_list_finds(run: Run, register: Path) -> None:
    # pre-commit may share files between processes: each half is checked against the
    # register's listing, so together they report what one run over all reports.
    shutil.copyfile(register / "closed" / "CRR14.yaml", register / "risks" / "CRR14.yaml")
    shutil.copyfile(register / "risks" / "CRR20.yaml", register / "closed" / "CRR20.yaml")
    files = sorted(f"{p.parent.name}/{p.name}" for p in register.glob("*/CRR*.yaml"))
    whole = run("validate", "--format", "parsable", *files)
    halves = [
        run("validate", "--format", "parsable", *files[::2]),
        run("validate", "--format", "parsable", *files[1::2]),
    ]
    assert whole.code == 1 and all(half.code == 1 for half in halves)
    assert sorted((halves[0].stdout + halves[1].stdout).splitlines()) == sorted(
        whole.stdout.splitlines()
    )
    assert whole.stdout.count("[duplicate-id]") == 4
    assert (
        "risks/CRR14.yaml:2:5: error: CRR14 exists in both risks/ and closed/: an "
        "interrupted close or reopen; rerun it to finish [duplicate-id]"
    ) in whole.stdout


def test_naming_the_config_checks_the_whole_register(run: Run, register: Path) -> None:
    break_two_files(register)
    outcome = run("validate", "--format", "parsable", "riskreg.yaml")
    assert outcome.code == 1
    assert outcome.stdout == run("validate", "--format", "parsable").stdout


def test_a_folder_means_its_risk_files(run: Run, register: Path) -> None:
    break_two_files(register)
    outcome = run("validate", "--format", "parsable", "closed")
    assert (outcome.code, outcome.stdout) == (0, "")
    outcome = run("validate", "risks/")
    assert outcome.code == 1
    assert outcome.stdout.endswith("3 errors in 2 files (21 files checked)\n")
    assert run("validate", ".").stdout == run("validate").stdout


def test_a_broken_config_is_reported_with_any_file(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("min: 5\n", "min: 6\n", 1))
    outcome = run("validate", "--format", "parsable", "risks/CRR03.yaml")
    assert outcome.code == 1
    assert outcome.stdout.startswith("riskreg.yaml:")
    assert outcome.stdout.endswith(
        "error: score 5 can occur (impact x probability) but is in no band; every achievable "
        "score needs a band [band-gap]\n"
    )


def test_risks_are_still_checked_when_the_config_is_broken(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("min: 5\n", "min: 6\n", 1))
    break_two_files(register)
    outcome = run("validate", "--format", "parsable")
    assert outcome.stdout.count("\n") == 4
    assert "[unknown-field]" in outcome.stdout and "[band-gap]" in outcome.stdout


def test_a_draft_outside_the_register_is_checked_and_told_where_it_belongs(
    run: Run, register: Path, tmp_path: Path
) -> None:
    drafts = register / "drafts"
    drafts.mkdir()
    text = (register / "risks" / "CRR18.yaml").read_text()
    (drafts / "CRR30.yaml").write_text(text.replace("id: CRR18", "id: CRR30"))
    outcome = run("validate", "--format", "parsable", "drafts/CRR30.yaml")
    assert (outcome.code, outcome.stdout) == (
        0,
        "drafts/CRR30.yaml:2:5: warning: this file is not in risks/ or closed/, so the register "
        "does not read it; an open risk lives at risks/CRR30.yaml [outside-register]\n",
    )
    (drafts / "CRR31.yaml").write_text(text)  # still says CRR18, which is taken
    outcome = run("validate", "--format", "parsable", "--strict", "drafts/CRR31.yaml")
    assert outcome.code == 1
    assert (
        "drafts/CRR31.yaml:2:5: error: id CRR18 is already used by risks/CRR18.yaml; "
        "choose an unused ID [duplicate-id]"
    ) in outcome.stdout


def test_the_register_is_found_from_the_files(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(register.parent)
    outcome = run("validate", "register/risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (0, "1 file checked: no problems\n")


def test_usage_and_set_up_errors_exit_2(
    run: Run, register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = run("validate", "risks/CRR77.yaml")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        2,
        "",
        "riskreg: error: risks/CRR77.yaml: no such file or folder\n",
    )
    outcome = run("validate", "--format", "xml")
    assert outcome.code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    outcome = run("validate")
    assert outcome.code == 2
    assert outcome.stderr.startswith("riskreg: error: no register here")


# ---------------------------------------------------------------------------
# Links: never followed out of the register.


def test_a_linked_risks_folder_is_refused(run: Run, register: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(register / "risks", outside)
    (register / "risks").symlink_to(outside)
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stdout) == (
        1,
        "risks:1:1: error: risks/ is a symbolic link; riskreg never follows links out of the "
        "register, so risks/ must be a real folder [not-a-file]\n",
    )
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        "risks/CRR18.yaml:1:1: error: risks is a symbolic link; riskreg never follows links out "
        "of the register [not-a-file]\n",
    )
    outcome = run("show", "CRR18")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1,
        "",
        "riskreg: error: risks: is a symbolic link; riskreg never follows links out of "
        "the register\n",
    )


def test_entries_that_are_not_regular_files(run: Run, register: Path) -> None:
    (register / "risks" / "CRR40.yaml").mkdir()
    (register / "risks" / "CRR41.yaml").symlink_to("/etc/passwd")
    os.mkfifo(register / "risks" / "CRR42.yaml")
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stdout) == (
        1,
        "risks/CRR40.yaml:1:1: error: is a folder; a risk file must be a regular file "
        "[not-a-file]\n"
        "risks/CRR41.yaml:1:1: error: is a symbolic link; riskreg never follows links, so a "
        "risk file must be a regular file in the register [not-a-file]\n"
        "risks/CRR42.yaml:1:1: error: is not a regular file (a pipe, socket or device); a risk "
        "file must be a regular file [not-a-file]\n",
    )
    # Named one by one, as pre-commit would, they are refused the same way (the pipe is
    # never opened for reading, so nothing blocks).
    outcome = run("validate", "--format", "parsable", "risks/CRR41.yaml", "risks/CRR42.yaml")
    assert outcome.code == 1
    assert outcome.stdout.count("[not-a-file]") == 2
