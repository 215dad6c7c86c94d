"""Rules on where a risk file lives: its name, its folder and its ID unique across both."""

from __future__ import annotations

from riskreg.model.risk import ID_RE, Risk
from riskreg.problems import Severity
from riskreg.register.layout import CLOSED_DIR, OPEN_DIR, Listing, RiskFile, display_path
from riskreg.yamlsource import Document


def check_unique_id(doc: Document, risk_file: RiskFile, listing: Listing) -> None:
    """IDs are unique across risks/ and closed/, ignoring case, judged by file names.

    Names are enough: every file's ID must equal its name (rule id-filename), so unique
    names mean unique IDs. Working from the directory listing keeps the rule true when
    pre-commit splits the changed files across several processes.

    Passes: risks/CRR18.yaml alone
    Fails:  risks/CRR18.yaml and closed/CRR18.yaml, or risks/crr18.yml beside it
    """
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
    place = doc.position(("id",)) if doc.root is not None else (0, 0)
    reported: set[str] = set()
    if risk_file.folder:
        for other in listing.others_named(stem, risk_file):
            reported.add(other.fspath)
            if other.folder != risk_file.folder:
                message = (
                    f"{stem.upper()} exists in both {OPEN_DIR}/ and "
                    f"{CLOSED_DIR}/: an interrupted close or reopen; rerun it to finish"
                )
            else:
                message = (
                    f"ID {stem.upper()} is also the file "
                    f"{display_path(other.path)}; IDs must be unique across "
                    f"{OPEN_DIR}/ and {CLOSED_DIR}/, ignoring case"
                )
            doc.problem("duplicate-id", message, *place)
    if not isinstance(content_id, str) or not ID_RE.match(content_id.upper()):
        return
    if risk_file.folder and content_id.upper() == stem.upper():
        return
    for other in listing.others_named(content_id, risk_file):
        if other.fspath not in reported:
            doc.problem(
                "duplicate-id",
                f"id {content_id} is already used by "
                f"{display_path(other.path)}; choose an unused ID",
                *place,
            )


def check_placement(
    doc: Document, risk: Risk, risk_file: RiskFile, listing: Listing | None = None
) -> None:
    """The ID equals the file name; closed risks live in closed/, open ones in risks/.

    With the register's listing, a rename is not suggested onto a name already taken.
    """
    if risk.id != risk_file.stem:
        fixes = []
        if ID_RE.match(risk_file.stem):
            fixes.append(f"change the id to {risk_file.stem}")
        if listing is None or not listing.others_named(risk.id, risk_file):
            fixes.append(f"rename the file {risk.id}{risk_file.path.suffix}")
        doc.problem(
            "id-filename",
            f"id {risk.id} does not match the file name "
            f"{risk_file.path.name}; the two must be equal"
            + (": " + " or ".join(fixes) if fixes else ""),
            *doc.position(("id",)),
        )
    if not risk_file.folder:
        home = CLOSED_DIR if risk.status == "closed" else OPEN_DIR
        article = "a" if risk.status == "closed" else "an"
        doc.problem(
            "outside-register",
            f"this file is not in risks/ or closed/, so the "
            f"register does not read it; {article} {risk.status} risk lives at "
            f"{home}/{risk.id}.yaml",
            *doc.position(("id",)),
            Severity.WARNING,
        )
        return
    if risk_file.folder == CLOSED_DIR and risk.status != "closed":
        doc.problem(
            "status-folder",
            "a file in closed/ must have status: closed "
            "(or move it to risks/ with 'riskreg reopen')",
            *doc.position(("status",)),
        )
    if risk_file.folder == OPEN_DIR and risk.status != "open":
        doc.problem(
            "status-folder",
            "a file in risks/ must be open; closed risks live in "
            "closed/ ('riskreg close' moves them)",
            *doc.position(("status",)),
        )
