"""Your own scoring: the register's year (year_start), a matrix defined cell by cell
(scoring.grid), and the templates `riskreg init --template` starts a register from."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import Run

Inside = Callable[[Path], tuple[str, ...]]
TEMPLATES = ["generic", "iso27005", "police-crr", "rag-4x4"]


def _init(run: Run, folder: Path, *args: str) -> None:
    outcome = run("init", str(folder), *args)
    assert outcome.code == 0, outcome.stderr


@pytest.fixture
def inside(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], tuple[str, ...]]:
    """Run in a folder, as its users do (so messages name riskreg.yaml, not a path)."""

    def enter(folder: Path) -> tuple[str, ...]:
        monkeypatch.chdir(folder)
        return ()

    return enter


def _config(folder: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((folder / "riskreg.yaml").read_text("utf-8"))


# ---------------------------------------------------------------- templates


def test_list_templates_names_each_with_its_description(run: Run) -> None:
    outcome = run("init", "--list-templates")
    assert (outcome.code, outcome.stderr) == (0, "")
    lines = outcome.stdout.splitlines()
    assert [line.split()[0] for line in lines] == TEMPLATES
    assert lines[0].endswith("(default)")
    assert all(len(line.split(maxsplit=1)[1]) > 20 for line in lines)


def test_an_unknown_template_exits_2_naming_the_templates_and_makes_nothing(
    run: Run, tmp_path: Path
) -> None:
    outcome = run("init", str(tmp_path / "new"), "--template", "rag4x4")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: no template named 'rag4x4' (did you mean rag-4x4?); choose one of: "
        "generic, iso27005, police-crr, rag-4x4\n"
    )
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_band_of_every_template_has_a_review_interval(
    run: Run, tmp_path: Path, name: str
) -> None:
    _init(run, tmp_path / name, "--template", name)
    config = _config(tmp_path / name)
    bands = [band["name"] for band in config["scoring"]["bands"]]
    assert sorted(config["review_intervals"]) == sorted(bands)


def test_the_default_template_speaks_for_no_organisation_in_particular(
    run: Run, tmp_path: Path
) -> None:
    _init(run, tmp_path / "new")
    text = (tmp_path / "new" / "riskreg.yaml").read_text("utf-8")
    assert "Started from riskreg's generic template." in text
    for word in ("Force", "officer", "staff", "police"):
        assert word.casefold() not in text.casefold()


def test_police_crr_keeps_the_published_guidance(run: Run, tmp_path: Path) -> None:
    from conftest import REPO

    _init(run, tmp_path / "police", "--template", "police-crr")
    assert _config(tmp_path / "police")["scoring"] == _config(REPO)["scoring"]


def test_init_writes_the_schema_the_risk_files_point_at(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    from riskreg.rules.json_schema import schema_text

    outcome = run("init", str(tmp_path / "new"))
    assert "schema/" in outcome.stdout
    written = tmp_path / "new" / "schema" / "risk.schema.json"
    assert written.read_text("utf-8") == schema_text()
    assert run(*inside(tmp_path / "new"), "schema", "--check").code == 0


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_from_init_to_a_clean_validate(
    run: Run, inside: Inside, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name
    _init(run, folder, "--template", name, "--period", "2021/22 Q4")
    where = inside(folder)
    scoring = _config(folder)["scoring"]
    top = len(scoring["probability"])
    category = next(iter(scoring["impact"][0]["descriptions"]))

    outcome = run(*where, "new", "--name", "Loss of the main site", "--impact", "2", "--prob", "2")
    assert outcome.code == 0, outcome.stderr
    first = yaml.safe_load((folder / "risks" / "CRR01.yaml").read_text("utf-8"))
    assert first["trend"] == {"2021/22 Q4": "new"}

    outcome = run(*where, "new", "--name", "Supplier failure", "--impact", "1", "--prob", "1")
    assert outcome.code == 0, outcome.stderr
    outcome = run(
        *where, "score", "CRR01", "--impact", "3", "--prob", str(top), "--category", category
    )
    assert outcome.code == 0, outcome.stderr
    rating = yaml.safe_load((folder / "risks" / "CRR01.yaml").read_text("utf-8"))["residual"][
        "rating"
    ]
    assert rating in [band["name"] for band in scoring["bands"]]

    listing = run(*where, "list")
    assert listing.code == 0, listing.stderr
    assert listing.stdout.index("CRR01") < listing.stdout.index("CRR02")
    assert rating in listing.stdout

    report = run(*where, "report")
    assert report.code == 0, report.stderr
    assert "**Period:** 2021/22 Q4 (1 January 2022 to 31 March 2022)" in report.stdout
    assert "Loss of the main site" in report.stdout
    html = run(*where, "report", "--output", str(tmp_path / "pack.html"))
    assert html.code == 0, html.stderr

    outcome = run(*where, "validate")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        0,
        "3 files checked: no problems\n",
        "",
    )


# ---------------------------------------------------------------- your own year


FIELDS = """
fields:
  directorate:
    type: choice
    choices: [Operations, Support]
    required: true
  themes: {type: list, description: Strategic themes the risk touches}
