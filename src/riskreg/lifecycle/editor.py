"""`riskreg edit`: a risk file opened in the user's editor, checked, and saved safely.

The editor works on a copy in a temporary file, so nothing in the register changes while
it is open and no lock is held. When it closes, the text is checked as validate checks
it; an invalid text is reopened (on a terminal) with the problems as comments at the
top, which are taken off again before anything is saved. Saving takes the register lock
and refuses if the file changed meanwhile, keeping the user's text in the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import EditNotSaved, RiskregError, UsageError, WrongState
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.register.layout import RiskFile, display_path
from riskreg.register.loading import load_one
from riskreg.register.writing import checked_risk, replace_file
from riskreg.rules import validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.yamlsource import parse_text

MARK = "# riskreg: "
_BOM = b"\xef\xbb\xbf"


@dataclass
class Draft:
    """A risk being edited: the file's bytes when it was opened, and the copy being edited."""

    risk: Risk
    risk_file: RiskFile
    original: bytes
    bom: bool
    copy: Path
    shown: str = field(init=False)
    kept: bool = False  # the copy holds text the user was told about

    def __post_init__(self) -> None:
        self.shown = display_path(self.risk_file.path)

    @property
    def text(self) -> str:
        return self.original[len(_BOM) if self.bom else 0 :].decode("utf-8")

    def write(self, text: str) -> None:
        self.copy.write_text(text, encoding="utf-8", newline="")

    def keep(self, text: str) -> Path:
        """Leave `text` in the temporary copy for the user, and say where it is."""
        self.write(text)
        self.kept = True
        return self.copy

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.copy.unlink()


def open_draft(root: Path, config: RegisterConfig, risk_id: str) -> Draft:
    """Copy a risk's file to a temporary file for the editor."""
    risk, _doc, risk_file = load_one(root, risk_id, config)
    original = risk_file.path.read_bytes()
    handle, name = tempfile.mkstemp(prefix=f"riskreg-{risk.id}-", suffix=".yaml")
    draft = Draft(risk, risk_file, original, original.startswith(_BOM), Path(name))
    with os.fdopen(handle, "wb") as stream:
        stream.write(original[len(_BOM) if draft.bom else 0 :])
    return draft


def editor_command(on_terminal: bool) -> list[str]:
    """$VISUAL, else $EDITOR, as git reads them; vi on a terminal when neither is set."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not chosen:
        if not on_terminal:
            raise UsageError("set $VISUAL or $EDITOR to the editor riskreg edit should open")
        chosen = "vi"
    try:
        command = shlex.split(chosen)
    except ValueError:
        raise UsageError(
            f"cannot read the editor command {chosen!r} ($VISUAL or $EDITOR)"
        ) from None
    if not command:
        raise UsageError("$VISUAL or $EDITOR is empty; set it to an editor")
    return command


def run_editor(command: list[str], path: Path) -> None:
    """Open `path` in the editor and wait; a failed editor leaves everything as it was."""
    try:
        done = subprocess.run([*command, os.fspath(path)], check=False)
    except FileNotFoundError:
        raise UsageError(
            f"cannot run the editor {command[0]!r}: not found; set $VISUAL or $EDITOR"
        ) from None
    except PermissionError:
        raise UsageError(f"cannot run the editor {command[0]!r}: permission denied") from None
    if done.returncode != 0:
        raise EditNotSaved(f"the editor exited with status {done.returncode}; nothing changed")


def without_problem_comments(text: str) -> str:
    """The text without the problem comments riskreg put at the top."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(MARK.rstrip()):
        lines.pop(0)
    return "".join(lines)


