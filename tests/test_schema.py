"""The editor schema: current, well formed, and right about real files, by check-jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Run
from test_validate_corpus import ALL

SCHEMA = REPO / "schema" / "risk.schema.json"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), *args], capture_output=True, text=True, timeout=120
    )


def test_the_committed_schema_is_what_riskreg_schema_writes(run: Run, register: Path) -> None:
    outcome = run("schema")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        0,
        "wrote schema/risk.schema.json\nwrote schema/config.schema.json\n",
        "",
    )
    for name in ("risk.schema.json", "config.schema.json"):
        written = (register / "schema" / name).read_text(encoding="utf-8")
        assert written == (REPO / "schema" / name).read_text(encoding="utf-8"), (
            f"schema/{name} is stale: run 'riskreg schema' and commit it"
        )


def test_schema_is_draft_2020_12_with_titles_and_descriptions() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] and schema["description"]
    untitled = [
        f"{owner}.{name}"
        for owner, properties in [("risk", schema["properties"])]
        + [(name, d.get("properties", {})) for name, d in schema["$defs"].items()]
        for name, field in properties.items()
        if not (field.get("title") and field.get("description"))
    ]
    assert not untitled, f"fields without a title and a description: {untitled}"
    result = check_jsonschema("--check-metaschema", str(SCHEMA))
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_accepts_every_file_of_the_shipped_register_and_the_valid_examples() -> None:
    files = sorted((REPO / "risks").glob("*.yaml")) + sorted((REPO / "closed").glob("*.yaml"))
    files += [example.path for example in ALL if example.valid]
    result = check_jsonschema("--schemafile", str(SCHEMA), *map(str, files))
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), (
        result.stdout + result.stderr
    )


RISK_EXAMPLES = [e for e in ALL if not e.valid and e.schema != "none"]


@pytest.mark.parametrize("example", RISK_EXAMPLES, ids=[e.path.stem for e in RISK_EXAMPLES])
def test_schema_rejects_the_invalid_examples_it_can_detect(example: object) -> None:
    from test_validate_corpus import Example

    assert isinstance(example, Example)
    result = check_jsonschema("--schemafile", str(SCHEMA), str(example.path))
    if example.schema == "rejects":
        assert result.returncode == 1, result.stdout
        assert "ok -- validation done" not in result.stdout
    else:  # the register's scales, other files or YAML 1.1: only riskreg validate knows
        assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_reports_a_stale_copy(run: Run, register: Path) -> None:
    target = register / "schema" / "risk.schema.json"
    outcome = run("schema", "--check")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1,
        "",
        "riskreg: error: schema/risk.schema.json and schema/config.schema.json are missing or "
        "out of date; run 'riskreg schema'\n",
    )
    assert not target.exists()
    run("schema")
    outcome = run("schema", "--check")
    current = "schema/risk.schema.json and schema/config.schema.json are up to date\n"
    assert (outcome.code, outcome.stdout, outcome.stderr) == (0, current, "")
    outcome = run("schema")
    assert (outcome.code, outcome.stdout) == (0, current)


def test_schema_to_stdout(run: Run) -> None:
    outcome = run("schema", "--output", "-")
    assert outcome.code == 0
    assert outcome.stdout == SCHEMA.read_text(encoding="utf-8")


def test_every_risk_file_names_the_schema_on_its_first_line() -> None:
    for path in sorted((REPO / "risks").glob("*.yaml")) + sorted((REPO / "closed").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/risk.schema.json", path


def test_the_config_schema_accepts_every_template_and_refuses_a_broken_grid(
    run: Run, tmp_path: Path
) -> None:
    schema = REPO / "schema" / "config.schema.json"
    configs = [REPO / "riskreg.yaml"]
    for name in ("generic", "iso27005", "police-crr", "rag-4x4"):
        assert run("init", str(tmp_path / name), "--template", name).code == 0
        configs.append(tmp_path / name / "riskreg.yaml")
        first = configs[-1].read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema/config.schema.json"
    result = check_jsonschema("--schemafile", str(schema), *map(str, configs))
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), (
        result.stdout + result.stderr
    )
    broken = configs[-1]
    broken.write_text(broken.read_text("utf-8").replace("3: [Green, Amber, Red, Red]", "3: Red"))
    result = check_jsonschema("--schemafile", str(schema), str(broken))
    assert result.returncode == 1
    assert "$.scoring.grid['3']: 'Red' is not of type 'array'" in result.stdout
