"""The pack's templates and protective marking: an organisation's own cover, a marking on
every page of the HTML and the PDF, and a broken template named at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Run
from test_report import build_example

MARKING = "OFFICIAL-SENSITIVE"
COVER = """\
{% extends "riskreg/cover.html" %}
{% block marking %}<p class="marking">{{ marking }}</p>{% endblock %}
{% block logo %}<p class="paper">Audit Committee, paper 7: {{ report.title }}</p>{% endblock %}
"""


@pytest.fixture
def example(register: Path) -> Path:
    return build_example(register.parent / "example")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "our-templates"
    folder.mkdir()
    (folder / "cover.html").write_text(COVER, "utf-8")
    return folder


def test_an_overridden_cover_and_a_marking_in_the_html_and_the_pdf(
    run: Run, example: Path, templates: Path
) -> None:
    common = ["-R", str(example), "report", "--template-dir", str(templates)]
    outcome = run(*common, "--marking", MARKING, "-o", str(example / "pack.html"))
    assert (outcome.code, outcome.stdout) == (0, "")
    page = (example / "pack.html").read_text("utf-8")
    assert '<p class="paper">Audit Committee, paper 7: Example Risk Register</p>' in page
    assert f'<header>\n<p class="marking">{MARKING}</p>' in page
    # The running header and footer of every printed page, and the end of the screen page.
    assert f'@top-center {{ content: "{MARKING}";' in page
    assert f'@bottom-center {{ content: "{MARKING}";' in page
    assert f'<footer class="page-end">\n<p class="marking">{MARKING}</p>' in page

    outcome = run(*common, "--marking", MARKING, "-o", str(example / "pack.pdf"))
    assert (outcome.code, outcome.stdout) == (0, "")
    pages = [p.extract_text() for p in PdfReader(example / "pack.pdf").pages]
    assert len(pages) > 1
    assert "Audit Committee, paper 7: Example Risk Register" in pages[0]
    for number, text in enumerate(pages, 1):
        # On the cover, and at the top and the foot of every page.
        assert text.count(MARKING) >= (3 if number == 1 else 2), (number, text)


def test_marking_and_templates_from_riskreg_yaml(run: Run, example: Path, templates: Path) -> None:
    (example / "templates").mkdir()
    (example / "templates" / "cover.html").write_text(COVER, "utf-8")
    config = example / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8") + "pack:\n  marking: OFFICIAL\n  templates: templates\n",
        "utf-8",
    )
    page = run("-R", str(example), "report", "-f", "html").stdout
    assert '<p class="marking">OFFICIAL</p>' in page and 'class="paper"' in page
    # The command line wins over the config.
    page = run("-R", str(example), "report", "-f", "html", "--marking", "SECRET").stdout
    assert '<p class="marking">SECRET</p>' in page and "OFFICIAL" not in page


def test_no_marking_no_marking_lines(run: Run, example: Path) -> None:
    page = run("-R", str(example), "report", "-f", "html").stdout
    assert 'class="marking"' not in page and "@top-center" not in page


@pytest.mark.parametrize(
    ("cover", "message"),
    [
        (
            "<header>\n{% if %}\n</header>\n",
            "cover.html:2: template error: Expected an expression, got 'end of statement block'",
        ),
        (
            "<header>\n<h1>{{ report.title }}</h1>\n<p>{{ report.sponsor }}</p>\n</header>\n",
            "cover.html:3: template error: Report has no attribute 'sponsor'",
        ),
        (
            '<header>\n{% include "logo.html" %}\n</header>\n',
            "template logo.html not found (looked in ",
        ),
    ],
)
def test_a_broken_template_is_named_at_its_line(
    run: Run, example: Path, templates: Path, cover: str, message: str
) -> None:
    (templates / "cover.html").write_text(cover, "utf-8")
    outcome = run("-R", str(example), "report", "--template-dir", str(templates), "-o", "x.html")
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith("riskreg: error: ")
    assert message in outcome.stderr
    assert str(templates / "cover.html") in outcome.stderr or "not found" in message
    assert "Traceback" not in outcome.stderr and len(outcome.stderr.splitlines()) == 1
    assert not (example / "x.html").exists()


def test_a_missing_template_folder(run: Run, example: Path, tmp_path: Path) -> None:
    outcome = run("-R", str(example), "report", "--template-dir", str(tmp_path / "nowhere"))
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr == (
        f"riskreg: error: {tmp_path / 'nowhere'}: no such folder of pack templates "
        "(--template-dir)\n"
    )


def test_register_text_stays_text_in_a_users_template(
    run: Run, example: Path, templates: Path
) -> None:
    config = example / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "title: Example Risk Register", "title: Risks <b>&</b> issues"
        ),
        "utf-8",
    )
    page = run("-R", str(example), "report", "-f", "html", "--template-dir", str(templates)).stdout
    assert "Audit Committee, paper 7: Risks &lt;b&gt;&amp;&lt;/b&gt; issues" in page
    assert not re.search(r"<b>&</b>", page)