"""


def test_a_calendar_year_grid_register_with_its_own_fields_end_to_end(
    run: Run, inside: Inside, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "calendar"
    monkeypatch.setenv("RISKREG_TODAY", "2022-02-10")
    _init(run, folder, "--template", "rag-4x4", "--year-start", "1")
    config = folder / "riskreg.yaml"
    assert "year_start: 1\nperiod: 2022 Q1\n" in config.read_text("utf-8")
    config.write_text(config.read_text("utf-8") + FIELDS, "utf-8")
    where = inside(folder)

    outcome = run(
        *where, "new", "--name", "Data centre fire", "--impact", "4", "--prob", "1",
        "--field", "directorate=Operations", "--field", "themes=Resilience; Value for money",
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    assert "Data centre fire (Red)" in outcome.stdout  # 4 x 1 = 4 is Red on this grid
    assert "Trend for 2022 Q1: New." in outcome.stdout
    outcome = run(
        *where, "new", "--name", "Phishing", "--impact", "1", "--prob", "4",
        "--field", "directorate=Support",
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    assert "Phishing (Amber)" in outcome.stdout  # 1 x 4 = 4 is Amber

    # A quarter in the financial form is refused, naming the form this register uses.
    outcome = run(*where, "review", "--quarter", "2022/23 Q2")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        "riskreg: error: '2022/23 Q2' is a financial-year quarter, but this register keeps "
        "calendar years (year_start: 1); write it in the form '2022 Q1'\n"
    )

    monkeypatch.setenv("RISKREG_TODAY", "2022-04-05")
    outcome = run(*where, "review", "--quarter", "2022 Q2")
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.startswith("Opened 2022 Q2 (was 2022 Q1) in riskreg.yaml.\n")

    # Red 4 -> Amber 6: the score rose, but the band fell, so the risk improved.
    outcome = run(*where, "score", "CRR01", "--impact", "2", "--prob", "3")
    assert outcome.code == 0, outcome.stderr
    assert "CRR01 residual: 2 x 3 = 6 → Amber (Red → Amber)" in outcome.stdout
    assert "Trend for 2022 Q2: ↓ improved" in outcome.stdout
    # Amber 4 -> Amber 8: the same band, a higher score: worsened.
    outcome = run(*where, "score", "CRR02", "--impact", "2", "--prob", "4")
    assert outcome.code == 0, outcome.stderr
    assert "Trend for 2022 Q2: ↑ worsened" in outcome.stdout

    risk = yaml.safe_load((folder / "risks" / "CRR01.yaml").read_text("utf-8"))
    assert risk["trend"] == {"2022 Q1": "new", "2022 Q2": "improved"}
    assert [(e["quarter"], e.get("rating")) for e in risk["history"]] == [
        ("2022 Q1", "Red"),
        ("2022 Q2", "Amber"),
    ]
    assert [e["impact"] * e["probability"] for e in risk["history"]] == [4, 6]
    assert risk["directorate"] == "Operations"

    listing = run(*where, "list")
    assert listing.code == 0, listing.stderr
    header = listing.stdout.splitlines()[0]
    assert header == "Corporate Risk Register: 2022 Q2"
    assert re.search(r"┃ Q3 +┃ Q4 +┃ Q1 +┃ Q2 +┃", listing.stdout)
    assert re.search(r"┃ 21 +┃ 21 +┃ 22 +┃ 22 +┃", listing.stdout)
    # Both Amber; CRR02 scores 8, CRR01 6.
    assert listing.stdout.index("CRR02") < listing.stdout.index("CRR01")

    chosen = run(*where, "list", "--where", "directorate=Operations", "--format", "json")
    assert [risk["id"] for risk in json.loads(chosen.stdout)] == ["CRR01"]

    report = run(*where, "report")
    assert report.code == 0, report.stderr
    assert "**Period:** 2022 Q2 (1 April 2022 to 30 June 2022)" in report.stdout
    assert "| 1 Rare | 1 Green | 2 Green | 3 Amber | 4 Red |" in report.stdout
    assert "Q1 22 | Q2 22" in report.stdout

    outcome = run(*where, "validate")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        0,
        "3 files checked: no problems\n",
        "",
    )


def test_a_period_in_the_wrong_form_for_the_year_is_an_error_at_its_line(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "calendar"
    _init(run, folder, "--year-start", "1", "--period", "2022 Q1")
    config = folder / "riskreg.yaml"
    config.write_text(config.read_text("utf-8").replace("period: 2022 Q1", "period: 2021/22 Q4"))
    outcome = run(*inside(folder), "validate", "--format", "parsable")
    assert outcome.code == 1
    line = config.read_text("utf-8").splitlines().index("period: 2021/22 Q4") + 1
    assert f"riskreg.yaml:{line}:9: error: " in outcome.stdout
    assert "keeps calendar years (year_start: 1); write it in the form '2022 Q1'" in outcome.stdout


def test_a_quarter_follows_any_year_start() -> None:
    import datetime as dt

    from riskreg.model.quarters import Quarter

    july = Quarter.containing(dt.date(2022, 9, 30), 7)
    assert (july.label, july.first_day(), july.last_day()) == (
        "2022/23 Q1",
        dt.date(2022, 7, 1),
        dt.date(2022, 9, 30),
    )
    assert Quarter.parse("2022/23 Q4", 7).first_day() == dt.date(2023, 4, 1)
    january = Quarter.containing(dt.date(2022, 12, 31), 1)
    assert (january.label, january.next().label) == ("2022 Q4", "2023 Q1")
    april = Quarter.containing(dt.date(2022, 3, 31))
    assert (april.label, april.next().label) == ("2021/22 Q4", "2022/23 Q1")


# ---------------------------------------------------------------- your own matrix


ASYMMETRIC = """  bands:
  - name: Low
    colour: green
  - name: Medium
    colour: yellow
  - name: High
    colour: dark_orange
  - name: Critical
    colour: red
  grid:
    5: [Medium, High, High, Critical, Critical]
    4: [Low, Medium, High, Critical, Critical]
    3: [Low, Medium, Medium, High, Critical]
    2: [Low, Low, Medium, High, High]
    1: [Low, Low, Medium, High, High]
