"""What a board decides with, end to end (issue 14's "Done when"): a register with an
appetite, treatment decisions and control effectiveness is scored, fails strict
validation outside appetite, has its decisions recorded (an escalation and an
acceptance), passes strict validation, and the HTML pack, read in headless Chromium,
shows all of it, with two key risk indicators and the objectives the risks threaten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHIPPED_QUARTER_END, Run
from test_appetite import APPETITE, _set_category
from test_browser import Browser, browser, page  # noqa: F401 - the real browser, as fixtures

OBJECTIVES = """\
objectives:
  SO1: Protect the public from harm
  SO2: Build a resilient, skilled workforce
"""

CRR18_INDICATORS = """\
objectives: [SO2, SO1]
indicators:
  - name: Officers overdue PST
    unit: officers
    amber: 300
    red: 500
    readings:
      - {date: 2022-01-31, value: 410}
  - name: Course fill rate
    unit: "%"
    amber: 85
    red: 70
    readings:
      - {date: 2022-02-28, value: 90}
"""


@pytest.fixture
def board_register(register: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped register with what a board decides with:

    * an appetite (Financial: Cautious, up to 9; People: Open, up to 12), CRR18 in
      Financial and CRR02 in People;
    * a treatment decision on CRR02 (treat, written as its alias mitigate);
    * the effectiveness and line of defence of CRR18's controls;
    * two key risk indicators on CRR18, one read at red in the quarter;
    * two objectives, CRR18 threatening both and CRR02 one.
    """
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(APPETITE)
        stream.write(OBJECTIVES)
    _set_category(register, "CRR18", "Financial")
    _set_category(register, "CRR02", "People")
    with open(register / "risks" / "CRR02.yaml", "a", encoding="utf-8") as stream:
        stream.write(
            "treatment:\n  decision: mitigate  # the board's word for treat\n"
            "  rationale: Recruitment campaign under way\n"
        )
    for args in (
        ("--edit", "1", "--effectiveness", "effective", "--assurance", "second"),
        ("--edit", "2", "--effectiveness", "partially effective", "--assurance", "first"),
        ("--edit", "3", "--effectiveness", "not assessed"),
    ):
        edited = run("control", "CRR18", *args)
        assert (edited.code, edited.stderr) == (0, ""), edited.stderr
    with open(register / "risks" / "CRR18.yaml", "a", encoding="utf-8") as stream:
        stream.write(CRR18_INDICATORS)
    with open(register / "risks" / "CRR02.yaml", "a", encoding="utf-8") as stream:
        stream.write("objectives: [SO1]\n")
    read = run("kri", "CRR18", "Officers overdue PST", "520", "--date", "2022-03-15")
    assert (read.code, read.stderr) == (0, ""), read.stderr
    return register


def test_a_register_through_the_boards_decisions_to_the_pack(
    run: Run,
    board_register: Path,
    browser: Browser,  # noqa: F811
    page: str,  # noqa: F811
) -> None:
    # 1. Score: CRR18 12 (High) is above Financial's Cautious appetite (up to 9); CRR02
    # 12 (High) is within People's Open appetite (up to 12).
    for risk_id in ("CRR18", "CRR02"):
        scored = run("score", risk_id, "--impact", "4", "--prob", "3")
        assert (scored.code, scored.stderr) == (0, ""), scored.stderr
    before = run("validate", "--format", "parsable")
    assert (before.code, before.stderr) == (0, "")
    assert before.stdout.count("[outside-appetite]") == 1

    # 2. validate --strict fails, naming the breach and the decisions that answer it.
    strict = run("validate", "--strict", "--format", "parsable")
    assert (strict.code, strict.stderr) == (1, "")
    assert strict.stdout.endswith(
        "warning: outside appetite: score 12 (High) is above the Cautious appetite of "
        "Financial (up to 9); reduce it, or record a decision: riskreg escalate CRR18 --to "
        "WHOM --reason TEXT, or riskreg accept CRR18 --by WHOM --expires DATE --rationale "
        "TEXT [outside-appetite]\n"
    )
    assert strict.stdout.count("\n") == 1

    # 3. The decisions: CRR18 is escalated to the committee, which accepts it until the
    # end of September.
    escalated = run(
        "escalate", "CRR18", "--to", "Audit Committee", "--reason", "Training backlog",
        "--by", "Head of L&D",
    )  # fmt: skip
    assert (escalated.code, escalated.stderr) == (0, "")
    accepted = run(
        "accept", "CRR18", "--by", "Audit Committee", "--expires", "2022-09-30",
        "--rationale", "Courses funded from July",
    )  # fmt: skip
    assert (accepted.code, accepted.stderr) == (0, "")

    # 4. validate --strict is clean.
    clean = run("validate", "--strict", "--format", "parsable")
    assert (clean.code, clean.stdout, clean.stderr) == (0, "", "")

    # 5. The pack shows all of it, as a reader sees it in a browser.
    made = run("report", "--format", "html", "--output", "pack.html")
    assert (made.code, made.stdout) == (0, "")
    browser.load(page, (board_register / "pack.html").as_uri())

    def text_of(selector: str) -> str:
        found = browser.evaluate(page, f"document.querySelector({selector!r})?.innerText")
        assert isinstance(found, str), f"{selector} is not on the page"
        return " ".join(found.split())

    summary = text_of("#summary")
    assert "Outside appetite (1): CRR18" in summary
    assert "Acceptances expired on 31 March 2022 (0): none" in summary

    appetite = text_of("#appetite")
    assert "Financial Cautious 9 none CRR18" in appetite
    assert "People Open 12 CRR02 none" in appetite

    treatment = text_of("#treatment")
    assert (
        "CRR18 Core Skills Resilience & Training Risk High Tolerate: Courses funded from July "
        "Outside appetite: Cautious (up to 9) Accepted by Audit Committee on 31 March 2022 "
        "until 30 September 2022 3 controls: 1 effective, 1 partially effective, "
        "1 not assessed"
    ) in treatment
    assert (
        "CRR02 Serious Violence in Under 25s High Treat: Recruitment campaign under way "
        "8 controls: 8 not assessed"
    ) in treatment
    assert (
        "Open risks with no treatment recorded, no control assessed and within appetite: 19."
        in (treatment)
    )

    row = text_of('tr[id="CRR18"]')
    assert "3 controls: 1 effective, 1 partially effective, 1 not assessed" in row
    assert "(effective, second line)" in row
    assert "(partially effective, first line)" in row
    assert "Escalated to Audit Committee on 31 March 2022 by Head of L&D: Training backlog" in (row)
    assert "Treatment: Tolerate: Courses funded from July" in row
    assert "Accepted by Audit Committee on 31 March 2022 until 30 September 2022" in row
    assert "Expired" not in row

    # The indicators: CRR18's red reading is flagged on page 1 and in its section.
    assert "Key risk indicators at amber or red (1): CRR18" in summary
    indicators = text_of("#indicators")
    assert "CRR18 Core Skills Resilience & Training Risk Officers overdue PST 520" in indicators
    assert "Red" in indicators and "Green" in indicators
    assert "Course fill rate" in indicators

    # The objectives: each with the open risks that threaten it, and their ratings.
    objectives = text_of("#objectives")
    assert "SO1 Protect the public from harm CRR02 High, CRR18 High" in objectives
    assert "SO2 Build a resilient, skilled workforce CRR18 High" in objectives
    listed = run("list", "--objective", "SO2", "--format", "csv").stdout.splitlines()
    assert [line.split(",")[0] for line in listed[1:]] == ["CRR18"]
