"""Rules on where a risk file lives: its name, its folder, its ID unique across both,
and what else the folders hold (entries that are not files, leftovers of a write)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from riskreg.model.risk import ID_RE, Risk
from riskreg.problems import Problem, Severity
from riskreg.register.editing import SCHEMA_COMMENT
from riskreg.register.layout import (
    CLOSED_DIR,
    OPEN_DIR,
    SCHEMA_LINE,
    Listing,
    RiskFile,
    display_path,
)
from riskreg.rules.findings import Finding, add_findings
from riskreg.rules.registry import (
    FOLDER,
    RISK,
    Context,
    FileKind,
    RuleSet,
    checks_for,
    declare,
    rule,
    run_checks,
)
from riskreg.yamlsource import Document


@dataclass(frozen=True, slots=True)
class Placed:
    """A risk file where it lies: its document, its risk (None when it did not load)."""

    doc: Document
    risk: Risk | None
    risk_file: RiskFile
    # Read as a file of the register (validate, loading), not as text about to be
    # written or read from history: the rules on how it is kept apply too.
    in_register: bool = False


@rule("id-filename", RISK, reads="risk")
def id_matches_file_name(placed: Placed, ctx: Context) -> Iterator[Finding]:
    """The ID equals the file name (without .yaml); a rename onto a name already taken
    is not suggested.

    Passes (risks/CRR18.yaml):
        id: CRR18
        name: Fleet replacement
    Fails (risks/CRR18.yaml):
        id: CRR19
        name: Fleet replacement
    """
    risk, risk_file = placed.risk, placed.risk_file
    assert risk is not None
    if risk.id == risk_file.stem:
        return
    fixes = []
    if ID_RE.match(risk_file.stem):
        fixes.append(f"change the id to {risk_file.stem}")
    if ctx.listing is None or not ctx.listing.others_named(risk.id, risk_file):
        fixes.append(f"rename the file {risk.id}{risk_file.path.suffix}")
    yield Finding(
        f"id {risk.id} does not match the file name "
        f"{risk_file.path.name}; the two must be equal"
        + (": " + " or ".join(fixes) if fixes else ""),
        ("id",),
    )


@rule("status-folder", RISK, reads="risk")
def status_matches_folder(placed: Placed, ctx: Context) -> Iterator[Finding]:
    """Open risks live in risks/, closed ones in closed/.

    Passes (risks/CRR18.yaml):
        id: CRR18
        status: open
    Fails (closed/CRR18.yaml):
        id: CRR18
        status: open
    """
    risk, folder = placed.risk, placed.risk_file.folder
    assert risk is not None
    if folder == CLOSED_DIR and risk.status != "closed":
        yield Finding(
            "a file in closed/ must have status: closed "
            "(or move it to risks/ with 'riskreg reopen')",
            ("status",),
        )
    if folder == OPEN_DIR and risk.status != "open":
        yield Finding(
            "a file in risks/ must be open; closed risks live in "
            "closed/ ('riskreg close' moves them)",
            ("status",),
        )


@rule("outside-register", RISK, Severity.WARNING, reads="risk")
def inside_the_register(placed: Placed, ctx: Context) -> Iterator[Finding]:
    """A risk file named to validate lies in risks/ or closed/, where the register reads it.

    Passes (risks/CRR18.yaml):
        id: CRR18
        status: open
    Fails (drafts/CRR18.yaml):
        id: CRR18
        status: open
    """
    risk = placed.risk
    assert risk is not None
    if placed.risk_file.folder:
        return
    home = CLOSED_DIR if risk.status == "closed" else OPEN_DIR
    article = "a" if risk.status == "closed" else "an"
    yield Finding(
        f"this file is not in risks/ or closed/, so the "
        f"register does not read it; {article} {risk.status} risk lives at "
        f"{home}/{risk.id}.yaml",
        ("id",),
    )


@rule("duplicate-id", RISK)
def id_unique(placed: Placed, ctx: Context) -> Iterator[Finding]:
    """IDs are unique across risks/ and closed/, ignoring case, judged by file names.

    Names are enough: every file's ID must equal its name (id-filename), so unique names
    mean unique IDs. Working from the folders' listing keeps the rule true when
    pre-commit splits the changed files across several processes.

    Passes (risks/CRR18.yaml, and no other CRR18 file):
        id: CRR18
        name: Fleet replacement
    Fails (risks/CRR18.yaml, and closed/CRR18.yaml too):
        id: CRR18
        name: Fleet replacement
    """
    listing = ctx.listing
    if listing is None:
        return
    doc, risk_file = placed.doc, placed.risk_file
    stem = risk_file.stem
    content_id = doc.value.get("id") if isinstance(doc.value, dict) else None
    same_name = listing.by_id.get(stem.upper(), ())
    if (
        risk_file.folder
        and len(same_name) == 1
        and content_id == stem
        and same_name[0].fspath == risk_file.fspath
    ):
        return  # the usual case: the only file of its name, holding its own ID
    reported: set[str] = set()
    if risk_file.folder:
        for other in listing.others_named(stem, risk_file):
            reported.add(other.fspath)
            if other.folder != risk_file.folder:
                yield Finding(
                    f"{stem.upper()} exists in both {OPEN_DIR}/ and "
                    f"{CLOSED_DIR}/: an interrupted close or reopen; rerun it to finish",
                    ("id",),
                )
            else:
                yield Finding(
                    f"ID {stem.upper()} is also the file "
                    f"{display_path(other.path)}; IDs must be unique across "
                    f"{OPEN_DIR}/ and {CLOSED_DIR}/, ignoring case",
                    ("id",),
                )
    if not isinstance(content_id, str) or not ID_RE.match(content_id.upper()):
        return
    if risk_file.folder and content_id.upper() == stem.upper():
        return
    for other in listing.others_named(content_id, risk_file):
        if other.fspath not in reported:
            yield Finding(
                f"id {content_id} is already used by "
                f"{display_path(other.path)}; choose an unused ID",
                ("id",),
            )


@rule("schema-comment", RISK, Severity.WARNING)
def schema_comment_first(placed: Placed, ctx: Context) -> Iterator[Finding]:
    """A file in risks/ or closed/ names the JSON Schema on its first line, for editors.

    Passes:
        # yaml-language-server: $schema=../schema/risk.schema.json
        id: CRR18
    Fails:
        id: CRR18
        name: Fleet replacement
    """
    doc = placed.doc
    if not placed.in_register or not placed.risk_file.folder or doc.root is None:
        return
    if not doc.text.startswith(SCHEMA_LINE):
        yield Finding(
            f"the first line should be '{SCHEMA_COMMENT.strip()}', "
            "so that editors check the file as you type",
            at=(1, 1),
        )


# The checks of a risk file's place, in the order they run.
PLACEMENT_RULES = RuleSet(checks_for(FileKind.RISK, "Placed"))


def check_placement(
    doc: Document,
    risk: Risk | None,
    risk_file: RiskFile,
    listing: Listing | None = None,
    ctx: Context | None = None,
) -> None:
    """Add the problems of the file's place to `doc`: its name and folder, and with a
    context (a file of the register) its ID unique and its schema line."""
    placed = Placed(doc, risk, risk_file, in_register=ctx is not None)
    if ctx is None:
        from riskreg.model.timeline import today

        ctx = Context(None, today(), listing)
    found = PLACEMENT_RULES.findings(placed, ctx)
    if found:
        add_findings(doc, found)


# -- what the folders hold besides risk files ----------------------------------------

declare(
    "folder_entries_are_files",
    "not-a-file",
    FOLDER | RISK,
    "register/layout.py (scan_register) and yamlsource/reading.py",
    """Each entry of risks/ and closed/ named like a risk file is a regular file, and the
    folders themselves are real folders, never links out of the register.

    Passes:
        risks/CRR18.yaml    a regular file
        closed/CRR03.yaml   a regular file
    Fails:
        risks/CRR18.yaml -> /elsewhere/CRR18.yaml
        closed/ -> /tmp/closed
    """,
)
declare(
    "folders_readable",
    "folder-unreadable",
    FOLDER,
    "register/layout.py (scan_register)",
    """risks/ and closed/ can be listed.

    Passes:
        drwxr-xr-x  risks/
        drwxr-xr-x  closed/
    Fails:
        d---------  risks/
        drwxr-xr-x  closed/
    """,
)


@rule("leftover-temp-file", FOLDER, Severity.WARNING)
def no_leftover_temp_files(listing: Listing, ctx: Context) -> Iterator[Finding]:
    """No temporary file of an interrupted write is left beside the risk files.

    riskreg writes `.<name>.<random>.tmp` and renames it over the file; a write killed
    between the two leaves it behind. The next write under the register lock removes
    it; until then, validate names it.

    Passes:
        risks/CRR10.yaml
        risks/CRR11.yaml
    Fails:
        risks/CRR10.yaml
        risks/.CRR10.yaml.k2j3h4.tmp
    """
    # The findings' places are the leftovers' display paths.
    for shown in listing.leftovers:
        yield Finding(
            "temporary file left by an interrupted write; nothing in it is needed: "
            f"delete it (rm '{shown}'), or let riskreg's next change to the register "
            "remove it",
            (shown,),
        )


FOLDER_RULES = checks_for(FileKind.FOLDER, "Listing")


def folder_problems(listing: Listing, ctx: Context) -> list[Problem]:
    """The problems of the folders themselves, found by the folder rules."""
    return [
        Problem(str(finding.loc[0]), 0, 0, each.code, finding.message, each.severity)
        for each, finding in run_checks(FOLDER_RULES, listing, ctx)
    ]
