"""The starting points for a new register's guidance: templates shipped with riskreg.

Each template is a YAML file in `riskreg/data/templates/`: a first line
`# template: <one-line description>`, then the review intervals and the scoring
guidance as a register's `riskreg.yaml` holds them. `generic` is the default.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from riskreg.errors import UsageError
from riskreg.scoring.guidance import Scoring

DEFAULT_TEMPLATE = "generic"
_FOLDER = "data/templates"
_DESCRIPTION = "# template: "


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    text: str  # the file after its description line


def template_names() -> list[str]:
    """The templates' names, the default first."""
    folder = resources.files("riskreg").joinpath(_FOLDER)
    names = sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
    return sorted(names, key=lambda name: name != DEFAULT_TEMPLATE)


@cache
def template(name: str) -> Template:
    """The template called `name`; an unknown name is a usage error listing them all."""
    names = template_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"no template named {name!r}{hint}; choose one of: " + ", ".join(names))
    text = resources.files("riskreg").joinpath(f"{_FOLDER}/{name}.yaml").read_text("utf-8")
    first, _, rest = text.partition("\n")
    description = first.removeprefix(_DESCRIPTION) if first.startswith(_DESCRIPTION) else ""
    return Template(name, description.strip(), rest if description else text)


def templates() -> list[Template]:
    return [template(name) for name in template_names()]


@cache
def default_scoring() -> Scoring:
    """The default template's guidance, for commands run outside any register."""
    import yaml

    from riskreg.yamlsource import LOADER

    data: dict[str, Any] = yaml.load(template(DEFAULT_TEMPLATE).text, Loader=LOADER)
    return Scoring.model_validate(data["scoring"])
