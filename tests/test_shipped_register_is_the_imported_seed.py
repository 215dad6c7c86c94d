"""The shipped register is what `riskreg import` makes of the published seed, byte for byte."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SEED, Run


def _tree(root: Path) -> dict[str, bytes]:
    return {
        f"{folder}/{path.name}": path.read_bytes()
        for folder in ("risks", "closed")
        for path in sorted((root / folder).glob("*.yaml"))
    }


def test_import_into_empty_register_gives_the_committed_files(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    outcome = run("init", str(empty), "--period", "2021/22 Q4")
    assert outcome.code == 0, outcome.stderr

    outcome = run("--register", str(empty), "import", str(SEED))

    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[-1] == "22 added, 0 updated, 0 unchanged, 0 skipped"
    assert _tree(empty) == _tree(REPO)
    assert len(_tree(REPO)) == 22


def test_importing_again_changes_nothing(run: Run, register: Path) -> None:
    before = _tree(register)
    outcome = run("import", str(SEED))
    assert outcome.code == 0
    assert outcome.stdout.splitlines()[-1] == "0 added, 0 updated, 22 unchanged, 0 skipped"
    assert _tree(register) == before


def test_import_never_overwrites_an_edited_risk_without_update(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    edited = path.read_text().replace("rating: Critical", "rating: High")
    path.write_text(edited)

    outcome = run("import", str(SEED))

    assert outcome.code == 1
    assert "exists, skipped: risks/CRR18.yaml" in outcome.stdout
    assert "use --update" in outcome.stderr
    assert path.read_text() == edited


def test_import_update_restores_only_the_changed_field(run: Run, register: Path) -> None:
    path = register / "risks" / "CRR18.yaml"
    original = path.read_text()
    path.write_text(
        original.replace("rating: Critical", "rating: High").replace(
            "id: CRR18\n", "id: CRR18  # reviewed by the board\n"
        )
    )

    outcome = run("import", "--update", str(SEED))

    assert outcome.code == 0, outcome.stderr
    assert "updated: risks/CRR18.yaml" in outcome.stdout
    text = path.read_text()
    assert "rating: Critical" in text
    assert "# reviewed by the board" in text


def test_import_dry_run_writes_nothing(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    run("init", str(empty), "--period", "2021/22 Q4")
    outcome = run("--register", str(empty), "import", "--dry-run", str(SEED))
    assert outcome.code == 0
    assert "would add: " in outcome.stdout
    assert outcome.stdout.splitlines()[-1].endswith("(dry run: nothing written)")
    assert list((empty / "risks").iterdir()) == []


def test_malformed_import_names_the_line_and_changes_nothing(
    run: Run, register: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("\tCritical", "\tSevere")
    bad.write_text("\n".join(lines), encoding="utf-8")
    before = _tree(register)

    outcome = run("import", str(bad))

    assert outcome.code == 2
    assert outcome.stderr.startswith(f"riskreg: error: {bad}:4: ")
    assert "Traceback" not in outcome.stderr
    assert _tree(register) == before
