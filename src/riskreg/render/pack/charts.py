"""The pack's pictures as inline SVG, each with a text alternative."""

from __future__ import annotations

from html import escape

from riskreg.render.pack.styles import css_colour, ink_for
from riskreg.reports.pack import (
    OpenRisk,
    QuarterBands,
    Report,
    quarter_heading,
)


def svg_text(x: float, y: float, words: str, background: str, anchor: str = "middle") -> str:
    """SVG text in the ink that reads best on `background`, which it records for checks."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="11" '
        f'fill="{ink_for(background)}" data-background="{background}">{escape(words)}</text>'
    )


NOT_RECORDED_FILL = "#ffffff"


def band_chart(report: Report) -> str:
    """Open risks by band at the end of each quarter on record, as stacked bars (SVG)."""
    history = report.band_history
    if not history:
        return ""
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
                parts.append(svg_text(x + bar / 2, y + tall / 2 + 4, str(count), fill))
        if quarter.not_recorded:
            tall = chart * quarter.not_recorded / tallest
            y -= tall
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{tall:.1f}" '
                f'fill="{NOT_RECORDED_FILL}" stroke="#555" stroke-dasharray="3 2">'
                f"<title>Not recorded: {quarter.not_recorded}</title></rect>"
            )
            if tall >= 13:
                parts.append(svg_text(x + bar / 2, y + tall / 2 + 4, "n/r", NOT_RECORDED_FILL))
        parts.append(svg_text(x + bar / 2, y - 5, str(total), "#ffffff"))
        label = quarter_heading(quarter.quarter)
        parts.append(svg_text(x + bar / 2, top + chart + 16, label, "#ffffff"))
    alternative = "Open risks by band at the end of each quarter. " + "; ".join(words) + "."
    return (
        f'<svg role="img" aria-label="{escape(alternative)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(alternative)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def _quarter_words(quarter: QuarterBands) -> str:
    counted = [f"{tally.count} {tally.band}" for tally in quarter.tallies if tally.count]
    if quarter.not_recorded:
        counted.append(f"{quarter.not_recorded} not recorded")
    return ", ".join(counted) if counted else "no open risks"


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
