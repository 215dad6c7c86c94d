"""`riskreg guidance impact` never breaks a word across lines or cuts it short: where
every category fits side by side it shows them so, else one category at a time."""

from __future__ import annotations

import re

import pytest

from conftest import Run


def cell_lines(text: str) -> list[list[str]]:
    """Each table line's cells, stripped, for lines between vertical borders."""
    return [
        [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]
        for line in text.splitlines()
        if line.startswith(("│", "┃"))
    ]


@pytest.mark.parametrize("columns", ["80", "100", "200"])
def test_impact_guidance_keeps_every_word_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    outcome = run("guidance", "impact")
    assert outcome.code == 0
    assert "…" not in outcome.stdout
    words = set(" ".join(" ".join(row) for row in cell_lines(outcome.stdout)).split())
    assert "Performance" in outcome.stdout
    assert not {"Performa", "Perfo", "Servic", "nce"} & words
    for line in outcome.stdout.splitlines():
        assert len(line) <= int(columns)


def test_a_narrow_terminal_shows_one_category_at_a_time(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("guidance", "impact").stdout.splitlines()
    assert [line.strip() for line in lines[1:2]] == ["Service"]
    assert "Human Rights / Diversity" in [line.strip() for line in lines]


def test_a_wide_terminal_shows_the_categories_side_by_side(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    header = cell_lines(run("guidance", "impact").stdout)[1]
    assert header[:3] == ["Level", "Service", "Performance"]
