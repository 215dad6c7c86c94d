"""`riskreg export` and `riskreg import` of riskreg's own exports: the formats and round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run
from riskreg.register.editing import render_new_file
from riskreg.register.setup import init_register

FORMATS = ("csv", "json", "tsv")

# A risk with every field riskreg knows, restricted items included.
FULL_RISK: dict[str, Any] = {
    "id": "CRR30",
    "name": 'Data centre: power, cooling & "resilience"',
    "status": "open",
    "description": "Power fails.\n\nCooling fails too; #1 cause:\theat.",
    "impact_narrative": "Systems stop - for days.",
    "controls": [
        "Generator tested monthly.",
        {"text": "Supplier contract clause 7: penalty terms.", "restricted": True},
        "- a control that starts like a list item",
    ],
    "trend": {"2021/22 Q3": "new", "2021/22 Q4": "worsened"},
    "residual": {"rating": "High", "impact": 4, "probability": 4, "category": "Service"},
    "inherent": {"rating": "Critical", "impact": 5, "probability": 5},
    "target": {"rating": "Medium", "impact": 4, "probability": 2},
    "owner": "Head of IT",
    "department": "Digital",
    "last_reviewed": dt.date(2022, 3, 1),
    "next_review": dt.date(2022, 6, 1),
    "actions": [
        {
            "action": "Replace UPS",
            "owner": "Estates",
            "due": dt.date(2022, 9, 30),
            "status": "in progress",
        },
        {"action": "Renegotiate supplier terms", "restricted": True},
    ],
    "notes": [
        "Reviewed by the Joint Audit Committee.",
        {"text": "Supplier Zebracorp is being audited.", "restricted": True},
    ],
    "history": [
        {"quarter": "2021/22 Q3", "date": dt.date(2021, 12, 1), "event": "created"},
        {
            "quarter": "2021/22 Q4",
            "date": dt.date(2022, 3, 1),
            "event": "scored",
            "assessment": "residual",
            "impact": 4,
            "probability": 4,
            "rating": "High",
            "category": "Service",
            "note": "After the outage: worse",
        },
    ],
}


def files_of(root: Path) -> dict[str, bytes]:
    return {
        f"{folder}/{path.name}": path.read_bytes()
        for folder in ("risks", "closed")
        for path in sorted((root / folder).glob("*"))
    }


def empty_register(folder: Path) -> Path:
    init_register(folder, "Empty", "2021/22 Q4")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_gives_identical_files(
    run: Run, register: Path, tmp_path: Path, fmt: str
) -> None:
    save_risk(register, FULL_RISK)
    exported = run("export", "--format", fmt)
    assert (exported.code, exported.stderr) == (0, "")
    source = tmp_path / f"register.{fmt}"
    source.write_text(exported.stdout, "utf-8")
    target = empty_register(tmp_path / "fresh")
    outcome = run("-R", str(target), "import", str(source))
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.endswith("\n23 added, 0 updated, 0 unchanged, 0 skipped\n")
    assert files_of(target) == files_of(register)
    assert len(files_of(target)) == 23
    # Importing the same file again changes nothing.
    again = run("-R", str(target), "import", str(source))
    assert again.code == 0
    assert again.stdout.endswith("\n0 added, 0 updated, 23 unchanged, 0 skipped\n")


def save_risk(root: Path, data: dict[str, Any]) -> None:
    folder = "closed" if data.get("status") == "closed" else "risks"
    (root / folder / f"{data['id']}.yaml").write_text(render_new_file(data), "utf-8")


def test_csv_layout(run: Run, register: Path) -> None:
    save_risk(register, FULL_RISK)
    outcome = run("export")
    assert (outcome.code, outcome.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert list(rows[0]) == [
        "id",
        "name",
        "status",
        "description",
        "impact_narrative",
        "controls",
        "trend 2021/22 Q1",
        "trend 2021/22 Q2",
        "trend 2021/22 Q3",
        "trend 2021/22 Q4",
        "residual_rating",
        "residual_impact",
        "residual_probability",
        "residual_category",
        "inherent_rating",
        "inherent_impact",
        "inherent_probability",
        "inherent_category",
        "target_rating",
        "target_impact",
        "target_probability",
        "target_category",
        "owner",
        "department",
        "last_reviewed",
        "next_review",
        "actions",
        "notes",
        "closure_rationale",
        "closure_closed",
        "closure_reported",
        "history",
    ]
    assert [row["id"] for row in rows] == [f"CRR{n:02d}" for n in range(1, 23)] + ["CRR30"]
    full = rows[-1]
    # A list cell begins with "- ", which a spreadsheet would run as a formula: quoted.
    assert full["controls"] == (
        "'- Generator tested monthly.\n"
        "- text: 'Supplier contract clause 7: penalty terms.'\n"
        "  restricted: true\n"
        "- '- a control that starts like a list item'"
    )
    assert full["actions"] == (
        "'- action: Replace UPS\n  owner: Estates\n  due: 2022-09-30\n  status: in progress\n"
        "- action: Renegotiate supplier terms\n  restricted: true"
    )
    assert (full["trend 2021/22 Q2"], full["trend 2021/22 Q4"]) == ("", "worsened")
    assert (full["residual_impact"], full["last_reviewed"]) == ("4", "2022-03-01")
    closed = rows[13]
    assert (
        closed["id"],
        closed["status"],
        closed["closure_closed"],
        closed["closure_reported"],
    ) == ("CRR14", "closed", "2022-03-08", "2022-03-31")


def test_tsv_escapes_tabs_and_newlines(run: Run, register: Path) -> None:
    save_risk(register, FULL_RISK)
    outcome = run("export", "--format", "tsv")
    assert outcome.code == 0
    lines = outcome.stdout.split("\n")
    assert lines[-1] == "" and len(lines) == 1 + 23 + 1
    header = lines[0].split("\t")
    full = dict(zip(header, lines[-2].split("\t"), strict=True))
    assert full["description"] == "Power fails.\\n\\nCooling fails too; #1 cause:\\theat."
    assert all(len(line.split("\t")) == len(header) for line in lines[1:-1])


def test_json_layout(run: Run, register: Path) -> None:
    outcome = run("export", "--format", "json")
    assert (outcome.code, outcome.stderr) == (0, "")
    data = json.loads(outcome.stdout)
    assert {key: data[key] for key in ("riskreg_export", "title", "period", "public")} == {
        "riskreg_export": 1,
        "title": "West Midlands Police Corporate Risk Register",
        "period": "2021/22 Q4",
        "public": False,
    }
    crr14 = next(risk for risk in data["risks"] if risk["id"] == "CRR14")
    assert crr14["closure"] == {
        "rationale": crr14["closure"]["rationale"],
        "closed": "2022-03-08",
        "reported": "2022-03-31",
    }
    assert list(data["risks"][0]) == [
        "id",
        "name",
        "status",
        "description",
        "impact_narrative",
        "controls",
        "trend",
        "residual",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_export_leaves_out_restricted_items(run: Run, register: Path, fmt: str) -> None:
    save_risk(register, FULL_RISK)
    internal = run("export", "--format", fmt).stdout
    public = run("export", "--format", fmt, "--public").stdout
    for secret in ("penalty terms", "Renegotiate supplier", "Zebracorp"):
        assert secret in internal
        assert secret not in public
    for kept in ("Generator tested monthly.", "Replace UPS", "Joint Audit Committee"):
        assert kept in public


def test_import_never_overwrites_without_update(run: Run, register: Path, tmp_path: Path) -> None:
    source = tmp_path / "register.json"
    source.write_text(run("export", "--format", "json").stdout, "utf-8")
    before = files_of(register)
    edited = json.loads(source.read_text("utf-8"))
    edited["risks"][12]["name"] = "Cyber security"  # CRR13
    edited["risks"][17]["controls"] = ["One control now."]  # CRR18
    source.write_text(json.dumps(edited), "utf-8")

    outcome = run("import", str(source))
    assert outcome.code == 1
    assert (
        "exists, skipped: risks/CRR13.yaml\nexists, skipped: risks/CRR18.yaml\n" in outcome.stdout
    )
    assert outcome.stdout.endswith("0 added, 0 updated, 20 unchanged, 2 skipped\n")
    assert outcome.stderr == (
        "riskreg: error: 2 risk(s) exist already and were left as they are; "
        "use --update to change them\n"
    )
    assert files_of(register) == before

    outcome = run("import", str(source), "--update", "--dry-run")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith(
        "would update: risks/CRR13.yaml (name)\nwould update: risks/CRR18.yaml (controls)\n"
    )
    assert outcome.stdout.endswith(
        "0 added, 2 updated, 20 unchanged, 0 skipped (dry run: nothing written)\n"
    )
    assert files_of(register) == before

    outcome = run("import", str(source), "--update")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith("updated: risks/CRR13.yaml (name)\n")
    after = files_of(register)
    assert after["risks/CRR13.yaml"] == before["risks/CRR13.yaml"].replace(
        b"name: Cybersecurity\n", b"name: Cyber security\n"
    )
    assert b"controls:\n  - One control now.\ntrend:" in after["risks/CRR18.yaml"]
    assert {
        k: v for k, v in after.items() if k not in ("risks/CRR13.yaml", "risks/CRR18.yaml")
    } == {k: v for k, v in before.items() if k not in ("risks/CRR13.yaml", "risks/CRR18.yaml")}


def test_update_keeps_comments_and_removes_fields_the_export_lacks(
    run: Run, register: Path, tmp_path: Path
) -> None:
    path = register / "risks" / "CRR10.yaml"
    original = path.read_text("utf-8")
    path.write_text(
        original.replace("status: open\n", "status: open  # reviewed at JAC\n")
        + "owner: Director of Commercial Services\n",
        "utf-8",
    )
    source = tmp_path / "register.csv"
    source.write_text(
        run("export").stdout.replace("Financial Management", "Financial Sustainability"), "utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(source.read_text("utf-8"))))
    rows[9]["owner"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    source.write_text(out.getvalue(), "utf-8")
    outcome = run("import", str(source), "--update")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith("updated: risks/CRR10.yaml (name, owner)\n")
    assert path.read_text("utf-8") == original.replace(
        "name: Financial Management\n", "name: Financial Sustainability\n"
    ).replace("status: open\n", "status: open  # reviewed at JAC\n")


def test_status_conflict_is_never_overwritten(run: Run, register: Path, tmp_path: Path) -> None:
    data = json.loads(run("export", "--format", "json").stdout)
    crr14 = next(risk for risk in data["risks"] if risk["id"] == "CRR14")
    crr14["status"] = "open"
    del crr14["closure"]
    crr14["residual"] = {"rating": "High"}
    source = tmp_path / "reopened.json"
    source.write_text(json.dumps({"riskreg_export": 1, "risks": [crr14]}), "utf-8")
    before = files_of(register)
    outcome = run("import", str(source), "--update")
    assert outcome.code == 1
    assert outcome.stdout == (
        f"skipped: closed/CRR14.yaml: closed here but open in {source}; "
        "reopen it first\n0 added, 0 updated, 0 unchanged, 1 skipped\n"
    )
    assert outcome.stderr == (
        "riskreg: error: 1 risk(s) are open in one place and closed in the "
        "other and were left as they are\n"
    )
    assert files_of(register) == before


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.json",
            '{"riskreg_export": 1, "risks": [',
            "bad.json:1:33: not valid JSON: Expecting value",
        ),
        (
            "other.json",
            '{"name": "x"}',
            "other.json: not a riskreg export: expected an object "
            'with "riskreg_export" and "risks", or a list of risks',
        ),
        (
            "future.json",
            '{"riskreg_export": 2, "risks": []}',
            "future.json: export version 2 is not one this riskreg reads (1)",
        ),
        (
            "rating.json",
            '[{"id": "CRR40", "name": "New", "residual": {"rating": "Hgh"}}]',
            "rating.json: risk 1: CRR40: residual.rating 'Hgh' is not a band; allowed: Low, "
            "Medium, High, Critical; nothing imported",
        ),
        (
            "missing.json",
            '[{"id": "CRR40", "name": "New"}]',
            "missing.json: risk 1: CRR40: an open "
            "risk needs a residual rating (residual: rating: High)",
        ),
        (
            "twice.json",
            '[{"id": "CRR40", "name": "A", "residual": {"rating": "Low"}}, '
            '{"id": "CRR40", "name": "B", "residual": {"rating": "Low"}}]',
            "twice.json: risk 2: CRR40 appears twice (first at {folder}/twice.json: risk 1)",
        ),
        (
            "not.csv",
            "ID\tRisk Name\n",
            "not.csv: no risks: every row below the header row is empty",
        ),
        (
            "cells.csv",
            "id,name,status,description\nCRR40,New,open\n",
            "cells.csv:2: 3 cells for 4 columns",
        ),
        (
            "column.csv",
            "id,name,status,colour\nCRR40,New,open,red\n",
            "column.csv:2: unknown column 'colour'",
        ),
        (
            "score.csv",
            "id,name,status,residual_rating,residual_impact,residual_probability\n"
            "CRR40,New,open,High,four,4\n",
            "score.csv:2: column residual_impact: 'four' is not a whole number",
        ),
        (
            "list.csv",
            'id,name,status,residual_rating,controls\nCRR40,New,open,High,"- a: b: c"\n',
            "list.csv:2: column controls, line 1 of the cell: ': ' inside text reads as a new "
            "key in YAML; put the text in quotes: - a: 'b: c'",
        ),
        (
            "escape.tsv",
            "id\tname\tstatus\tdescription\tresidual_rating\n"
            "CRR40\tNew\topen\tBad \\q escape\tHigh\n",
            "escape.tsv:2: '\\q' is not an escape; write a backslash as '\\\\'",
        ),
    ],
)
def test_malformed_imports_change_nothing(
    run: Run, register: Path, tmp_path: Path, name: str, text: str, message: str
) -> None:
    source = tmp_path / name
    source.write_text(text, "utf-8")
    before = files_of(register)
    outcome = run("import", str(source))
    assert (outcome.code, outcome.stdout) == (2, "")
    expected = message.replace("{folder}", str(tmp_path))
    assert outcome.stderr == f"riskreg: error: {tmp_path}/{expected}\n"
    assert files_of(register) == before


def test_one_bad_row_stops_the_whole_import(run: Run, register: Path, tmp_path: Path) -> None:
    exported = run("export").stdout
    target = empty_register(tmp_path / "fresh")
    source = tmp_path / "register.csv"
    source.write_text(exported.replace(",Medium,", ",Moderate,", 1), "utf-8")
    outcome = run("-R", str(target), "import", str(source))
    assert outcome.code == 2
    assert "is not a band" in outcome.stderr
    assert files_of(target) == {}


def test_year_is_for_the_seed_layout_only(run: Run, register: Path, tmp_path: Path) -> None:
    source = tmp_path / "register.json"
    source.write_text(run("export", "--format", "json").stdout, "utf-8")
    outcome = run("import", str(source), "--year", "2021/22")
    assert outcome.code == 2
    assert outcome.stderr == (
        f"riskreg: error: --year is for the published register's tables; {source} is a "
        "riskreg JSON export, whose trend columns name their quarters\n"
    )


def test_seed_import_still_works(run: Run, register: Path, tmp_path: Path) -> None:
    from conftest import SEED

    target = empty_register(tmp_path / "fresh")
    outcome = run("-R", str(target), "import", str(SEED), "--dry-run")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.endswith(
        "22 added, 0 updated, 0 unchanged, 0 skipped (dry run: nothing written)\n"
    )
    assert files_of(target) == {}
    assert run("-R", str(target), "import", str(SEED)).code == 0
    assert files_of(target) == files_of(register)


def test_export_refuses_a_broken_register(run: Run, register: Path) -> None:
    (register / "risks" / "CRR05.yaml").write_text("id: CRR05\nname: [\n", "utf-8")
    outcome = run("export", "--format", "json")
    assert (outcome.code, outcome.stdout) == (1, "")
    assert outcome.stderr.endswith(
        "an export needs every risk, so nothing was written (run 'riskreg validate')\n"
    )


# Text as risk managers write it: words, punctuation YAML cares about, paragraphs.
WORDS = st.text(
    alphabet=st.sampled_from(list("abcXYZ019:#-'\"&*!%@`|>[]{},?£–é")), min_size=1, max_size=8
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
TEXT = st.lists(SENTENCE, min_size=1, max_size=3).map("\n\n".join)
CONTROL = st.one_of(SENTENCE, st.builds(lambda text: {"text": text, "restricted": True}, SENTENCE))
RATED = st.sampled_from([(1, 2, "Low"), (3, 3, "Medium"), (4, 4, "High"), (5, 4, "Critical")])


@st.composite
def risks(draw: st.DrawFn) -> dict[str, Any]:
    impact, probability, rating = draw(RATED)
    data: dict[str, Any] = {"id": "CRR50", "name": draw(SENTENCE), "status": "open"}
    if draw(st.booleans()):
        data["description"] = draw(TEXT)
    if draw(st.booleans()):
        data["impact_narrative"] = draw(TEXT)
    controls = draw(st.lists(CONTROL, max_size=3))
    if controls:
        data["controls"] = controls
    data["trend"] = {
        "2021/22 Q4": draw(st.sampled_from(["improved", "worsened", "unchanged", "new", "n/a"]))
    }
    data["residual"] = {"rating": rating}
    if draw(st.booleans()):
        data["residual"] |= {"impact": impact, "probability": probability}
    if draw(st.booleans()):
        data["owner"] = draw(SENTENCE)
    if draw(st.booleans()):
        data["actions"] = [
            {"action": draw(SENTENCE), "status": "open", "restricted": draw(st.booleans())}
        ]
    return data


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=risks())
def test_any_risk_survives_the_round_trip(
    run: Run, tmp_path: Path, fmt: str, data: dict[str, Any]
) -> None:
    work = tmp_path / f"case-{fmt}"
    shutil.rmtree(work, ignore_errors=True)
    source = empty_register(work / "source")
    save_risk(source, data)
    exported = run("-R", str(source), "export", "--format", fmt)
    assert exported.code == 0, exported.stderr
    (work / f"x.{fmt}").write_text(exported.stdout, "utf-8")
    target = empty_register(work / "target")
    outcome = run("-R", str(target), "import", str(work / f"x.{fmt}"))
    assert outcome.code == 0, outcome.stderr
    assert files_of(target) == files_of(source)
