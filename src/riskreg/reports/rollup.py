"""Rolling several registers up into one list: the risks of, say, each directorate's
register that the corporate register should see.

A risk is rolled up when it is open and either serious enough or escalated. Registers
may grade risks with different bands, so "serious enough" is one of:

* `top`: its band is one of its own register's `top` highest bands (rank from the top,
  so `top=2` is Critical and High in one register, Red and Amber in another);
* `min_rating`: its band is at or above the band of that name, which every register
  must have;
* `min_score`: its residual score is at least this (an unscored risk is not).

A register that cannot be read (no riskreg.yaml, a broken config, a broken risk file)
is a problem of the roll-up, named with its file and line; the others are still read,
and a register with a broken risk file still gives its risks that load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from riskreg.errors import UsageError
from riskreg.model.risk import RegisterConfig, Risk, id_key
from riskreg.problems import Problem, Severity
from riskreg.register.layout import display_path

DEFAULT_TOP = 2


@dataclass(frozen=True)
class Threshold:
    """How serious a risk must be to roll up (exactly one of these is set)."""

    top: int | None = None
    min_rating: str | None = None
    min_score: int | None = None

    @classmethod
    def chosen(cls, top: int | None, min_rating: str | None, min_score: int | None) -> Threshold:
        options = (("--top", top), ("--min-rating", min_rating), ("--min-score", min_score))
        given = [name for name, value in options if value is not None]
        if len(given) > 1:
            raise UsageError(f"give one of {' or '.join(given)}, not both")
        if top is not None and top < 1:
            raise UsageError("--top: give 1 or more (1 is each register's highest band)")
        if min_score is not None and min_score < 1:
            raise UsageError("--min-score: give a score of 1 or more")
        if not given:
            return cls(top=DEFAULT_TOP)
        return cls(top, min_rating, min_score)

    def describe(self) -> str:
        if self.top is not None:
            return (
                "in each register's highest band"
                if self.top == 1
                else f"in each register's {self.top} highest bands"
            )
        if self.min_rating is not None:
            return f"rated {self.min_rating} or above"
        return f"scored {self.min_score} or more"


@dataclass(frozen=True)
class RolledUp:
    """One risk rolled up, with its register and why it is listed."""

    register: str  # the register's folder, as given
    title: str
    risk: Risk
    band: str  # the band's name in its own register ("" when unrated)
    band_rank: int  # 1 for the register's highest band
    bands: int  # how many bands the register has
    reasons: tuple[str, ...]

    @property
    def escalated(self) -> str:
        escalation = self.risk.escalation
        if escalation is None:
            return ""
        return f"{escalation.to} on {escalation.date.isoformat()}"


@dataclass
class RegisterRead:
    """One register of the roll-up: its folder, title, and how many risks it gave."""

    folder: str
    title: str = ""
    open_risks: int = 0
    rolled_up: int = 0
    ok: bool = True


@dataclass
class Rollup:
    threshold: Threshold
    registers: list[RegisterRead]
    risks: list[RolledUp]
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad_registers(self) -> list[RegisterRead]:
        return [r for r in self.registers if not r.ok]


def _serious(risk: Risk, config: RegisterConfig, threshold: Threshold) -> str | None:
    """Why the risk is serious enough to roll up, or None."""
    scoring = config.scoring
    band = scoring.band_named(risk.rating) if risk.rating else None
    if threshold.min_score is not None:
        if risk.score is not None and risk.score >= threshold.min_score:
            return f"score {risk.score}"
        return None
    if band is None:
        return None
    if threshold.min_rating is not None:
        if scoring.rank(band.name) >= scoring.rank(threshold.min_rating):
            return f"{band.name}"
        return None
    assert threshold.top is not None
    from_top = len(scoring.bands) - scoring.rank(band.name)
    if from_top <= threshold.top:
        return f"{band.name} ({_ordinal(from_top)} of {len(scoring.bands)} bands)"
    return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def read_registers(folders: list[Path], threshold: Threshold) -> Rollup:
    """Every register's risks that roll up, most serious first; a problem for each
    register, or file of one, that cannot be read."""
    from riskreg.register.loading import config_document, load_register

    if not folders:
        raise UsageError("name the registers to roll up: riskreg rollup DIR DIR ...")
    rollup = Rollup(threshold, [], [])
    for folder in folders:
        shown = display_path(folder)
        if shown in ("", "."):  # the register you are in, by its folder's name
            shown = folder.resolve().name or shown
        read = RegisterRead(shown)
        rollup.registers.append(read)
        doc, config = config_document(folder)
        if config is None:
            read.ok = False
            rollup.problems.extend(p for p in doc.problems if p.is_error)
            continue
        if (
            threshold.min_rating is not None
            and config.scoring.band_named(threshold.min_rating) is None
        ):
            read.ok = False
            rollup.problems.append(
                Problem(
                    doc.path,
                    1,
                    1,
                    "no-such-band",
                    f"this register has no band {threshold.min_rating!r} (its bands: "
                    + ", ".join(config.scoring.band_names)
                    + "); compare registers by rank with --top N instead",
                    Severity.ERROR,
                )
            )
            continue
        read.title = config.title
        register = load_register(folder, config)
        if register.errors:
            read.ok = False
            rollup.problems.extend(register.errors)
        read.open_risks = len(register.open_risks)
        for risk in register.open_risks:
            reasons = []
            serious = _serious(risk, config, threshold)
            if serious is not None:
                reasons.append(serious)
            if risk.escalation is not None:
                reasons.append(f"escalated to {risk.escalation.to}")
            if not reasons:
                continue
            read.rolled_up += 1
            band = config.scoring.band_named(risk.rating) if risk.rating else None
            bands = len(config.scoring.bands)
            rank = bands - config.scoring.rank(band.name) if band else bands + 1
            rollup.risks.append(
                RolledUp(
                    shown,
                    config.title,
                    risk,
                    band.name if band else "",
                    rank,
                    bands,
                    tuple(reasons),
                )
            )
    order = {read.folder: index for index, read in enumerate(rollup.registers)}
    rollup.risks.sort(
        key=lambda r: (
            r.band_rank,
            -(r.risk.score or 0),
            order[r.register],
            id_key(r.risk.id),
        )
    )
    rollup.problems.sort()
    return rollup
