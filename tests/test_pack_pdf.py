"""The committee pack on paper: `report --output pack.pdf`, read back with a PDF library.

One PDF for the whole session (the `quarter_pack` fixture: the shipped register after a
scripted quarter), read with pypdf for its pages, text, fonts and bookmarks, and drawn
by poppler's pdftoppm to find the band colours. The 1,000-risk pack is in the bench.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import QuarterPack, Run
from test_browser import png_pixels

# The quarter's open risks and owners, as the scripted quarter leaves them.
OWNED = {
    "CRR18": "Head of Learning & Development",
    "CRR20": "Director of Commercial Services",
    "CRR01": "Director of People",
    "CRR02": "Chief Finance Officer",
    "CRR05": "Head of IT&D",
    "CRR07": "Head of Estates",
    "CRR14": "Head of Force Contact",
    "CRR23": "Head of IT&D",
}


@pytest.fixture(scope="module")
def reader(quarter_pack: QuarterPack) -> PdfReader:
    return PdfReader(quarter_pack.pdf)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    """Each page's text; pypdf puts a space or line break between words as drawn."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_pdf_is_a4_landscape_with_page_n_of_n(reader: PdfReader, pages: list[str]) -> None:
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(842, 595)}
    total = len(reader.pages)
    assert 5 <= total <= 40
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {total}" in text
        # The running header: the register's title and period on every page.
        assert "West Midlands Police Corporate Risk Register · 2022/23 Q1" in text


def test_pdf_footer_prints_the_register_hash(quarter_pack: QuarterPack, pages: list[str]) -> None:
    from riskreg.git.seals import register_files_on_disk, register_hash

    digest = register_hash(register_files_on_disk(quarter_pack.register))
    for text in pages:
        assert f"Register SHA-256 {digest}" in text


def test_pdf_holds_every_open_risk_and_owner_as_text(pages: list[str]) -> None:
    text = " ".join(pages)
    open_ids = sorted(p.stem for p in (Path(__file__).parents[1] / "risks").glob("*.yaml"))
    for risk_id in [*set(open_ids) - {"CRR16"}, "CRR14", "CRR23"]:
        assert risk_id in text
    for owner in set(OWNED.values()):
        assert owner in text, owner
    first = pages[0]
    assert "Executive summary" in first
    assert "As at 10 May 2022" in first
    assert "Reopened (1) CRR14 Alarms Management: reopened – Receivers failed twice in April" in (
        first
    )
    assert "New (1) CRR23 Body-worn video replacement: new, Medium" in first
    assert "CRR18 Core Skills Resilience & Training Risk: Critical (20) → High (12)" in first
    assert "Actions overdue on 10 May 2022: CRR05 Replace the legacy firewall" in first


def _fonts(reader: PdfReader) -> Iterator[tuple[str, dict[str, Any]]]:
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            yield str(font["/BaseFont"]), target["/FontDescriptor"].get_object()


def test_pdf_fonts_are_embedded(reader: PdfReader) -> None:
    seen = dict(_fonts(reader))
    assert seen
    for name, descriptor in seen.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"


def test_pdf_sections_are_bookmarked(reader: PdfReader) -> None:
    def titles(outline: list[Any]) -> Iterator[str]:
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield str(item.title)

    found = list(titles(reader.outline))
    for section in (
        "West Midlands Police Corporate Risk Register",
        "Executive summary",
        "Heat map",
        "Open risks",
        "Closed risks",
        "Appendix: risk scoring guidance",
    ):
        assert section in found


def test_pdf_heat_map_page_shows_the_band_colours(
    quarter_pack: QuarterPack, pages: list[str], tmp_path: Path
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils ('make test' does)")
    number = next(i for i, text in enumerate(pages, 1) if text.find("Heat map") >= 0 and i > 1)
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile",
         str(quarter_pack.pdf), str(tmp_path / "heat")],
        check=True,
    )  # fmt: skip
    _, _, colours = png_pixels((tmp_path / "heat.png").read_bytes())
    # Low green, Medium yellow, High dark_orange, Critical red.
    assert {(0x92, 0xD0, 0x50), (0xFF, 0xFF, 0x00), (0xFF, 0x87, 0x00), (0xFF, 0x00, 0x00)} <= (
        colours
    )


