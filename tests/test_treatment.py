"""The treatment decision: `treatment:` on a risk, its aliases, `riskreg accept`, an
acceptance answering outside-appetite until it expires, an expired one flagged as an
overdue review is, and the treatment in show, the schema, export and import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run, snapshot
from test_appetite import APPETITE, _set_category

ACCEPT = (
    "accept", "CRR18", "--by", "Chief Constable", "--expires", "2022-09-30",
    "--rationale", "No funded option this year",
)  # fmt: skip


@pytest.fixture
def appetite(register: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped register with an appetite, CRR18 Financial (Cautious, up to 9) and
    scored 12, above it."""
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(APPETITE)
    _set_category(register, "CRR18", "Financial")
    return register


@pytest.fixture
def above(appetite: Path, run: Run) -> Path:
    assert run("score", "CRR18", "--impact", "4", "--prob", "3").code == 0
    return appetite


def _append(register: Path, risk_id: str, text: str) -> Path:
    path = register / "risks" / f"{risk_id}.yaml"
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(text)
    return path


def _line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


def test_accept_records_a_tolerate_decision_and_answers_outside_appetite(
    run: Run, above: Path
) -> None:
    assert run("validate", "--strict", "--format", "parsable").code == 1
    accepted = run(*ACCEPT)
    assert (accepted.code, accepted.stderr) == (0, "")
    assert accepted.stdout == (
        "CRR18: tolerated, accepted by Chief Constable on 2022-03-31 until 2022-09-30 "
        "(outside appetite: score 12 (High) is above the Cautious appetite of Financial "
        "(up to 9)); recorded in risks/CRR18.yaml.\n"
    )
    text = (above / "risks" / "CRR18.yaml").read_text("utf-8")
    assert text.endswith(
        "treatment:\n  decision: tolerate\n  rationale: No funded option this year\n"
        "  acceptance:\n    by: Chief Constable\n    date: 2022-03-31\n"
        "    expires: 2022-09-30\n"
    )
    strict = run("validate", "--strict", "--format", "parsable")
    assert (strict.code, strict.stdout, strict.stderr) == (0, "", "")


def test_accept_keeps_comments_and_replaces_a_written_alias(run: Run, above: Path) -> None:
    path = _append(
        above,
        "CRR18",
        "# Decided at the March board.\ntreatment:\n  decision: accept  # the board's word\n",
    )
    assert run(*ACCEPT).code == 0
    text = path.read_text("utf-8")
    assert "# Decided at the March board.\ntreatment:\n  decision: tolerate" in text
    assert "accept  #" not in text
    assert "rationale: No funded option this year" in text


def test_tolerated_without_an_acceptance_names_the_command(run: Run, above: Path) -> None:
    path = _append(above, "CRR18", "treatment:\n  decision: tolerate\n")
    outcome = run("validate", "--strict", "--format", "parsable", "risks/CRR18.yaml")
    assert outcome.code == 1
    assert outcome.stdout == (
        f"risks/CRR18.yaml:{_line_of(path, '  decision: tolerate')}:13: warning: outside "
        "appetite: score 12 (High) is above the Cautious appetite of Financial (up to 9); "
        "it is tolerated, but its acceptance is not recorded: riskreg accept CRR18 --by WHOM "
        "--expires DATE --rationale TEXT [outside-appetite]\n"
    )


@pytest.mark.parametrize(
    ("written", "read"),
    [("mitigate", "treat"), ("Accept", "tolerate"), ("avoid", "terminate"), ("share", "transfer")],
)
def test_a_written_alias_validates_and_reads_as_its_decision(
    run: Run, appetite: Path, written: str, read: str
) -> None:
    _append(appetite, "CRR05", f"treatment:\n  decision: {written}\n  rationale: Board view\n")
    checked = run("validate", "--format", "parsable", "risks/CRR05.yaml")
    assert (checked.code, checked.stdout) == (0, "")
    data = json.loads(run("show", "CRR05", "--format", "json").stdout)
    assert data["treatment"] == {"decision": read, "rationale": "Board view"}
    assert f"Treatment {read}: Board view" in run("show", "CRR05").stdout
    listed = json.loads(run("list", "--format", "json").stdout)
    assert [r["treatment"] for r in listed if r["id"] == "CRR05"] == [
        {"decision": read, "rationale": "Board view"}
    ]


