"""Export → import is identical: after any riskreg commands, a register exported as JSON
and imported into a fresh register gives the same files, byte for byte, and the fresh
register takes the exported register's config."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, Run
from riskreg.cli import app
from riskreg.register.loading import load_config
from riskreg.register.setup import init_register

SMALL = ("risks/CRR08.yaml", "risks/CRR13.yaml", "risks/CRR19.yaml", "closed/CRR14.yaml")
IDS = ("CRR08", "CRR13", "CRR19", "CRR14", "CRR23")

TEXTS = (
    "One line.",
    "A longer single line of text that does not fit in thirty characters at all.",
    "Lead-in sentence:\n- First point.\n- Second point, with a # and a: colon.",
    "First paragraph.\n\nSecond paragraph\n- with a bullet",
    "- Only bullets\n- two of them",
)


def riskreg(*args: str) -> int:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code


def small_register(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(REPO / "riskreg.yaml", folder / "riskreg.yaml")
    for name in SMALL:
        (folder / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / name, folder / name)
    return folder


risk_ids = st.sampled_from(IDS)
texts = st.sampled_from(TEXTS)
levels = st.integers(1, 5)
COMMANDS = st.one_of(
    st.tuples(
        st.just("score"),
        risk_ids,
        st.just("-i"),
        levels.map(str),
        st.just("-p"),
        levels.map(str),
        st.sampled_from([(), ("--inherent",), ("--target",), ("--category", "Service")]),
        st.sampled_from([(), ("--note", "After the review")]),
    ),
    st.tuples(
        st.just("action"),
        risk_ids,
        st.sampled_from([(), ("--owner", "Head of L&D"), ("--due", "2022-09-30")]),
        texts,
    ),
    st.tuples(st.just("action"), risk_ids, st.sampled_from([("--done", "1"), ("--start", "1")])),
    st.tuples(st.just("control"), risk_ids, texts),
    st.tuples(st.just("control"), risk_ids, st.sampled_from([("--remove", "1"), ("--edit", "1")])),
    st.tuples(
        st.just("set"),
        risk_ids,
        st.sampled_from(["description", "impact_narrative", "name"]),
        texts,
    ),
    st.tuples(st.just("owner"), risk_ids, st.sampled_from(["ACC Crime", ""])),
    st.tuples(st.just("owner"), risk_ids, st.just("Head of IT"), st.just("--department")),
    st.tuples(st.just("trend"), risk_ids, st.sampled_from(["improved", "worsened", "unchanged"])),
    st.tuples(
        st.just("review"),
        st.just("--force"),
        st.just("--quarter"),
        st.sampled_from(["2022/23 Q1", "2022/23 Q2"]),
    ),
    st.tuples(st.just("close"), risk_ids, st.just("--rationale"), texts),
    st.tuples(
        st.just("reopen"),
        risk_ids,
        st.sampled_from([("--reason",), ("--rating", "High", "--reason")]),
        texts,
    ),
    st.tuples(st.just("new"), st.just("--name"), texts, st.just("--rating"), st.just("High")),
)


def flatten(command: tuple[object, ...]) -> list[str]:
    """The command's arguments; text that starts with a dash follows '--'."""
    out: list[str] = []
    for part in command:
        if isinstance(part, tuple):
            out.extend(str(item) for item in part)
        elif str(part).startswith("- ") and out[-1].startswith("--"):
            out[-1] += "=" + str(part)  # an option's value
        elif str(part).startswith("- "):
            out.extend(["--", str(part)])  # an argument
        else:
            out.append(str(part))
    if out[0] == "control" and out[-2:] == ["--edit", "1"]:
        out += ["--text", "Edited control."]
    if out[0] == "owner" and out[-1] == "--department":
        out.append("Digital")
    return out


def files_of(root: Path) -> dict[str, bytes]:
    return {
        f"{folder}/{path.name}": path.read_bytes()
        for folder in ("risks", "closed")
        for path in sorted((root / folder).glob("*.yaml"))
    }


