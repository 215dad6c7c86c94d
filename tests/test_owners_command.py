"""`riskreg owners`: each owner's risks, reviews due and actions due or late; `owners:` in
riskreg.yaml gives their email, and validate warns of an owner it does not list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from golden import assert_golden

OWNERS = """\
owners:
  Head of IT:
    email: it.head@example.org
    account: "@it-head"
  Head of Public Protection:
    email: pp.head@example.org
"""


@pytest.fixture
def chased(run: Run, register: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Three owners (one not listed), a review due soon, actions late and due."""
    monkeypatch.setenv("RISKREG_TODAY", "2022-05-02")
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(OWNERS)
    for rid, owner in [
        ("CRR19", "Head of IT"),
        ("CRR20", "head of public protection"),
        ("CRR05", "Head of Contact"),
    ]:
        assert run("owner", rid, owner).code == 0
    assert run("score", "CRR20", "-i", "5", "-p", "4").code == 0  # next review 2022-06-01
    assert run("action", "CRR19", "Add servers", "--due", "2022-04-01").code == 0
    assert (
        run(
            "action", "CRR19", "Load test", "--owner", "Head of Contact", "--due", "2022-05-20"
        ).code
        == 0
    )
    assert run("action", "CRR05", "Later work", "--due", "2022-09-01").code == 0
    return run


def test_owners_md_digest(chased: Run) -> None:
    assert_golden("owners.md", chased("owners", "--within", "30", "--format", "md"))


def test_owners_json_for_a_mail_merge(chased: Run) -> None:
    data = json.loads(chased("owners", "-f", "json", "--owner", "HEAD OF IT").stdout)
    assert data["within_days"] == 30
    [owner] = data["owners"]
    assert owner == {
        "owner": "Head of IT",
        "email": "it.head@example.org",
        "account": "@it-head",
        "risks": [
            {
                "id": "CRR19",
                "name": "WMP Website – Server Capacity",
                "rating": "High",
                "score": None,
            }
        ],
        "reviews_due": [],
        "actions_due": [
            {
                "id": "CRR19",
                "number": 1,
                "action": "Add servers",
                "status": "open",
                "due": "2022-04-01",
                "late": True,
            }
        ],
    }


def test_a_short_horizon_leaves_the_review_out(chased: Run) -> None:
    out = chased("owners", "--within", "7", "--owner", "Head of Public Protection")
    assert out.stdout == (
        "West Midlands Police Corporate Risk Register: 2021/22 Q4; owners' work on "
        "2022-05-02, reviews and actions due within 7 days\n"
        "\n"
        "Head of Public Protection <pp.head@example.org>\n"
        "  1 open risk\n"
        "    CRR20  Probation Data Sharing & Disclosure: Critical (20)\n"
    )


def test_validate_warns_of_an_owner_not_listed(chased: Run) -> None:
    out = chased("validate")
    assert "owner 'Head of Contact' is not in the owners of riskreg.yaml; add them there " in (
        out.stdout
    )
    assert "head of public protection" not in out.stdout