def test_pack_pictures_follow_the_history(quarter_pack: QuarterPack) -> None:
    page = quarter_pack.html.read_text("utf-8")
    heat_map = page.split('<figure class="heat" id="heat-map">')[1].split("</figure>")[0]
    # Re-scored across two quarters: an arrow on the heat map, named in words, and a score line.
    assert re.findall(r'<g class="move" data-risk="(CRR\d+)">', page) == ["CRR05", "CRR18"]
    for risk_id in ("CRR05", "CRR18"):
        assert f'<g class="move" data-risk="{risk_id}">' in heat_map
        assert f'aria-label="{risk_id} residual score over time: ' in page
    assert 'aria-label="CRR18 residual score over time: 20 in 2021/22 Q4, 12 in 2022/23 Q1"' in (
        page
    )
    assert (
        "Movement since 2021/22 Q4: CRR05 from probability 4 impact 3 to probability 4 impact 4; "
        "CRR18 from probability 4 impact 5 to probability 3 impact 4." in heat_map
    )
    assert "Moves since 2021/22 Q4: CRR05 from probability 4 impact 3" in heat_map  # aria-label
    # Re-scored to the same cell: a flat score line, no arrow.
    assert 'data-risk="CRR01"' not in page
    assert 'aria-label="CRR01 residual score over time: 12 in 2021/22 Q4, 12 in 2022/23 Q1"' in (
        page
    )
    # Scored once (CRR02) or never (CRR03): no history to draw.
    for risk_id in ("CRR02", "CRR03"):
        assert f'data-risk="{risk_id}"' not in page
        assert f'aria-label="{risk_id} residual score over time' not in page
    # Bands by quarter from what was recorded then: nothing before March's scores.
    assert "2021/22 Q2: 18 not recorded" in page
    assert "2021/22 Q4: 2 Critical, 3 High, 1 Medium, 15 not recorded" in page
    assert "2022/23 Q1: 1 Critical, 15 High, 6 Medium" in page


def test_pdf_format_from_the_name_or_the_option(run: Run, register: Path) -> None:
    outcome = run("report", "--format", "pdf", "--output", "pack.pdf")
    assert (outcome.code, outcome.stdout) == (0, "")
    assert outcome.stderr == "riskreg: wrote pack.pdf: 21 open and 1 closed risk(s), 2021/22 Q4\n"
    assert (register / "pack.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--output", "pack.xlsx"],
            "riskreg: error: cannot write a pack as .xlsx: the pack is written as .md, .html "
            "or .pdf (or give --format md|html|pdf with another name); for a spreadsheet, "
            "'riskreg export --format csv' writes every risk\n",
        ),
        (
            ["--output", "pack.docx"],
            "riskreg: error: cannot write a pack as .docx: the pack is written as .md, .html "
            "or .pdf (or give --format md|html|pdf with another name)\n",
        ),
        (
            ["--format", "html", "--output", "pack.pdf"],
            "riskreg: error: --format html does not match pack.pdf: name the file .html, or "
            "leave out --format\n",
        ),
    ],
)
def test_unsupported_or_contradicting_output_name_writes_nothing(
    run: Run, register: Path, args: list[str], message: str
) -> None:
    before = sorted(p.name for p in register.iterdir())
    outcome = run("report", *args)
    assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", message)
    assert sorted(p.name for p in register.iterdir()) == before