def draft_problems(text: str, draft: Draft, config: RegisterConfig) -> list[tuple[int, str]]:
    """The errors in an edited text, as (line, message); the risk's ID and status are
    fixed here, since changing them means renaming or moving the file."""
    doc = parse_text(text, draft.shown)
    value = doc.value if isinstance(doc.value, dict) else {}
    rid, status = draft.risk.id, draft.risk.status
    fixed = []
    if doc.root is not None and "id" in value and str(value["id"]) != rid:
        line = doc.position(("id",))[0]
        fixed.append((line, f"the ID cannot change here (it names the file); put back 'id: {rid}'"))
    if doc.root is not None and str(value.get("status", "open")) != status:
        line = doc.position(("status",))[0]
        use = f"riskreg close {rid}" if status == "open" else f"riskreg reopen {rid}"
        fixed.append(
            (
                line,
                f"status moves the file between folders; put back 'status: {status}' "
                f"and use '{use}'",
            )
        )
    if fixed:
        return fixed
    risk = validate_document(doc, config)
    if risk is not None:
        check_placement(doc, risk, draft.risk_file)
    return [(p.line, f"{p.message} [{p.code}]") for p in sorted(doc.problems) if p.is_error]


def with_problems(text: str, draft: Draft, problems: list[tuple[int, str]]) -> str:
    """The text with the problems as comments on top, numbered as the editor shows them."""
    header = [
        f"{MARK}{draft.risk.id} was not saved: fix the problems below and save, or delete "
        "everything to abort."
    ]
    offset = len(problems) + 1
    for line, message in problems:
        where = f"line {line + offset}: " if line else ""
        header.append(f"{MARK}{where}{message}")
    return "\n".join(header) + "\n" + text


@dataclass(frozen=True)
class Outcome:
    """A valid edited text to save, or None when nothing changed."""

    text: str | None


def edit_until_valid(
    draft: Draft,
    config: RegisterConfig,
    editor: Callable[[Path], None],
    on_terminal: bool,
) -> Outcome:
    """Run the editor until the text is valid (on a terminal) or once (elsewhere)."""
    while True:
        editor(draft.copy)
        try:
            raw = draft.copy.read_bytes()
        except OSError as error:
            raise EditNotSaved(f"cannot read back the edited file: {error.strerror}") from None
        try:
            edited = raw.decode("utf-8")
        except UnicodeDecodeError:
            edited = None
        if edited is not None:
            if edited.startswith("\ufeff"):
                edited = edited[1:]
            text = without_problem_comments(edited)
            if not text.strip():
                draft.discard()
                raise EditNotSaved(f"the edit was emptied: aborted; {draft.shown} left unchanged")
            if text == draft.text:
                return Outcome(None)
            problems = draft_problems(text, draft, config)
        else:
            text = raw.decode("utf-8", errors="replace")
            problems = [(0, "the file is not UTF-8 text; save it as UTF-8")]
        if not problems:
            return Outcome(text)
        if not on_terminal:
            kept = draft.keep(text)
            first = problems[0]
            where = f"{draft.shown}:{first[0]}: " if first[0] else f"{draft.shown}: "
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise EditNotSaved(
                f"{where}{first[1]}{more}; nothing saved; your text is kept in {kept}"
            )
        draft.write(with_problems(text, draft, problems))


@dataclass(frozen=True)
class Saved:
    risk: Risk
    path: Path
    changed: tuple[str, ...]


def save_edit(draft: Draft, text: str, config: RegisterConfig) -> Saved:
    """Write the edited text (under the register lock, taken by the caller) unless the
    file changed while the editor was open."""
    try:
        current = draft.risk_file.path.read_bytes()
    except OSError:
        current = None
    if current != draft.original:
        kept = draft.keep(text)
        raise WrongState(
            f"{draft.shown} changed while the editor was open, so this edit was not saved; "
            f"your text is kept in {kept}: run 'riskreg edit {draft.risk.id}' again and "
            "copy your changes in"
        )
    try:
        risk = checked_risk(text, draft.shown, config, draft.risk_file, draft.bom)
    except RiskregError as error:
        kept = draft.keep(text)
        raise EditNotSaved(f"{error.message}; your text is kept in {kept}") from None
    replace_file(draft.risk_file.path, text, draft.bom)
    draft.discard()
    before = draft.risk
    changed = tuple(
        name for name in Risk.model_fields if getattr(before, name) != getattr(risk, name)
    )
    return Saved(risk, draft.risk_file.path, changed)
