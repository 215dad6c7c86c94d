"""The pack's print styles: band colours as CSS, readable ink, and the A4 page rules."""

from __future__ import annotations

from riskreg.reports.pack import (
    Report,
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


def page_rules(report: Report) -> str:
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
.kri-red { font-weight: bold; color: #9c0006; }
.kri-amber { font-weight: bold; color: #7a4a00; }
.kri-green { color: #1e5e20; }
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


def band_classes(scoring: Scoring) -> tuple[dict[str, str], str]:
    """A CSS class per band (band-1, band-2, ...) holding its fill and a readable ink."""
    classes: dict[str, str] = {}
    rules = []
    for number, band in enumerate(scoring.bands, 1):
        fill = css_colour(band.colour)
        classes[band.name] = f"band-{number}"
        rules.append(f".band-{number} {{ background: {fill}; color: {ink_for(fill)}; }}")
    return classes, "\n".join(rules)
