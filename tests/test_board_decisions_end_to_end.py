"""One register through what a board decides with: appetite, two key risk indicators and
objectives, taken through score, strict validation failing outside appetite, an
escalation, strict validation clean, and the pack showing all of it."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

CONFIG = """\
appetite:
  levels: {Averse: 4, Minimal: 6, Cautious: 9, Open: 12, Eager: 16}
  categories: {Financial: Cautious, People: Open}
objectives:
  SO1: Protect the public from harm
  SO2: Build a resilient, skilled workforce
"""

CRR18 = """\
risk_category: Financial
objectives: [SO2, SO1]
indicators:
  - name: Officers overdue PST
    unit: officers
    amber: 300
    red: 500
    readings:
      - {date: 2022-02-28, value: 520}
  - name: Course fill rate
    unit: "%"
    amber: 85
    red: 70
    readings:
      - {date: 2022-02-28, value: 80}
"""


def test_score_fail_escalate_pass_and_the_pack_shows_it(
    run: Run, register: Path, tmp_path: Path
) -> None:
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(CONFIG)
    with open(register / "risks" / "CRR18.yaml", "a", encoding="utf-8") as stream:
        stream.write(CRR18)
    # Before scoring: rated Critical, above appetite, and a red indicator on a risk never
    # reviewed.
    before = run("validate", "--strict", "--format", "parsable")
    assert before.code == 1
    assert [line.rsplit("[", 1)[1] for line in before.stdout.splitlines()] == [
        "outside-appetite]",
        "kri-red-unreviewed]",
    ]

    assert run("score", "CRR18", "--impact", "4", "--prob", "3").code == 0
    strict = run("validate", "--strict", "--format", "parsable")
    assert strict.code == 1
    # Scoring recorded a review, so only the appetite is left to decide.
    assert [line.rsplit("[", 1)[1] for line in strict.stdout.splitlines()] == ["outside-appetite]"]

    escalated = run("escalate", "CRR18", "--to", "Audit Committee", "--reason", "Backlog")
    assert escalated.code == 0
    clean = run("validate", "--strict", "--format", "parsable")
    assert (clean.code, clean.stdout, clean.stderr) == (0, "", "")

    recorded = run("kri", "CRR18", "Course fill rate", "68")
    assert "red (amber 85%, red 70%, below is worse)" in recorded.stdout
    listed = run("list", "--objective", "SO1", "--format", "csv").stdout.splitlines()
    assert [row.split(",")[0] for row in listed[1:]] == ["CRR18"]

    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert 'Outside appetite (1): <a href="#CRR18">CRR18</a>' in html
    assert "<div>Escalated to Audit Committee on 31 March 2022: Backlog</div>" in html
    assert "Key risk indicators at amber or red (1)" in html
    assert html.count('<td class="kri-red">Red</td>') == 2
    assert '<strong>SO1</strong> Protect the public from harm</td><td><a href="#CRR18">' in html
