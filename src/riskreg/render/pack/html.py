"""The audit committee pack as one self-contained HTML file.

Inline CSS and SVG only: no script, font, image or style sheet is fetched, so the file
opens the same offline, from an email or from an archive years later. It prints on A4
landscape (`@page`) with a running header and "Page n of N", repeats table headings on
each printed page, and fills the heat map and rating cells with the band colours of
the register's config. The PDF pack is this page printed (`render/pack/pdf.py`).

Pictures are inline SVG, each with a text alternative: the heat map's movement since
last quarter, a score-over-time line per risk, and open risks by band per quarter.
Every text colour meets WCAG AA on its background: text on a band colour takes black
or white, whichever contrasts more (`ink_for`).

The page is the header, then each section of `SECTIONS` in order.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from riskreg.render.pack.appetite import appetite
from riskreg.render.pack.closed import closed_risks
from riskreg.render.pack.guidance import guidance
from riskreg.render.pack.heat_map import heat_map
from riskreg.render.pack.indicators import indicators, objectives
from riskreg.render.pack.page import Page
from riskreg.render.pack.risks import open_risks
from riskreg.render.pack.styles import STYLE, UNKNOWN_COLOUR, page_rules
from riskreg.render.pack.summary import summary
from riskreg.render.pack.treatment import treatment
from riskreg.reports.pack import (
    Report,
    period_range,
)

# The pack's sections in the order it prints them: each adds its HTML to the page. A new
# section is a module beside these with one function, listed here where it belongs.
SECTIONS: tuple[Callable[[Page], None], ...] = (
    summary,
    heat_map,
    appetite,
    treatment,
    indicators,
    objectives,
    open_risks,
    closed_risks,
    guidance,
)


def render(report: Report) -> str:
    page = Page(report)
    title = f"{report.title}: {report.period.label}"
    page.add(
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        "<style>" + page_rules(report) + STYLE + page.band_css + "\n"
        f".band-unknown {{ background: {UNKNOWN_COLOUR}; color: #000000; }}\n"
        ".band-none { background: #ffffff; color: #111111; border-style: dashed; }\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(report.title)}</h1>",
    )
    if report.organisation:
        page.add(f"<p>{escape(report.organisation)}</p>")
    page.add(
        f'<p class="period"><strong>Period:</strong> {escape(report.period.label)} '
        f"({escape(period_range(report.period))})</p>"
    )
    if report.as_at:
        page.add(f'<p class="as-at">{escape(report.as_at.describe())}</p>')
    if report.scope:
        page.add(
            f'<p class="notice">{escape(report.scope)}: this pack holds only that part of '
            "the register.</p>"
        )
    if report.public:
        page.add(
            '<p class="notice">Published version: controls, notes and actions marked '
            "restricted are left out.</p>"
        )
    page.add("</header>", "<main>")
    for section in SECTIONS:
        section(page)
    page.add("</main>", "</body>", "</html>")
    return "\n".join(page.out) + "\n"
