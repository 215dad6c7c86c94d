"""The audit committee pack as one self-contained HTML file, built from templates.

Inline CSS and SVG only: no script, font, image or style sheet is fetched, so the file
opens the same offline, from an email or from an archive years later. It prints on A4
landscape (`@page`) with a running header and footer and "Page n of N", repeats table
headings on each printed page, and fills the heat map and rating cells with the band
colours of the register's config. The PDF pack is this page printed (`render/pack/pdf.py`).

The page is laid out by Jinja2 templates in `templates/` (autoescaped, so register text
can never become markup): `pack.html` holds the page, `cover.html` its opening, and one
template per section, included in `SECTIONS` order. `report --template-dir DIR` (or
`pack: templates:` in riskreg.yaml) puts DIR first: a file there replaces the bundled
one of the same name, and may extend it as `riskreg/NAME`. The pictures are drawn in
Python (`charts`, `heat_map`), each with a text alternative, and every text colour
meets WCAG AA on its background (`styles.ink_for`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riskreg.errors import ConfigError
from riskreg.model.risk import Direction
from riskreg.reports.pack import (
    TREND_KEY,
    ActionLine,
    Report,
    long_date,
    movement_phrase,
    period_range,
    previous_note,
    quarter_heading,
    trend_label,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"

# The pack's sections in the order it prints them, each a template of that name. A new
# section is a template in templates/ (and, for its data, a module of reports/pack/),
# listed here where it belongs.
SECTIONS = (
    "summary.html",
    "heat_map.html",
    "appetite.html",
    "treatment.html",
    "indicators.html",
    "objectives.html",
    "open_risks.html",
    "closed_risks.html",
    "guidance.html",
)

TREND_CLASSES = {
    Direction.IMPROVED: "improved",
    Direction.WORSENED: "worsened",
    Direction.UNCHANGED: "unchanged",
    Direction.NEW: "new",
    Direction.NA: "na",
}


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{-number}")


def _action_who_when(action: ActionLine) -> str:
    parts = [action.owner] if action.owner else []
    if action.due:
        parts.append(f"due {long_date(action.due)}")
    parts.append(action.status)
    return ", ".join(parts)


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The templates: the user's folder first (when given), then the bundled ones."""
    import jinja2

    bundled = jinja2.FileSystemLoader(TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise ConfigError(f"{template_dir}: no such folder of pack templates")
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders += [bundled, jinja2.PrefixLoader({"riskreg": bundled})]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _helpers(report: Report) -> dict[str, Any]:
    from markupsafe import Markup, escape

    from riskreg.model.text_layout import Bullets, Paragraph, text_blocks
    from riskreg.render.pack.charts import band_chart, sparkline
    from riskreg.render.pack.heat_map import heat_map, move_words
    from riskreg.render.pack.styles import UNKNOWN_COLOUR, band_classes, css_string

    bands, band_css = band_classes(report.scoring)

    def paragraphs(text: str) -> Markup:
        """Text as HTML: each paragraph a <p>, each bullet list a <ul>."""
        out = []
        for block in text_blocks(text):
            if isinstance(block, Bullets):
                items = Markup("").join(Markup("<li>{}</li>").format(i) for i in block.items)
                out.append(Markup("<ul>{}</ul>").format(items))
            else:
                out.append(Markup("<p>{}</p>").format(block.text))
        return Markup("").join(out)

    def control_text(text: str) -> Markup:
        """A control of one paragraph is its list item's text; a longer one keeps its
        paragraphs and bullets inside the item."""
        blocks = text_blocks(text)
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            return escape(blocks[0].text)
        return paragraphs(text)

    def id_links(ids: tuple[str, ...]) -> Markup:
        if not ids:
            return Markup("none")
        return Markup(", ").join(Markup('<a href="#{0}">{0}</a>').format(i) for i in ids)

    return {
        "report": report,
        "sections": SECTIONS,
        "marking": report.marking,
        "band": lambda name: bands.get(name, "band-unknown"),
        "band_css": Markup(band_css),
        "unknown_colour": UNKNOWN_COLOUR,
        "css_string": lambda text: Markup(css_string(str(text))),
        "paragraphs": paragraphs,
        "control_text": control_text,
        "id_links": id_links,
        "signed": _signed,
        "action_who_when": _action_who_when,
        "long_date": long_date,
        "period_range": period_range,
        "previous_note": previous_note,
        "movement_phrase": movement_phrase,
        "quarter_heading": quarter_heading,
        "trend_label": trend_label,
        "trend_class": lambda direction: TREND_CLASSES[direction],
        "trend_key": TREND_KEY,
        "band_chart": lambda report: Markup(band_chart(report)),
        "heat_map": lambda report: Markup(heat_map(report)),
        "move_words": move_words,
        "sparkline": lambda risk: Markup(sparkline(risk)),
        "unscored_count": lambda report: sum(len(group.ids) for group in report.unscored),
        "escape": escape,
    }


def _where(error: BaseException, fallback: str) -> str:
    """`file:line` of the template frame an error was raised in, as Jinja2 reports it."""
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if name is None:
        traceback = error.__traceback__
        while traceback is not None:
            code = traceback.tb_frame.f_code
            if code.co_filename.endswith((".html", ".css")) or "templates" in code.co_filename:
                name, line = code.co_filename, traceback.tb_lineno
            traceback = traceback.tb_next
    return f"{name or fallback}:{line}" if line else (name or fallback)


def render(report: Report) -> str:
    """The pack as one HTML page, from `pack.html` and the templates it includes."""
    import jinja2

    template_dir = Path(report.templates) if report.templates else None
    env = environment(template_dir)
    helpers = _helpers(report)
    env.filters["css_string"] = helpers["css_string"]
    try:
        page = env.get_template("pack.html").render(helpers)
    except jinja2.TemplateSyntaxError as error:
        raise ConfigError(
            f"{_where(error, 'pack.html')}: template error: {error.message}"
        ) from None
    except jinja2.TemplateNotFound as error:
        raise ConfigError(
            f"template {error.name} not found (looked in {_folders(template_dir)})"
        ) from None
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError, KeyError) as error:
        message = getattr(error, "message", None) or str(error)
        message = re.sub(r"'(?:\w+\.)*(\w+) object'", r"\1", message)  # not riskreg's modules
        raise ConfigError(f"{_where(error, 'pack.html')}: template error: {message}") from None
    return page


def _folders(template_dir: Path | None) -> str:
    return ", ".join(str(folder) for folder in (template_dir, TEMPLATES) if folder is not None)
