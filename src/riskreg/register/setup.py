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
    """Create `directory` as an empty register; refuses to touch an existing one."""
    from riskreg.register.writing import write_atomic

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
    write_atomic(config_path, config_text(title, label))
    return config_path
