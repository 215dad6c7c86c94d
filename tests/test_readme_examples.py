"""The README's examples are true: every ```console block, run in order on a copy of the
shipped register, prints what the README says it prints (see tests/readme_transcripts.py
for how a block is read and run)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO, copy_register
from readme_transcripts import Shell, blocks, replay

README = REPO / "README.md"
BIN = Path(sys.executable).parent


def test_every_readme_console_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    drifts = replay(README.read_text(encoding="utf-8"), copy_register(tmp_path / "r"), BIN)
    assert not drifts, "\n\n".join(drift.report("README.md") for drift in drifts)


def test_the_readme_states_the_date_its_examples_assume_before_the_first_one() -> None:
    first = blocks(README.read_text(encoding="utf-8"))[0]
    assert first.commands[0].text.startswith("export RISKREG_TODAY=")


def test_every_console_block_is_a_transcript_with_a_command() -> None:
    for block in blocks(README.read_text(encoding="utf-8")):
        assert block.commands, f"README.md:{block.line}: a console block with no '$ ' line"


README_WITH_A_DRIFT = """\
# A tool

<!-- readme-test: setup
printf 'two\\n' > kept.txt
-->
```console
$ echo one
one
$ cat kept.txt
three
```

<!-- readme-test: not run (shown only) -->
```console
$ false-command-that-does-not-exist
```

```sh
echo not a transcript
```
"""


def test_a_drift_names_the_readme_line_and_shows_the_difference(tmp_path: Path) -> None:
    drifts = replay(README_WITH_A_DRIFT, tmp_path, BIN)
    assert [drift.command.text for drift in drifts] == ["cat kept.txt"]
    report = drifts[0].report("README.md")
    assert report.splitlines()[0] == "README.md:9: $ cat kept.txt"
    assert "-three" in report and "+two" in report


def test_a_block_marked_not_run_is_skipped_and_setup_lines_run_first() -> None:
    found = blocks(README_WITH_A_DRIFT)
    assert [block.run for block in found] == [True, False]
    assert found[0].setup == ["printf 'two\\n' > kept.txt"]


def test_an_exported_variable_reaches_later_commands(tmp_path: Path) -> None:
    shell = Shell(tmp_path, {"PATH": "/usr/bin:/bin"})
    assert shell.run("export A=1 B=two") == []
    assert shell.run("echo $A$B") == ["1two"]


def test_cd_moves_later_commands_into_the_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shell = Shell(tmp_path, {"PATH": "/usr/bin:/bin"})
    assert shell.run("cd sub") == []
    assert shell.run("basename $PWD") == ["sub"]
