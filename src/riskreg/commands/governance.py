"""Governance through git: CODEOWNERS from the owners, sealed quarters and their proof."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskreg.commands import DEFAULT_WAIT, Wait, locked

if TYPE_CHECKING:
    from riskreg.model.risk import RegisterConfig


def codeowners(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if CODEOWNERS is missing or stale."),
    ] = False,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Write CODEOWNERS: each risk file approved by its owner's account in riskreg.yaml.

    Accounts come from the owners: map of riskreg.yaml (Head of Custody: "@wmp/custody");
    riskreg.yaml and risks whose owner has no account go to governance: risk_manager:.
    Once the file exists, new, close, reopen and owner keep it current.

    Example: riskreg codeowners --check
    """
    from riskreg.commands import options
    from riskreg.errors import ProblemsFound
    from riskreg.git.codeowners import codeowners_for, write_codeowners
    from riskreg.register.layout import display_path
    from riskreg.register.loading import load_config
    from riskreg.render.governance import print_owner_warnings

    root = options(ctx).root()
    if check:
        plan = codeowners_for(root, load_config(root))
        print_owner_warnings(plan, sys.stderr)
        shown = display_path(plan.path)
        if plan.old_text is None:
            raise ProblemsFound(f"{shown} is missing; run 'riskreg codeowners'")
        if not plan.current:
            changes = "; ".join(plan.stale_lines()[:6])
            raise ProblemsFound(f"{shown} is out of date ({changes}); run 'riskreg codeowners'")
        typer.echo(f"{shown} is up to date")
        return
    with locked(root, "codeowners", wait):
        plan = codeowners_for(root, load_config(root))
        written = write_codeowners(root, plan)
    print_owner_warnings(plan, sys.stderr)
    shown = display_path(plan.path)
    typer.echo(f"wrote {shown}" if written else f"{shown} is up to date")


def _html_pack(root: Path, revision: str) -> str:
    """The HTML pack as 'riskreg report --as-of REVISION --format html' prints it."""
    from riskreg.commands.report import _loaded
    from riskreg.git.revisions import load_register_at
    from riskreg.git.stamp import stamp_at
    from riskreg.render import PACK
    from riskreg.reports.pack import build_report

    register = _loaded(load_register_at(root, revision), "the pack")
    pack = build_report(register, as_at=stamp_at(root, revision))
    content = PACK.content("html", pack)
    return content if isinstance(content, str) else content.decode("utf-8")


def seal(
    ctx: typer.Context,
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", "-q", help="The quarter sealed. Default: the register's period."),
    ] = None,
) -> None:
    """Seal a quarter: an annotated git tag holding the register's hash and the HTML pack's.

    The register must be committed; the tag (riskreg/2021-22-Q4) is signed when git signs
    tags (tag.gpgSign). 'riskreg verify TAG' later proves the pack is what was sealed.

    Example: riskreg seal --quarter "2021/22 Q4"
    """
    from riskreg import __version__
    from riskreg.commands import options
    from riskreg.errors import WrongState
    from riskreg.git.seals import (
        Seal,
        create_seal,
        head_commit,
        pack_hash,
        register_hash_at,
        tag_name,
    )
    from riskreg.git.stamp import stamp_now
    from riskreg.register.loading import load_config

    root = options(ctx).root()
    config = load_config(root)
    chosen = config.quarter_named(quarter) if quarter else config.quarter
    if stamp_now(root).changed:
        raise WrongState(
            "the register has changes not committed; commit them first, so that the seal "
            "is of what the committee sees"
        )
    commit = head_commit(root)
    made = Seal(
        tag_name(chosen),
        commit,
        register_hash_at(root, commit),
        pack_hash(_html_pack(root, commit)),
        __version__,
    )
    create_seal(root, made, chosen)
    typer.echo(
        f"Sealed {chosen.label} as {made.tag} at {commit[:7]}: register {made.register[:16]}..., "
        f"HTML pack {made.pack[:16]}..."
    )


