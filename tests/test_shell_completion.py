"""Tab completes risk IDs, band names and quarters from the register in the current folder,
through the protocol the installed completion scripts use (bash, zsh and fish)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RISKREG = str(Path(sys.executable).parent / "riskreg")


def complete(folder: Path, shell: str, words: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKREG_")}
    env["_RISKREG_COMPLETE"] = f"complete_{shell}"
    if shell == "fish":
        env["_TYPER_COMPLETE_ARGS"] = words
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    done = subprocess.run(
        [RISKREG], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.split()


def test_bash_completes_risk_ids_of_the_register_here(register: Path) -> None:
    assert complete(register, "bash", "riskreg show CRR2") == ["CRR20", "CRR21", "CRR22"]


def test_a_closed_risk_is_completed_too(register: Path) -> None:
    assert complete(register, "bash", "riskreg reopen CRR14") == ["CRR14"]


def test_bash_completes_band_names_for_rating(register: Path) -> None:
    assert complete(register, "bash", "riskreg list --rating ") == [
        "Low", "Medium", "High", "Critical",
    ]  # fmt: skip


def test_bash_completes_the_quarters_around_the_period(register: Path) -> None:
    assert complete(register, "bash", "riskreg review --quarter ") == [
        "2021/22", "Q3", "2021/22", "Q4", "2022/23", "Q1",
    ]  # fmt: skip


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_complete_risk_ids(register: Path, shell: str) -> None:
    words = complete(register, shell, "riskreg show CRR2")
    assert any("CRR20" in word for word in words), words


def test_outside_a_register_nothing_is_completed_and_nothing_printed(tmp_path: Path) -> None:
    assert complete(tmp_path, "bash", "riskreg show CRR") == []


def test_help_offers_to_install_completion(register: Path) -> None:
    done = subprocess.run(
        [RISKREG, "--help"],
        cwd=register,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert "--install-completion" in done.stdout
    assert "<bool>" not in done.stdout


def test_real_bash_completes_with_the_script_riskreg_installs(register: Path) -> None:
    """The script `--install-completion` writes for bash, loaded in bash, fills COMPREPLY."""
    script = (
        'eval "$(_RISKREG_COMPLETE=source_bash riskreg)"; '
        "COMP_WORDS=(riskreg list --rating C); COMP_CWORD=3; _riskreg_completion riskreg; "
        'printf "%s\\n" "${COMPREPLY[@]}"; '
        "COMP_WORDS=(riskreg show crr2); COMP_CWORD=2; _riskreg_completion riskreg; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKREG_")}
    env["PATH"] = f"{Path(RISKREG).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        cwd=register,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split() == ["Critical", "CRR20", "CRR21", "CRR22"]
