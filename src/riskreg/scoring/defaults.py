"""The default scoring guidance shipped with riskreg (the published register's)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from riskreg.scoring.guidance import Scoring
from riskreg.yamlsource import LOADER

# Days between reviews, by band: Critical monthly, High quarterly, the rest twice a year.
DEFAULT_REVIEW_INTERVALS = {"Critical": 30, "High": 91, "Medium": 182, "Low": 182}


def guidance_text() -> str:
    return resources.files("riskreg").joinpath("data/guidance.yaml").read_text("utf-8")


@cache
def default_scoring() -> Scoring:
    data: dict[str, Any] = yaml.load(guidance_text(), Loader=LOADER)
    return Scoring.model_validate(data["scoring"])
