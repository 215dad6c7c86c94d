"""The lifecycle warnings: missing or contradicting arrows, overdue reviews and actions,
residual above inherent. Each is a warning, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, Run
from riskreg.register.loading import load_config
from riskreg.rules import validate_document
from riskreg.yamlsource import parse_text

HEAD = """\
id: CRR30
name: Fleet Replacement
"""


def findings(body: str, period: str = "2021/22 Q4") -> list[str]:
    config = load_config(REPO).model_copy(update={"period": period})
    doc = parse_text(HEAD + body, "risks/CRR30.yaml")
    assert validate_document(doc, config) is not None
    return [p.one_line() for p in sorted(doc.problems)]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-07-01")


def test_a_clean_risk_has_no_findings() -> None:
    assert (
        findings("""\
trend: {2021/22 Q3: new, 2021/22 Q4: improved}
residual: {rating: High, impact: 4, probability: 3}
inherent: {rating: Critical, impact: 5, probability: 4}
next_review: 2022-07-01
actions:
  - {action: Recruit trainers, due: 2022-06-30, status: done}
  - {action: Buy vans, due: 2022-07-01}
history:
  - {quarter: 2021/22 Q3, date: 2021-12-01, event: scored, assessment: residual,
     impact: 4, probability: 4}
  - {quarter: 2021/22 Q4, date: 2022-03-01, event: scored, assessment: residual,
     impact: 4, probability: 3}
""")
        == []
    )


def test_no_arrow_for_the_current_quarter() -> None:
    assert findings(
        "trend: {2021/22 Q4: new}\nresidual: {rating: High}\n", period="2022/23 Q1"
    ) == [
        "risks/CRR30.yaml:3:8: warning: no trend for 2022/23 Q1; set it with 'riskreg trend "
        "CRR30 improved|worsened|unchanged', or re-score the risk [trend-missing]"
    ]
    assert findings("residual: {rating: High}\n") == [
        "risks/CRR30.yaml:1:5: warning: no trend for 2021/22 Q4; set it with 'riskreg trend "
        "CRR30 improved|worsened|unchanged', or re-score the risk [trend-missing]"
    ]


def test_a_closed_risk_needs_no_arrow() -> None:
    assert (
        findings(
            "status: closed\ntrend: {2021/22 Q3: new}\n"
            "closure: {rationale: Done, closed: 2022-01-05}\n"
        )
        == []
    )


def test_an_arrow_against_the_scores() -> None:
    assert findings("""\
trend: {2021/22 Q3: new, 2021/22 Q4: unchanged}
residual: {rating: High, impact: 4, probability: 3}
history:
  - {quarter: 2021/22 Q3, date: 2021-12-01, event: scored, assessment: residual,
     impact: 4, probability: 4}
  - {quarter: 2021/22 Q4, date: 2022-03-01, event: scored, assessment: residual,
     impact: 4, probability: 3}
""") == [
        "risks/CRR30.yaml:3:38: warning: trend 2021/22 Q4 is ↔ unchanged but the residual "
        "score went 16 in 2021/22 Q3 → 12 in 2021/22 Q4, which is ↓ improved "
        "[trend-contradicts-score]"
    ]


def test_scores_of_other_assessments_do_not_count() -> None:
    assert (
        findings("""\
trend: {2021/22 Q3: new, 2021/22 Q4: unchanged}
residual: {rating: High}
history:
  - {quarter: 2021/22 Q3, date: 2021-12-01, event: scored, assessment: target,
     impact: 4, probability: 4}
  - {quarter: 2021/22 Q4, date: 2022-03-01, event: scored, assessment: target,
     impact: 1, probability: 1}
""")
        == []
    )


def test_review_overdue() -> None:
    assert findings(
        "trend: {2021/22 Q4: new}\nresidual: {rating: High}\nnext_review: 2022-06-30\n"
    ) == [
        "risks/CRR30.yaml:5:14: warning: review overdue: next_review 2022-06-30 was 1 day "
        "ago; re-score the risk or set its trend to record the review [review-overdue]"
    ]


def test_action_overdue() -> None:
    assert findings("""\
trend: {2021/22 Q4: new}
residual: {rating: High}
actions:
  - action: Recruit trainers
    due: 2022-05-01
    status: in progress
  - action: Buy vans
    due: 2022-05-01
    status: done
""") == [
        "risks/CRR30.yaml:7:10: warning: action 1 (in progress) was due 2022-05-01, 61 days "
        "ago: mark it done or set a new due date [action-overdue]"
    ]


def test_residual_above_inherent() -> None:
    assert findings(
        "trend: {2021/22 Q4: new}\n"
        "residual: {rating: High, impact: 4, probability: 3}\n"
        "inherent: {rating: Medium, impact: 3, probability: 3}\n"
    ) == [
        "risks/CRR30.yaml:4:11: warning: residual score 12 is above the inherent score 9; "
        "controls should not make a risk worse [residual-above-inherent]"
    ]
    assert findings(
        "trend: {2021/22 Q4: new}\nresidual: {rating: High}\ninherent: {rating: Medium}\n"
    ) == [
        "risks/CRR30.yaml:4:11: warning: residual rating High is above the inherent rating "
        "Medium; controls should not make a risk worse [residual-above-inherent]"
    ]


def test_a_bad_today_is_a_usage_error(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "yesterday")
    out = run("list")
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        "riskreg: error: RISKREG_TODAY='yesterday' is not a date; write it as YYYY-MM-DD\n",
    )
