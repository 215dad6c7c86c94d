"""The HTML pack in a real browser: Debian's headless Chromium, driven over the DevTools pipe.

No browser driver package: Chromium speaks the DevTools protocol over file
descriptors 3 and 4 when started with --remote-debugging-pipe (JSON messages ending
in a NUL byte). The test loads the pack from disk and checks what a reader would see:
no console error, nothing fetched from anywhere, every risk on the page, the heat map
in the band colours, and an A4 landscape print. It writes tests/artifacts/heatmap.png
and tests/artifacts/report.pdf.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import itertools
import json
import os
import re
import select
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SHIPPED_OPEN, QuarterPack, Run

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# A guard against a hung browser, not a timing assertion.
PATIENCE_SECONDS = 120
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
]
# The window a committee member would read the pack in on a laptop.
DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}


def chromium_path() -> str:
    found = os.environ.get("RISKREG_CHROMIUM") or shutil.which("chromium")
    if not found or not os.access(found, os.X_OK):
        pytest.fail(
            "Chromium is not installed, so the HTML report cannot be checked in a "
            "browser: install Debian's package ('apt-get install chromium'; "
            "'make test' and .ci/run do this when it is missing)"
        )
    return found


class BrowserError(Exception):
    pass


class Browser:
    """A headless Chromium and its DevTools pipe: commands out on fd 3, replies in on fd 4."""

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()

        def arrange_pipes() -> None:  # in the child, before exec
            high_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.log = log
        with open(log, "wb") as stderr:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
                pass_fds=(3, 4),
                preexec_fn=arrange_pipes,
            )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _log_tail(self) -> str:
        lines = self.log.read_text("utf-8", "replace").splitlines()
        return "\n".join(lines[-15:])

    def _message(self) -> dict[str, Any]:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._reader], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium did not answer; its log ends:\n{self._log_tail()}")
            chunk = os.read(self._reader, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe; its log ends:\n{self._log_tail()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._writer, data) :]
        while True:
            reply = self._message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        while True:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(self._message())

    def load(self, session: str, url: str) -> None:
        """Open `url` in the tab and wait until it has loaded; events start afresh."""
        self.events.clear()
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=PATIENCE_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._writer)
        os.close(self._reader)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    with tempfile.TemporaryDirectory(prefix="riskreg-chromium-") as folder:
        started = Browser(executable, Path(folder) / "profile", Path(folder) / "chromium.log")
        try:
            yield started
        finally:
            started.close()


def png_pixels(data: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the distinct RGB colours of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    at, chunks, header = 8, [], b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), f"unexpected PNG format {depth}/{colour_type}"
    step = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        colours.update(tuple(line[i : i + 3]) for i in range(0, stride, step))  # type: ignore[misc]
        previous = line
    return width, height, colours


@pytest.fixture(scope="module")
def page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tab in the browser, attached and with every event domain the checks need."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Runtime", "Log", "Network", "Page"):
        browser.send(f"{domain}.enable", {}, session)
    browser.send("Emulation.setDeviceMetricsOverride", DESKTOP, session)
    yield session
    browser.send("Target.closeTarget", {"targetId": target})


def test_html_report_in_chromium(run: Run, register: Path, browser: Browser, page: str) -> None:
    outcome = run("report", "--format", "html", "--output", "pack.html")
    assert (outcome.code, outcome.stdout) == (0, "")
    assert outcome.stderr == (
        "riskreg: wrote pack.html: 21 open and 1 closed risk(s), 2021/22 Q4\n"
    )
    url = (register / "pack.html").as_uri()
    browser.load(page, url)
    # Everything the page said or asked for while loading.
    errors = [
        event
        for event in browser.events
        if (
            event["method"] == "Runtime.consoleAPICalled"
            and event["params"]["type"] in ("error", "assert")
        )
        or event["method"] == "Runtime.exceptionThrown"
        or (event["method"] == "Log.entryAdded" and event["params"]["entry"]["level"] == "error")
    ]
    assert errors == []
    fetched = [
        event["params"]["request"]["url"]
        for event in browser.events
        if event["method"] == "Network.requestWillBeSent"
    ]
    assert fetched == [url]

    text = browser.evaluate(page, "document.body.innerText")
    for risk_id in [*SHIPPED_OPEN, "CRR14"]:
        assert risk_id in text
    rows = browser.evaluate(
        page, "[...document.querySelectorAll('#open-risks tbody tr')].map(row => row.id)"
    )
    assert rows == SHIPPED_OPEN
    closed = browser.evaluate(
        page, "[...document.querySelectorAll('#closed-risks tbody tr')].map(row => row.id)"
    )
    assert closed == ["CRR14"]
    assert browser.evaluate(page, "document.title") == (
        "West Midlands Police Corporate Risk Register: 2021/22 Q4"
    )

    # The heat map, as a picture: in the config's band colours.
    box = browser.evaluate(
        page,
        "(() => { const r = document.getElementById('heat-map')"
        ".getBoundingClientRect(); return {x: r.left + scrollX, "
        "y: r.top + scrollY, width: r.width, height: r.height}; })()",
    )
    shot = browser.send(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {**box, "scale": 1}},
        page,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    picture = ARTIFACTS / "heatmap.png"
    picture.write_bytes(base64.b64decode(shot["data"]))
    width, height, colours = png_pixels(picture.read_bytes())
    assert (width, height) == (round(box["width"]), round(box["height"]))
    assert width > 400 and height > 300
    # Low green, Medium yellow, High dark_orange (#ff8700), Critical red: every band shows.
    assert {
        (0x92, 0xD0, 0x50),
        (0xFF, 0xFF, 0x00),
        (0xFF, 0x87, 0x00),
        (0xFF, 0x00, 0x00),
    } <= colours


def test_html_report_prints_on_a4_landscape(
    run: Run, register: Path, browser: Browser, page: str
) -> None:
    assert run("report", "-o", "pack.html").code == 0
    browser.load(page, (register / "pack.html").as_uri())
    # The printable width of A4 landscape less the 10 mm margins, in CSS pixels.
    printable = round((297 - 20) / 25.4 * 96)
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, page)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": printable, "height": 700, "deviceScaleFactor": 1, "mobile": False},
        page,
    )
    overflow = browser.evaluate(page, "document.documentElement.scrollWidth")
    browser.send("Emulation.setDeviceMetricsOverride", DESKTOP, page)
    browser.send("Emulation.setEmulatedMedia", {"media": ""}, page)
    assert overflow <= printable, "the pack is wider than an A4 landscape page"

    pdf = base64.b64decode(
        browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, page)[
            "data"
        ]
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    boxes = {
        tuple(round(float(n)) for n in found.split())
        for found in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+?)\s*\]", pdf)
    }
    assert boxes == {(0, 0, 842, 595)}  # A4 landscape, in points
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 5


CONTRAST = """(() => {
  const parse = (text) => {
    const found = text.match(/rgba?\\(([^)]+)\\)/);
    if (!found) return null;
    const [r, g, b, a] = found[1].split(',').map(Number);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const hex = (text) => ({r: parseInt(text.slice(1, 3), 16), g: parseInt(text.slice(3, 5), 16),
                          b: parseInt(text.slice(5, 7), 16), a: 1});
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour && colour.a > 0) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest('title')) continue;
    const style = getComputedStyle(element);
    let ink, back;
    if (element instanceof SVGElement) {
      const declared = element.closest('[data-background]');
      if (!declared) { failures.push('SVG text without a declared background: ' +
                                     node.textContent.trim()); continue; }
      ink = parse(style.fill);
      back = hex(declared.getAttribute('data-background'));
    } else {
      ink = parse(style.color);
      back = background(element);
    }
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight) >= 700 && size >= 18.66);
    const [light, dark] = [luminance(ink), luminance(back)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    checked += 1;
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(`${ratio.toFixed(2)}:1 ${style.color} on ${JSON.stringify(back)}: ` +
                    node.textContent.trim().slice(0, 40));
    }
  }
  return {checked, failures};
})()"""


def test_every_text_in_the_pack_meets_wcag_aa_contrast(
    quarter_pack: QuarterPack, browser: Browser, page: str
) -> None:
    """4.5:1 for text, 3:1 for large text, on the background it is drawn on (SVG included)."""
    browser.load(page, quarter_pack.html.as_uri())
    found = browser.evaluate(page, CONTRAST)
    assert found["failures"] == []
    assert found["checked"] > 500


def test_pack_cells_hold_their_text_at_1400_pixels(
    quarter_pack: QuarterPack, browser: Browser, page: str
) -> None:
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        page,
    )
    try:
        browser.load(page, quarter_pack.html.as_uri())
        spilled = browser.evaluate(
            page,
            "[...document.querySelectorAll('td, th')].filter(cell => cell.scrollWidth > "
            "cell.clientWidth + 1).map(cell => (cell.closest('tr').id || '?') + ': ' + "
            "cell.textContent.trim().slice(0, 30))",
        )
        width = browser.evaluate(page, "document.documentElement.scrollWidth")
        shot = browser.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, page
        )
    finally:
        browser.send("Emulation.setDeviceMetricsOverride", DESKTOP, page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "pack-1400.png").write_bytes(base64.b64decode(shot["data"]))
    assert spilled == []
    assert width <= 1400
    # The page's accessibility basics: a language, headings in order, scoped headers.
    browser.load(page, quarter_pack.html.as_uri())
    assert browser.evaluate(page, "document.documentElement.lang") == "en-GB"
    levels = browser.evaluate(
        page, "[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert browser.evaluate(page, "document.querySelectorAll('thead th:not([scope])').length") == 0
    assert browser.evaluate(page, "document.querySelectorAll('svg:not([role=img])').length") == 0
