"""Rules of a change: what `riskreg validate --since REV` checks between REV and now.

Each check is handed one risk as it was at the revision and as it is now (`RiskChange`),
or the config then and now (`ConfigChange`); `git/change_rules.py` works out the pairs
from git and reports each finding at the line of the file now (or of the file as it
was, for a deleted one), naming the revision.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from riskreg.model.quarters import Quarter
from riskreg.model.risk import Assessment, Risk
from riskreg.rules.registry import CHANGE, Context, Finding, rule
from riskreg.scoring.guidance import Scoring


@dataclass(frozen=True)
class RiskChange:
    """One risk at the revision (`old`) and now (`new`); None where it has no file."""

    id: str
    old: Risk | None
    new: Risk | None
    since: str  # the revision as the user named it, with its short hash
    old_path: str = ""  # where the file was, for a deleted one: as typed from here
    used_before: str = ""  # for a new ID: the commit where a file of that ID was last seen
    history_required: bool = True  # the config's governance: score_change_needs_history
    period: Quarter | None = None  # the register's current quarter


@dataclass(frozen=True)
class ConfigChange:
    """The scoring guidance at the revision and now, and whether changing it is allowed."""

    old: Scoring
    new: Scoring
    since: str
    allowed: bool = False


def _scored_entries(risk: Risk) -> int:
    return sum(
        1
        for entry in risk.history
        if entry.event == "scored" and entry.assessment in (None, "residual")
    )


@rule("score-change-unrecorded", CHANGE)
def residual_change_recorded(change: RiskChange, ctx: Context) -> Iterator[Finding]:
    """A changed residual score adds a history entry (event: scored) in the same change.

    Passes:
        residual: {rating: Critical, impact: 5, probability: 4}   # was 4 x 4
        history: [..., {event: scored, assessment: residual, impact: 5, probability: 4}]
    Fails:
        residual: {rating: Critical, impact: 5, probability: 4}   # was 4 x 4
        history: [...]                                            # no entry added
    """
    old, new = change.old, change.new
    if old is None or new is None or not change.history_required:
        return
    if not (old.is_open and new.is_open) or old.residual is None or new.residual is None:
        return
    was, now = old.residual, new.residual
    if (was.impact, was.probability, (was.rating or "").casefold()) == (
        now.impact,
        now.probability,
        (now.rating or "").casefold(),
    ):
        return
    if _scored_entries(new) > _scored_entries(old):
        return
    yield Finding(
        f"residual score changed from {_rated(was)} to {_rated(now)} since {change.since} "
        f"with no history entry saying so; score it with 'riskreg score {new.id}', or add "
        "a history entry (event: scored)",
        ("residual",),
    )


def _rated(assessment: Assessment) -> str:
    rating = assessment.rating or "unrated"
    if assessment.impact is None:
        return rating
    return f"{rating} {assessment.impact}×{assessment.probability}"


@rule("closure-incomplete", CHANGE)
def closure_complete(change: RiskChange, ctx: Context) -> Iterator[Finding]:
    """A risk closed or re-closed in the change says why and when; once its quarter has gone
    to the committee (it closed before the register's current quarter), on what date.

    Passes:
        closure: {rationale: Storage found., closed: 2022-03-20, reported: 2022-06-30}
        period: 2022/23 Q1
    Fails:
        closure: {rationale: Storage found., closed: 2022-03-20}
        period: 2022/23 Q1
    """
    new = change.new
    if new is None or new.is_open or new.closure is None:
        return
    old_closure = change.old.closure if change.old is not None else None
    if change.old is not None and not change.old.is_open and old_closure == new.closure:
        return
    closure = new.closure
    if not closure.rationale.strip():
        yield Finding(
            f"closed since {change.since} with a blank rationale; say why it is closed",
            ("closure", "rationale"),
        )
    if old_closure is not None and old_closure.reported and closure.reported is None:
        yield Finding(
            f"the committee date of the closure ({old_closure.reported.isoformat()}) was "
            f"removed since {change.since}; a reported closure keeps its date",
            ("closure",),
        )
        return
    if closure.reported is None and change.period is not None:
        quarter = Quarter.containing(closure.closed, change.period.start)
        if quarter < change.period:
            yield Finding(
                f"closed in {quarter.label}, which has gone to the committee, with no "
                f"committee date (since {change.since}); record it with 'riskreg close "
                f"{new.id} --reported YYYY-MM-DD'",
                ("closure",),
            )


@rule("deleted-not-closed", CHANGE)
def risk_not_deleted(change: RiskChange, ctx: Context) -> Iterator[Finding]:
    """A risk file is never deleted: a risk that has ended is closed, and moves to closed/.

    Passes:
        risks/CRR21.yaml   (was risks/CRR21.yaml)
        closed/CRR21.yaml  (was risks/CRR21.yaml)
    Fails:
        (no file)          (was risks/CRR21.yaml)
        (no file)          (was closed/CRR14.yaml)
    """
    if change.old is not None and change.new is None:
        then = "" if change.old.is_open else "; a closed risk stays in closed/"
        close = f" and run 'riskreg close {change.id}'" if change.old.is_open else ""
        yield Finding(
            f"{change.id} was deleted since {change.since}; a risk is closed, never deleted: "
            f"restore it ('git checkout {change.since.split(' ')[0]} -- {change.old_path}')"
            f"{close}{then}",
            at=(1, 1),
        )


@rule("id-reused", CHANGE)
def id_not_reused(change: RiskChange, ctx: Context) -> Iterator[Finding]:
    """A new risk takes an ID no file in risks/ or closed/ has had in the history.

    Passes:
        id: CRR23   # never used before
        name: Fleet Replacement
    Fails:
        id: CRR05   # risks/CRR05.yaml existed until commit 3f2a1bc
        name: Fleet Replacement
    """
    if change.old is None and change.new is not None and change.used_before:
        yield Finding(
            f"{change.id} was used before (last seen in {change.used_before}); an ID is never "
            "reused: give the new risk the next ID ('riskreg new' picks one)",
            ("id",),
        )


@rule("guidance-changed", CHANGE)
def guidance_change_allowed(change: ConfigChange, ctx: Context) -> Iterator[Finding]:
    """The scoring guidance changes only with --allow-guidance-change: it re-grades every risk.

    Passes:
        bands: [{name: Low, min: 1, max: 4}, ...]   # as at the revision
        riskreg validate --since origin/main
    Fails:
        bands: [{name: Low, min: 1, max: 5}, ...]   # changed
        riskreg validate --since origin/main
    """
    if change.old != change.new and not change.allowed:
        yield Finding(
            f"the scoring guidance changed since {change.since}; it re-grades every risk, so "
            "it needs review: pass --allow-guidance-change once it is agreed",
            ("scoring",),
        )
