"""The rules registry: every code a user can see has one rule, documented with examples,
and the rules are handed today's date rather than reading a clock of their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, Run
from riskreg.errors import ConfigError
from riskreg.register.loading import load_config
from riskreg.rules import REGISTRY, Context, by_code, validate_document
from riskreg.rules.registry import FileKind
from riskreg.yamlsource import parse_text

EXAMPLES = REPO / "tests" / "examples"
CODE = re.compile(r"\[([a-z0-9-]+)\]$")


def examples(doc: str, label: str) -> list[str]:
    """The lines of YAML (or listing) under 'Passes...:' or 'Fails...:' in a docstring."""
    lines = doc.splitlines()
    for at, line in enumerate(lines):
        if line.startswith(label) and line.endswith(":"):
            shown = []
            for below in lines[at + 1 :]:
                if not below.startswith("    "):
                    break
                shown.append(below)
            return shown
    return []


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_rule_shows_a_passing_and_a_failing_example(name: str) -> None:
    rule = REGISTRY[name]
    assert rule.summary, f"{name}: no docstring"
    assert len(examples(rule.doc, "Passes")) == 2, f"{name}: Passes needs two lines"
    assert len(examples(rule.doc, "Fails")) == 2, f"{name}: Fails needs two lines"
    assert examples(rule.doc, "Passes") != examples(rule.doc, "Fails") or "(" in rule.doc
    assert rule.check is not None or rule.checked_by, f"{name}: neither checked nor placed"


def test_in_each_kind_of_file_a_code_belongs_to_one_rule() -> None:
    for kind in FileKind:
        codes = [r.code for r in REGISTRY.values() if kind in r.applies_to]
        assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_every_code_of_the_golden_corpus_is_registered_for_its_kind_of_file() -> None:
    for expected in sorted(EXAMPLES.glob("invalid/*.expected")):
        for line in expected.read_text("utf-8").splitlines():
            code = CODE.search(line)
            assert code, line
            kind = FileKind.CONFIG if line.startswith("riskreg.yaml") else FileKind.RISK
            assert any(kind in r.applies_to for r in by_code(code[1])), (expected.name, line)


def test_every_code_the_source_reports_is_registered() -> None:
    """Codes written in the source as they are reported: problem("code", ...),
    Problem(path, line, column, "code", ...), and the (code, message, place) returned
    when pydantic's errors are worded."""
    reported = re.compile(
        r"""(?:problem\(\s*|_report\(\s*\w+,\s*|Problem\([^()]*?\d,\s*|_folder_problem\(\s*"""
        r"""\w+,\s*|return\s*\(?\s*)"([a-z0-9]+(?:-[a-z0-9]+)+)\"""",
        re.S,
    )
    found = {
        (path.name, code)
        for package in ("rules", "yamlsource", "register")
        for path in (REPO / "src" / "riskreg" / package).rglob("*.py")
        for code in reported.findall(path.read_text("utf-8"))
    }
    assert len(found) > 30  # the pattern finds the codes at all
    missing = sorted((name, code) for name, code in found if not by_code(code))
    assert not missing


def test_the_scoring_model_takes_bands_as_given_and_the_rules_refuse_a_gap(
    register: Path,
) -> None:
    from riskreg.scoring.defaults import default_scoring
    from riskreg.scoring.guidance import Band, Scoring

    base = default_scoring()
    gap = [Band(name="Low", min=1, max=4), Band(name="High", min=6, max=25)]
    # The model no longer checks coverage itself ...
    assert Scoring(impact=base.impact, probability=base.probability, bands=gap).bands == gap
    # ... the config rule does, and a register with such a config does not load.
    config = register / "riskreg.yaml"
    text = config.read_text("utf-8")
    assert "    min: 5\n    max: 10\n" in text
    config.write_text(text.replace("    min: 5\n    max: 10\n", "    min: 6\n    max: 10\n"))
    with pytest.raises(ConfigError, match=r"score 5 can occur .* \[band-gap\]"):
        load_config(register)


HEAD = "id: CRR30\nname: Fleet Replacement\nresidual: {rating: High, impact: 4, probability: 3}\n"


def test_overdue_rules_judge_by_the_day_they_are_handed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    monkeypatch.setenv("RISKREG_TODAY", "2000-01-01")  # ignored: the context says the day
    config = load_config(REPO)
    text = HEAD + "next_review: 2022-06-30\n"
    codes = {}
    for day in ("2022-06-30", "2022-07-01"):
        doc = parse_text(text, "risks/CRR30.yaml")
        validate_document(doc, config, Context(config, dt.date.fromisoformat(day)))
        codes[day] = [p.code for p in doc.problems]
    assert "review-overdue" not in codes["2022-06-30"]
    assert "review-overdue" in codes["2022-07-01"]


def test_rules_for_open_risks_are_not_called_for_a_closed_one() -> None:
    import datetime as dt

    from riskreg.rules import risk_findings

    config = load_config(REPO)
    doc = parse_text(
        "id: CRR30\nname: Fleet\nstatus: closed\nclosure: {rationale: Done, closed: 2022-01-01}\n",
        "closed/CRR30.yaml",
    )
    risk = validate_document(doc, config)
    assert risk is not None
    ran = [rule.name for rule, _finding in risk_findings(risk, Context(config, dt.date.max))]
    assert ran == []  # nothing to find, and the open-only rules were never asked
    applicable = [r.name for r in REGISTRY.values() if r.looks_at == "Risk" and r.applies(risk)]
    assert "review_not_overdue" not in applicable
    assert "trend_for_current_quarter" not in applicable


def test_merge_conflict_markers_are_named_as_such(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[5:5] = ["<<<<<<< HEAD\n", "owner: A\n", "=======\n", "owner: B\n", ">>>>>>> b\n"]
    path.write_text("".join(lines), "utf-8")
    outcome = run("validate", "--format", "parsable", "risks/CRR18.yaml")
    assert (outcome.code, outcome.stdout) == (
        1,
        "risks/CRR18.yaml:6:1: error: merge conflict markers left in the file (lines 6–10): "
        "finish the merge, then validate again [merge-conflict]\n",
    )


def test_a_leftover_temp_file_is_a_warning_that_says_how_to_remove_it(
    run: Run, register: Path
) -> None:
    (register / "closed" / ".CRR14.yaml.k2j3h4.tmp").write_text("id: CR")
    (register / "risks" / ".notes.swp").write_text("not riskreg's")
    outcome = run("validate", "--format", "parsable")
    assert (outcome.code, outcome.stdout) == (
        0,
        "closed/.CRR14.yaml.k2j3h4.tmp:1:1: warning: temporary file left by an interrupted "
        "write; nothing in it is needed: delete it (rm 'closed/.CRR14.yaml.k2j3h4.tmp'), or "
        "let riskreg's next change to the register remove it [leftover-temp-file]\n",
    )
    assert run("validate", "--strict").code == 1
    # Pre-commit passes the changed risk files only; the leftover is not theirs.
    assert run("validate", "--format", "parsable", "risks/CRR18.yaml").stdout == ""
