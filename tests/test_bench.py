"""The benchmark's parts: generated registers are valid and realistic, the floor app has
riskreg's commands, and riskreg still works, more slowly, where PyYAML lacks libyaml.

No timings are asserted here: the machines are shared and noisy. `make bench` measures.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import REPO, Run, copy_register, entry_point
from riskreg.cli import app
from riskreg.register.loading import load_register
from riskreg.yamlsource import SLOW_LOADER_NOTICE

BENCH = REPO / "bench"


def bench_module(name: str) -> ModuleType:
    """A module of bench/ (not a package: run.py runs it as a script)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = bench_module("generate")


@pytest.fixture(autouse=True)
def register_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generated registers are as of their period's last day, as bench/run.py runs them."""
    end = generate.period_end(generate.corpus().period)
    monkeypatch.setenv("RISKREG_TODAY", end.isoformat())


def shipped_mean_size() -> float:
    sizes = [path.stat().st_size for path in (REPO / "risks").glob("*.yaml")]
    return sum(sizes) / len(sizes)


def test_generated_register_loads_with_no_problems(tmp_path: Path) -> None:
    root = generate.generate(tmp_path / "register", 60)
    register = load_register(root)
    assert register.problems == []
    assert [risk.id for risk in register.risks] == [f"CRR{i:05d}" for i in range(1, 61)]


def test_generated_risks_look_like_the_seeds(tmp_path: Path) -> None:
    root = generate.generate(tmp_path / "register", 60)
    register = load_register(root)
    scoring = register.config.scoring
    for risk in register.risks:
        assert len(risk.controls) == 4
        assert list(risk.trend) == ["2021/22 Q1", "2021/22 Q2", "2021/22 Q3", "2021/22 Q4"]
        for assessment in (risk.residual, risk.inherent, risk.target):
            assert assessment is not None and assessment.score is not None
            assert assessment.rating == scoring.band_for(assessment.score).name
        assert risk.description and risk.impact_narrative and risk.owner and risk.department
    sizes = [path.stat().st_size for path in (root / "risks").glob("*.yaml")]
    mean = sum(sizes) / len(sizes)
    assert 0.8 * shipped_mean_size() <= mean <= 1.6 * shipped_mean_size()
    first = (root / "risks" / "CRR00001.yaml").read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../schema/risk.schema.json\n")


def test_generated_register_validates_clean(tmp_path: Path, monkeypatch: Any) -> None:
    if "validate" not in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        pytest.skip("riskreg has no validate command in this build")
    root = generate.generate(tmp_path / "register", 60)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_smaller_register_is_the_start_of_a_larger_one(tmp_path: Path) -> None:
    small = generate.generate(tmp_path / "small", 5)
    large = generate.generate(tmp_path / "large", 12)
    for index in range(1, 6):
        name = f"risks/CRR{index:05d}.yaml"
        assert (small / name).read_bytes() == (large / name).read_bytes()
    assert len(list((large / "risks").glob("*.yaml"))) == 12


def test_generate_reuses_a_register_and_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    root = generate.generate(tmp_path / "register", 3)
    (root / "risks" / "CRR00001.yaml").write_text("changed", encoding="utf-8")
    generate.generate(root, 3)  # the stamp says it is this register already: kept as it is
    assert (root / "risks" / "CRR00001.yaml").read_text(encoding="utf-8") == "changed"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a generated register"):
        generate.generate(mine, 3)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_cloader_loop_reads_every_file(tmp_path: Path) -> None:
    root = generate.generate(tmp_path / "register", 7)
    done = subprocess.run(
        [sys.executable, str(BENCH / "cloader_loop.py"), str(root), "--count"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "7\n", "")


# -- the floor app --------------------------------------------------------------------


def command_shape(group: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Each command's parameters: name, kind, flags, type, required, default."""
    shape = {}
    commands = {"": group, **group.commands}
    for name, command in commands.items():
        shape[name] = [
            (
                param.name,
                param.param_type_name,
                tuple(param.opts),
                tuple(param.secondary_opts),
                getattr(
                    param.type_descriptor.annotation,
                    "__name__",
                    str(param.type_descriptor.annotation),
                ),
                param.required,
                str(param.default),
            )
            for param in command.params
        ]
    return shape


def test_floor_app_has_riskregs_commands_and_options() -> None:
    floor = bench_module("floor_app")
    ours = command_shape(typer.main.get_command(app))
    theirs = command_shape(typer.main.get_command(floor.app))
    assert theirs == ours, "bench/floor_app.py is out of step; run: python bench/floor.py"


def test_floor_app_renders_help_as_riskreg_does() -> None:
    env = {**os.environ, "COLUMNS": "100"}
    floor = subprocess.run(
        [sys.executable, str(BENCH / "floor_app.py"), "list", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    ours = subprocess.run(
        [entry_point(), "list", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert floor.returncode == ours.returncode == 0
    assert "Usage: riskreg list [OPTIONS]" in ours.stdout
    assert floor.stdout == ours.stdout


# -- without libyaml ------------------------------------------------------------------

WITHOUT_LIBYAML = (
    "import sys; sys.modules['yaml._yaml'] = None; "  # as if PyYAML were built without it
    "from riskreg.cli import main; sys.argv[0] = 'riskreg'; main()"
)


def riskreg_without_libyaml(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKREG_")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_without_libyaml_riskreg_works_and_says_once_that_it_is_slower(
    register: Path, run: Run
) -> None:
    done = riskreg_without_libyaml(register, "list", "--format", "csv")
    assert (done.returncode, done.stderr) == (0, SLOW_LOADER_NOTICE)
    assert SLOW_LOADER_NOTICE.count("\n") == 1
    assert done.stdout == run("list", "--format", "csv").stdout


def test_without_libyaml_problems_are_the_same(tmp_path: Path, run: Run) -> None:
    root = copy_register(tmp_path / "broken")
    path = root / "risks" / "CRR18.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: open\n", "status: open\nname: Again\n"),
        encoding="utf-8",
    )
    (root / "risks" / "CRR19.yaml").write_text("id: CRR19\nname: [unclosed\n", encoding="utf-8")
    with_libyaml = subprocess.run(
        [sys.executable, "-m", "riskreg", "--register", str(root), "list", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    without = riskreg_without_libyaml(tmp_path, "--register", str(root), "list", "--format", "csv")
    assert with_libyaml.returncode == without.returncode == 1
    assert "duplicate key 'name'" in with_libyaml.stderr
    assert "CRR19.yaml:3:1" in with_libyaml.stderr or "CRR19.yaml:2:" in with_libyaml.stderr
    # The two parsers word a syntax error differently; file, line, column and code agree.
    assert without.stderr.startswith(SLOW_LOADER_NOTICE)
    assert syntax_reason_hidden(without.stderr[len(SLOW_LOADER_NOTICE) :]) == (
        syntax_reason_hidden(with_libyaml.stderr)
    )
    assert without.stdout == with_libyaml.stdout


def syntax_reason_hidden(stderr: str) -> str:
    return re.sub(
        r"YAML syntax error: .*? \[yaml-syntax\]", "YAML syntax error: ... [yaml-syntax]", stderr
    )
