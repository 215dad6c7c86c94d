"""Creating a new register: its folders and its `riskreg.yaml`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.model.quarters import Quarter
from riskreg.register.layout import CLOSED_DIR, CONFIG_NAME, OPEN_DIR
from riskreg.scoring.defaults import DEFAULT_REVIEW_INTERVALS, guidance_text


def config_text(title: str, period: str, organisation: str | None = None) -> str:
    """A new `riskreg.yaml`: settings first, then the default scoring guidance."""
    from riskreg.register.editing import dump_yaml

    settings: dict[str, Any] = {"title": title}
    if organisation:
        settings["organisation"] = organisation
    settings["period"] = period
    settings["id_prefix"] = "CRR"
    head = (
        "# riskreg register config: the title, the current quarter and the scoring guidance.\n"
        "# 'riskreg review --quarter ...' moves the period on; edit the guidance to suit.\n"
        + dump_yaml(settings)
        + "# Days between reviews of a risk, by its residual rating.\n"
        + dump_yaml({"review_intervals": DEFAULT_REVIEW_INTERVALS})
    )
    guidance = guidance_text()
    return head + "\n" + guidance


def init_register(
    directory: Path, title: str, period: str | None, today: dt.date | None = None
) -> Path:
    """Create `directory` as an empty register; refuses to touch an existing one.

    The register's lock file is added to `.gitignore` there, so it is never committed.
    """
    from riskreg.register.writing import LOCK_NAME, create_file, register_lock, replace_file

    label = period or Quarter.containing(today or dt.date.today()).label
    try:
        label = Quarter.parse(label).label
    except ValueError as error:
        raise UsageError(str(error)) from None
    config_path = directory / CONFIG_NAME
    if config_path.exists():
        raise UsageError(f"{config_path} exists already; this folder is a register")
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file, not a folder")
    try:
        for folder in (OPEN_DIR, CLOSED_DIR):
            (directory / folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{directory}: cannot create the register: {error.strerror}") from None
    with register_lock(directory, "init", wait=0):
        ignore = directory / ".gitignore"
        try:
            kept = ignore.read_text(encoding="utf-8")
        except FileNotFoundError:
            create_file(
                ignore,
                f"# riskreg's lock, held while a command changes the register\n{LOCK_NAME}\n",
            )
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{ignore}: cannot read it: {error}") from None
        else:
            if LOCK_NAME not in kept.splitlines():
                ending = "" if not kept or kept.endswith("\n") else "\n"
                replace_file(ignore, f"{kept}{ending}{LOCK_NAME}\n")
        try:
            create_file(config_path, config_text(title, label))
        except FileExistsError:
            raise UsageError(f"{config_path} exists already; this folder is a register") from None
    return config_path
