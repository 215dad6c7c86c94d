"""The rules registry: every rule `riskreg validate` applies, by name and by code.

A rule is a named object: the code its problems carry, their severity, the kinds of
file it applies to, and a docstring saying what passes and what fails, each shown by
two lines of YAML. Most rules are check functions, registered by the decorators below
and called by the runner with the thing they look at and one `Context` (the config,
today's date from the one clock, the folders' listing). The rules that reading YAML or
the models enforce as a file is read are registered too (`declare`), naming the module
that checks them, so that every code a user can see is found here.

Where each rule lives, by the question it answers:
    reading_rules.py     is it readable YAML at all (bytes, syntax, keys, tags, dates)
    field_rules.py       are the fields the ones a risk or the config has, of the right type
    scoring_rules.py     are the scores on the scales, and the ratings their bands
    trend_rules.py       are the quarter-by-quarter arrows in order and right
    overdue_rules.py     has a review or an action passed its date
    placement_rules.py   is the file where it belongs, under a name no other file has
    config_rules.py      does riskreg.yaml's scoring guidance grade every score once
    appetite_rules.py    is a risk within its category's appetite, and the appetite sound
    indicator_rules.py   are a risk's indicators named once and its red ones reviewed; are
                         its objectives declared
    treatment_rules.py   has an acceptance of a risk above appetite run out
    change_rules.py      is a change since a revision one the register allows (--since)
    band_rules.py        can each band be drawn, and does it have a review interval
    period_rules.py      is the register's period still current
    text_rules.py        did a ' #' cut hand-written text short (read from the text itself)

In one kind of file, a code belongs to one rule.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from riskreg.problems import Severity

if TYPE_CHECKING:
    from riskreg.model.risk import RegisterConfig
    from riskreg.register.layout import Listing


Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found, and where: a key path in the file (the rule gives the code)."""

    message: str
    loc: Loc = ()
    # A line and column to report at instead of the key path's (a file's first line).
    at: tuple[int, int] | None = None


class FileKind(str, Enum):
    """What a rule looks at."""

    RISK = "risk file"  # a file in risks/ or closed/ (or one named outside them)
    CONFIG = "register config"  # riskreg.yaml
    FOLDER = "register folder"  # the entries of risks/ and closed/ (and the register root)
    CHANGE = "change since a revision"  # a risk or the config, then and now (validate --since)


RISK = frozenset({FileKind.RISK})
CONFIG = frozenset({FileKind.CONFIG})
FOLDER = frozenset({FileKind.FOLDER})
ANY_FILE = frozenset({FileKind.RISK, FileKind.CONFIG})
CHANGE = frozenset({FileKind.CHANGE})


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may know besides the file: the register's config (None when it is
    itself broken, or for rules checking it), today (read once, at the edge, from
    `model.timeline.today`) and the listing of risks/ and closed/ (None for one file
    checked alone, as before a write)."""

    config: RegisterConfig | None
    today: dt.date
    listing: Listing | None = None


Check = Callable[..., Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule: its name, the code and severity of its problems, the files it applies
    to, and its docstring (what passes and what fails)."""

    name: str
    code: str
    severity: Severity
    applies_to: frozenset[FileKind]
    doc: str
    # The check, called by the runner; None when `checked_by` checks it while reading.
    check: Check | None = None
    checked_by: str = ""
    # A risk rule for open risks only, and the field it reads: a risk whose field is
    # empty, or a closed risk for an open-only rule, never calls the check.
    open_only: bool = False
    reads: str | None = None
    # What the check is handed with the context: "Risk", "Placed" or "Scoring".
    looks_at: str = ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def applies(self, risk: Any) -> bool:
        if self.open_only and not risk.is_open:
            return False
        return self.reads is None or bool(getattr(risk, self.reads))


# Every rule, by name, in the order each kind's checks run: errors before warnings.
REGISTRY: dict[str, Rule] = {}

F = TypeVar("F", bound=Check)


def _register(rule: Rule) -> Rule:
    if rule.name in REGISTRY:
        raise ValueError(f"two rules are named {rule.name}")
    for other in REGISTRY.values():
        if other.code == rule.code and other.applies_to & rule.applies_to:
            raise ValueError(f"rules {other.name} and {rule.name} both report {rule.code}")
    REGISTRY[rule.name] = rule
    return rule


def rule(
    code: str,
    applies_to: frozenset[FileKind],
    severity: Severity = Severity.ERROR,
    *,
    open_only: bool = False,
    reads: str | None = None,
) -> Callable[[F], F]:
    """Register the decorated check as the rule of its name (the function's name)."""

    def register(check: F) -> F:
        _register(
            Rule(
                check.__name__,
                code,
                severity,
                applies_to,
                inspect.getdoc(check) or "",
                check,
                check.__module__.removeprefix("riskreg."),
                open_only,
                reads,
                str(next(iter(inspect.signature(check).parameters.values())).annotation),
            )
        )
        return check

    return register


def declare(
    name: str,
    code: str,
    applies_to: frozenset[FileKind],
    checked_by: str,
    doc: str,
    severity: Severity = Severity.ERROR,
) -> Rule:
    """Register a rule that is checked while a file is read, by the module named."""
    return _register(
        Rule(name, code, severity, applies_to, inspect.cleandoc(doc), None, checked_by)
    )


def checks_for(kind: FileKind, looks_at: str) -> list[Rule]:
    """The rules with a check for files of `kind` that is handed a `looks_at` ("Risk",
    "Placed", "Scoring"), in the order they run: errors first, then warnings."""
    found = [
        r
        for r in REGISTRY.values()
        if r.check is not None and kind in r.applies_to and r.looks_at == looks_at
    ]
    return sorted(found, key=lambda r: r.severity is not Severity.ERROR)


def by_code(code: str) -> list[Rule]:
    """The rules reporting `code` (one per kind of file)."""
    return [r for r in REGISTRY.values() if r.code == code]


def run_checks(rules: list[Rule], subject: Any, ctx: Context) -> Iterator[tuple[Rule, Finding]]:
    """Each finding of each rule's check on `subject`, with the rule that found it."""
    for each in rules:
        assert each.check is not None
        for finding in each.check(subject, ctx):
            yield each, finding


class RuleSet:
    """Rules run together on one kind of subject, with the ones that cannot apply to a
    subject left out at the cost of one look-up: the choice is remembered per shape of
    subject (open or not, which of the fields the rules read are filled in)."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._fields = sorted({r.reads for r in rules if r.reads})
        self._open_matters = any(r.open_only for r in rules)
        self._chosen: dict[tuple[Any, ...], list[Rule]] = {}

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def applicable(self, subject: Any) -> list[Rule]:
        key = (
            subject.is_open if self._open_matters else None,
            *[bool(getattr(subject, name)) for name in self._fields],
        )
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = self._chosen[key] = [r for r in self.rules if r.applies(subject)]
        return chosen

    def findings(self, subject: Any, ctx: Context) -> list[tuple[Rule, Finding]]:
        """Each finding of each rule that can apply to `subject`, with its rule."""
        found: list[tuple[Rule, Finding]] = []
        for each in self.applicable(subject):
            assert each.check is not None
            for finding in each.check(subject, ctx):
                found.append((each, finding))
        return found