@settings(
    max_examples=int(os.environ.get("RT_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(commands=st.lists(COMMANDS, min_size=1, max_size=6))
def test_export_then_import_is_identical_after_any_commands(
    commands: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = small_register(Path(folder) / "register")
        for command in commands:
            riskreg("-R", str(source), *flatten(command))
        export = Path(folder) / "register.json"
        result = CliRunner().invoke(app, ["-R", str(source), "export", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        export.write_text(result.stdout, "utf-8")
        fresh = Path(folder) / "fresh"
        init_register(fresh, "Another title", "2019/20 Q1")
        assert riskreg("-R", str(fresh), "import", str(export)) == 0
        assert files_of(fresh) == files_of(source)
        before, after = load_config(source), load_config(fresh)
        assert (after.title, after.period, after.scoring, after.review_intervals) == (
            before.title,
            before.period,
            before.scoring,
            before.review_intervals,
        )


def test_a_json_export_carries_the_register_config(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8")
        .replace("  High: 91", "  High: 60")
        .replace("Costs over £2m", "Costs over £5m"),
        "utf-8",
    )
    outcome = run("export", "--format", "json")
    assert (outcome.code, outcome.stderr) == (0, "")
    carried = json.loads(outcome.stdout)["config"]
    assert list(carried) == ["title", "period", "id_prefix", "review_intervals", "scoring"]
    assert carried["title"] == "West Midlands Police Corporate Risk Register"
    assert carried["period"] == "2021/22 Q4"
    assert carried["review_intervals"]["High"] == 60
    assert carried["scoring"]["impact"][0]["descriptions"]["Finance"] == "Costs over £5m"


def test_importing_an_export_into_a_new_register_adopts_its_config(
    run: Run, register: Path, tmp_path: Path
) -> None:
    config = register / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace("Costs over £2m", "Costs over £5m"), "utf-8"
    )
    source = tmp_path / "register.json"
    source.write_text(run("export", "--format", "json").stdout, "utf-8")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Corporate Risk Register", "2026/27 Q3")
    comment = "# Days between reviews of a risk, by its residual rating.\n"
    assert comment in (fresh / "riskreg.yaml").read_text("utf-8")
    dry = run("-R", str(fresh), "import", str(source), "--dry-run")
    assert dry.stdout.startswith(
        "would set: riskreg.yaml (title, period, review_intervals, scoring) "
        "as the export's register has them\n"
    )
    assert load_config(fresh).title == "Corporate Risk Register"
    outcome = run("-R", str(fresh), "import", str(source))
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith(
        "set: riskreg.yaml (title, period, review_intervals, scoring) as the export"
    )
    adopted = load_config(fresh)
    assert adopted.title == "West Midlands Police Corporate Risk Register"
    assert adopted.period == "2021/22 Q4"
    assert adopted.scoring == load_config(register).scoring
    # set in place: the new register's comments stay
    assert comment in (fresh / "riskreg.yaml").read_text("utf-8")
    assert files_of(fresh) == files_of(register)


def test_a_register_with_risks_keeps_its_own_config(
    run: Run, register: Path, tmp_path: Path
) -> None:
    source = tmp_path / "register.json"
    source.write_text(run("export", "--format", "json").stdout, "utf-8")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Our own title", "2021/22 Q4")
    assert run("-R", str(fresh), "new", "--name", "Fleet", "--rating", "High").code == 0
    outcome = run("-R", str(fresh), "import", str(source))
    assert "riskreg.yaml" not in outcome.stdout
    assert load_config(fresh).title == "Our own title"


def test_a_new_key_goes_in_its_standard_place_and_keys_already_there_never_move(
    run: Run, register: Path
) -> None:
    path = register / "risks" / "CRR20.yaml"
    text = path.read_text("utf-8")
    text = text.replace("status: open\n", "status: open\nowner: ACC Crime  # the lead\n")
    text = text.replace("  rating: Critical\n", "  rating: Critical\n  category: Service\n")
    path.write_text(text, "utf-8")
    assert run("score", "CRR20", "--impact", "5", "--prob", "4").code == 0
    assert run("action", "CRR20", "Agree the data sharing", "--owner", "ACC Crime").code == 0
    assert run("action", "CRR20", "--edit", "1", "--due", "2022-09-30").code == 0
    lines = path.read_text("utf-8").splitlines()
    # the hand-placed owner stays where it was written, comment and all
    assert lines[4] == "owner: ACC Crime  # the lead"
    residual = lines.index("residual:")
    assert lines[residual : residual + 5] == [
        "residual:",
        "  rating: Critical",
        "  impact: 5",
        "  probability: 4",
        "  category: Service",
    ]
    actions = lines.index("actions:")
    assert lines[actions : actions + 4] == [
        "actions:",
        "  - action: Agree the data sharing",
        "    owner: ACC Crime",
        "    due: 2022-09-30",
    ]


def test_a_bad_config_in_an_export_imports_nothing(
    run: Run, register: Path, tmp_path: Path
) -> None:
    exported = json.loads(run("export", "--format", "json").stdout)
    exported["config"]["scoring"]["bands"] = []
    source = tmp_path / "register.json"
    source.write_text(json.dumps(exported), "utf-8")
    fresh = tmp_path / "fresh"
    init_register(fresh, "Corporate Risk Register", "2021/22 Q4")
    before = (fresh / "riskreg.yaml").read_bytes()
    outcome = run("-R", str(fresh), "import", str(source))
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        f"riskreg: error: {source}: config: scoring.bands: List should have at least 1 item "
        "after validation, not 0; nothing imported\n"
    )
    assert (fresh / "riskreg.yaml").read_bytes() == before
    assert files_of(fresh) == {}
