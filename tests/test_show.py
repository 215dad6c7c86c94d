"""`riskreg show`: one risk, open or closed, as text, JSON or YAML; IDs that are not IDs."""

from __future__ import annotations

import json

import pytest

from conftest import SHIPPED_QUARTER_END, Run
from golden import assert_golden


def test_show_is_case_insensitive_and_readable(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    assert_golden("show_CRR18.txt", run("show", "crr18"))


def test_show_closed_risk_says_it_is_closed(run: Run) -> None:
    outcome = run("show", "CRR14")
    assert outcome.code == 0
    first = outcome.stdout.splitlines()[0]
    assert first == "CRR14  Alarms Management  [CLOSED]"
    assert outcome.stdout.splitlines()[3] == (
        "  Closed 2022-03-08; reported to the audit committee 2022-03-31"
    )


def test_show_json_and_yaml(run: Run) -> None:
    data = json.loads(run("show", "CRR20", "--format", "json").stdout)
    assert data["id"] == "CRR20"
    assert data["residual"] == {"rating": "Critical"}
    assert data["score"] is None
    yaml_out = run("show", "CRR14", "--format", "yaml").stdout
    assert "closed: 2022-03-08" in yaml_out


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "CRR18.yaml", "risks/CRR18"])
def test_ids_are_never_paths(run: Run, bad: str) -> None:
    outcome = run("show", bad)
    assert outcome.code == 2
    assert outcome.stderr == (
        f"riskreg: error: {bad!r} is not a risk ID: an ID is letters then digits, such as CRR18\n"
    )


def test_unknown_id(run: Run) -> None:
    outcome = run("show", "CRR99")
    assert outcome.code == 1
    assert outcome.stderr == (
        "riskreg: error: no risk CRR99 in this register (try 'riskreg list --all')\n"
    )


def test_show_scored_risk_gives_the_guidance_for_its_levels(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-21")
    assert run("score", "CRR18", "--impact", "5", "--prob", "4").code == 0
    assert_golden("show_CRR18_scored.txt", run("show", "CRR18"))
