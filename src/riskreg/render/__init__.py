"""Renderers: one registry for every output format, chosen by `--format`.

Each kind of result has one `Format` below (LISTING for `riskreg list`, DETAIL for
`show`, PROBLEMS for `validate`, GUIDANCE, DIFF, HISTORY, PACK for `report`, EXPORT,
OWNERS for `owners`, ROLLUP for `rollup`).
A Format maps each `--format` name to its renderer, and the command's `--format`
choices are that mapping's keys (`ListingFormat` and the rest are built from them).

A renderer takes the result and either returns its content (`returns(...)`: text, or
bytes for a binary format such as PDF), or also takes the stream it is given and writes
to it (`writes(...)`: rich output, which decorates text with colour on a terminal only).
Renderers are named by "module:function" and imported when used, so `riskreg --help`
loads none of them.

To add a format, add one line to its kind's Format below, e.g. an ODF spreadsheet:

    "ods": returns("riskreg.render.export:render_ods"),

and write `render_ods(export) -> bytes` in render/export.py. The command then offers
`--format ods` and writes it with `EXPORT.write(name, result, sys.stdout)` (bytes go to
stdout's buffer), or gets it with `EXPORT.content(name, result)` to write to a file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO


class Renderer:
    """Where a renderer lives ("module:function"), and whether it writes to a stream."""

    __slots__ = ("streams", "target")

    def __init__(self, target: str, streams: bool) -> None:
        self.target = target
        self.streams = streams

    def function(self) -> Callable[..., Any]:
        module, _, name = self.target.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


def returns(target: str) -> Renderer:
    """A renderer `function(result) -> str`."""
    return Renderer(target, streams=False)


def writes(target: str) -> Renderer:
    """A renderer `function(result, out) -> None` that writes to the stream `out`."""
    return Renderer(target, streams=True)


class Format:
    """The formats one kind of result can be rendered in, by `--format` name."""

    def __init__(self, kind: str, renderers: dict[str, Renderer]) -> None:
        self.kind = kind
        self.renderers = renderers
        # The --format choices, as Typer wants them: an Enum of the names, first the default.
        names = {name: name for name in renderers}
        self.choices: Any = Enum(f"{kind.capitalize()}Format", names, type=str)  # type: ignore[misc]

    @property
    def names(self) -> list[str]:
        return list(self.renderers)

    @property
    def default(self) -> Any:
        """The first format, as the choice Typer shows as the default."""
        return next(iter(self.choices))

    def renderer(self, name: str) -> Callable[..., Any]:
        return self.renderers[chosen_name(name)].function()

    def write(self, name: str, result: Any, out: TextIO) -> None:
        """Render `result` in format `name` to the stream `out` (bytes to its buffer)."""
        renderer = self.renderers[chosen_name(name)]
        if renderer.streams:
            renderer.function()(result, out)
            return
        content: str | bytes = renderer.function()(result)
        if isinstance(content, bytes):
            out.flush()
            out.buffer.write(content)
        else:
            out.write(content)

    def content(self, name: str, result: Any) -> str | bytes:
        """`result` rendered in format `name`: text, or bytes for a binary format."""
        renderer = self.renderers[chosen_name(name)]
        if renderer.streams:
            import io

            buffer = io.StringIO()
            renderer.function()(result, buffer)
            return buffer.getvalue()
        content: str | bytes = renderer.function()(result)
        return content


def chosen_name(name: str) -> str:
    """A --format name, whether Typer passed the choice (an Enum member) or its string."""
    return str(name.value) if isinstance(name, Enum) else name


LISTING = Format(
    "listing",
    {
        "table": writes("riskreg.render.listing:render_table"),
        "json": writes("riskreg.render.listing:render_json"),
        "csv": writes("riskreg.render.listing:render_csv"),
        "md": writes("riskreg.render.listing:render_md"),
    },
)
DETAIL = Format(
    "detail",
    {
        "text": writes("riskreg.render.detail:render_text"),
        "json": writes("riskreg.render.detail:render_json"),
        "yaml": writes("riskreg.render.detail:render_yaml"),
    },
)
PROBLEMS = Format(
    "problems",
    {
        "auto": writes("riskreg.render.problems:render_auto"),
        "text": writes("riskreg.render.problems:render_text"),
        "parsable": writes("riskreg.render.problems:render_parsable"),
        "github": writes("riskreg.render.problems:render_github"),
        "json": writes("riskreg.render.problems:render_json"),
    },
)
GUIDANCE = Format(
    "guidance",
    {
        "table": writes("riskreg.render.guidance:render_table"),
        "json": writes("riskreg.render.guidance:render_json"),
    },
)
DIFF = Format(
    "diff",
    {
        "text": returns("riskreg.render.diff:render_text"),
        "json": returns("riskreg.render.diff:render_json"),
    },
)
HISTORY = Format(
    "history",
    {
        "text": returns("riskreg.render.score_history:render_text"),
        "json": returns("riskreg.render.score_history:render_json"),
    },
)
PACK = Format(
    "pack",
    {
        "md": returns("riskreg.render.pack.markdown:render"),
        "html": returns("riskreg.render.pack.html:render"),
        "pdf": returns("riskreg.render.pack.pdf:render"),
    },
)
EXPORT = Format(
    "export",
    {
        "csv": returns("riskreg.render.export:render_csv"),
        "json": returns("riskreg.render.export:render_json"),
        "tsv": returns("riskreg.render.export:render_tsv"),
        "xlsx": returns("riskreg.render.export:render_xlsx"),
    },
)
OWNERS = Format(
    "owners",
    {
        "text": returns("riskreg.render.owners:render_text"),
        "md": returns("riskreg.render.owners:render_md"),
        "json": returns("riskreg.render.owners:render_json"),
    },
)
ROLLUP = Format(
    "rollup",
    {
        "table": writes("riskreg.render.rollup:render_table"),
        "json": returns("riskreg.render.rollup:render_json"),
        "md": returns("riskreg.render.rollup:render_md"),
        "csv": returns("riskreg.render.rollup:render_csv"),
    },
)

FORMATS: dict[str, Format] = {
    f.kind: f
    for f in (LISTING, DETAIL, PROBLEMS, GUIDANCE, DIFF, HISTORY, PACK, EXPORT, OWNERS, ROLLUP)
}

# The --format types for Typer's annotations. Type checkers see the names they hold.
if TYPE_CHECKING:
    ListingFormat = str
    DetailFormat = str
    ProblemsFormat = str
    GuidanceFormat = str
    DiffFormat = str
    HistoryFormat = str
    PackFormat = str
    ExportFormat = str
    OwnersFormat = str
    RollupFormat = str
else:
    ListingFormat = LISTING.choices
    DetailFormat = DETAIL.choices
    ProblemsFormat = PROBLEMS.choices
    GuidanceFormat = GUIDANCE.choices
    DiffFormat = DIFF.choices
    HistoryFormat = HISTORY.choices
    PackFormat = PACK.choices
    ExportFormat = EXPORT.choices
    OwnersFormat = OWNERS.choices
    RollupFormat = ROLLUP.choices
