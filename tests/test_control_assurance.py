"""Control assurance: a control as `{text, effectiveness, assurance}`, set by
`riskreg control ID --edit N --effectiveness ... --assurance ...`, summarised by show,
checked at its line, and carried through export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run, snapshot


@pytest.fixture(autouse=True)
def _quarter_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)


def _controls_block(path: Path) -> str:
    text = path.read_text("utf-8")
    start = text.index("controls:\n")
    end = text.index("\ntrend:")
    return text[start:end]


def test_setting_effectiveness_turns_text_into_a_mapping_and_back(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    set_ = run("control", "CRR18", "--edit", "2", "--effectiveness", "Effective",
               "--assurance", "second")  # fmt: skip
    assert (set_.code, set_.stderr) == (0, "")
    assert set_.stdout == (
        "CRR18 control 2 now: We have greater scrutiny on course non-attendance to ensure… "
        "(effective, second line); recorded in risks/CRR18.yaml.\n"
    )
    block = _controls_block(path)
    assert (
        "  - text: >-\n      We have greater scrutiny on course non-attendance to ensure our "
        "classrooms are\n      filled to maximum capacity and with the greatest efficiency.\n"
        "    effectiveness: effective\n    assurance: second line\n"
    ) in block
    assert run("validate", "--strict", "--format", "parsable").code == 0
    # Taking both away leaves the control as plain text (not a restricted mapping).
    assert (
        run("control", "CRR18", "--edit", "2", "--effectiveness", "", "--assurance", "").code == 0
    )
    assert "text:" not in _controls_block(path)
    assert "restricted" not in run("show", "CRR18").stdout


def test_a_restricted_control_stays_restricted(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    text = path.read_text("utf-8")
    written = (
        "  - >-\n    We have greater scrutiny on course non-attendance to ensure our classrooms "
        "are\n    filled to maximum capacity and with the greatest efficiency.\n"
    )
    assert written in text
    path.write_text(
        text.replace(
            written,
            "  - text: We have greater scrutiny on course non-attendance to ensure our "
            "classrooms are filled to maximum capacity and with the greatest efficiency.\n"
            "    restricted: true\n",
        ),
        "utf-8",
    )
    assert run("validate", "--format", "parsable", "risks/CRR18.yaml").stdout == ""
    assert run("control", "CRR18", "--edit", "2", "--effectiveness", "ineffective").code == 0
    shown = run("show", "CRR18").stdout
    assert "greatest efficiency. (ineffective, restricted)" in shown
    public = json.loads(run("export", "--format", "json", "--public").stdout)
    crr18 = next(r for r in public["risks"] if r["id"] == "CRR18")
    assert len(crr18["controls"]) == 2


def test_show_summarises_effectiveness(run: Run, register: Path) -> None:
    run("control", "CRR18", "--edit", "1", "--effectiveness", "effective", "--assurance", "1st")
    run("control", "CRR18", "--edit", "2", "--effectiveness", "partially effective")
    shown = run("show", "CRR18").stdout
    assert (
        "Key controls and activities (3 controls: 1 effective, 1 partially effective, "
        "1 not assessed)\n"
    ) in shown
    assert "July 2022. (effective, first line)" in " ".join(shown.split())
    data = json.loads(run("show", "CRR18", "--format", "json").stdout)
    assert data["control_effectiveness"] == (
        "3 controls: 1 effective, 1 partially effective, 1 not assessed"
    )
    assert data["controls"][0]["assurance"] == "first line"
    # A risk whose controls say nothing of their effectiveness shows no summary.
    assert "Key controls and activities\n" in run("show", "CRR05").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--edit", "1", "--effectiveness", "good"],
            "--effectiveness: 'good' is not an effectiveness; use effective, partially "
            "effective, ineffective or not assessed",
        ),
        (
            ["--edit", "1", "--assurance", "fourth"],
            "--assurance: 'fourth' is not a line of defence; use first line, second line or "
            "third line",
        ),
        (
            ["--effectiveness", "effective"],
            "--effectiveness and --assurance go with --edit N (the control's number)",
        ),
        (
            ["--edit", "9", "--effectiveness", "effective"],
            "CRR18 has no control 9; it has 3 controls (see 'riskreg show CRR18')",
        ),
    ],
)
def test_a_bad_control_edit_changes_nothing(
    run: Run, register: Path, args: list[str], message: str
) -> None:
    before = snapshot(register)
    outcome = run("control", "CRR18", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before


def test_a_bad_effectiveness_in_a_file_is_an_error_at_its_line(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("controls:\n", "controls:\n  - {text: Audit, effectiveness: good}\n", 1),
        "utf-8",
    )
    line = path.read_text("utf-8").splitlines().index("  - {text: Audit, effectiveness: good}")
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert outcome.code == 1
    assert outcome.stdout == (
        f"risks/CRR18.yaml:{line + 1}:34: error: controls[0].effectiveness: 'good' is not an "
        "effectiveness; use effective, partially effective, ineffective or not assessed "
        "[invalid]\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv", "xlsx"])
def test_export_then_import_keeps_effectiveness_and_assurance(
    run: Run, register: Path, tmp_path: Path, fmt: str
) -> None:
    run("control", "CRR18", "--edit", "1", "--effectiveness", "effective", "--assurance", "third")
    run("control", "CRR18", "--edit", "3", "--effectiveness", "not assessed")
    exported = tmp_path / f"register.{fmt}"
    assert run("export", "--format", fmt, "--output", str(exported)).code == 0
    empty = tmp_path / "empty"
    assert run("init", str(empty)).code == 0
    imported = run("--register", str(empty), "import", str(exported))
    assert imported.code == 0, imported.stderr
    before = json.loads(run("show", "CRR18", "--format", "json").stdout)["controls"]
    after = json.loads(run("--register", str(empty), "show", "CRR18", "--format", "json").stdout)[
        "controls"
    ]
    assert after == before
    assert after[0]["effectiveness"] == "effective"
    assert isinstance(after[1], str)


def test_diff_shows_a_change_of_effectiveness_and_of_treatment(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from test_diff import GIT_ENV, commit_all, git

    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    git(register, "init", "-q")
    commit_all(register, "Q4 register")
    run("control", "CRR18", "--edit", "2", "--effectiveness", "ineffective", "--assurance", "3")
    with open(register / "risks" / "CRR18.yaml", "a", encoding="utf-8") as stream:
        stream.write("treatment:\n  decision: treat\n")
    commit_all(register, "Control assessed")
    data = json.loads(run("diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    (change,) = data["controls"]
    assert change["id"] == "CRR18"
    assert [line[-26:] for line in change["added"]] == ["ciency. (ineffective, third line)"[-26:]]
    assert change["removed"][0].endswith("with the greatest efficiency.")
    assert data["other"] == [
        {"id": "CRR18", "name": "Core Skills Resilience & Training Risk", "fields": ["treatment"]}
    ]


def test_a_comment_after_a_control_mapping_is_not_text_cut_short(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace(
            "controls:\n",
            "controls:\n  - {text: Gold group, effectiveness: effective}  # per the audit\n",
            1,
        ),
        "utf-8",
    )
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (0, "")
