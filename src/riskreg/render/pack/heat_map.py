"""The heat map section: the residual heat map and the movement since last quarter."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.charts import arrow, svg_text
from riskreg.render.pack.page import Page, id_links
from riskreg.render.pack.styles import css_colour


def _movement_map(page: Page) -> None:
    """The heat map's cells again, with an arrow from each moved risk's cell last quarter."""
    report = page.report
    scoring = report.scoring
    page.add('<figure id="movement">', f"<h3>Movement since {escape(report.previous.label)}</h3>")
    if not report.moves:
        page.add(
            "<p>No scored risk moved cell since the end of "
            f"{escape(report.previous.label)}: the map records no earlier score to move "
            "from, or the scores are unchanged.</p>",
            "</figure>",
        )
        return
    cell_w, cell_h, left, top = 64, 44, 26, 6
    columns, rows = scoring.max_impact, scoring.max_probability
    width, height = left + columns * cell_w + 4, top + rows * cell_h + 34

    def centre(probability: int, impact: int) -> tuple[float, float]:
        return (
            left + (impact - 0.5) * cell_w,
            top + (rows - probability + 0.5) * cell_h,
        )

    parts: list[str] = []
    for probability in range(rows, 0, -1):
        for impact in range(1, columns + 1):
            band = scoring.band_at(impact, probability)
            parts.append(
                f'<rect x="{left + (impact - 1) * cell_w}" '
                f'y="{top + (rows - probability) * cell_h}" '
                f'width="{cell_w}" height="{cell_h}" fill="{css_colour(band.colour)}" '
                'stroke="#333" stroke-width="0.8"/>'
            )
        parts.append(
            svg_text(
                left - 8,
                top + (rows - probability + 0.5) * cell_h + 4,
                str(probability),
                "#ffffff",
                "end",
            )
        )
    for impact in range(1, columns + 1):
        parts.append(
            svg_text(
                left + (impact - 0.5) * cell_w, top + rows * cell_h + 14, str(impact), "#ffffff"
            )
        )
    parts.append(
        svg_text(left + columns * cell_w / 2, top + rows * cell_h + 29, "Impact", "#ffffff")
    )
    words = []
    for index, move in enumerate(report.moves):
        x1, y1 = centre(*move.before)
        x2, y2 = centre(*move.after)
        shift = (index % 3 - 1) * 5  # risks on the same path side by side
        parts.append(arrow(move.id, x1 + shift, y1 + shift, x2 + shift, y2 + shift))
        fill = css_colour(scoring.band_at(move.after[1], move.after[0]).colour)
        parts.append(svg_text(x2 + shift, y2 + shift + 15, move.id, fill))
        words.append(
            f"{move.id} from probability {move.before[0]} impact {move.before[1]} to "
            f"probability {move.after[0]} impact {move.after[1]}"
        )
    alternative = f"Movement since {report.previous.label}: " + "; ".join(words) + "."
    page.add(
        f'<svg role="img" aria-label="{escape(alternative)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(alternative)}</title>'
        + "".join(parts)
        + "</svg>",
        f"<figcaption>Probability (up) by impact (across). {escape('; '.join(words))}."
        "</figcaption>",
        "</figure>",
    )


def heat_map(page: Page) -> None:
    report = page.report
    scoring = report.scoring
    page.add(
        '<section id="heat-map-section" class="page">',
        "<h2>Heat map</h2>",
        '<div class="maps"><div>',
    )
    if report.scored:
        page.add(
            f"<p>Residual risk of the {report.scored} scored open risk(s): probability "
            "by impact, each cell with its score and the risks scored there.</p>"
        )
    else:
        page.add(
            "<p>No open risk has an impact and probability score yet: the map shows the "
            "score and band of each cell, and the rated risks are listed by band below "
            "it.</p>"
        )
    page.add(
        '<figure class="heat" id="heat-map">',
        '<table class="heat"><caption class="note">Residual risk heat map</caption>',
        '<colgroup><col class="axis-col"><col class="level-col">'
        + '<col class="cell-col">' * scoring.max_impact
        + "</colgroup>",
        "<tbody>",
    )
    for index, row in enumerate(report.heat_map):
        level = scoring.probability_level(row[0].probability)
        label = escape(level.description) if level else ""
        axis = (
            f'<th class="axis" scope="rowgroup" rowspan="{len(report.heat_map)}">Probability</th>'
            if index == 0
            else ""
        )
        cells = []
        for cell in row:
            ids = f'<span class="ids">{id_links(cell.ids)}</span>' if cell.ids else ""
            cells.append(
                f'<td class="{page.band(cell.band)}" title="{escape(cell.band)}">'
                f'<span class="score">{cell.score}</span>{ids}</td>'
            )
        page.add(
            f'<tr>{axis}<th class="level" scope="row">{row[0].probability} {label}</th>'
            + "".join(cells)
            + "</tr>"
        )
    impacts = range(1, scoring.max_impact + 1)
    page.add(
        '<tr><td class="blank"></td><td class="blank"></td>'
        + "".join(f'<th scope="col">{impact}</th>' for impact in impacts)
        + "</tr>",
        '<tr><td class="blank"></td><td class="blank"></td><th class="axis" scope="colgroup" '
        f'colspan="{scoring.max_impact}">Impact</th></tr>',
        "</tbody></table>",
        '<p class="key">'
        + "".join(
            f'<span class="chip {page.band(band.name)}">{escape(band.name)}'
            + (f" {band.min}–{band.max}" if band.min is not None else "")
            + "</span>"
            for band in reversed(scoring.bands)
        )
        + "</p>",
    )
    if report.unscored:
        count = sum(len(group.ids) for group in report.unscored)
        page.add(
            f"<p><strong>Rated but not yet scored ({count}):</strong></p>", '<ul class="unscored">'
        )
        for group in report.unscored:
            page.add(
                f'<li><span class="chip {page.band(group.band)}">{escape(group.band)}'
                f"</span> {id_links(group.ids)}</li>"
            )
        page.add("</ul>")
    page.add("</figure>", "</div><div>")
    _movement_map(page)
    page.add("</div></div>", "</section>")