def test_a_bad_decision_is_an_error_at_its_line(run: Run, appetite: Path) -> None:
    path = _append(appetite, "CRR05", "treatment:\n  decision: hope\n")
    outcome = run("validate", "--format", "parsable", "risks/CRR05.yaml")
    assert outcome.code == 1
    assert outcome.stdout == (
        f"risks/CRR05.yaml:{_line_of(path, '  decision: hope')}:13: error: "
        "treatment.decision: 'hope' is not a treatment decision; use treat, tolerate, "
        "transfer or terminate (or mitigate, accept, share, avoid) [invalid]\n"
    )


def test_an_acceptance_expiring_before_it_was_given_is_an_error(run: Run, appetite: Path) -> None:
    path = _append(
        appetite,
        "CRR05",
        "treatment:\n  decision: tolerate\n  acceptance:\n    by: Chief Constable\n"
        "    date: 2022-03-01\n    expires: 2022-02-01\n",
    )
    outcome = run("validate", "--format", "parsable", "risks/CRR05.yaml")
    assert outcome.code == 1
    line = _line_of(path, "  acceptance:") + 1
    assert outcome.stdout.startswith(f"risks/CRR05.yaml:{line}:5: error: treatment.acceptance: ")
    assert "the acceptance expires (2022-02-01) on or before the day it was given" in (
        outcome.stdout
    )


def test_an_expired_acceptance_is_flagged_as_an_overdue_review_is(
    run: Run, above: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*ACCEPT).code == 0
    monkeypatch.setenv("RISKREG_TODAY", "2022-10-05")
    path = above / "risks" / "CRR18.yaml"
    checked = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert checked.code == 0
    expires = _line_of(path, "    expires: 2022-09-30")
    assert (
        f"risks/CRR18.yaml:{expires}:14: warning: acceptance expired: accepted by Chief "
        "Constable until 2022-09-30, 5 days ago; decide again: riskreg accept CRR18 --by WHOM "
        "--expires DATE --rationale TEXT [acceptance-expired]\n"
    ) in checked.stdout
    assert "its acceptance has expired" in checked.stdout  # outside appetite again
    listed = run("list", "--overdue", "--format", "csv")
    rows = {row.split(",")[0]: row for row in listed.stdout.splitlines()[1:]}
    assert rows["CRR18"].endswith("review due 2022-06-30; acceptance expired 2022-09-30")
    assert "Accepted by Chief Constable on 2022-03-31 until 2022-09-30  expired" in (
        run("show", "CRR18").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--by", "CC", "--expires", "2022-03-31", "--rationale", "x"],
            "--expires 2022-03-31 is not after today (2022-03-31); give the day the "
            "acceptance ends and the decision is due again",
        ),
        (
            ["--by", "CC", "--expires", "30/09/2022", "--rationale", "x"],
            "--expires: '30/09/2022' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["--by", " ", "--expires", "2022-09-30", "--rationale", "x"],
            "say who accepts the risk: --by 'Chief Constable'",
        ),
        (
            ["--by", "CC", "--expires", "2022-09-30", "--rationale", ""],
            "say why the risk is accepted: --rationale 'Cost of further controls'",
        ),
    ],
)
def test_a_bad_acceptance_changes_nothing(
    run: Run, above: Path, args: list[str], message: str
) -> None:
    before = snapshot(above)
    outcome = run("accept", "CRR18", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", f"riskreg: error: {message}\n")
    assert snapshot(above) == before


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv", "xlsx"])
def test_export_then_import_keeps_the_treatment(
    run: Run, above: Path, tmp_path: Path, fmt: str
) -> None:
    assert run(*ACCEPT).code == 0
    exported = tmp_path / f"register.{fmt}"
    assert run("export", "--format", fmt, "--output", str(exported)).code == 0
    empty = tmp_path / "empty"
    assert run("init", str(empty)).code == 0
    imported = run("--register", str(empty), "import", str(exported))
    assert imported.code == 0, imported.stderr
    data = json.loads(run("--register", str(empty), "show", "CRR18", "--format", "json").stdout)
    assert data["treatment"] == {
        "decision": "tolerate",
        "rationale": "No funded option this year",
        "acceptance": {"by": "Chief Constable", "date": "2022-03-31", "expires": "2022-09-30"},
    }
    assert data["risk_category"] == "Financial"


def test_an_export_writes_the_decision_a_written_alias_stands_for(run: Run, appetite: Path) -> None:
    _append(appetite, "CRR05", "treatment:\n  decision: mitigate\n")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(run("export").stdout))}
    assert rows["CRR05"]["treatment_decision"] == "treat"
    assert rows["CRR05"]["treatment_acceptance_by"] == ""


