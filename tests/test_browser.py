"""The real app in headless Chromium: the map page renders, and with the basemap off the browser
asks nothing of any host but the app itself.

Needs Debian's Chromium at /usr/bin/chromium and the playwright Python package (no
`playwright install`: the system browser is used). Run with `pytest -m browser`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BOUNDARIES = REPO.parent / "shared" / "geo" / "gemeenten_2025.geojson"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 40
RENDER_TIMEOUT_MS = 30_000

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "the playwright Python package is not installed"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not BOUNDARIES.is_file():
        return f"boundary file {BOUNDARIES} is missing"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"no health answer at {url} within {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def app_server(tmp_path: Path) -> tuple[int, Path]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    port = _free_port()
    data = tmp_path / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        OPVANG_DATA_DIR=str(data),
        OPVANG_BOUNDARIES=str(BOUNDARIES),
        OPVANG_BASEMAP="none",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, server, log)
        yield port, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def _colours(png: Path) -> tuple[Counter[tuple[int, int, int]], int]:
    """Pixel count per colour of a screenshot, and the number of pixels."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    counts = Counter(image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata())
    return counts, image.width * image.height


def _blend(rgb: list[int], alpha: int) -> tuple[int, int, int]:
    """A fill colour over the white page, as the browser composites it."""
    r, g, b = (round(c * alpha / 255 + 255 * (1 - alpha / 255)) for c in rgb)
    return r, g, b


def test_map_page_renders_and_stays_local(app_server: tuple[int, Path]) -> None:
    from geo.layers import FILL_ALPHA, MARKER_COLOUR, NO_DATA_COLOUR

    port, tmp_path = app_server
    origin = f"127.0.0.1:{port}"
    requests: list[str] = []
    shot = tmp_path / "map.png"
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=20_000)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", lambda ws: requests.append(ws.url))
            page.goto(f"http://{origin}/kaart?taal=en", wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
            chart = page.locator('[data-testid="stDeckGlJsonChart"]')
            chart.locator("canvas").first.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
            # Let deck.gl draw, and give a basemap style request (if any) the time to be made.
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=10_000)
            page.wait_for_timeout(2_000)
            chart.screenshot(path=str(shot))
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        finally:
            browser.close()
    print(f"screenshot: {shot}")

    outside = sorted(
        {u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin}
    )
    assert not outside, f"requests to other hosts with the basemap off: {outside}"
    assert any(urlsplit(u).path.startswith("/_stcore/stream") for u in requests), "no websocket to the app"

    counts, total = _colours(shot)
    colour, most = counts.most_common(1)[0]
    # With deck.gl's default (unbounded) line width, software WebGL floods the canvas with the stroke
    # colour; geo.layers caps line widths so the map stays readable there too.
    marker = _blend(MARKER_COLOUR, 210)
    flooded = sum(n for c, n in counts.items() if sum(abs(a - b) for a, b in zip(c, marker, strict=True)) <= 30)
    assert flooded / total < 0.1, f"markers flood the map: {flooded / total:.0%} of it is {marker}"
    assert most / total < 0.8, f"one colour floods the map: {most / total:.0%} is {colour}"
    coloured = sum(n for c, n in counts.items() if min(c) < 245)
    assert len(counts) > 50, f"map screenshot looks blank: {len(counts)} distinct colours"
    assert coloured / total > 0.15, f"map screenshot is mostly white ({coloured / total:.0%} coloured)"
    no_data = _blend(NO_DATA_COLOUR, FILL_ALPHA)
    near = [c for c in counts if sum(abs(a - b) for a, b in zip(c, no_data, strict=True)) <= 6]
    assert near, f"the no-data grey {no_data} of the municipality fill does not appear"
