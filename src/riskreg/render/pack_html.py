"""The audit committee pack as one self-contained HTML file.

Inline CSS and SVG only: no script, font, image or style sheet is fetched, so the file
opens the same offline, from an email or from an archive years later. It prints on A4
landscape (`@page`) with a running header and "Page n of N", repeats table headings on
each printed page, and fills the heat map and rating cells with the band colours of
the register's config. The PDF pack is this page printed (`render/pack_pdf.py`).

Pictures are inline SVG, each with a text alternative: the heat map's movement since
last quarter, a score-over-time line per risk, and open risks by band per quarter.
Every text colour meets WCAG AA on its background: text on a band colour takes black
or white, whichever contrasts more (`ink_for`).
"""

from __future__ import annotations

import math
from html import escape

from riskreg.model.risk import Direction
from riskreg.reports.pack import (
    TREND_KEY,
    ActionLine,
    Change,
    ClosedRisk,
    ControlLine,
    Level,
    OpenRisk,
    QuarterBands,
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


def _css_string(text: str) -> str:
    """Text as a CSS string literal, for the running header."""
    return (
        '"'
        + "".join(c if c.isalnum() or c in " .,:;/()-–" else f"\\{ord(c):x} " for c in text)
        + '"'
    )


def _page_rules(report: Report) -> str:
    header = f"{report.title} · {report.period.label}"
    as_at = report.as_at.describe() if report.as_at else ""
    return (
        "@page { size: A4 landscape; margin: 14mm 10mm 12mm 10mm;\n"
        f"  @top-left {{ content: {_css_string(header)}; font: 8pt system-ui, sans-serif; "
        "color: #444; }\n"
        f"  @top-right {{ content: {_css_string(as_at)}; font: 8pt system-ui, sans-serif; "
        "color: #444; }\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages);\n'
        "                  font: 8pt system-ui, sans-serif; color: #444; } }\n"
    )


STYLE = """
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
.as-at { font-size: 10pt; margin: 0 0 6px; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
thead { display: table-header-group; }
td p { margin: 0 0 4px; }
td ul { margin: 0; padding-left: 14px; }
td li { margin: 0 0 3px; }
.num { text-align: right; }
.centre { text-align: center; }
.columns { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.columns > div { flex: 1 1 420px; min-width: 0; }
#summary h3 { margin: 8px 0 4px; }
#summary p { margin: 2px 0 5px; }
#bands-by-quarter svg { display: block; }
.changes { margin: 0 0 8px; padding-left: 18px; }
.changes li { margin: 0 0 3px; }
.changes .reason { color: #333; }
.attention { margin: 0 0 8px; padding-left: 18px; }
.overdue { font-weight: bold; color: #9c0006; }
figure { margin: 0 0 8px; }
figcaption { font-size: 9pt; color: #333; }
svg text { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; }
.maps { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
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
table.heat td.blank { border: none; background: #fff; }
table.heat { table-layout: fixed; }
table.heat col.axis-col { width: 84px; } table.heat col.level-col { width: 124px; }
table.heat col.cell-col { width: 118px; }
.heat .score { display: block; font-size: 10pt; }
.heat .ids { display: block; font-weight: bold; }
.heat a, .unscored a { color: inherit; }
.key { margin: 8px 0 0; }
.chip { display: inline-block; padding: 1px 8px; margin: 0 6px 4px 0;
  border: 1px solid #333; border-radius: 3px; font-weight: bold; }
.unscored { margin: 8px 0 0; padding: 0; list-style: none; }
.unscored li { margin: 0 0 4px; }
.rating { font-weight: bold; text-align: center; }
.rating .score-note { display: block; font-weight: normal; font-size: 8pt; color: inherit;
  white-space: normal; }
.levels div { margin: 0 0 3px; }
.levels .chip { margin: 0; padding: 0 4px; font-size: 8pt; }
.spark { display: block; margin-top: 4px; }
.spark-words { display: block; font-size: 8pt; }
.owner { display: block; margin-top: 4px; color: #333; }
td p.sub { font-weight: bold; margin: 6px 0 2px; }
.trend { text-align: center; font-size: 11pt; white-space: nowrap; }
.trend.improved { color: #1a7f37; } .trend.worsened { color: #c00000; }
.trend.unchanged { color: #1f4e9c; } .trend.new { color: #7030a0; font-size: 9pt; }
.trend.na { color: #666; font-size: 9pt; }
.restricted { font-style: italic; color: #7a3b00; }
table.risks { font-size: 8.5pt; }
table.risks td, table.closed td { overflow-wrap: break-word; }
.id { white-space: nowrap; font-weight: bold; }
table.risks { table-layout: fixed; }
table.risks col.id { width: 5.5%; } table.risks col.name { width: 10%; }
table.risks col.text { width: 15.5%; } table.risks col.controls { width: 25%; }
table.risks col.q { width: 3.5%; } table.risks col.rating { width: 7.5%; }
table.risks col.levels { width: 7%; }
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
  figure, .changes li { break-inside: avoid; }
  .columns, .maps { flex-wrap: nowrap; }
  table.heat td { width: 80px; height: 44px; }
  table.heat col.cell-col { width: 80px; }
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


def _change_items(changes: tuple[Change, ...]) -> list[str]:
    items = []
    for change in changes:
        reason = f' <span class="reason">– {escape(change.reason)}</span>' if change.reason else ""
        items.append(
            f'<li><a href="#{escape(change.id)}">{escape(change.id)}</a> '
            f"{escape(change.name)}: {escape(change.what)}{reason}</li>"
        )
    return items


def _since_last_quarter(page: _Page) -> None:
    report = page.report
    changes = report.changes
    page.add(f"<h3>Since {escape(report.previous.label)}</h3>")
    if changes.empty:
        page.add("<p>No risk was added, reopened, closed or re-rated this quarter.</p>")
    for title, group in (
        ("New", changes.new),
        ("Reopened", changes.reopened),
        ("Closed", changes.closed),
        ("Re-rated", changes.rerated),
        ("Scored for the first time", changes.first_scored),
    ):
        if group:
            page.add(
                f"<p><strong>{title} ({len(group)})</strong></p>",
                '<ul class="changes">',
                *_change_items(group),
                "</ul>",
            )


def _attention(page: _Page) -> None:
    report = page.report
    when = f" on {long_date(report.as_at.day)}" if report.as_at else ""
    page.add("<h3>Needs attention</h3>", '<ul class="attention">')
    above = _id_links(report.above_target)
    page.add(f"<li>Residual score above target: {above}.</li>")
    reviews = ", ".join(
        f'<a href="#{escape(risk_id)}">{escape(risk_id)}</a> (due {long_date(due)})'
        for risk_id, due in report.overdue_reviews
    )
    page.add(f"<li>Reviews overdue{when}: {reviews or 'none'}.</li>")
    actions = "; ".join(
        f'<a href="#{escape(late.id)}">{escape(late.id)}</a> {escape(late.action.text)}'
        f" ({_action_who_when(late.action)})"
        for late in report.overdue_actions
    )
    page.add(f"<li>Actions overdue{when}: {actions or 'none'}.</li>")
    if report.appetite is not None:
        outside = _id_links(report.outside_appetite)
        page.add(
            f"<li>Outside appetite ({len(report.outside_appetite)}): "
            f'{outside} (<a href="#appetite">by category</a>).</li>'
        )
    page.add("</ul>")


def _appetite(page: _Page) -> None:
    """Each risk category's appetite, with its open risks within and outside it."""
    report = page.report
    if report.appetite is None:
        return
    page.add(
        '<section id="appetite">',
        "<h2>Risk appetite</h2>",
        '<table class="appetite">',
        '<thead><tr><th scope="col">Risk category</th><th scope="col">Appetite</th>'
        '<th scope="col" class="num">Up to</th><th scope="col">Within</th>'
        '<th scope="col">Outside appetite</th></tr></thead>',
        "<tbody>",
    )
    for row in report.appetite:
        outside = _id_links(row.outside) if row.outside else "none"
        page.add(
            f"<tr><td>{escape(row.category)}</td><td>{escape(row.level)}</td>"
            f'<td class="num">{escape(row.tolerance)}</td><td>{_id_links(row.within)}</td>'
            f'<td class="{"overdue" if row.outside else ""}">{outside}</td></tr>'
        )
    page.add(
        "</tbody></table>",
        f"<p>{len(report.outside_appetite)} open risk(s) outside appetite.</p>",
        "</section>",
    )


def _svg_text(x: float, y: float, words: str, background: str, anchor: str = "middle") -> str:
    """SVG text in the ink that reads best on `background`, which it records for checks."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="11" '
        f'fill="{ink_for(background)}" data-background="{background}">{escape(words)}</text>'
    )


NOT_RECORDED_FILL = "#ffffff"


def _band_chart(page: _Page) -> None:
    """Open risks by band at the end of each quarter on record, as stacked bars."""
    report = page.report
    history = report.band_history
    if not history:
        return
    bar, gap, left, top, chart = 44, 20, 24, 18, 96
    tallest = max(max(q.recorded + q.not_recorded for q in history), 1)
    width = left + len(history) * (bar + gap)
    height = top + chart + 34
    parts: list[str] = []
    words: list[str] = []
    for index, quarter in enumerate(history):
        x = left + index * (bar + gap)
        y: float = top + chart
        total = quarter.recorded + quarter.not_recorded
        described = _quarter_words(quarter)
        words.append(f"{quarter.quarter.label}: {described}")
        segments = [
            (tally.count, css_colour(tally.colour), tally.band)
            for tally in quarter.tallies
            if tally.count
        ]
        for count, fill, band in reversed(segments):  # lowest band at the bottom
            tall = chart * count / tallest
            y -= tall
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{tall:.1f}" fill="{fill}" '
                f'stroke="#333" stroke-width="0.8"><title>{escape(band)}: {count}</title></rect>'
            )
            if tall >= 13:
                parts.append(_svg_text(x + bar / 2, y + tall / 2 + 4, str(count), fill))
        if quarter.not_recorded:
            tall = chart * quarter.not_recorded / tallest
            y -= tall
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{tall:.1f}" '
                f'fill="{NOT_RECORDED_FILL}" stroke="#555" stroke-dasharray="3 2">'
                f"<title>Not recorded: {quarter.not_recorded}</title></rect>"
            )
            if tall >= 13:
                parts.append(_svg_text(x + bar / 2, y + tall / 2 + 4, "n/r", NOT_RECORDED_FILL))
        parts.append(_svg_text(x + bar / 2, y - 5, str(total), "#ffffff"))
        label = quarter_heading(quarter.quarter)
        parts.append(_svg_text(x + bar / 2, top + chart + 16, label, "#ffffff"))
    alternative = "Open risks by band at the end of each quarter. " + "; ".join(words) + "."
    page.add(
        '<figure id="bands-by-quarter">',
        "<h3>Open risks by band, by quarter</h3>",
        f'<svg role="img" aria-label="{escape(alternative)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(alternative)}</title>'
        + "".join(parts)
        + "</svg>",
        '<figcaption><p class="key">'
        + "".join(
            f'<span class="chip {page.band(band.name)}">{escape(band.name)}</span>'
            for band in reversed(report.scoring.bands)
        )
        + '<span class="chip band-none">n/r: not recorded</span></p>'
        '<p class="note">Risks open at each quarter\'s end, by the rating recorded for that '
        "quarter; with none recorded then, not recorded (never today's rating).</p>"
        "</figcaption>",
        "</figure>",
    )


def _quarter_words(quarter: QuarterBands) -> str:
    counted = [f"{tally.count} {tally.band}" for tally in quarter.tallies if tally.count]
    if quarter.not_recorded:
        counted.append(f"{quarter.not_recorded} not recorded")
    return ", ".join(counted) if counted else "no open risks"


def _arrow(risk_id: str, x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with its head drawn as a triangle: no marker, so no url() reference."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - 9 * ux, y2 - 9 * uy  # the base of the head
    head = (
        f"{x2:.1f},{y2:.1f} {bx - 4.5 * uy:.1f},{by + 4.5 * ux:.1f} "
        f"{bx + 4.5 * uy:.1f},{by - 4.5 * ux:.1f}"
    )
    return (
        f'<g class="move" data-risk="{escape(risk_id)}"><line x1="{x1:.1f}" y1="{y1:.1f}" '
        f'x2="{bx:.1f}" y2="{by:.1f}" stroke="#000" stroke-width="2"/>'
        f'<polygon points="{head}" fill="#000"/></g>'
    )


def _movement_map(page: _Page) -> None:
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
            band = scoring.band_for(probability * impact)
            parts.append(
                f'<rect x="{left + (impact - 1) * cell_w}" '
                f'y="{top + (rows - probability) * cell_h}" '
                f'width="{cell_w}" height="{cell_h}" fill="{css_colour(band.colour)}" '
                'stroke="#333" stroke-width="0.8"/>'
            )
        parts.append(
            _svg_text(
                left - 8,
                top + (rows - probability + 0.5) * cell_h + 4,
                str(probability),
                "#ffffff",
                "end",
            )
        )
    for impact in range(1, columns + 1):
        parts.append(
            _svg_text(
                left + (impact - 0.5) * cell_w, top + rows * cell_h + 14, str(impact), "#ffffff"
            )
        )
    parts.append(
        _svg_text(left + columns * cell_w / 2, top + rows * cell_h + 29, "Impact", "#ffffff")
    )
    words = []
    for index, move in enumerate(report.moves):
        x1, y1 = centre(*move.before)
        x2, y2 = centre(*move.after)
        shift = (index % 3 - 1) * 5  # risks on the same path side by side
        parts.append(_arrow(move.id, x1 + shift, y1 + shift, x2 + shift, y2 + shift))
        fill = css_colour(scoring.band_for(move.after[0] * move.after[1]).colour)
        parts.append(_svg_text(x2 + shift, y2 + shift + 15, move.id, fill))
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


def _summary(page: _Page) -> None:
    report = page.report
    page.add(
        '<section id="summary">',
        "<h2>Executive summary</h2>",
        '<div class="columns"><div>',
        '<table class="counts">',
        f'<thead><tr><th scope="col">Rating</th>'
        f'<th scope="col" class="num">{escape(report.previous.label)}</th>'
        f'<th scope="col" class="num">{escape(report.period.label)}</th>'
        '<th scope="col" class="num">Change</th></tr></thead>',
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
    )
    if report.reopened_ids:
        page.add(f"<p>Reopened this quarter: {_id_links(report.reopened_ids)}.</p>")
    page.add(f"<p>Closed this quarter: {_id_links(report.closed_ids)}.</p>")
    if report.movement:
        words = [movement_phrase(direction, number) for direction, number in report.movement]
        page.add(
            f"<p>Direction of travel in {escape(report.period.label)}: "
            f"{escape(', '.join(words))}.</p>"
        )
    page.add(f'<p class="note">{escape(previous_note(report))}</p>')
    _band_chart(page)
    page.add("</div><div>")
    _since_last_quarter(page)
    _attention(page)
    page.add("</div></div>", "</section>")


def _heat_map(page: _Page) -> None:
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
            ids = f'<span class="ids">{_id_links(cell.ids)}</span>' if cell.ids else ""
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
    page.add("</figure>", "</div><div>")
    _movement_map(page)
    page.add("</div></div>", "</section>")


def _trend_cell(direction: Direction | None) -> str:
    if direction is None:
        return '<td class="trend"></td>'
    return f'<td class="trend {TREND_CLASSES[direction]}">{escape(trend_label(direction))}</td>'


def _score_note(risk: OpenRisk) -> str:
    if risk.score is None:
        return ""
    return f'<span class="score-note">{risk.impact} × {risk.probability} = {risk.score}</span>'


def _open_risks(page: _Page) -> None:
    report = page.report
    headings = "".join(
        f'<th scope="col" class="centre">{escape(quarter_heading(q)).replace(" ", "<br>")}</th>'
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
        + '<col class="rating"><col class="levels"></colgroup>',
        '<thead><tr><th scope="col">ID</th><th scope="col">Risk name and owner</th>'
        '<th scope="col">Description</th><th scope="col">Impact</th>'
        f'<th scope="col">Key controls, activities and actions</th>{headings}'
        '<th scope="col">Residual risk rating</th><th scope="col">Inherent, target and '
        "score over time</th></tr></thead>",
        "<tbody>",
    )
    for risk in report.open_risks:
        page.add(_open_row(page, risk))
    page.add(
        "</tbody></table>",
        f'<p class="trend-key"><strong>Risk trend key:</strong> {escape(TREND_KEY)}</p>',
        "</section>",
    )


def _action_who_when(action: ActionLine) -> str:
    parts = [action.owner] if action.owner else []
    if action.due:
        parts.append(f"due {long_date(action.due)}")
    parts.append(action.status)
    return ", ".join(parts)


def _actions(actions: tuple[ActionLine, ...]) -> str:
    if not actions:
        return ""
    items = []
    for action in actions:
        late = ' <span class="overdue">Overdue</span>' if action.overdue else ""
        restricted = ' <span class="restricted">(restricted)</span>' if action.restricted else ""
        items.append(
            f"<li>{escape(action.text)} ({escape(_action_who_when(action))}){late}{restricted}</li>"
        )
    return '<p class="sub">Further actions</p><ul>' + "".join(items) + "</ul>"


def _owner(risk: OpenRisk) -> str:
    who = " · ".join(escape(part) for part in (risk.owner, risk.department) if part)
    return f'<span class="owner">Owner: {who}</span>' if who else ""


def _level_line(page: _Page, what: str, level: Level | None) -> str:
    if level is None:
        return f"<div>{what}: not recorded</div>"
    score = f" {level.score}" if level.score is not None else ""
    return (
        f'<div>{what}: <span class="chip {page.band(level.rating)}">{escape(level.rating)}'
        f"</span>{score}</div>"
    )


def sparkline(risk: OpenRisk) -> str:
    """A small line of the residual score per quarter, oldest first; empty without a history."""
    points = risk.scores
    if len(points) < 2:
        return ""
    width, height, pad = 110, 36, 5
    top = max(max(point.score for point in points), 1)
    step = (width - 2 * pad) / (len(points) - 1)
    xy = [
        (pad + index * step, height - pad - (height - 2 * pad) * point.score / top)
        for index, point in enumerate(points)
    ]
    words = ", ".join(f"{point.score} in {point.quarter.label}" for point in points)
    label = f"{risk.id} residual score over time: {words}"
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="#111"/>' for x, y in xy)
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    return (
        f'<svg class="spark" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} '
        f'{height}" width="60" height="26" preserveAspectRatio="none">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f'<polyline points="{line}" fill="none" stroke="#1f4e9c" stroke-width="1.6"/>'
        f"{dots}</svg>"
        f'<span class="note spark-words">{" → ".join(str(p.score) for p in points)}</span>'
    )


def _levels(page: _Page, risk: OpenRisk) -> str:
    above = '<div class="overdue">Above target</div>' if risk.above_target else ""
    category = f"<div>Driven by: {escape(risk.category)}</div>" if risk.category else ""
    appetite = ""
    if risk.risk_category:
        appetite += f"<div>Risk category: {escape(risk.risk_category)}</div>"
    if risk.outside_appetite:
        appetite += f'<div class="overdue">Outside appetite: {escape(risk.outside_appetite)}</div>'
    if risk.escalation:
        appetite += f"<div>Escalated {escape(risk.escalation)}</div>"
    return (
        '<td class="levels">'
        + _level_line(page, "Inherent", risk.inherent)
        + _level_line(page, "Target", risk.target)
        + above
        + category
        + appetite
        + sparkline(risk)
        + "</td>"
    )


def _open_row(page: _Page, risk: OpenRisk) -> str:
    trend = "".join(_trend_cell(direction) for direction in risk.trend)
    note = f'<p class="sub">Latest score note</p><p>{escape(risk.note)}</p>' if risk.note else ""
    review = ""
    if risk.review_overdue and risk.next_review:
        review = f'<p class="overdue">Review overdue: due {long_date(risk.next_review)}</p>'
    return (
        f'<tr id="{escape(risk.id)}"><th scope="row" class="id">{escape(risk.id)}</th>'
        f"<td>{escape(risk.name)}{_owner(risk)}</td><td>{_paragraphs(risk.description)}</td>"
        f"<td>{_paragraphs(risk.impact_narrative)}</td><td>{_controls(risk.controls)}"
        f"{_actions(risk.actions)}{note}{review}</td>"
        f'{trend}<td class="rating {page.band(risk.rating)}">{escape(risk.rating)}'
        f"{_score_note(risk)}</td>{_levels(page, risk)}</tr>"
    )


def _closed_row(risk: ClosedRisk) -> str:
    reported = long_date(risk.reported) if risk.reported else "Not yet reported"
    return (
        f'<tr id="{escape(risk.id)}"><th scope="row" class="id">{escape(risk.id)}</th>'
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
        '<thead><tr><th scope="col">ID</th><th scope="col">Risk name</th>'
        '<th scope="col">Description</th><th scope="col">Impact</th>'
        '<th scope="col">Key controls and activities</th><th scope="col">Closed rationale</th>'
        '<th scope="col">Closed date</th><th scope="col">Closure reported</th></tr></thead>',
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
            band = scoring.band_for(score)
            cells.append(f'<td class="{page.band(band.name)}">{score}</td>')
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
        "<style>" + _page_rules(report) + STYLE + page.band_css + "\n"
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
    _summary(page)
    _heat_map(page)
    _appetite(page)
    _open_risks(page)
    _closed_risks(page)
    _guidance(page)
    page.add("</main>", "</body>", "</html>")
    return "\n".join(page.out) + "\n"
