"""The audit committee pack as one self-contained HTML file.

Inline CSS only: no script, font, image or style sheet is fetched, so the file opens
the same offline, from an email or from an archive years later. It prints on A4
landscape (`@page`), repeats table headings on each printed page, and fills the heat
map and rating cells with the band colours of the register's config.
"""

from __future__ import annotations

from html import escape

from riskreg.model.risk import Direction
from riskreg.reports.pack import (
    TREND_KEY,
    ClosedRisk,
    ControlLine,
    OpenRisk,
    Report,
    long_date,
    movement_phrase,
    period_range,
    previous_note,
    quarter_heading,
    trend_label,
)
from riskreg.scoring.guidance import Scoring

# Band colours are rich colour names (they also colour the terminal). The sixteen basic
# names mean different shades on each terminal; on paper these are the usual risk-matrix
# tints. Any other rich colour (dark_orange, gold1, #ff8800, rgb(...)) keeps its value.
PRINT_COLOURS = {
    "black": "#000000",
    "red": "#ff0000",
    "green": "#92d050",
    "yellow": "#ffff00",
    "blue": "#5b9bd5",
    "magenta": "#d86ed8",
    "cyan": "#00b0f0",
    "white": "#ffffff",
    "bright_black": "#808080",
    "bright_red": "#ff6666",
    "bright_green": "#c6efce",
    "bright_yellow": "#ffff99",
    "bright_blue": "#9dc3e6",
    "bright_magenta": "#f4b6f4",
    "bright_cyan": "#b4e9ff",
    "bright_white": "#ffffff",
}
UNKNOWN_COLOUR = "#d9d9d9"
TREND_CLASSES = {
    Direction.IMPROVED: "improved",
    Direction.WORSENED: "worsened",
    Direction.UNCHANGED: "unchanged",
    Direction.NEW: "new",
    Direction.NA: "na",
}


def css_colour(name: str | None) -> str:
    """A band colour as CSS: `dark_orange` becomes `#ff8700`; an unknown name a light grey."""
    if not name:
        return UNKNOWN_COLOUR
    key = name.strip().lower().replace(" ", "_")
    if key in PRINT_COLOURS:
        return PRINT_COLOURS[key]
    from rich.color import Color, ColorParseError

    try:
        return Color.parse(key).get_truecolor().hex
    except ColorParseError:
        return UNKNOWN_COLOUR