"""


def _grid_register(run: Run, folder: Path, grid: str = ASYMMETRIC) -> Path:
    _init(run, folder, "--period", "2021/22 Q4")
    config = folder / "riskreg.yaml"
    text = config.read_text("utf-8")
    config.write_text(text[: text.index("  bands:\n")] + grid, "utf-8")
    return config


def test_on_a_grid_5x1_and_1x5_rate_differently_and_compare_by_band_first(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "grid"
    _grid_register(run, folder)
    where = inside(folder)
    assert "(High)" in run(*where, "new", "--name", "Flood", "--impact", "5", "--prob", "1").stdout
    assert (
        "(Medium)" in run(*where, "new", "--name", "Theft", "--impact", "1", "--prob", "5").stdout
    )
    assert (
        "(Medium)" in run(*where, "new", "--name", "Fraud", "--impact", "3", "--prob", "2").stdout
    )

    listing = run(*where, "list", "--format", "json")
    rows = [(r["id"], r["rating"], r["score"]) for r in json.loads(listing.stdout)]
    assert rows == [("CRR01", "High", 5), ("CRR03", "Medium", 6), ("CRR02", "Medium", 5)]

    matrix = run(*where, "guidance", "bands")
    assert matrix.code == 0
    assert "Bands by grid (lowest first: Low, Medium, High, Critical;" in matrix.stdout
    assert re.search(r"│ +1 │ +Low +│ +Low +│ +Medium +│ +High +│ +High +│", matrix.stdout)

    # The heat map's cells take the grid's colours: 5 x 1 (High) is not 1 x 5 (Medium).
    pack = tmp_path / "pack.html"
    assert run(*where, "report", "--output", str(pack)).code == 0
    html = pack.read_text("utf-8")
    assert re.search(r'<rect class="cell" [^>]*><title>High 5</title>', html)
    assert re.search(r'<rect class="cell" [^>]*><title>Medium 5</title>', html)
    assert run(*where, "validate").code == 0


def test_a_grid_target_is_compared_by_band_then_score(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "grid"
    _grid_register(run, folder)
    where = inside(folder)
    run(*where, "new", "--name", "Flood", "--impact", "5", "--prob", "1")  # High 5
    # Target Medium 6 is a higher score but a lower band: the risk is above its target.
    assert run(*where, "score", "CRR01", "--target", "--impact", "3", "--prob", "2").code == 0
    above = run(*where, "list", "--above-target", "--format", "json")
    assert [r["id"] for r in json.loads(above.stdout)] == ["CRR01"]


def test_validate_points_at_a_short_grid_row_and_an_unknown_band(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "grid"
    bad = ASYMMETRIC.replace(
        "4: [Low, Medium, High, Critical, Critical]", "4: [Low, Medium, High, Critical]"
    ).replace("2: [Low, Low, Medium, High, High]", "2: [Low, Low, Severe, High, High]")
    config = _grid_register(run, folder, bad)
    lines = config.read_text("utf-8").splitlines()
    short = lines.index("    4: [Low, Medium, High, Critical]") + 1
    unknown = lines.index("    2: [Low, Low, Severe, High, High]") + 1

    outcome = run(*inside(folder), "validate", "--format", "parsable")

    assert outcome.code == 1
    assert outcome.stdout.splitlines() == [
        f"riskreg.yaml:{short}:8: error: scoring.grid row 4 names 4 bands; it needs 5, one "
        "per impact level from 1 up [grid-shape]",
        f"riskreg.yaml:{unknown}:19: error: scoring.grid row 2 names Severe, which is not a "
        "band; allowed: Low, Medium, High, Critical [grid-band]",
    ]


def test_bands_with_a_grid_carry_no_range_and_without_one_need_it(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "grid"
    config = _grid_register(
        run, folder, ASYMMETRIC.replace("  - name: Low\n", "  - name: Low\n    min: 1\n")
    )
    outcome = run(*inside(folder), "validate", "--format", "parsable")
    line = config.read_text("utf-8").splitlines().index("    min: 1") + 1
    assert outcome.stdout.splitlines() == [
        f"riskreg.yaml:{line}:10: error: band Low gives a score range, but scoring.grid "
        "places the bands; remove min and max [band-limits]"
    ]


@pytest.mark.parametrize("size", [3, 10])
def test_a_grid_may_be_3x3_to_10x10_and_not_square(run: Run, tmp_path: Path, size: int) -> None:
    from riskreg.scoring.guidance import Scoring

    impact = [{"level": n, "descriptions": {"Finance": f"level {n}"}} for n in range(1, size + 1)]
    probability = [{"level": n, "description": f"p{n}"} for n in range(1, 5)]
    grid = {p: ["Low"] * (size - 1) + ["High"] for p in range(1, 5)}
    scoring = Scoring.model_validate(
        {
            "impact": impact,
            "probability": probability,
            "bands": [{"name": "Low"}, {"name": "High"}],
            "grid": grid,
        }
    )
    assert scoring.band_at(size, 1).name == "High"
    assert scoring.band_at(1, 4).name == "Low"
    assert scoring.severity("High", 1) > scoring.severity("Low", size * 4)


def test_a_risk_quarter_in_the_other_years_form_is_an_error_at_its_line(
    run: Run, inside: Inside, tmp_path: Path
) -> None:
    folder = tmp_path / "calendar"
    _init(run, folder, "--year-start", "1", "--period", "2022 Q1")
    where = inside(folder)
    assert run(*where, "new", "--name", "Flood", "--rating", "High").code == 0
    path = folder / "risks" / "CRR01.yaml"
    path.write_text(path.read_text("utf-8").replace("2022 Q1: new", "2021/22 Q4: new"))
    line = path.read_text("utf-8").splitlines().index("  2021/22 Q4: new") + 1

    outcome = run(*where, "validate", "--format", "parsable")

    assert outcome.code == 1
    assert (
        f"risks/CRR01.yaml:{line}:15: error: quarter 2021/22 Q4 is not in the register's "
        "form: it keeps a calendar year (year_start: 1), so quarters read like '2022 Q1' "
        "[quarter-form]"
    ) in outcome.stdout.splitlines()
