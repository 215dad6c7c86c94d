"""Shell completion (bash, zsh, fish through Typer's `--install-completion`): risk IDs, band
names, impact categories and quarters, read from the register the command would use, and
the treatment decisions.

Completion runs on every Tab, so it reads as little as it can: IDs are the file names in
`risks/` and `closed/`; bands, categories and the period come from `riskreg.yaml` alone.
Anything that goes wrong completes nothing rather than printing an error into the prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Completer = Callable[[Any, Any, str], list[str]]


def _root(ctx: Any) -> Path | None:
    from riskreg.register.layout import find_root

    explicit = ctx.find_root().params.get("register")
    try:
        return find_root(explicit)
    except Exception:
        return None


def _config(ctx: Any) -> dict[str, Any]:
    root = _root(ctx)
    if root is None:
        return {}
    try:
        import yaml

        loaded = yaml.safe_load((root / "riskreg.yaml").read_text(encoding="utf-8"))
    except Exception:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _matching(values: list[str], incomplete: str) -> list[str]:
    return [value for value in values if value.lower().startswith(incomplete.lower())]


def risk_ids(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The IDs of the register's risk files, open then closed."""
    root = _root(ctx)
    if root is None:
        return []
    found: list[str] = []
    for folder in ("risks", "closed"):
        try:
            names = sorted(path.stem for path in (root / folder).glob("*.yaml"))
        except OSError:
            continue
        found.extend(name for name in names if not name.startswith("."))
    return _matching(found, incomplete)


def band_names(ctx: Any, param: Any, incomplete: str) -> list[str]:
    bands = (_config(ctx).get("scoring") or {}).get("bands") or []
    names = [str(band["name"]) for band in bands if isinstance(band, dict) and "name" in band]
    return _matching(names or ["Low", "Medium", "High", "Critical"], incomplete)


def categories(ctx: Any, param: Any, incomplete: str) -> list[str]:
    found = (_config(ctx).get("scoring") or {}).get("categories") or []
    return _matching([str(name) for name in found], incomplete)


def quarters(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The register's period and the quarters either side of it."""
    from riskreg.model.quarters import Quarter

    try:
        period = Quarter.parse(str(_config(ctx).get("period")))
    except Exception:
        return []
    return _matching([str(period.previous()), str(period), str(period.next())], incomplete)


def decisions(ctx: Any, param: Any, incomplete: str) -> list[str]:
    from riskreg.model.treatment import DECISIONS

    return _matching(list(DECISIONS), incomplete)


# Which values an option or argument completes, by the name Typer gives the parameter.
BY_PARAMETER: dict[str, Completer] = {
    "risk_id": risk_ids,
    "rating": band_names,
    "min_rating": band_names,
    "category": categories,
    "quarter": quarters,
    "decision": decisions,
}


def attach(command: Any) -> None:
    """Give every parameter of `command` (and its subcommands) its completer."""
    for param in getattr(command, "params", ()):
        completer = BY_PARAMETER.get(param.name or "")
        if completer is None and param.metavar == "ID":
            completer = risk_ids
        if completer is not None:
            param._custom_shell_complete = completer
    for sub in getattr(command, "commands", {}).values():
        attach(sub)
