"""The heat map as one inline SVG: the residual cells, the risks in each, and the moves.

Each cell shows its score and the IDs of the open risks scored there, in the ink that
reads best on its band colour. For every risk whose cell differs from the one its
history records at the end of last quarter, a black arrow runs from that cell to the
cell it is in now. No script, no marker (the arrow head is a triangle), so it prints
the same from a browser and from WeasyPrint; the text alternative (`aria-label`, the
`<title>` and the caption) names every cell's risks and every move.
"""

from __future__ import annotations

import math
from html import escape

from riskreg.render.pack.styles import css_colour, ink_for
from riskreg.reports.pack import Move, Report

CELL_WIDTH = 104
CELL_HEIGHT = 58
LINE = 13
IDS_PER_LINE = 3
LEFT = 138  # the probability axis: its name and each level's description
AXIS_INK_ON = "#ffffff"


def move_words(move: Move) -> str:
    """CRR05 from probability 4 impact 3 to probability 3 impact 3."""
    return (
        f"{move.id} from probability {move.before[0]} impact {move.before[1]} to "
        f"probability {move.after[0]} impact {move.after[1]}"
    )


def _text(
    x: float,
    y: float,
    words: str,
    background: str,
    size: float = 11,
    anchor: str = "middle",
    extra: str = "",
) -> str:
    """SVG text in the ink that reads best on `background`, which it records for checks."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{ink_for(background)}" data-background="{background}"{extra}>'
        f"{escape(words)}</text>"
    )


def arrow(risk_id: str, x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with its head drawn as a triangle: no marker, so no url() reference."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - 12 * ux, y2 - 12 * uy  # the base of the head
    left = (bx - 6 * uy, by + 6 * ux)
    right = (bx + 6 * uy, by - 6 * ux)
    return (
        f'<g class="move" data-risk="{escape(risk_id)}">'
        f'<path d="M {x1:.1f} {y1:.1f} L {bx:.1f} {by:.1f}" stroke="#000000" '
        f'stroke-width="2.5" fill="none"/>'
        f'<path d="M {x2:.1f} {y2:.1f} L {left[0]:.1f} {left[1]:.1f} '
        f'L {right[0]:.1f} {right[1]:.1f} Z" fill="#000000"/></g>'
    )


def heat_map(report: Report) -> str:
    """The residual heat map, probability up and impact across, as an SVG."""
    scoring = report.scoring
    rows = report.heat_map
    columns = scoring.max_impact
    lines_in_row = [
        max([1, *(math.ceil(len(cell.ids) / IDS_PER_LINE) for cell in row)]) for row in rows
    ]
    heights = [max(CELL_HEIGHT, 22 + lines * LINE + 6) for lines in lines_in_row]
    tops = [sum(heights[:index]) + 4 for index in range(len(rows))]
    grid_height = sum(heights)
    width = LEFT + columns * CELL_WIDTH + 6
    height = 4 + grid_height + 40
    parts: list[str] = []
    texts: list[str] = []  # drawn over the arrows
    centres: dict[tuple[int, int], tuple[float, float]] = {}
    described: list[str] = []
    for row, top, tall in zip(rows, tops, heights, strict=True):
        probability = row[0].probability
        level = scoring.probability_level(probability)
        name = f"{probability} {level.description}" if level else str(probability)
        parts.append(_text(LEFT - 8, top + tall / 2 + 4, name, AXIS_INK_ON, anchor="end"))
        for cell in row:
            x = LEFT + (cell.impact - 1) * CELL_WIDTH
            fill = css_colour(cell.colour)
            # Arrows run below the IDs, through the foot of each cell.
            centres[(cell.probability, cell.impact)] = (x + CELL_WIDTH / 2, top + tall - 13)
            parts.append(
                f'<rect class="cell" x="{x}" y="{top}" width="{CELL_WIDTH}" height="{tall}" '
                f'fill="{fill}" stroke="#333333" stroke-width="1"><title>{escape(cell.band)} '
                f"{cell.score}</title></rect>"
            )
            texts.append(_text(x + 6, top + 14, str(cell.score), fill, 10, "start"))
            if cell.ids:
                described.append(
                    f"probability {cell.probability} impact {cell.impact} ({cell.band}): "
                    + ", ".join(cell.ids)
                )
            bold = ' font-weight="bold"'
            for line in range(0, len(cell.ids), IDS_PER_LINE):
                words = ", ".join(cell.ids[line : line + IDS_PER_LINE])
                y = top + 30 + (line // IDS_PER_LINE) * LINE
                texts.append(_text(x + CELL_WIDTH / 2, y, words, fill, 11, "middle", bold))
    bottom = 4 + grid_height
    for impact in range(1, columns + 1):
        parts.append(
            _text(LEFT + (impact - 0.5) * CELL_WIDTH, bottom + 15, str(impact), AXIS_INK_ON)
        )
    parts.append(
        _text(
            LEFT + columns * CELL_WIDTH / 2,
            bottom + 33,
            "Impact",
            AXIS_INK_ON,
            12,
            extra=' font-weight="bold"',
        )
    )
    parts.append(
        _text(
            14,
            4 + grid_height / 2,
            "Probability",
            AXIS_INK_ON,
            12,
            extra=f' font-weight="bold" transform="rotate(-90 14 {4 + grid_height / 2:.1f})"',
        )
    )
    for index, move in enumerate(report.moves):
        x1, y1 = centres[move.before]
        x2, y2 = centres[move.after]
        shift = (index % 3 - 1) * 6  # risks on the same path side by side
        parts.append(arrow(move.id, x1 + shift, y1 + shift, x2 + shift, y2 + shift))
    alternative = "Residual risk heat map, probability by impact. " + (
        "; ".join(described) if described else "No open risk is scored."
    )
    if report.moves:
        alternative += f". Moves since {report.previous.label}: " + "; ".join(
            move_words(move) for move in report.moves
        )
    alternative += "."
    return (
        f'<svg class="heat-map" role="img" aria-label="{escape(alternative)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(alternative)}</title>" + "".join(parts + texts) + "</svg>"
    )
