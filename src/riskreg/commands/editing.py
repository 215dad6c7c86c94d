"""Editing a risk from the command line: set, control, action and edit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked, warn_stale_period
from riskreg.model.ids import parse_risk_id


def set_field(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD",
            help="name, description, impact_narrative, owner or department.",
        ),
    ],
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[VALUE]",
            help="The new text; '' removes an optional field.",
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file",
            metavar="PATH",
            help="Take the text from a file ('-' for standard input): paragraphs are kept.",
        ),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Set a risk's text or simple field, written so that YAML reads back exactly that text.

    Example: riskreg set CRR18 description --from-file description.txt
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.lifecycle.text_fields import check_field_name, read_text_source, set_field
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    rid = risk_id
    root = options(ctx).root()
    check_field_name(field, load_config(root))  # refused before the text is read
    if (value is None) == (from_file is None):
        raise UsageError(
            f"give the new {field} as VALUE or --from-file PATH (one of them): "
            f"riskreg set {rid} {field} 'new text'"
        )
    text = value if value is not None else read_text_source(from_file or "-")
    with locked(root, f"set {rid} {field}", wait):
        config = load_config(root)
        edited = set_field(root, config, rid, field, text)
    print_edited(edited, sys.stdout)
    warn_stale_period(config)


def control(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    text: Annotated[
        str | None,
        typer.Argument(metavar="[TEXT]", help="The control to add.", show_default=False),
    ] = None,
    edit: Annotated[
        int | None,
        typer.Option(
            "--edit",
            metavar="N",
            help="Change control N: --text, --effectiveness, --assurance.",
        ),
    ] = None,
    new_text: Annotated[
        str | None, typer.Option("--text", help="The new text of control N.")
    ] = None,
    effectiveness: Annotated[
        str | None,
        typer.Option(
            "--effectiveness",
            help="With --edit: effective, 'partially effective', ineffective or "
            "'not assessed' ('' removes it).",
        ),
    ] = None,
    assurance: Annotated[
        str | None,
        typer.Option(
            "--assurance",
            help="With --edit: the line of defence that assures it: first, second or third "
            "('' removes it).",
        ),
    ] = None,
    remove: Annotated[
        int | None,
        typer.Option("--remove", metavar="N", help="Remove control N (kept in the history)."),
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Add, change or remove a key control (numbered as 'riskreg show' lists them).

    Example: riskreg control CRR18 --edit 2 --effectiveness effective --assurance second
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.lifecycle.controls import (
        ControlChange,
        add_control,
        edit_control,
        remove_control,
    )
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    rid = risk_id
    if (effectiveness is not None or assurance is not None) and edit is None:
        raise UsageError("--effectiveness and --assurance go with --edit N (the control's number)")
    if len([v for v in (text, edit, remove) if v is not None]) != 1:
        raise UsageError(
            "give the text of a new control, or --edit N --text TEXT, or --remove N (one at a time)"
        )
    if new_text is not None and edit is None:
        raise UsageError("--text is the new text for --edit N; to add a control, give TEXT")
    root = options(ctx).root()
    with locked(root, f"control {rid}", wait):
        config = load_config(root)
        if text is not None:
            edited = add_control(root, config, rid, text)
        elif edit is not None:
            edited = edit_control(
                root, config, rid, edit, ControlChange(new_text, effectiveness, assurance)
            )
        else:
            assert remove is not None
            edited = remove_control(root, config, rid, remove, today())
    print_edited(edited, sys.stdout)
    warn_stale_period(config)


def action(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    text: Annotated[
        str | None,
        typer.Argument(metavar="[TEXT]", help="The action to add.", show_default=False),
    ] = None,
    action_owner: Annotated[
        str | None,
        typer.Option("--owner", help="Who carries it out ('' removes it with --edit)."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="Due date, YYYY-MM-DD ('' removes it with --edit)."),
    ] = None,
    edit: Annotated[
        int | None,
        typer.Option(
            "--edit", metavar="N", help="Change action N: --text, --due, --owner, --status."
        ),
    ] = None,
    new_text: Annotated[
        str | None, typer.Option("--text", help="With --edit: the action's new text.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="With --edit: open, 'in progress' or done."),
    ] = None,
    remove: Annotated[
        int | None,
        typer.Option("--remove", metavar="N", help="Remove action N (kept in the history)."),
    ] = None,
    done: Annotated[
        int | None, typer.Option("--done", metavar="N", help="Mark action N done.")
    ] = None,
    start: Annotated[
        int | None, typer.Option("--start", metavar="N", help="Mark action N in progress.")
    ] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Add, change, mark or remove an action (numbered as 'riskreg show' lists them).

    Example: riskreg action CRR18 "Recruit 20 trainers" --owner "Head of L&D" --due 2022-09-30
    """
    from riskreg.commands import options
    from riskreg.errors import UsageError
    from riskreg.lifecycle import add_action, set_action_status
    from riskreg.lifecycle.controls import ActionChange, edit_action, remove_action
    from riskreg.model.timeline import today
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edited

    rid = risk_id
    verbs = [
        flag
        for flag, value in (
            ("TEXT", text),
            ("--edit", edit),
            ("--remove", remove),
            ("--done", done),
            ("--start", start),
        )
        if value is not None
    ]
    if edit is None and (new_text is not None or status is not None):
        raise UsageError("--text and --status change an existing action: give --edit N too")
    if len(verbs) != 1:
        raise UsageError(
            "give the text of a new action, or --edit N, --remove N, --done N or --start N "
            "(one at a time)"
        )
    if text is None and edit is None and (action_owner is not None or due is not None):
        raise UsageError("--owner and --due describe a new action (give its text) or --edit N")
    root = options(ctx).root()
    with locked(root, f"action {rid}", wait):
        config = load_config(root)
        if text is not None:
            edited = add_action(root, config, rid, text, action_owner, due)
        elif edit is not None:
            change = ActionChange(new_text, due, action_owner, status)
            edited = edit_action(root, config, rid, edit, change)
        elif remove is not None:
            edited = remove_action(root, config, rid, remove, today())
        elif done is not None:
            edited = set_action_status(root, config, rid, done, "done")
        else:
            assert start is not None
            edited = set_action_status(root, config, rid, start, "in progress")
    print_edited(edited, sys.stdout)
    warn_stale_period(config)


