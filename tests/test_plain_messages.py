"""Mistakes people make by hand get a message that says what to change, in words a risk
manager uses; the YAML cases are in the example corpus with their exact lines."""

from __future__ import annotations

from pathlib import Path

from conftest import Run, snapshot


def test_a_day_first_date_in_an_import_says_how_to_write_it(
    run: Run, register: Path, tmp_path: Path
) -> None:
    source = tmp_path / "uk.csv"
    source.write_text(
        "id,name,status,residual_rating,last_reviewed\nCRR40,New,open,High,30/06/2022\n"
    )
    before = snapshot(register)
    out = run("import", str(source))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"riskreg: error: {source}:2: CRR40: last_reviewed: 30/06/2022 is not a date in the "
        "form YYYY-MM-DD; write it as 2022-06-30\n"
    )
    assert snapshot(register) == before


def test_a_byte_that_is_not_utf8_is_placed_by_line_and_column_everywhere(
    run: Run, register: Path, tmp_path: Path
) -> None:
    source = tmp_path / "odd.csv"
    source.write_bytes(b"id,name,status,residual_rating\nCRR40,Caf\x81,open,High\n")
    out = run("import", str(source))
    assert (out.code, out.stderr) == (
        2,
        f"riskreg: error: {source}:2:10: neither UTF-8 nor Windows-1252 (byte 0x81 here); "
        "give --encoding NAME, e.g. --encoding latin-1\n",
    )
    (register / "risks" / "CRR40.yaml").write_bytes(b"id: CRR40\nname: Caf\xe9\n")
    out = run("validate", "--format", "parsable", "risks/CRR40.yaml")
    assert out.stdout == (
        "risks/CRR40.yaml:2:10: error: byte 0xe9 ('é' in Windows text) is not UTF-8; "
        "save the file as UTF-8 [not-utf8]\n"
    )
