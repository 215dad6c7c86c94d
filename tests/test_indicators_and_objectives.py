"""Key risk indicators and objectives: `indicators:` on a risk with thresholds either
way round, `riskreg kri` recording a reading, list, show and validate flagging
breaches, `objectives:` declared in riskreg.yaml and named by risks, `list --objective`,
and export/import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, snapshot

OBJECTIVES = """\
objectives:
  SO1: Protect the public from harm
  SO2: Build a resilient, skilled workforce
  SO3: Spend public money well
"""

# Appended to CRR18, as an analyst would type it: a comment and flow-style readings.
INDICATORS = """\
objectives: [SO2]
indicators:
  # Officers overdue Personal Safety Training, monthly from L&D.
  - name: Officers overdue PST
    unit: officers
    amber: 300
    red: 500
    readings:
      - {date: 2022-01-31, value: 640}
      - {date: 2022-02-28, value: 520}
  - name: Course fill rate
    unit: "%"
    amber: 85
    red: 70
    readings:
      - {date: 2022-02-28, value: 88}
"""


@pytest.fixture
def kri_register(register: Path) -> Path:
    """The shipped register with three objectives, and CRR18 with two indicators: one red
    where higher is worse, one green where lower is worse."""
    with open(register / "riskreg.yaml", "a", encoding="utf-8") as stream:
        stream.write(OBJECTIVES)
    with open(register / "risks" / "CRR18.yaml", "a", encoding="utf-8") as stream:
        stream.write(INDICATORS)
    return register


def _line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").splitlines().index(text) + 1


def test_a_red_reading_on_a_risk_not_reviewed_this_quarter_is_a_warning_at_its_value(
    run: Run, kri_register: Path
) -> None:
    crr18 = kri_register / "risks" / "CRR18.yaml"
    line = _line_of(crr18, "      - {date: 2022-02-28, value: 520}")
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == (
        f"risks/CRR18.yaml:{line}:35: warning: indicator 'Officers overdue PST' is red "
        "(520 officers on 2022-02-28) but the risk was never reviewed; review it, and record "
        "the review: riskreg trend CRR18 DIRECTION [kri-red-unreviewed]\n"
    )
    assert run("validate", "--strict", "--format", "parsable").code == 1


def test_a_review_this_quarter_answers_the_red_reading(run: Run, kri_register: Path) -> None:
    assert run("trend", "CRR18", "unchanged").code == 0
    outcome = run("validate", "--strict", "--format", "parsable")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (0, "", "")


def test_kri_records_a_reading_today_keeping_the_comment_and_flow_readings(
    run: Run, kri_register: Path
) -> None:
    crr18 = kri_register / "risks" / "CRR18.yaml"
    before = crr18.read_text("utf-8")
    outcome = run("kri", "crr18", "officers overdue pst", "480")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout == (
        "CRR18: Officers overdue PST recorded: 480 officers on 2022-03-31, amber (amber "
        "300 officers, red 500 officers, above is worse); recorded in risks/CRR18.yaml.\n"
    )
    after = crr18.read_text("utf-8")
    assert after.startswith(before.split("      - {date: 2022-02-28, value: 520}\n")[0])
    assert (
        "      - {date: 2022-02-28, value: 520}\n      - {date: 2022-03-31, value: 480}\n"
        "  - name: Course fill rate\n"
    ) in after
    assert "  # Officers overdue Personal Safety Training, monthly from L&D.\n" in after
    # The latest reading is amber now, so nothing is red: no warning.
    validated = run("validate", "--strict", "--format", "parsable")
    assert (validated.code, validated.stdout) == (0, "")


def test_kri_lower_is_worse_and_a_dated_reading_and_a_correction(
    run: Run, kri_register: Path
) -> None:
    red = run("kri", "CRR18", "Course fill rate", "65.5", "--date", "2022-03-01")
    assert (red.code, red.stderr) == (0, "")
    assert red.stdout.startswith(
        "CRR18: Course fill rate recorded: 65.5% on 2022-03-01, red (amber 85%, red 70%, "
        "below is worse)"
    )
    corrected = run("kri", "CRR18", "Course fill rate", "86", "--date", "2022-03-01")
    assert corrected.stdout.startswith(
        "CRR18: Course fill rate corrected: 86% on 2022-03-01, green"
    )
    text = (kri_register / "risks" / "CRR18.yaml").read_text("utf-8")
    assert text.count("2022-03-01") == 1
    assert "      - {date: 2022-03-01, value: 86}\n" in text
    earlier = run("kri", "CRR18", "Course fill rate", "60", "--date", "2022-01-01")
    assert earlier.stdout == (
        "CRR18: Course fill rate recorded: 60% on 2022-01-01, red (amber 85%, red 70%, below "
        "is worse); the latest reading is still that of 2022-03-01; recorded in "
        "risks/CRR18.yaml.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("CRR18", "Officers overdue PTS", "480"),
            "riskreg: error: CRR18 has no indicator 'Officers overdue PTS'; did you mean "
            "'Officers overdue PST'? its indicators: 'Officers overdue PST', "
            "'Course fill rate'\n",
        ),
        (
            ("CRR01", "Backlog", "3"),
            "riskreg: error: CRR01 has no indicators; add one to its file first: "
            "indicators: [{name: ..., unit: ..., amber: ..., red: ...}]\n",
        ),
        (
            ("CRR18", "Course fill rate", "lots"),
            "riskreg: error: VALUE: 'lots' is not a number; write it as 12 or 12.5\n",
        ),
        (
            ("CRR18", "Course fill rate", "80", "--date", "2022-04-01"),
            "riskreg: error: --date 2022-04-01 is after today (2022-03-31); a reading is of a "
            "day that has come\n",
        ),
        (
            ("CRR18", "Course fill rate", "80", "--date", "1/3/2022"),
            "riskreg: error: --date: '1/3/2022' is not a date; write it as YYYY-MM-DD\n",
        ),
    ],
)
def test_kri_bad_input_is_one_line_and_changes_nothing(
    run: Run, kri_register: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(kri_register)
    outcome = run("kri", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", message)
    assert snapshot(kri_register) == before


def test_list_and_show_flag_breaches(run: Run, kri_register: Path) -> None:
    listed = run("list", "--format", "json")
    crr18 = next(r for r in json.loads(listed.stdout) if r["id"] == "CRR18")
    assert crr18["objectives"] == ["SO2"]
    assert [(i["name"], i["status"], i["latest"]) for i in crr18["indicators"]] == [
        ("Officers overdue PST", "red", {"date": "2022-02-28", "value": 520}),
        ("Course fill rate", "green", {"date": "2022-02-28", "value": 88}),
    ]
    csv_rows = run("list", "--format", "csv").stdout.splitlines()
    assert csv_rows[0].endswith(",kri_breaches")
    assert next(r for r in csv_rows if r.startswith("CRR18,")).endswith(
        ",red: Officers overdue PST"
    )
    table = run("list").stdout
    assert "KRIs" in table and "red Officers" in table
    shown = run("show", "CRR18").stdout
    assert "Objectives threatened\n  • SO2: Build a resilient, skilled workforce\n" in shown
    assert (
        "Key risk indicators\n  RED   Officers overdue PST: 520 officers on 2022-02-28, red "
        "(amber >= 300 officers, red >= 500\n        officers); before: 640 officers\n"
        "  GREEN Course fill rate: 88% on 2022-02-28, green (amber <= 85%, red <= 70%)\n"
    ) in shown


def test_a_register_without_indicators_lists_as_before(run: Run) -> None:
    assert "KRIs" not in run("list").stdout
    assert "kri_breaches" not in run("list", "--format", "csv").stdout


def test_list_by_objective_by_id_or_name(run: Run, kri_register: Path) -> None:
    by_id = run("list", "--objective", "so2", "--format", "csv")
    assert [r.split(",")[0] for r in by_id.stdout.splitlines()[1:]] == ["CRR18"]
    by_name = run("list", "--objective", "build a resilient, skilled workforce", "-f", "csv")
    assert by_name.stdout == by_id.stdout
    none = run("list", "--objective", "SO1")
    assert (none.code, none.stdout) == (0, "No risks match.\n")
    wrong = run("list", "--objective", "SO9")
    assert (wrong.code, wrong.stdout, wrong.stderr) == (
        2,
        "",
        "riskreg: error: --objective SO9: not an objective; did you mean SO3? allowed: "
        "SO1, SO2, SO3\n",
    )


def test_an_unknown_objective_is_an_error_at_its_line_with_a_suggestion(
    run: Run, kri_register: Path
) -> None:
    crr18 = kri_register / "risks" / "CRR18.yaml"
    crr18.write_text(
        crr18.read_text("utf-8").replace("objectives: [SO2]", "objectives: [SO2, S03]"), "utf-8"
    )
    line = _line_of(crr18, "objectives: [SO2, S03]")
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert outcome.code == 1
    assert outcome.stdout.splitlines()[0] == (
        f"risks/CRR18.yaml:{line}:19: error: objective 'S03' is not declared in riskreg.yaml; "
        "did you mean SO3? (objectives: SO1, SO2, SO3) [unknown-objective]"
    )


def test_indicators_and_objectives_survive_export_and_import(
    run: Run, kri_register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fmt in ("csv", "json"):
        exported = run("export", "--format", fmt)
        assert exported.code == 0
        out = tmp_path / f"export.{fmt}"
        out.write_text(exported.stdout, "utf-8")
        empty = tmp_path / f"empty-{fmt}"
        empty.mkdir()
        (empty / "risks").mkdir()
        (empty / "closed").mkdir()
        (empty / "riskreg.yaml").write_text(
            (kri_register / "riskreg.yaml").read_text("utf-8"), "utf-8"
        )
        monkeypatch.chdir(empty)
        assert run("import", str(out)).code == 0
        shown = json.loads(run("show", "CRR18", "--format", "json").stdout)
        assert shown["objectives"] == ["SO2"]
        assert shown["indicators"][0] == {
            "name": "Officers overdue PST",
            "unit": "officers",
            "amber": 300,
            "red": 500,
            "readings": [
                {"date": "2022-01-31", "value": 640},
                {"date": "2022-02-28", "value": 520},
            ],
        }
        assert shown["kri_breaches"] == [{"name": "Officers overdue PST", "status": "red"}]
        monkeypatch.chdir(kri_register)


def test_the_pack_flags_indicators_and_groups_risks_by_objective(
    run: Run, kri_register: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert (
        '<li>Key risk indicators at amber or red (1): <a href="#CRR18">CRR18</a> '
        '(<a href="#indicators">all indicators</a>).</li>'
    ) in html
    assert (
        '<tr><td><a href="#CRR18">CRR18</a> Core Skills Resilience &amp; Training Risk</td>'
        '<td>Officers overdue PST</td><td class="num">520 officers</td><td>28 February 2022'
        '</td><td class="kri-red">Red</td><td>amber ≥ 300 officers, red ≥ 500 officers</td>'
        "<td>640 officers</td></tr>"
    ) in html
    assert '<td class="kri-green">Green</td><td>amber ≤ 85%, red ≤ 70%</td>' in html
    assert (
        "<tr><td><strong>SO1</strong> Protect the public from harm</td><td>none</td></tr>"
    ) in html
    assert (
        '<td><strong>SO2</strong> Build a resilient, skilled workforce</td><td><a href="#CRR18">'
        in html
    )
    # The sections come after the heat map and before the open risks.
    order = [html.index(f'<section id="{name}">') for name in ("indicators", "objectives")]
    assert html.index('id="heat-map-section"') < order[0] < order[1] < html.index('id="open-risks"')
    markdown = run("report", "--format", "md").stdout
    assert "| SO2 Build a resilient, skilled workforce | CRR18 (Critical) |\n" in markdown
    assert "At amber or red (1): CRR18.\n" in markdown


def test_a_pack_without_indicators_or_objectives_has_neither_section(
    run: Run, tmp_path: Path
) -> None:
    pack = tmp_path / "pack.html"
    assert run("report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert 'id="indicators"' not in html and 'id="objectives"' not in html
    assert "Key risk indicators" not in html
