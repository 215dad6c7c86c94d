"""The appendix: the register's scoring guidance."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.page import Page


def guidance(page: Page) -> None:
    scoring = page.report.scoring
    categories = scoring.categories
    page.add(
        '<section id="guidance" class="page">',
        "<h2>Appendix: risk scoring guidance</h2>",
        "<p>Risk score = impact × probability.</p>",
        "<h3>Impact</h3>",
        '<table class="guidance"><thead><tr><th scope="col">Impact</th>'
        + "".join(f'<th scope="col">{escape(c)}</th>' for c in categories)
        + "</tr></thead><tbody>",
    )
    for level in sorted(scoring.impact, key=lambda item: -item.level):
        page.add(
            f'<tr><td class="centre"><strong>{level.level}</strong></td>'
            + "".join(f"<td>{escape(level.descriptions.get(c, ''))}</td>" for c in categories)
            + "</tr>"
        )
    page.add(
        "</tbody></table>",
        "<h3>Probability</h3>",
        '<table class="guidance"><thead><tr><th scope="col">Probability</th>'
        '<th scope="col">Description</th><th scope="col">Detailed description</th>'
        '<th scope="col">% chance</th><th scope="col">Relative</th>'
        '<th scope="col">Frequency</th></tr></thead><tbody>',
    )
    for p in sorted(scoring.probability, key=lambda item: -item.level):
        page.add(
            f'<tr><td class="centre"><strong>{p.level}</strong></td>'
            f"<td>{escape(p.description)}</td><td>{escape(p.detail)}</td>"
            f"<td>{escape(p.chance)}</td><td>{escape(p.relative)}</td>"
            f"<td>{escape(p.frequency)}</td></tr>"
        )
    page.add("</tbody></table>", "<h3>Risk scores</h3>", '<table class="scores"><tbody>')
    for probability in range(scoring.max_probability, 0, -1):
        cells = []
        for impact in range(1, scoring.max_impact + 1):
            score = probability * impact
            band = scoring.band_at(impact, probability)
            named = f" {escape(band.name)}" if scoring.grid is not None else ""
            cells.append(f'<td class="{page.band(band.name)}">{score}{named}</td>')
        page.add(f'<tr><th scope="row" class="num">{probability}</th>' + "".join(cells) + "</tr>")
    page.add(
        '<tr><th scope="col">Probability / Impact</th>'
        + "".join(
            f'<th scope="col" class="centre">{impact}</th>'
            for impact in range(1, scoring.max_impact + 1)
        )
        + "</tr>",
        "</tbody></table>",
        "<h3>Rating bands</h3>",
        '<table class="scores"><thead><tr><th scope="col">Score</th><th scope="col">Rating</th>'
        "</tr></thead><tbody>",
    )
    for band in scoring.bands:
        page.add(
            f'<tr><td class="num">{band.range_text.replace("-", "–") or "by grid"}</td>'
            f'<td class="rating {page.band(band.name)}">{escape(band.name)}</td></tr>'
        )
    page.add("</tbody></table>", "</section>")
