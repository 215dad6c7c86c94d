"""What the lifecycle commands print: new, close, reopen, trend and review."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from riskreg.model.risk import Direction

if TYPE_CHECKING:
    from rich.text import Text

    from riskreg.lifecycle import Created, Edited, Moved, QuarterOpened, TrendNote, TrendSet
    from riskreg.lifecycle.editor import Draft, Saved
    from riskreg.model.risk import RegisterConfig


def _arrow(direction: Direction) -> Text:
    from rich.text import Text

    return Text(f"{direction.arrow} {direction.value}", style=direction.colour)


def _print(out: TextIO, *lines: Text | str) -> None:
    from riskreg.render.console import stdout_console

    console = stdout_console(out)
    for line in lines:
        console.print(line, soft_wrap=True)


def warn(message: str) -> None:
    sys.stdout.flush()
    sys.stderr.write(f"riskreg: warning: {message}\n")


def trend_note_line(note: TrendNote) -> Text | None:
    """One line on the arrow scoring set, or on why it could not set one."""
    from rich.text import Text

    quarter = note.quarter.label
    if note.derivation is not None and note.after is not None:
        line = Text(f"Trend for {quarter}: ") + _arrow(note.after)
        line.append(f", from the residual score ({note.derivation.describe()})")
        if note.before is not None and note.before is not note.after:
            line.append(f"; replaces {note.before.arrow} {note.before.value}")
        return line.append(".")
    if note.after is None:
        return Text(
            f"No trend for {quarter} yet: no residual score from an earlier quarter to "
            f"compare with; set it with 'riskreg trend {note.risk_id} "
            "improved|worsened|unchanged'."
        )
    return None


def print_created(created: Created, config: RegisterConfig, out: TextIO) -> None:
    from riskreg.register.layout import display_path

    risk = created.risk
    lines: list[Text | str] = [
        f"Created {risk.id} in {display_path(created.path)}: {risk.name} ({risk.rating}).",
        f"Trend for {config.period}: New.",
    ]
    if risk.next_review:
        lines.append(f"Next review due {risk.next_review.isoformat()}.")
    _print(out, *lines)


def print_moved(moved: Moved, verb: str, out: TextIO) -> None:
    from riskreg.register.layout import display_path

    risk = moved.risk
    source, destination = display_path(moved.source), display_path(moved.destination)
    if moved.finished_interrupted:
        _print(
            out,
            f"Finished the interrupted {verb} of {risk.id}: removed {source}; "
            f"{destination} holds it.",
        )
    elif moved.source != moved.destination:
        done = "Closed" if verb == "close" else "Reopened"
        _print(out, f"{done} {risk.id} ({risk.name}): moved {source} to {destination}.")
    for note in moved.notes:
        _print(out, note[0].upper() + note[1:] + ".")


def print_trend_set(result: TrendSet, out: TextIO) -> None:
    from rich.text import Text

    from riskreg.register.layout import display_path

    line = Text(f"{result.risk.id} trend for {result.quarter.label}: ") + _arrow(result.after)
    if result.before is not None and result.before is not result.after:
        line.append(f" (was {result.before.arrow} {result.before.value})")
    line.append(f"; recorded in {display_path(result.path)}.")
    lines: list[Text | str] = [line]
    if result.reviewed and result.next_review is not None:
        lines.append(f"Next review due {result.next_review.isoformat()}.")
    _print(out, *lines)
    if result.contradiction is not None:
        derived = result.contradiction.direction
        warn(
            f"{result.risk.id}: the residual score went {result.contradiction.describe()}, "
            f"which is {derived.arrow} {derived.value}; {result.after.value} kept as given"
        )


# A register of hundreds of risks should not print hundreds of IDs on one line.
SHOWN_IDS = 30


def _some(ids: list[str]) -> str:
    if len(ids) <= SHOWN_IDS:
        return ", ".join(ids)
    return ", ".join(ids[:SHOWN_IDS]) + f" and {len(ids) - SHOWN_IDS} more"


def print_quarter_opened(outcome: QuarterOpened, out: TextIO) -> None:
    from rich.text import Text

    from riskreg.register.layout import display_path

    quarter = outcome.quarter.label
    lines: list[Text | str] = []
    if outcome.moved:
        lines.append(
            f"Opened {quarter} (was {outcome.previous.label}) in "
            f"{display_path(outcome.config_path)}."
        )
    else:
        lines.append(
            f"{quarter} is the current quarter already; checked every open risk for its arrow."
        )
    for note in outcome.derived:
        assert note.derivation is not None and note.after is not None
        lines.append(
            Text(f"  {note.risk_id} ")
            + _arrow(note.after)
            + Text(f"  from the residual score ({note.derivation.describe()})")
        )
    if outcome.derived:
        lines.insert(
            len(lines) - len(outcome.derived),
            f"Trend derived from the scores for {len(outcome.derived)} risk(s):",
        )
    if outcome.kept:
        lines.append(
            f"Trend already set for {len(outcome.kept)} risk(s): " + _some(outcome.kept) + "."
        )
    if outcome.needed:
        lines.append(
            f"{len(outcome.needed)} risk(s) need a trend for {quarter}: "
            + _some(outcome.needed)
            + "."
        )
        lines.append(
            "Re-score each ('riskreg score ID --impact N --prob N' sets the arrow "
            "from the change of score) or set it ('riskreg trend ID "
            "improved|worsened|unchanged'); 'riskreg validate' warns until then."
        )
    if outcome.overdue:
        lines.append(
            f"Overdue reviews or actions: {_some(outcome.overdue)} (see 'riskreg list --overdue')."
        )
    _print(out, *lines)


def print_edited(edited: Edited, out: TextIO) -> None:
    from riskreg.register.layout import display_path

    if not edited.written:
        _print(out, f"{edited.summary}; nothing written.")
        return
    _print(out, f"{edited.summary}; recorded in {display_path(edited.path)}.")


def print_edit_saved(draft: Draft, saved: Saved | None, out: TextIO) -> None:
    if saved is None:
        _print(out, f"No change to {draft.risk.id}; nothing written.")
        return
    from riskreg.register.layout import display_path

    what = ", ".join(saved.changed) if saved.changed else "comments or layout"
    _print(out, f"Saved {saved.risk.id} in {display_path(saved.path)}: changed {what}.")