def edit(
    ctx: typer.Context,
    risk_id: Annotated[
        str, typer.Argument(metavar="ID", parser=parse_risk_id, help="Risk, e.g. CRR18.")
    ],
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Open a risk's file in $VISUAL or $EDITOR; on save it is checked, then written.

    On a terminal, an invalid file reopens with the problems as comments at the top;
    deleting everything aborts. Elsewhere an invalid file exits 1 and writes nothing.

    Example: riskreg edit CRR18   (with EDITOR=nano, say)
    """
    from riskreg.commands import options
    from riskreg.errors import RegisterLocked
    from riskreg.lifecycle.editor import (
        edit_until_valid,
        editor_command,
        open_draft,
        run_editor,
        save_edit,
    )
    from riskreg.register.loading import load_config
    from riskreg.render.lifecycle import print_edit_saved

    rid = risk_id
    root = options(ctx).root()
    on_terminal = sys.stdin.isatty()
    command = editor_command(on_terminal)
    draft = open_draft(root, load_config(root), rid)
    try:
        outcome = edit_until_valid(
            draft, load_config(root), lambda path: run_editor(command, path), on_terminal
        )
        if outcome.text is None:
            saved = None
        else:
            try:
                with locked(root, f"edit {rid}", wait):
                    saved = save_edit(draft, outcome.text, load_config(root))
            except RegisterLocked as error:
                kept = draft.keep(outcome.text)
                raise RegisterLocked(f"{error.message}; your edit is kept in {kept}") from None
    finally:
        if not draft.kept:  # a copy the user was told about stays; any other goes
            draft.discard()
    print_edit_saved(draft, saved, sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("set")(set_field)
    app.command("control")(control)
    app.command("action")(action)
    app.command("edit")(edit)