def test_the_pack_flags_an_expired_acceptance(
    run: Run, above: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*ACCEPT).code == 0
    monkeypatch.setenv("RISKREG_TODAY", "2022-10-05")
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert (
        '<li>Acceptances expired on 5 October 2022 (1): <a href="#CRR18">CRR18</a> '
        '(<a href="#treatment">treatment</a>).</li>'
    ) in html
    assert (
        "<div>Accepted by Chief Constable on 31 March 2022 until 30 September 2022 "
        '<span class="overdue">Expired</span></div>'
    ) in html
    markdown = run("report", "--format", "md").stdout
    assert (
        "- Treatment: Tolerate: No funded option this year\n"
        "- Accepted by Chief Constable on 31 March 2022 until 30 September 2022 **(expired)**\n"
    ) in markdown


def test_a_pack_without_treatment_or_assessed_controls_has_no_such_section(
    run: Run, register: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert "treatment" not in html.casefold()
    assert "not assessed" not in html


def test_a_hash_in_a_treatment_rationale_is_text_cut_short(run: Run, appetite: Path) -> None:
    path = _append(appetite, "CRR05", "treatment:\n  decision: share\n  rationale: Insurer #2\n")
    outcome = run("validate", "--format", "parsable", "risks/CRR05.yaml")
    line = _line_of(path, "  rationale: Insurer #2")
    assert outcome.stdout == (
        f"risks/CRR05.yaml:{line}:22: warning: '#2' was cut from the text: ' #' starts a "
        "comment in YAML, so the text ends at 'Insurer'; put the whole text in quotes: "
        "'Insurer #2' (or move a comment to a line of its own) [comment-in-text]\n"
    )


def test_decide_records_the_decision_and_why_keeping_comments(run: Run, above: Path) -> None:
    path = _append(above, "CRR18", "# Decided at the March board.\ntreatment:\n  decision: treat\n")
    outcome = run("decide", "CRR18", "share", "--rationale", "Insured from April")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == ("CRR18: treatment decision transfer; recorded in risks/CRR18.yaml.\n")
    assert path.read_text("utf-8").endswith(
        "# Decided at the March board.\ntreatment:\n  decision: transfer\n"
        "  rationale: Insured from April\n"
    )


def test_decide_removes_an_acceptance_only_when_the_risk_is_no_longer_tolerated(
    run: Run, above: Path
) -> None:
    assert run(*ACCEPT).code == 0
    path = above / "risks" / "CRR18.yaml"
    kept = run("decide", "CRR18", "tolerate", "--rationale", "Still no funded option")
    assert kept.stdout == "CRR18: treatment decision tolerate; recorded in risks/CRR18.yaml.\n"
    assert "  acceptance:\n    by: Chief Constable\n" in path.read_text("utf-8")
    treated = run("decide", "CRR18", "treat", "--rationale", "Funded in the new budget")
    assert (treated.code, treated.stderr) == (0, "")
    assert treated.stdout == (
        "CRR18: treatment decision treat; the acceptance by Chief Constable until 2022-09-30 "
        "was for tolerating it and is removed; recorded in risks/CRR18.yaml.\n"
    )
    assert path.read_text("utf-8").endswith(
        "treatment:\n  decision: treat\n  rationale: Funded in the new budget\n"
    )
    assert run("validate", "risks/CRR18.yaml").code == 0


def test_tolerating_a_risk_above_appetite_names_the_acceptance_to_record(
    run: Run, above: Path
) -> None:
    outcome = run("decide", "CRR18", "tolerate", "--rationale", "No funded option")
    assert outcome.code == 0
    assert outcome.stdout == (
        "CRR18: treatment decision tolerate (outside appetite: score 12 (High) is above the "
        "Cautious appetite of Financial (up to 9): record who accepts it, and until when, "
        "with 'riskreg accept CRR18'); recorded in risks/CRR18.yaml.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("maybe", "--rationale", "x"), "'maybe' is not a treatment decision; use treat, "
         "tolerate, transfer or terminate (or mitigate, accept, share, avoid)"),
        (("treat", "--rationale", "  "), "say why this is the decision: --rationale "
         "'Insured from April'"),
    ],
)  # fmt: skip
def test_a_bad_decision_changes_nothing(
    run: Run, above: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(above)
    outcome = run("decide", "CRR18", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", f"riskreg: error: {message}\n")
    assert snapshot(above) == before
