"""The golden corpus: every example file, placed in a register, gives exactly its problems.

Each example names on its second or third line where it goes in the register
(`# example: place=risks/CRR90.yaml`) and whether a JSON Schema can tell it is wrong
(`schema=rejects` or `schema=accepts`; `schema=none` for a register config). An
invalid example's `.expected` sibling holds the exact `riskreg validate --format
parsable` lines it must produce; a valid example produces none.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, Run, copy_register

EXAMPLES = REPO / "tests" / "examples"
DIRECTIVE = re.compile(r"^# example: place=(\S+)(?: schema=(rejects|accepts|none))?$", re.M)


@dataclass(frozen=True)
class Example:
    path: Path
    place: str
    schema: str

    @property
    def valid(self) -> bool:
        return self.path.parent.name == "valid"

    @property
    def expected(self) -> str:
        return "" if self.valid else self.path.with_suffix(".expected").read_text("utf-8")


def load_examples() -> list[Example]:
    examples = []
    for path in sorted(EXAMPLES.glob("*/*.yaml")):
        match = DIRECTIVE.search(path.read_text("utf-8"))
        assert match, f"{path}: no '# example: place=...' line"
        examples.append(Example(path, match[1], match[2] or "accepts"))
    return examples


ALL = load_examples()


@pytest.mark.parametrize("example", ALL, ids=[f"{e.path.parent.name}/{e.path.stem}" for e in ALL])
def test_example_gives_exactly_its_problems(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    register = copy_register(tmp_path / "place")
    target = register / example.place
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(example.path, target)
    monkeypatch.chdir(register)
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-31")  # the shipped register's quarter end
    outcome = run("validate", "--format", "parsable", example.place)
    errors = any(": error: " in line for line in example.expected.splitlines())
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1 if errors else 0,
        example.expected,
        "",
    )


def test_every_invalid_example_has_expected_problems() -> None:
    for example in ALL:
        if not example.valid:
            assert example.expected.strip(), f"{example.path.name}: empty .expected"
    stray = {p.stem for p in EXAMPLES.glob("invalid/*.expected")} - {
        e.path.stem for e in ALL if not e.valid
    }
    assert not stray, f".expected files without an example: {sorted(stray)}"
