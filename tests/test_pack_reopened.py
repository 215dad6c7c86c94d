"""A risk reopened in a later quarter is back on the register, not new to it."""

from __future__ import annotations

from pathlib import Path

from conftest import Run


def test_reopened_risk_is_not_counted_or_listed_as_new(run: Run, register: Path) -> None:
    import os

    os.environ["RISKREG_TODAY"] = "2022-04-20"
    try:
        assert run("review", "--quarter", "2022/23 Q1").code == 0
        assert run("reopen", "CRR14", "--reason", "Receivers failed", "-r", "high").code == 0
        assert run("new", "--name", "Fleet", "--rating", "high").code == 0
    finally:
        del os.environ["RISKREG_TODAY"]
    pack = run("report").stdout
    assert "New this quarter: CRR23. Reopened this quarter: CRR14. Closed this quarter: none." in (
        pack
    )
    page = run("report", "-f", "html").stdout
    assert '<p>New this quarter: <a href="#CRR23">CRR23</a>.</p>' in page
    assert '<p>Reopened this quarter: <a href="#CRR14">CRR14</a>.</p>' in page
    assert 'CRR14</a> Alarms Management: reopened <span class="reason">– Receivers failed' in page