def ink_for(background: str) -> str:
    """Black or white text, whichever reads better on the background (WCAG contrast)."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


STYLE = """
@page { size: A4 landscape; margin: 10mm 10mm 12mm 10mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8pt system-ui, sans-serif; color: #555; } }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font: 10pt/1.35 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #111; background: #fff; }
body { margin: 0 auto; padding: 16px 20px; max-width: 1400px; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; border-bottom: 2px solid #333; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 14px 0 6px; }
p { margin: 4px 0 8px; }
.period { font-size: 11pt; margin: 0 0 6px; }
.notice { border-left: 4px solid #555; padding: 4px 8px; background: #f3f3f3; }
.note { color: #444; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
thead { display: table-header-group; }
td p { margin: 0 0 4px; }
td ul { margin: 0; padding-left: 14px; }
td li { margin: 0 0 3px; }
.num { text-align: right; }
.centre { text-align: center; }
.overview { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
#summary { flex: 0 1 360px; }
#heat-map-section { flex: 1 1 560px; }
.counts { width: 100%; margin-bottom: 8px; }
.counts td, .counts th { padding: 3px 8px; white-space: nowrap; }
.counts tr.total td { font-weight: bold; border-top: 2px solid #333; }
figure.heat { margin: 0; display: inline-block; padding: 8px; background: #fff; }
table.heat { width: auto; border: 2px solid #333; }
table.heat td { width: 118px; height: 62px; text-align: center; vertical-align: middle;
  border: 1px solid #333; }
table.heat th { background: #fff; border: none; text-align: center; vertical-align: middle;
  font-weight: normal; }
table.heat th.level { text-align: right; white-space: nowrap; padding-right: 8px; }
table.heat .axis { font-weight: bold; }
.heat .score { display: block; font-size: 10pt; }
.heat .ids { display: block; font-weight: bold; }
.heat a, .unscored a { color: inherit; }
.key { margin: 8px 0 0; }
.chip { display: inline-block; padding: 1px 8px; margin: 0 6px 4px 0;
  border: 1px solid #333; border-radius: 3px; font-weight: bold; }
.unscored { margin: 8px 0 0; padding: 0; list-style: none; }
.unscored li { margin: 0 0 4px; }
.rating { font-weight: bold; text-align: center; white-space: nowrap; }
.trend { text-align: center; font-size: 11pt; white-space: nowrap; }
.trend.improved { color: #1a7f37; } .trend.worsened { color: #c00000; }
.trend.unchanged { color: #1f4e9c; } .trend.new { color: #7030a0; font-size: 9pt; }
.trend.na { color: #666; font-size: 9pt; }
.restricted { font-style: italic; color: #7a3b00; }
table.risks { font-size: 8.5pt; }
table.risks td, table.closed td { overflow-wrap: break-word; }
.id { white-space: nowrap; font-weight: bold; }
table.risks col.id { width: 6%; } table.risks col.name { width: 10%; }
table.risks col.text { width: 19%; } table.risks col.controls { width: 27%; }
table.risks col.q { width: 3.5%; } table.risks col.rating { width: 7%; }
table.closed col.id { width: 6%; } table.closed col.name { width: 9%; }
table.closed col.text { width: 16%; } table.closed col.controls { width: 20%; }
table.closed col.date { width: 7%; }
table.guidance { font-size: 8.5pt; }
table.scores { width: auto; }
table.scores td { width: 52px; text-align: center; font-weight: bold; }
@media print {
  html { font-size: 9pt; }
  body { padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  section.page { break-before: page; }
  .overview { flex-wrap: nowrap; break-inside: avoid; }
  table.heat td { width: 80px; height: 44px; }
  tr { break-inside: avoid; }
  table.risks tr, table.closed tr { break-inside: auto; }
  a { text-decoration: none; }
}
"""


def _band_classes(scoring: Scoring) -> tuple[dict[str, str], str]:
    """A CSS class per band (band-1, band-2, ...) holding its fill and a readable ink."""
    classes: dict[str, str] = {}
    rules = []
    for number, band in enumerate(scoring.bands, 1):
        fill = css_colour(band.colour)
        classes[band.name] = f"band-{number}"
        rules.append(f".band-{number} {{ background: {fill}; color: {ink_for(fill)}; }}")
    return classes, "\n".join(rules)


class _Page:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.bands, self.band_css = _band_classes(report.scoring)
        self.out: list[str] = []

    def band(self, name: str) -> str:
        return self.bands.get(name, "band-unknown")

    def add(self, *lines: str) -> None:
        self.out.extend(lines)


def _paragraphs(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in parts)


def _controls(controls: tuple[ControlLine, ...]) -> str:
    if not controls:
        return ""
    items = []
    for item in controls:
        body = escape(" ".join(item.text.split()))
        if item.restricted:
            body += ' <span class="restricted">(restricted)</span>'
        items.append(f"<li>{body}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{-number}")


def _id_links(ids: tuple[str, ...]) -> str:
    return ", ".join(f'<a href="#{escape(i)}">{escape(i)}</a>' for i in ids) if ids else "none"


def _summary(page: _Page) -> None:
    report = page.report
    page.add(
        '<section id="summary">',
        "<h2>Summary</h2>",
        '<table class="counts">',
        f'<thead><tr><th>Rating</th><th class="num">{escape(report.previous.label)}</th>'
        f'<th class="num">{escape(report.period.label)}</th>'
        '<th class="num">Change</th></tr></thead>',
        "<tbody>",
    )
    for count in report.counts:
        css = page.band(count.rating) if count.colour else ""
        rating = f'<td class="rating {css}">' if css else "<td>"
        page.add(
            f'<tr>{rating}{escape(count.rating)}</td><td class="num">{count.previous}'
            f'</td><td class="num">{count.now}</td><td class="num">'
            f"{_signed(count.change)}</td></tr>"
        )
    page.add(
        f'<tr class="total"><td>Total open</td><td class="num">{report.total_previous}</td>'
        f'<td class="num">{report.total_now}</td><td class="num">'
        f"{_signed(report.total_now - report.total_previous)}</td></tr>",
        "</tbody></table>",
        f"<p>New this quarter: {_id_links(report.new_ids)}.</p>",
        f"<p>Closed this quarter: {_id_links(report.closed_ids)}.</p>",
    )
    if report.movement:
        words = [movement_phrase(direction, number) for direction, number in report.movement]
        page.add(
            f"<p>Direction of travel in {escape(report.period.label)}: "
            f"{escape(', '.join(words))}.</p>"
        )
    page.add(f'<p class="note">{escape(previous_note(report))}</p>', "</section>")


def _heat_map(page: _Page) -> None:
    report = page.report
    scoring = report.scoring
    page.add('<section id="heat-map-section">', "<h2>Heat map</h2>")
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
    page.add('<figure class="heat" id="heat-map">', '<table class="heat">', "<tbody>")
    for index, row in enumerate(report.heat_map):
        level = scoring.probability_level(row[0].probability)
        label = escape(level.description) if level else ""
        axis = (
            f'<th class="axis" rowspan="{len(report.heat_map)}">Probability</th>'
            if index == 0
            else ""
        )
        cells = []
        for cell in row:
            ids = f'<span class="ids">{_id_links(cell.ids)}</span>' if cell.ids else ""
            cells.append(
                f'<td class="{page.band(cell.band)}" title="{escape(cell.band)}">'
                f'<span class="score">{cell.score}</span>{ids}</td>'
            )
        page.add(
            f'<tr>{axis}<th class="level">{row[0].probability} {label}</th>'
            + "".join(cells)
            + "</tr>"
        )
    impacts = range(1, scoring.max_impact + 1)
    page.add(
        "<tr><th></th><th></th>" + "".join(f"<th>{impact}</th>" for impact in impacts) + "</tr>",
        f'<tr><th></th><th></th><th class="axis" colspan="{scoring.max_impact}">Impact</th></tr>',
        "</tbody></table>",
        '<p class="key">'
        + "".join(
            f'<span class="chip {page.band(band.name)}">{escape(band.name)} '
            f"{band.min}–{band.max}</span>"
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
                f"</span> {_id_links(group.ids)}</li>"
            )
        page.add("</ul>")
    page.add("</figure>", "</section>")


def _trend_cell(direction: Direction | None) -> str:
    if direction is None:
        return '<td class="trend"></td>'
    return f'<td class="trend {TREND_CLASSES[direction]}">{escape(trend_label(direction))}</td>'


def _score_note(risk: OpenRisk) -> str:
    if risk.score is None:
        return ""
    return f'<br><span class="note">{risk.impact} × {risk.probability} = {risk.score}</span>'


def _open_risks(page: _Page) -> None:
    report = page.report
    headings = "".join(
        f'<th class="centre">{escape(quarter_heading(q)).replace(" ", "<br>")}</th>'
        for q in report.quarters
    )
    if not report.open_risks:
        page.add(
            '<section id="open-risks" class="page">',
            "<h2>Open risks</h2>",
            "<p>No open risks.</p>",
            "</section>",
        )
        return
    page.add(
        '<section id="open-risks" class="page">',
        "<h2>Open risks</h2>",
        f"<p>{len(report.open_risks)} open risk(s), ordered by residual rating, then score, "
        "then ID.</p>",
        '<table class="risks">',
        '<colgroup><col class="id"><col class="name"><col class="text"><col class="text">'
        '<col class="controls">'
        + '<col class="q">' * len(report.quarters)
        + '<col class="rating"></colgroup>',
        "<thead><tr><th>ID</th><th>Risk name</th><th>Description</th><th>Impact</th>"
        f"<th>Key controls and activities</th>{headings}<th>Residual risk rating</th>"
        "</tr></thead>",
        "<tbody>",
    )
    for risk in report.open_risks:
        page.add(_open_row(page, risk))
    page.add(
        "</tbody></table>",
        f'<p class="trend-key"><strong>Risk trend key:</strong> {escape(TREND_KEY)}</p>',
        "</section>",
    )


def _open_row(page: _Page, risk: OpenRisk) -> str:
    trend = "".join(_trend_cell(direction) for direction in risk.trend)
    return (
        f'<tr id="{escape(risk.id)}"><td class="id">{escape(risk.id)}</td>'
        f"<td>{escape(risk.name)}</td><td>{_paragraphs(risk.description)}</td>"
        f"<td>{_paragraphs(risk.impact_narrative)}</td><td>{_controls(risk.controls)}</td>"
        f'{trend}<td class="rating {page.band(risk.rating)}">{escape(risk.rating)}'
        f"{_score_note(risk)}</td></tr>"
    )


def _closed_row(risk: ClosedRisk) -> str:
    reported = long_date(risk.reported) if risk.reported else "Not yet reported"
    return (
        f'<tr id="{escape(risk.id)}"><td class="id">{escape(risk.id)}</td>'
        f"<td>{escape(risk.name)}</td><td>{_paragraphs(risk.description)}</td>"
        f"<td>{_paragraphs(risk.impact_narrative)}</td><td>{_controls(risk.controls)}</td>"
        f"<td>{_paragraphs(risk.rationale)}</td><td>{long_date(risk.closed)}</td>"
        f"<td>{reported}</td></tr>"
    )


def _closed_risks(page: _Page) -> None:
    report = page.report
    page.add('<section id="closed-risks" class="page">', "<h2>Closed risks</h2>")
    if not report.closed_risks:
        page.add(
            f"<p>No risk closed since the start of {escape(report.closed_since.label)}.</p>",
            "</section>",
        )
        return
    page.add(
        f"<p>Risks closed since the start of {escape(report.closed_since.label)}, and any "
        "closure not yet reported to the committee.</p>",
        '<table class="closed">',
        '<colgroup><col class="id"><col class="name"><col class="text"><col class="text">'
        '<col class="controls"><col class="text"><col class="date"><col class="date">'
        "</colgroup>",
        "<thead><tr><th>ID</th><th>Risk name</th><th>Description</th><th>Impact</th>"
        "<th>Key controls and activities</th><th>Closed rationale</th><th>Closed date</th>"
        "<th>Closure reported</th></tr></thead>",
        "<tbody>",
    )
    page.add(*[_closed_row(risk) for risk in report.closed_risks])
    page.add("</tbody></table>", "</section>")


def _guidance(page: _Page) -> None:
    scoring = page.report.scoring
    categories = scoring.categories
    page.add(
        '<section id="guidance" class="page">',
        "<h2>Appendix: risk scoring guidance</h2>",
        "<p>Risk score = impact × probability.</p>",
        "<h3>Impact</h3>",
        '<table class="guidance"><thead><tr><th>Impact</th>'
        + "".join(f"<th>{escape(c)}</th>" for c in categories)
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
        '<table class="guidance"><thead><tr><th>Probability</th><th>Description</th>'
        "<th>Detailed description</th><th>% chance</th><th>Relative</th><th>Frequency</th>"
        "</tr></thead><tbody>",
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
            band = scoring.band_for(score)
            cells.append(f'<td class="{page.band(band.name)}">{score}</td>')
        page.add(f'<tr><th class="num">{probability}</th>' + "".join(cells) + "</tr>")
    page.add(
        "<tr><th>Probability / Impact</th>"
        + "".join(
            f'<th class="centre">{impact}</th>' for impact in range(1, scoring.max_impact + 1)
        )
        + "</tr>",
        "</tbody></table>",
        "<h3>Rating bands</h3>",
        '<table class="scores"><thead><tr><th>Score</th><th>Rating</th></tr></thead><tbody>',
    )
    for band in scoring.bands:
        page.add(
            f'<tr><td class="num">{band.min}–{band.max}</td>'
            f'<td class="rating {page.band(band.name)}">{escape(band.name)}</td></tr>'
        )
    page.add("</tbody></table>", "</section>")


def render(report: Report) -> str:
    page = _Page(report)
    title = f"{report.title}: {report.period.label}"
    page.add(
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        "<style>" + STYLE + page.band_css + "\n"
        f".band-unknown {{ background: {UNKNOWN_COLOUR}; color: #000000; }}\n</style>",
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
    if report.public:
        page.add(
            '<p class="notice">Published version: controls, notes and actions marked '
            "restricted are left out.</p>"
        )
    page.add("</header>", "<main>", '<div class="overview">')
    _summary(page)
    _heat_map(page)
    page.add("</div>")
    _open_risks(page)
    _closed_risks(page)
    _guidance(page)
    page.add("</main>", "</body>", "</html>")
    return "\n".join(page.out) + "\n"
