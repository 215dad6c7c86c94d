"""The pack's colours: band colours as CSS, the ink that reads on them, CSS strings."""

from __future__ import annotations

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


def css_string(text: str) -> str:
    """Text as a CSS string literal, for the running header."""
    return (
        '"'
        + "".join(c if c.isalnum() or c in " .,:;/()-–" else f"\\{ord(c):x} " for c in text)
        + '"'
    )


def band_classes(scoring: Scoring) -> tuple[dict[str, str], str]:
    """A CSS class per band (band-1, band-2, ...) holding its fill and a readable ink."""
    classes: dict[str, str] = {}
    rules = []
    for number, band in enumerate(scoring.bands, 1):
        fill = css_colour(band.colour)
        classes[band.name] = f"band-{number}"
        rules.append(f".band-{number} {{ background: {fill}; color: {ink_for(fill)}; }}")
    return classes, "\n".join(rules)
