"""A register's own fields: declared under `fields:` in riskreg.yaml, set by `new`, checked
by validate at their line, shown, filtered on, in the schema, and carried by export and
import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import Run

FIELDS = """\
fields:
  directorate:
    type: choice
    choices: [Operations, Support]
    required: true
    description: The directorate that owns the risk
  themes: {type: list, description: Themes the risk touches}
  raised: {type: date}
  cost: {type: number}
"""


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")


@pytest.fixture
def declared(run: Run, register: Path) -> Path:
    """The shipped register with four own fields declared; its risks given a directorate."""
    config = register / "riskreg.yaml"
    config.write_text(config.read_text("utf-8") + FIELDS, "utf-8")
    for path in (register / "risks").glob("*.yaml"):
        with path.open("a", encoding="utf-8") as risk_file:
            risk_file.write("directorate: Operations\n")
    return register


def new_fleet(run: Run) -> None:
    outcome = run(
        "new", "--name", "Fleet", "--rating", "high",
        "--field", "directorate=support",
        "--field", "themes=Safer roads; Value for money",
        "--field", "raised=2022-01-04",
        "--field", "cost=12.5",
    )  # fmt: skip
    assert (outcome.code, outcome.stderr) == (0, ""), outcome.stderr
    assert outcome.stdout.startswith("Created CRR23 ")


def test_new_writes_own_fields_as_top_level_keys_and_the_register_validates(
    run: Run, declared: Path
) -> None:
    new_fleet(run)
    text = (declared / "risks" / "CRR23.yaml").read_text("utf-8")
    assert (
        "directorate: Support\nthemes:\n  - Safer roads\n  - Value for money\n"
        "raised: 2022-01-04\ncost: 12.5\n"
    ) in text
    outcome = run("validate")
    assert (outcome.code, outcome.stderr) == (0, "")


def test_new_refuses_a_value_off_the_field_and_a_missing_required_field(
    run: Run, declared: Path
) -> None:
    outcome = run("new", "--name", "Fleet", "--rating", "high", "--field", "directorate=Finance")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        2,
        "",
        "riskreg: error: --field directorate: 'Finance': it must be one of: Operations, Support\n",
    )
    outcome = run("new", "--name", "Fleet", "--rating", "high")
    assert (outcome.code, outcome.stderr) == (
        2,
        "riskreg: error: riskreg.yaml requires directorate of every open risk: give "
        "--field directorate=...\n",
    )
    assert not (declared / "risks" / "CRR23.yaml").exists()


def test_validate_points_at_the_line_of_a_bad_value_and_names_a_missing_field(
    run: Run, declared: Path
) -> None:
    path = declared / "risks" / "CRR18.yaml"
    text = path.read_text("utf-8").replace("directorate: Operations\n", "cost: a lot\n")
    path.write_text(text, "utf-8")
    line = text.splitlines().index("cost: a lot") + 1
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stderr) == (1, "")
    assert outcome.stdout == (
        "risks/CRR18.yaml:2:5: error: the risk has no 'directorate' (The directorate that "
        "owns the risk); riskreg.yaml declares it required [field-missing]\n"
        f"risks/CRR18.yaml:{line}:7: error: cost is 'a lot'; it must be a number "
        "[field-value]\n"
    )


def test_an_undeclared_field_is_an_error_that_says_how_to_declare_it(
    run: Run, register: Path
) -> None:
    path = register / "risks" / "CRR18.yaml"
    text = path.read_text("utf-8") + "funding_source: Home Office grant\n"
    path.write_text(text, "utf-8")
    line = len(text.splitlines())
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        f"risks/CRR18.yaml:{line}:1: error: unknown field 'funding_source'; to keep it, "
        "declare it in riskreg.yaml: fields: {funding_source: {type: text}} "
        "[unknown-field]\n",
    )


def test_bad_declarations_are_reported_at_their_lines(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    before = len(config.read_text("utf-8").splitlines())
    config.write_text(
        config.read_text("utf-8") + "fields:\n  Directorate: {type: text}\n  owner: {type: text}\n"
        "  kind: {type: choice}\n",
        "utf-8",
    )
    outcome = run("validate", "--format", "parsable", "riskreg.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        f"riskreg.yaml:{before + 2}:16: error: fields: 'Directorate' cannot be a field name; "
        "use lower case letters, digits and _, starting with a letter (e.g. "
        "strategic_objective) [field-name]\n"
        f"riskreg.yaml:{before + 3}:10: error: fields: 'owner' is already a field of every "
        "risk; give your own field another name [field-name]\n"
        f"riskreg.yaml:{before + 4}:16: error: fields.kind is a choice field with no "
        "choices; list them: choices: [First, Second] [field-choices]\n",
    )
    config.write_text(
        config.read_text("utf-8").replace("kind: {type: choice}", "x: {type: colour}")
    )
    outcome = run("validate", "--format", "parsable", "riskreg.yaml")
    assert outcome.code == 1
    assert "fields.x.type is 'colour'; allowed: text, number, date, choice or list" in (
        outcome.stdout
    )


def test_show_lists_own_fields_and_list_filters_on_them(run: Run, declared: Path) -> None:
    new_fleet(run)
    outcome = run("show", "CRR23")
    assert outcome.code == 0
    assert (
        "  directorate: Support\n"
        "  themes:      Safer roads; Value for money\n"
        "  raised:      2022-01-04\n"
        "  cost:        12.5\n"
    ) in outcome.stdout
    outcome = run("list", "--where", "directorate=SUPPORT", "--format", "json")
    assert outcome.code == 0, outcome.stderr
    [only] = json.loads(outcome.stdout)
    assert (only["id"], only["themes"], only["raised"]) == (
        "CRR23",
        ["Safer roads", "Value for money"],
        "2022-01-04",
    )
    outcome = run("list", "--where", "themes=value for money", "--where", "cost=12.5")
    assert outcome.code == 0 and "CRR23" in outcome.stdout and "CRR18" not in outcome.stdout
    outcome = run("list", "--where", "cost=cheap")
    assert (outcome.code, outcome.stderr) == (
        2,
        "riskreg: error: --where cost: 'cheap' is not a number\n",
    )
    outcome = run("list", "--where", "colour=red")
    assert outcome.code == 2
    assert outcome.stderr == (
        "riskreg: error: --where: unknown field 'colour'; allowed: directorate, themes, "
        "raised, cost, owner, department, status\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv", "xlsx"])
def test_own_fields_go_out_and_come_back_in_an_export(
    run: Run, declared: Path, tmp_path: Path, fmt: str
) -> None:
    new_fleet(run)
    exported = tmp_path / f"register.{fmt}"
    assert run("export", "--format", fmt, "--output", str(exported)).code == 0
    outcome = run("import", str(exported), "--update")
    assert (outcome.code, outcome.stdout.splitlines()[-1]) == (
        0,
        "0 added, 0 updated, 23 unchanged, 0 skipped",
    )
    kept = yaml.safe_load((declared / "risks" / "CRR23.yaml").read_text("utf-8"))
    assert [kept[key] for key in ("themes", "raised", "cost")] == [
        ["Safer roads", "Value for money"],
        dt.date(2022, 1, 4),
        12.5,
    ]
    if fmt == "xlsx":
        edit_workbook(exported, "CRR23", "directorate", "Operations")
    else:
        text = exported.read_text("utf-8-sig")
        start = text.index('"risks"') if fmt == "json" else 0  # past the config it carries
        edited = text[:start] + text[start:].replace("Support", "Operations", 1)
        assert edited != text
        exported.write_text(edited, "utf-8")
    outcome = run("import", str(exported), "--update")
    assert outcome.code == 0, outcome.stderr
    assert "updated: risks/CRR23.yaml (directorate)" in outcome.stdout
    assert "directorate: Operations\n" in (declared / "risks" / "CRR23.yaml").read_text()


def edit_workbook(path: Path, risk_id: str, heading: str, value: str) -> None:
    """Change one cell of the Open sheet, as an owner would in Excel."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Open"]
    headings = [cell.value for cell in sheet[1]]
    assert headings[-4:] == ["directorate", "themes", "raised", "cost"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == risk_id:
            row[headings.index(heading)].value = value
    book.save(path)


def test_the_schema_holds_own_fields_and_requires_the_required(run: Run, declared: Path) -> None:
    outcome = run("schema", "--output", "-")
    assert outcome.code == 0
    schema = json.loads(outcome.stdout)
    assert schema["properties"]["directorate"] == {
        "title": "directorate",
        "enum": ["Operations", "Support"],
        "description": "The directorate that owns the risk",
    }
    assert schema["properties"]["themes"]["type"] == "array"
    assert "directorate" in schema["allOf"][0]["else"]["required"]


def test_declared_fields_is_what_other_commands_ask() -> None:
    from riskreg.model.custom_fields import FieldSpec, declared_fields

    assert declared_fields(None) == {}
    spec = FieldSpec(type="choice", choices=["Operations", "Support"])
    assert spec.parse("operations") == "Operations"
    with pytest.raises(ValueError, match="it must be one of: Operations, Support"):
        spec.parse("Finance")
