"""Loading the register: its config, one risk, or every risk with the problems found."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import ConfigError, UnknownRisk
from riskreg.model.risk import RegisterConfig, Risk
from riskreg.model.timeline import today
from riskreg.problems import Problem, Severity
from riskreg.register.layout import (
    CONFIG_NAME,
    FOLDERS,
    Listing,
    RiskFile,
    display_path,
    link_inside,
    locate_risk,
    not_a_regular_file,
    scan_register,
)
from riskreg.register.parallel import collector_paused, map_in_order
from riskreg.rules import validate_config_document, validate_document
from riskreg.rules.placement_rules import check_placement
from riskreg.rules.registry import Context
from riskreg.yamlsource import CONFIG_FILE, Document, read_document


def config_document(root: Path) -> tuple[Document, RegisterConfig | None]:
    doc = read_document(root / CONFIG_NAME, display_path(root / CONFIG_NAME), CONFIG_FILE)
    return doc, validate_config_document(doc)


def load_config(root: Path) -> RegisterConfig:
    doc, config = config_document(root)
    if config is None:
        raise ConfigError.from_problems(doc.problems, f"{doc.path}: invalid register config")
    return config


def load_risk_file(risk_file: RiskFile, config: RegisterConfig) -> tuple[Risk | None, Document]:
    return check_risk_file(risk_file, config)


def check_risk_file(
    risk_file: RiskFile,
    config: RegisterConfig | None,
    listing: Listing | None = None,
    shown: str | None = None,
    ctx: Context | None = None,
) -> tuple[Risk | None, Document]:
    """Read, parse and check one risk file as a file of the register; with a listing,
    against the register's names. The context (read from the clock when not given)
    holds today's date and the listing for every rule."""
    doc = read_document(
        risk_file.fspath, shown if shown is not None else display_path(risk_file.path)
    )
    if ctx is None:
        ctx = Context(config, today(), listing)
    risk = validate_document(doc, config, ctx)
    check_placement(doc, risk, risk_file, ctx=ctx)
    return (risk if doc.ok else None), doc


@dataclass
class Register:
    root: Path
    config: RegisterConfig
    risks: list[Risk] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def open_risks(self) -> list[Risk]:
        return [risk for risk in self.risks if risk.is_open]

    @property
    def closed_risks(self) -> list[Risk]:
        return [risk for risk in self.risks if not risk.is_open]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def get(self, risk_id: str) -> Risk:
        for risk in self.risks:
            if risk.id == risk_id:
                return risk
        raise UnknownRisk(risk_id)


def load_register(root: Path, config: RegisterConfig | None = None) -> Register:
    """Every risk that loads, and a problem for every file that does not."""
    config = config or load_config(root)
    register = Register(root, config)
    with collector_paused():
        listing = scan_register(root)
        register.problems = list(listing.problems)
        # Display paths worked out once per folder rather than once per file.
        shown = {folder: display_path(root / folder) for folder in FOLDERS}
        targets = [
            (risk_file, _joined(shown[risk_file.folder], risk_file.name))
            for risk_file in listing.files
        ]
        ctx = Context(config, today(), listing)
        loaded = map_in_order(_risk_and_problems, targets, ctx)
        for (risk_file, _shown), (risk, problems) in zip(targets, loaded, strict=True):
            register.problems.extend(problems)
            if risk is not None:
                register.risks.append(risk)
                register.paths[risk.id] = risk_file.path
    register.problems.sort()
    return register


def _joined(folder: str, name: str) -> str:
    return name if folder == "." else os.path.join(folder, name)


def _risk_and_problems(
    target: tuple[RiskFile, str], ctx: Context
) -> tuple[Risk | None, list[Problem]]:
    """One file's risk and problems (run in a worker process for a large register)."""
    risk, doc = check_risk_file(target[0], ctx.config, ctx.listing, target[1], ctx)
    return risk, doc.problems


def load_one(root: Path, risk_id: str, config: RegisterConfig) -> tuple[Risk, Document, RiskFile]:
    """Load one risk by ID; a broken file raises BadRiskFile naming its first problem."""
    from riskreg.errors import BadRiskFile

    risk_file = locate_risk(root, risk_id)
    link = link_inside(root, risk_file.path)
    if link is not None:
        raise BadRiskFile(
            f"{display_path(link)}: is a symbolic link; riskreg never follows "
            "links out of the register"
        )
    problem = not_a_regular_file(risk_file.path)
    if problem:
        raise BadRiskFile(f"{display_path(risk_file.path)}: {problem}")
    risk, doc = load_risk_file(risk_file, config)
    if risk is None:
        raise BadRiskFile.from_problems(doc.problems, f"{doc.path}: cannot load")
    return risk, doc, risk_file
