"""The README's ```console blocks, read as transcripts and replayed.

A ```console block is a transcript: each `$ ` line is a command, and the lines up to the
next `$ ` line are what it prints (stdout and stderr as a terminal shows them). The blocks
run in README order, in one folder holding a copy of the shipped register, with `COLUMNS=100`,
no colour, and no `RISKREG_*` variable but those the README exports (its first example
exports the date the examples assume, `RISKREG_TODAY`).
`export NAME=VALUE` and `cd DIR` lines change the environment and folder of the commands
after them, as in a shell.

Two HTML comments, on the line before a block, change how it runs:

- `<!-- readme-test: not run (why) -->`: the block is shown but never run.
- `<!-- readme-test: setup` ... `-->`: the shell lines between them run first, silently
  (a file the example needs, an editor for `riskreg edit`).

Output is compared line by line after dropping trailing spaces and trailing blank lines.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>\S*)\s*$")
NOT_RUN = re.compile(r"^\s*<!--\s*readme-test:\s*not run\b.*-->\s*$")
SETUP_START = re.compile(r"^\s*<!--\s*readme-test:\s*setup\s*$")


@dataclass
class Command:
    line: int  # the README line of the `$ ` line, counting from 1
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int  # the README line of the opening fence
    commands: list[Command]
    setup: list[str] = field(default_factory=list)
    run: bool = True


@dataclass
class Drift:
    command: Command
    actual: list[str]

    def report(self, readme: str) -> str:
        diff = difflib.unified_diff(
            self.command.expected,
            self.actual,
            f"{readme}:{self.command.line + 1} (as written)",
            "riskreg today",
            lineterm="",
        )
        return f"{readme}:{self.command.line}: $ {self.command.text}\n" + "\n".join(diff)


def blocks(text: str) -> list[Block]:
    """Every ```console block of a Markdown text, with its marks and its commands."""
    lines = text.splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence or not fence.group("lang"):
            index += 1
            if fence:  # an untyped block: skip to its end
                while index < len(lines) and not FENCE.match(lines[index]):
                    index += 1
                index += 1
            continue
        indent = fence.group("indent")
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not FENCE.match(lines[index]):
            body.append(lines[index][len(indent) :] if lines[index].startswith(indent) else "")
            index += 1
        index += 1
        if fence.group("lang") != "console":
            continue
        block = Block(start + 1, _commands(body, start + 2))
        block.run, block.setup = _marks(lines, start)
        found.append(block)
    return found


def _commands(body: list[str], first_line: int) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            commands.append(Command(first_line + offset, line[2:].strip()))
        elif commands:
            commands[-1].expected.append(line)
    for command in commands:
        command.expected = normalised(command.expected)
    return commands


def _marks(lines: list[str], fence: int) -> tuple[bool, list[str]]:
    """(run it?, setup lines) from the HTML comment just above the fence, if any."""
    above = fence - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0:
        return True, []
    if NOT_RUN.match(lines[above]):
        return False, []
    if lines[above].strip() != "-->":
        return True, []
    start = above - 1
    while start >= 0 and not SETUP_START.match(lines[start]) and "-->" not in lines[start]:
        start -= 1
    if start < 0 or not SETUP_START.match(lines[start]):
        return True, []
    return True, [line.strip() for line in lines[start + 1 : above] if line.strip()]


def normalised(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


class Shell:
    """Runs transcript lines one by one, keeping the folder and exported variables."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env

    def run(self, line: str) -> list[str]:
        words = shlex.split(line, comments=True)
        if words and words[0] == "export":
            for word in words[1:]:
                name, _, value = word.partition("=")
                self.env[name] = value
            return []
        if words and words[0] == "cd" and len(words) == 2:
            self.folder = (self.folder / words[1]).resolve()
            return []
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=self.folder,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
            check=False,
        )
        return normalised(done.stdout.splitlines())

    def setup(self, line: str) -> None:
        if line.startswith(("export ", "cd ")):
            self.run(line)
            return
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=self.folder,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"README setup line failed: {line}\n{done.stderr}")


def replay(text: str, folder: Path, bin_dir: Path) -> list[Drift]:
    """Run every console block of `text` in `folder`; each command whose output differs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RISKREG_", "GITHUB_", "GIT_")) and key != "FORCE_COLOR"
    }
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="100",
        NO_COLOR="1",
        TERM="dumb",
        GIT_AUTHOR_NAME="Risk Manager",
        GIT_AUTHOR_EMAIL="risk@example.org",
        GIT_COMMITTER_NAME="Risk Manager",
        GIT_COMMITTER_EMAIL="risk@example.org",
    )
    shell = Shell(folder, env)
    drifts: list[Drift] = []
    for block in blocks(text):
        if not block.run:
            continue
        for line in block.setup:
            shell.setup(line)
        for command in block.commands:
            actual = shell.run(command.text)
            if actual != command.expected:
                drifts.append(Drift(command, actual))
    return drifts
