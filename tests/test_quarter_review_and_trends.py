"""Opening a quarter, setting arrows, and the arrow `score` derives from a change of score."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, review_yearly, snapshot
from conftest import register_errors as errors
from riskreg.register.loading import load_register


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-04-04")


def add_history(path: Path, *entries: tuple[str, str, int, int]) -> None:
    """Append residual score entries (quarter, date, impact, probability) to a risk file."""
    text = path.read_text().rstrip("\n") + "\nhistory:\n"
    for quarter, date, impact, probability in entries:
        text += (
            f"  - quarter: {quarter}\n    date: {date}\n    event: scored\n"
            f"    assessment: residual\n    impact: {impact}\n"
            f"    probability: {probability}\n"
        )
    path.write_text(text)


def set_residual(path: Path, rating: str, impact: int, probability: int) -> None:
    text = path.read_text()
    start = text.index("residual:\n")
    end = text.index("\n", text.index("  rating:", start)) + 1
    path.write_text(
        text[:start] + f"residual:\n  rating: {rating}\n  impact: {impact}\n"
        f"  probability: {probability}\n" + text[end:]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review"], "give the quarter to open: --quarter '2022/23 Q1' (the one after 2021/22 Q4)"),
        (
            ["review", "--quarter", "2022/23 Q2"],
            "2022/23 Q2 skips 2022/23 Q1; open quarters in turn (use --force to skip)",
        ),
        (
            ["review", "--quarter", "2021/22 Q3"],
            "2021/22 Q3 is before the current quarter 2021/22 Q4; quarters move forward "
            "(use --force to go back)",
        ),
        (
            ["review", "--quarter", "2022 Q1"],
            "'2022 Q1' is a calendar-year quarter, but this register's year starts in April; "
            "write it in the form '2021/22 Q4'",
        ),
        (
            ["trend", "CRR18", "sideways"],
            "'sideways' is not a direction; use improved (↓), worsened (↑), unchanged (↔), "
            "new or n/a",
        ),
        (
            ["trend", "CRR18", "worsened", "--quarter", "2022/23 Q1"],
            "2022/23 Q1 is after the current quarter 2021/22 Q4; open it first with "
            "'riskreg review'",
        ),
    ],
)
def test_usage_errors_change_nothing(
    run: Run, register: Path, args: list[str], message: str
) -> None:
    before = snapshot(register)
    out = run(*args)
    assert (out.code, out.stdout, out.stderr) == (2, "", f"riskreg: error: {message}\n")
    assert snapshot(register) == before


def test_review_refuses_a_broken_register(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR05.yaml"
    path.write_text(path.read_text().replace("rating: High", "rating: Hgh"))
    before = snapshot(register)
    out = run("review", "--quarter", "2022/23 Q1")
    assert out.code == 1
    assert out.stderr.startswith(
        "riskreg: error: fix the register before opening a quarter: risks/CRR05.yaml:"
    )
    assert snapshot(register) == before


def test_review_derives_arrows_from_scores_already_in_the_new_quarter(
    run: Run, register: Path
) -> None:
    # Scores recorded for 2022/23 Q1 before the quarter was opened (say, by hand).
    crr05 = register / "risks" / "CRR05.yaml"
    set_residual(crr05, "High", 4, 3)
    add_history(crr05, ("2021/22 Q4", "2022-03-01", 4, 4), ("2022/23 Q1", "2022-04-01", 4, 3))
    crr06 = register / "risks" / "CRR06.yaml"
    set_residual(crr06, "High", 4, 4)
    add_history(crr06, ("2021/22 Q3", "2021-12-01", 4, 4), ("2022/23 Q1", "2022-04-01", 4, 4))
    out = run("review", "--quarter", "2022/23 Q1")
    assert (out.code, out.stderr) == (0, "")
    lines = out.stdout.splitlines()
    assert lines[:4] == [
        "Opened 2022/23 Q1 (was 2021/22 Q4) in riskreg.yaml.",
        "Trend derived from the scores for 2 risk(s):",
        "  CRR05 ↓ improved  from the residual score (16 in 2021/22 Q4 → 12 in 2022/23 Q1)",
        "  CRR06 ↔ unchanged  from the residual score (16 in 2021/22 Q3 → 16 in 2022/23 Q1)",
    ]
    assert lines[4].startswith(
        "19 risk(s) need a trend for 2022/23 Q1: CRR01, CRR02, CRR03, CRR04, CRR07,"
    )
    assert "  2021/22 Q4: unchanged\n  2022/23 Q1: improved\nresidual:" in crr05.read_text()
    assert "  2021/22 Q4: unchanged\n  2022/23 Q1: unchanged\nresidual:" in crr06.read_text()
    assert errors(register) == []

    # A rerun (after an interruption, say) finds the quarter open and changes nothing.
    before = snapshot(register)
    out = run("review", "--quarter", "2022/23 Q1")
    assert out.code == 0
    assert out.stdout.splitlines()[:2] == [
        "2022/23 Q1 is the current quarter already; checked every open risk for its arrow.",
        "Trend already set for 2 risk(s): CRR05, CRR06.",
    ]
    assert snapshot(register) == before


def test_review_lists_overdue_risks(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_yearly(register)
    path = register / "risks" / "CRR09.yaml"
    path.write_text(path.read_text() + "next_review: 2022-03-31\n")
    out = run("review", "--quarter", "2022/23 Q1")
    assert out.code == 0
    assert out.stdout.splitlines()[-1] == (
        "Overdue reviews or actions: CRR09 (see 'riskreg list --overdue')."
    )


def test_skipping_and_going_back_need_force(run: Run, register: Path) -> None:
    out = run("review", "--quarter", "2022/23 Q2", "--force")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout.startswith("Opened 2022/23 Q2 (was 2021/22 Q4) in riskreg.yaml.\n")
    assert run("trend", "CRR18", "worsened").code == 0
    out = run("review", "--quarter", "2022/23 Q1", "--force")
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr == (
        "riskreg: error: cannot go back to 2022/23 Q1: CRR18 has a trend for 2022/23 Q2\n"
    )
    assert "period: 2022/23 Q2\n" in (register / "riskreg.yaml").read_text()
    assert run("trend", "CRR18", "n/a").code == 0  # still refused: the entry is there
    path = register / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("  2022/23 Q2: n/a\n", ""))
    out = run("review", "--quarter", "2021/22 Q4", "--force")
    assert (out.code, out.stderr) == (0, "")
    assert "period: 2021/22 Q4\n" in (register / "riskreg.yaml").read_text()


def test_trend_sets_the_current_quarter_and_records_a_review(run: Run, register: Path) -> None:
    assert run("review", "--quarter", "2022/23 Q1").code == 0
    out = run("trend", "crr18", "↑")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR18 trend for 2022/23 Q1: ↑ worsened; recorded in risks/CRR18.yaml.\n"
        "Next review due 2022-05-04.\n"
    )
    text = (register / "risks" / "CRR18.yaml").read_text()
    assert text.endswith(
        "  2021/22 Q4: unchanged\n  2022/23 Q1: worsened\nresidual:\n"
        "  rating: Critical\nlast_reviewed: 2022-04-04\n"
        "next_review: 2022-05-04\n"
    )
    out = run("trend", "CRR18", "unchanged")
    assert out.stdout.startswith("CRR18 trend for 2022/23 Q1: ↔ unchanged (was ↑ worsened); ")
    assert not [p for p in load_register(register).problems if "CRR18" in p.path]


def test_trend_for_an_earlier_quarter_keeps_quarters_in_order(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    path.write_text(path.read_text().replace("  2021/22 Q3: unchanged\n", ""))
    out = run("trend", "CRR18", "improved", "--quarter", "2021/22 Q3")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == "CRR18 trend for 2021/22 Q3: ↓ improved; recorded in risks/CRR18.yaml.\n"
    assert (
        "trend:\n  2021/22 Q1: n/a\n  2021/22 Q2: new\n  2021/22 Q3: improved\n"
        "  2021/22 Q4: unchanged\nresidual:\n"
    ) in path.read_text()
    assert "last_reviewed" not in path.read_text()  # not the current quarter: no review
    assert errors(register) == []


def test_trend_refusals(run: Run, register: Path) -> None:
    before = snapshot(register)
    out = run("trend", "CRR14", "improved")
    assert (out.code, out.stderr) == (
        1,
        "riskreg: error: CRR14 is closed; reopen it first with 'riskreg reopen CRR14'\n",
    )
    out = run("trend", "CRR18", "new")
    assert out.code == 1
    assert out.stderr == (
        "riskreg: error: refusing to write an invalid risk: risks/CRR18.yaml:38:15: "
        "trend 2021/22 Q4 is New after an earlier arrow; a risk is new only once "
        "[trend-new-late] (and 1 more; run 'riskreg validate'); file left unchanged\n"
    )
    assert snapshot(register) == before


def test_an_arrow_against_the_scores_is_kept_with_a_warning(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR05.yaml"
    set_residual(path, "High", 4, 3)
    add_history(path, ("2021/22 Q3", "2021-12-01", 4, 4), ("2021/22 Q4", "2022-03-01", 4, 3))
    out = run("trend", "CRR05", "worsened")
    assert out.code == 0
    assert out.stderr == (
        "riskreg: warning: CRR05: the residual score went 16 in 2021/22 Q3 → 12 in 2021/22 Q4, "
        "which is ↓ improved; worsened kept as given\n"
    )
    assert "  2021/22 Q4: worsened\n" in path.read_text()
    warnings = [p.one_line() for p in load_register(register).problems]
    assert warnings == [
        "risks/CRR05.yaml:42:15: warning: trend 2021/22 Q4 is ↑ worsened but the residual "
        "score went 16 in 2021/22 Q3 → 12 in 2021/22 Q4, which is ↓ improved "
        "[trend-contradicts-score]"
    ]


def test_score_derives_the_arrow_and_replaces_a_contradicting_one(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR05.yaml"
    set_residual(path, "High", 4, 4)
    add_history(path, ("2021/22 Q4", "2022-03-01", 4, 4))
    assert run("review", "--quarter", "2022/23 Q1").code == 0
    assert run("trend", "CRR05", "improved").code == 0
    out = run("score", "CRR05", "-i", "5", "-p", "4")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR05 residual: 5 x 4 = 20 → Critical (High → Critical)\n"
        "Trend for 2022/23 Q1: ↑ worsened, from the residual score (16 in 2021/22 Q4 → 20 in "
        "2022/23 Q1); replaces ↓ improved.\n"
        "Next review due 2022-05-04.\n"
        "Recorded in risks/CRR05.yaml for 2022/23 Q1.\n"
    )
    assert "  2022/23 Q1: worsened\n" in path.read_text()
    assert not [p for p in load_register(register).problems if "CRR05" in p.path]


def test_score_without_an_earlier_score_says_how_to_set_the_arrow(run: Run, register: Path) -> None:
    assert run("review", "--quarter", "2022/23 Q1").code == 0
    out = run("score", "CRR18", "-i", "5", "-p", "4", "--dry-run")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "CRR18 residual: 5 x 4 = 20 → Critical (rating unchanged: Critical)\n"
        "No trend for 2022/23 Q1 yet: no residual score from an earlier quarter to compare "
        "with; set it with 'riskreg trend CRR18 improved|worsened|unchanged'.\n"
        "Next review due 2022-05-04.\n"
        "Dry run: nothing written.\n"
    )


def test_scoring_target_or_inherent_leaves_trend_and_review_alone(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    out = run("score", "CRR18", "--target", "-i", "3", "-p", "2")
    assert out.stdout == (
        "CRR18 target: 3 x 2 = 6 → Medium (first rating)\n"
        "Recorded in risks/CRR18.yaml for 2021/22 Q4.\n"
    )
    out = run("score", "CRR18", "--inherent", "-i", "5", "-p", "5", "--category", "Service")
    assert out.code == 0
    text = path.read_text()
    assert "last_reviewed" not in text
    assert "target:\n  rating: Medium\n  impact: 3\n  probability: 2\n" in text
    assert (
        "inherent:\n  rating: Critical\n  impact: 5\n  probability: 5\n  category: Service\n"
    ) in text
    assert errors(register) == []


def test_review_keeps_the_config_comments(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(
        config.read_text().replace(
            "period: 2021/22 Q4\n", "period: '2021/22 Q4'   # moved on by riskreg review\n"
        )
    )
    assert run("review", "--quarter", "2022/23 Q1").code == 0
    assert "period: 2022/23 Q1   # moved on by riskreg review\n" in config.read_text()


def test_a_long_list_of_ids_is_cut_short(run: Run, register: Path) -> None:
    text = (register / "risks" / "CRR18.yaml").read_text()
    for number in range(100, 120):
        (register / "risks" / f"CRR{number}.yaml").write_text(
            text.replace("id: CRR18", f"id: CRR{number}")
        )
    out = run("review", "--quarter", "2022/23 Q1")
    assert out.stdout.splitlines()[1] == (
        "41 risk(s) need a trend for 2022/23 Q1: CRR01, CRR02, CRR03, CRR04, CRR05, CRR06, "
        "CRR07, CRR08, CRR09, CRR10, CRR11, CRR12, CRR13, CRR15, CRR16, CRR17, CRR18, CRR19, "
        "CRR20, CRR21, CRR22, CRR100, CRR101, CRR102, CRR103, CRR104, CRR105, CRR106, CRR107, "
        "CRR108 and 11 more."
    )
