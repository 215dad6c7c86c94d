"""`list --owner` and `--department`: each owner's risks, in any case, repeatable."""

from __future__ import annotations

import pytest

from conftest import Run


@pytest.fixture
def owned(run: Run) -> Run:
    for rid, owner, department in [
        ("CRR19", "Head of IT", "Digital"),
        ("CRR20", "Head of Public Protection", "Operations"),
        ("CRR05", "head of  IT", "Operations"),
    ]:
        assert run("owner", rid, owner, "--department", department).code == 0
    return run


def ids(out: str) -> list[str]:
    return [line.split(",")[0] for line in out.splitlines()[1:]]


def test_list_by_owner_any_case_and_spacing(owned: Run) -> None:
    out = owned("list", "--owner", "HEAD OF IT", "-f", "csv")
    assert (out.code, out.stderr, ids(out.stdout)) == (0, "", ["CRR05", "CRR19"])
    out = owned(
        "list", "--owner", "head of it", "--owner", "Head of Public Protection", "-f", "csv"
    )
    assert ids(out.stdout) == ["CRR20", "CRR05", "CRR19"]


def test_list_by_department_and_owner_together(owned: Run) -> None:
    assert ids(owned("list", "--department", "operations", "-f", "csv").stdout) == [
        "CRR20",
        "CRR05",
    ]
    out = owned("list", "--department", "Operations", "--owner", "Head of IT", "-f", "csv")
    assert ids(out.stdout) == ["CRR05"]


def test_an_owner_with_no_risks_lists_none(owned: Run) -> None:
    out = owned("list", "--owner", "Head of Estates")
    assert (out.code, out.stdout, out.stderr) == (0, "No risks match.\n", "")