def test_no_pdf_engine_says_how_to_install_one(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import riskreg.render.pack.pdf as pack_pdf

    monkeypatch.setattr(pack_pdf, "available_engine", lambda: None)
    outcome = run("report", "--output", "pack.pdf")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("riskreg: error: no PDF engine: install WeasyPrint with ")
    assert "pip install 'riskreg-yaml[pdf]'" in outcome.stderr
    assert "apt-get install chromium" in outcome.stderr
    assert not (register / "pack.pdf").exists()


def test_chromium_prints_the_pack_when_chosen(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_browser import chromium_path

    monkeypatch.setenv("RISKREG_CHROMIUM", chromium_path())
    monkeypatch.setenv("RISKREG_PDF_ENGINE", "chromium")
    outcome = run("report", "-o", "pack.pdf")
    assert (outcome.code, outcome.stdout) == (0, "")
    reader = PdfReader(register / "pack.pdf")
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(842, 595)}
    first = " ".join(reader.pages[0].extract_text().split())
    assert f"Page 1 of {len(reader.pages)}" in first
    assert "CRR18" in " ".join(page.extract_text() for page in reader.pages)


def test_pack_is_as_at_its_commit_or_marked_changed(run: Run, register: Path) -> None:
    from test_diff import commit_all, git

    git(register, "init", "-q", "-b", "main")
    commit_all(register, "Register", date="2022-03-25T10:00:00")
    short = git(register, "rev-parse", "--short", "HEAD").strip()
    assert f'<p class="as-at">As at 25 March 2022, revision {short}</p>' in (
        run("report", "-f", "html").stdout
    )
    (register / "risks" / "CRR02.yaml").write_text(
        (register / "risks" / "CRR02.yaml").read_text("utf-8") + "# edited\n", "utf-8"
    )
    page = run("report", "-f", "html").stdout
    assert re.search(
        rf'<p class="as-at">As at \d+ \w+ \d{{4}}, revision {short} with uncommitted changes</p>',
        page,
    )


def test_owner_and_department_packs(run: Run, register: Path) -> None:
    assert run("owner", "CRR18", "Head of L&D", "--department", "People").code == 0
    assert run("owner", "CRR05", "Head of IT&D", "--department", "IT").code == 0
    page = run("report", "-f", "html", "--department", "people").stdout
    rows = re.findall(r'<tr id="(CRR\d+)">', page.split('id="open-risks"')[1])
    assert rows == ["CRR18"]
    assert "Department: people: this pack holds only that part of the register." in page
    page = run("report", "-f", "html", "--owner", "Head of IT&D").stdout
    assert re.findall(r'<tr id="(CRR\d+)">', page.split('id="open-risks"')[1]) == ["CRR05"]


def _lowest_body_text(page: Any) -> float:
    """The height above the paper's foot of a page's lowest text, the running footer aside."""
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        height = tm[5] * cm[3] + cm[5]
        if text.strip() and height > 40:  # the footer's line sits in the 12 mm bottom margin
            heights.append(height)

    page.extract_text(visitor_text=visit)
    return min(heights)


def test_tall_risk_rows_continue_on_the_next_page(reader: PdfReader, pages: list[str]) -> None:
    """A risk taller than what is left of a page starts there and continues on the next:
    every page of the open risks but the last is filled to its foot."""
    first = next(i for i, text in enumerate(pages) if "open risk(s), ordered by residual" in text)
    closed = next(i for i, text in enumerate(pages) if "Risks closed since the start" in text)
    assert closed - first >= 5
    for index in range(first, closed - 1):
        # The bottom margin is 12 mm (34 pt): text within three lines of it (two lines of
        # a paragraph are kept together at a break, so up to two may move on).
        assert _lowest_body_text(reader.pages[index]) < 34 + 45, f"page {index + 1}"
    # Each page of the table repeats its heading.
    for index in range(first + 1, closed - 1):
        assert "Risk name and owner" in pages[index]


def test_a_section_after_another_is_not_split_for_its_last_lines(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One decided risk makes the treatment section a table and two lines; with the heat
    map above it, the two lines once stood alone on a page before the open risks."""
    monkeypatch.setenv("RISKREG_TODAY", "2022-03-20")
    assert run("decide", "CRR18", "transfer", "--rationale", "Trained by a partner").code == 0
    assert run("report", "--output", "pack.pdf").code == 0
    pages = [" ".join(page.extract_text().split()) for page in PdfReader("pack.pdf").pages]
    treatment = next(n for n, text in enumerate(pages) if "Treatment and control assurance" in text)
    assert "Transfer: Trained by a partner" in pages[treatment]
    assert "Acceptances expired (0): none." in pages[treatment]
