"""The committee pack as PDF: the HTML pack laid out on A4 landscape by a print engine.

Two engines, tried in this order:

* WeasyPrint (the `pdf` extra), a Python library over Pango that implements CSS paged
  media: the running header and "Page n of N" come from the pack's `@page` rules, the
  headings become PDF bookmarks, fonts are embedded as subsets and text stays text;
* headless Chromium's print-to-PDF, when WeasyPrint is not installed but a Chromium is
  (`$RISKREG_CHROMIUM`, else `chromium` on the PATH): the same `@page` rules, and the
  headings as a document outline.

`RISKREG_PDF_ENGINE=weasyprint` or `=chromium` picks one. With neither, the command
exits 2 and says how to install one. Both read the HTML as it is written to a file:
nothing is fetched, since the pack holds no link to anything outside itself.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from riskreg.errors import NoPdfEngine, RiskregError

if TYPE_CHECKING:
    from riskreg.reports.pack import Report

__all__ = ["INSTALL_HINT", "NoPdfEngine", "available_engine", "render", "render_pdf"]

ENGINE_VAR = "RISKREG_PDF_ENGINE"
CHROMIUM_VAR = "RISKREG_CHROMIUM"
# A guard against a browser that hangs, not a measure of speed.
CHROMIUM_PATIENCE_SECONDS = 300
INSTALL_HINT = (
    "no PDF engine: install WeasyPrint with \"pip install 'riskreg-yaml[pdf]'\" (on "
    "Debian it needs 'apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'), "
    "or install Chromium ('apt-get install chromium'); or write HTML with --format html "
    "and print it from a browser"
)


def _weasyprint(html: str) -> bytes:
    import logging

    # WeasyPrint logs each CSS rule it skips (screen-only rules): not the user's concern.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except OSError as error:  # the Python package is there, its Pango libraries are not
        raise NoPdfEngine(
            f"WeasyPrint cannot load its libraries ({error}); {INSTALL_HINT}"
        ) from None
    data: bytes = HTML(string=html).write_pdf(pdf_tags=True)
    return data


def chromium_path() -> str | None:
    chosen = os.environ.get(CHROMIUM_VAR)
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium(html: str) -> bytes:
    executable = chromium_path()
    if executable is None:
        raise NoPdfEngine(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="riskreg-pdf-") as folder:
        page = Path(folder) / "pack.html"
        page.write_text(html, "utf-8")
        out = Path(folder) / "pack.pdf"
        command = [
            executable,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        if os.geteuid() == 0:  # Chromium's sandbox refuses to start as root
            command.insert(1, "--no-sandbox")
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=CHROMIUM_PATIENCE_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RiskregError(f"Chromium could not print the pack: {error}") from None
        if done.returncode != 0 or not out.exists():
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RiskregError(
                f"Chromium could not print the pack (exit {done.returncode}"
                + (f": {tail[0]}" if tail else "")
                + ")"
            )
        return out.read_bytes()


ENGINES: dict[str, Callable[[str], bytes]] = {"weasyprint": _weasyprint, "chromium": _chromium}


def available_engine() -> str | None:
    """The engine a pack would be printed with: the chosen one, else the first installed."""
    chosen = os.environ.get(ENGINE_VAR, "").strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise RiskregError(
                f"{ENGINE_VAR}={chosen!r} is not a PDF engine; use weasyprint or chromium"
            )
        return chosen
    if importlib.util.find_spec("weasyprint") is not None:
        return "weasyprint"
    if chromium_path() is not None:
        return "chromium"
    return None


def render_pdf(html: str) -> bytes:
    """The HTML pack printed to PDF by the first engine installed."""
    engine = available_engine()
    if engine is None:
        raise NoPdfEngine(INSTALL_HINT)
    if engine == "weasyprint" and importlib.util.find_spec("weasyprint") is None:
        raise NoPdfEngine(INSTALL_HINT)
    return ENGINES[engine](html)


def render(report: Report) -> bytes:
    """The pack as PDF (the renderer registered for `report --format pdf`)."""
    from riskreg.render.pack import html as pack_html

    return render_pdf(pack_html.render(report))
