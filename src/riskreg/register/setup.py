"""Creating a new register: its folders and its `riskreg.yaml`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from riskreg.errors import UsageError
from riskreg.model.quarters import FIRST_MONTH, Quarter
from riskreg.register.layout import CLOSED_DIR, CONFIG_NAME, OPEN_DIR
from riskreg.scoring.defaults import DEFAULT_TEMPLATE, template


def config_text(
    title: str,
    period: str,
    organisation: str | None = None,
    template_name: str = DEFAULT_TEMPLATE,
    year_start: int = FIRST_MONTH,
) -> str:
    """A new `riskreg.yaml`: settings first, then the template's review intervals and
    scoring guidance."""
    from riskreg.register.editing import dump_yaml
    from riskreg.rules.json_schema import CONFIG_SCHEMA_PATH

    names: dict[str, Any] = {"title": title}
    if organisation:
        names["organisation"] = organisation
    chosen = template(template_name)
    return (
        f"# yaml-language-server: $schema={CONFIG_SCHEMA_PATH}\n"
        "# riskreg register config: the title, the current quarter and the scoring guidance.\n"
        "# 'riskreg review --quarter ...' moves the period on; edit the guidance to suit.\n"
        f"# Started from riskreg's {chosen.name} template.\n"
        + dump_yaml(names)
        + "# The month the year starts in (quarters follow it): 4 for April, 1 for January.\n"
        + dump_yaml({"year_start": year_start, "period": period, "id_prefix": "CRR"})
        + chosen.text
    )


def init_register(
    directory: Path,
    title: str,
    period: str | None,
    today: dt.date | None = None,
    template_name: str = DEFAULT_TEMPLATE,
    year_start: int = FIRST_MONTH,
) -> Path:
    """Create `directory` as an empty register from a template of the guidance, with the
    JSON Schema its risk files point at; refuses to touch an existing one.

    The register's lock file is added to `.gitignore` there, so it is never committed.
    """
    from riskreg.register.writing import LOCK_NAME, create_file, register_lock, replace_file
    from riskreg.rules.json_schema import SCHEMA_PATH, write_schemas

    if not 1 <= year_start <= 12:
        raise UsageError(f"--year-start {year_start} is not a month; give 1 to 12")
    template(template_name)  # an unknown template is refused before anything is made
    label = period or Quarter.containing(today or dt.date.today(), year_start).label
    try:
        label = Quarter.parse(label, year_start).label
    except ValueError as error:
        raise UsageError(str(error)) from None
    config_path = directory / CONFIG_NAME
    if config_path.exists():
        raise UsageError(f"{config_path} exists already; this folder is a register")
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file, not a folder")
    try:
        for folder in (OPEN_DIR, CLOSED_DIR, str(Path(SCHEMA_PATH).parent)):
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
            create_file(
                config_path,
                config_text(title, label, template_name=template_name, year_start=year_start),
            )
        except FileExistsError:
            raise UsageError(f"{config_path} exists already; this folder is a register") from None
        write_schemas(directory)  # so that editors check the files from the first one
    return config_path