def verify(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(metavar="TAG", help="A seal, e.g. riskreg/2021-22-Q4.")],
) -> None:
    """Check a sealed quarter: the register and its HTML pack are what the seal records.

    Exit status: 0 both match, 1 either differs.

    Example: riskreg verify riskreg/2021-22-Q4
    """
    from riskreg import __version__
    from riskreg.commands import options
    from riskreg.errors import ProblemsFound
    from riskreg.git.seals import pack_hash, read_seal, register_hash_at

    root = options(ctx).root()
    sealed = read_seal(root, tag)
    register_now = register_hash_at(root, sealed.commit)
    lines = []
    ok = register_now == sealed.register
    lines.append(
        f"register: {'matches' if ok else 'DIFFERS'} ({sealed.register[:16]}... sealed"
        + ("" if ok else f", {register_now[:16]}... at {sealed.commit[:7]}")
        + ")"
    )
    if sealed.version != __version__:
        lines.append(
            f"pack: not compared: sealed by riskreg {sealed.version or '(unknown)'}, this is "
            f"riskreg {__version__}; build the pack with that version to compare it"
        )
    else:
        pack_now = pack_hash(_html_pack(root, sealed.commit))
        pack_ok = pack_now == sealed.pack
        ok = ok and pack_ok
        lines.append(f"HTML pack: {'matches' if pack_ok else 'DIFFERS'}")
    lines.append("tag: signed (check it with 'git tag -v')" if sealed.signed else "tag: not signed")
    typer.echo("\n".join(lines))
    if not ok:
        raise ProblemsFound(f"{tag} does not verify: the register is not what was sealed")


class Platform(str, Enum):
    github = "github"
    gitlab = "gitlab"


def ci(
    ctx: typer.Context,
    platform: Annotated[
        Platform,
        typer.Argument(
            metavar="github|gitlab",
            help="github (a GitHub Actions workflow) or gitlab (.gitlab-ci.yml).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the file here (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print a CI file: validate each pull request's change, build the pack on each seal.

    On a pull (merge) request: riskreg validate --since the target branch, with the whole
    history. On a seal tag (riskreg/*): riskreg verify, then the PDF pack, attached to the
    release (GitHub) or kept as an artifact (GitLab). riskreg is pinned to this version.

    Example: riskreg ci github --output .github/workflows/riskreg.yml
    """
    from riskreg import __version__
    from riskreg.commands import options
    from riskreg.errors import RiskregError
    from riskreg.git.ci_recipes import ci_recipe
    from riskreg.register.layout import display_path
    from riskreg.register.writing import write_output

    root: Path | None
    try:
        root = options(ctx).root()
    except RiskregError:
        root = None  # not in a register: the recipe assumes one at the repository's top
    recipe = ci_recipe(platform.value, __version__, _folder_in_repository(root))
    if output is None:
        sys.stdout.write(recipe.text)
        return
    write_output(output, recipe.text, root)
    sys.stderr.write(f"riskreg: wrote {display_path(output)}\n")


def _folder_in_repository(root: Path | None) -> str:
    """The register's folder from its repository's top, "." at the top or outside git."""
    if root is None:
        return "."
    from riskreg.git.revisions import GitError, repository

    try:
        return repository(root).prefix.rstrip("/") or "."
    except GitError:
        return "."


def keep_codeowners(root: Path, config: RegisterConfig) -> Path | None:
    """Inside a command's lock, after it moved or re-owned a risk: bring a CODEOWNERS
    that riskreg wrote up to date. The file's path when it was rewritten."""
    from riskreg.git.codeowners import keep_current

    return keep_current(root, config)


def report_codeowners(path: Path | None) -> None:
    if path is not None:
        from riskreg.register.layout import display_path

        typer.echo(f"Updated {display_path(path)}.")


def register(app: typer.Typer) -> None:
    app.command("codeowners")(codeowners)
    app.command("seal")(seal)
    app.command("verify")(verify)
    app.command("ci")(ci)
