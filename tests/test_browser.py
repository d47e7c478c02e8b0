"""The real app in headless Chromium, started exactly as `make run` starts it.

- With the basemap off nothing leaves the server: the browser asks no host but the app, and the
  server itself makes no outbound HTTP request (a proxy trap catches any attempt).
- The map draws, its legend symbols survive Streamlit's HTML sanitiser, and a click on a
  municipality where a place circle lies over it (Amsterdam) opens that municipality's page, as does
  selecting its row in the table beside the map.

Needs Debian's Chromium at /usr/bin/chromium and the playwright Python package (no
`playwright install`: the system browser is used). Run with `pytest -m browser`.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_support import (
    BOUNDARIES,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    make_run_command,
    running_app,
)
from tests.browser_support import _free_port as _free_port  # tests/test_api.py imports it from here
from tests.browser_support import _wait_healthy as _wait_healthy  # and this one

AMSTERDAM = ("GM0363", 4.9095, 52.3649)  # code and inside point (data/municipalities.csv)
RENDER_TIMEOUT_MS = 60_000
DECK = '[data-testid="stDeckGlJsonChart"]'

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import Page, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

# "Settled": the deck canvas is shown, Streamlit's running widget is gone, and no frame came late
# (a late frame means the main thread was busy, e.g. with deck.gl's first draw in software WebGL)
# for QUIET_MS. Installed before any page script runs.
SETTLE_SCRIPT = """
(() => {
  const QUIET_MS = 1500, LONG_FRAME_MS = 100;
  const state = (window.__settle = { busyUntil: 0, done: null });
  let previous = performance.now();
  const tick = (now) => {
    const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    const visible = !!canvas && canvas.getBoundingClientRect().width > 0;
    const running = !!document.querySelector('[data-testid="stStatusWidget"]');
    if (!visible || running || now - previous > LONG_FRAME_MS) state.busyUntil = now;
    previous = now;
    if (now - state.busyUntil > QUIET_MS) { state.done = state.busyUntil; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "the playwright Python package is not installed"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not BOUNDARIES.is_file():
        return f"boundary file {BOUNDARIES} is missing"
    return None


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    command = make_run_command()
    assert command[-3:] == ["streamlit", "run", "app.py"], command
    if not (REPO / command[0]).exists():
        pytest.skip(f"{command[0]} is missing: `make install` creates it")
    (tmp_path / "data").mkdir()
    with running_app(tmp_path, tmp_path / "data") as server:
        yield {"port": server.port, "tmp": tmp_path, "log": server.log, "trap": server.trap}


def _open_map(page: Page, url: str) -> None:
    page.goto(url, wait_until="commit", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function("window.__settle && window.__settle.done !== null", timeout=RENDER_TIMEOUT_MS)


def _screen_position(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is on screen: Web Mercator at the deck's initial view, from the canvas centre."""
    from geo.layers import NL_VIEW, TILE_PIXELS

    box = page.locator(f"{DECK} canvas").first.bounding_box()
    assert box, "no deck canvas"
    world = TILE_PIXELS * 2 ** NL_VIEW["zoom"]

    def project(lo: float, la: float) -> tuple[float, float]:
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * world
        return (lo + 180) / 360 * world, y

    cx, cy = project(NL_VIEW["longitude"], NL_VIEW["latitude"])
    x, y = project(lon, lat)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def _hover_until_tooltip(page: Page, x: float, y: float, name: str) -> None:
    """Point at (x, y) until deck.gl's tooltip names `name`. deck.gl compiles its picking shaders
    at the first pick and skips picks until they are ready, which in software WebGL takes a while:
    a click before that is lost (a person moves the mouse onto the map before clicking, too)."""
    for dx in (0, 1, -1, 0):
        page.mouse.move(x + dx, y)
        with contextlib.suppress(PlaywrightTimeout):
            page.locator(".deck-tooltip").filter(has_text=name).wait_for(state="visible", timeout=15_000)
            page.mouse.move(x, y)
            return
    pytest.fail(f"no tooltip naming {name} at ({x:.0f}, {y:.0f})")


def _click_until_url(page: Page, x: float, y: float, pattern: str) -> None:
    """Click (x, y) and wait for a URL matching `pattern`; click once more only if the first click
    was lost and the page is still the map."""
    for _ in range(2):
        page.mouse.click(x, y)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_url(re.compile(pattern), timeout=20_000)
            return
        if "/kaart" not in page.url:
            break
    pytest.fail(f"no page matching {pattern} after clicking ({x:.0f}, {y:.0f}); at {page.url}")


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


def _near(a: tuple[int, int, int], b: tuple[int, int, int] | list[int], tolerance: int) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) <= tolerance


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_map_stays_local_and_clicks_open_municipalities(app_server: dict[str, Any]) -> None:
    from PIL import Image

    from geo.layers import FILL_ALPHA, MARKER_COLOUR, NO_DATA_COLOUR

    port, tmp_path = app_server["port"], app_server["tmp"]
    origin = f"127.0.0.1:{port}"
    requests: list[str] = []
    shot = tmp_path / "map.png"
    code, lon, lat = AMSTERDAM
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=20_000)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(SETTLE_SCRIPT)
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", lambda ws: requests.append(ws.url))
            _open_map(page, f"http://{origin}/kaart?taal=en")
            chart = page.locator(DECK)
            chart.screenshot(path=str(shot))
            # client.toolbarMode = "viewer": no Deploy button for visitors
            assert page.get_by_role("button", name="Deploy").count() == 0
            chart_box = chart.bounding_box()
            assert chart_box

            # Every legend row has a visible symbol: st.html's sanitiser keeps these styled boxes
            # (it dropped the SVG of an earlier legend, leaving bare labels).
            items = page.locator('[data-testid="stHtml"] li')
            assert items.count() >= 5
            for i in range(items.count()):
                symbol = items.nth(i).locator("span span").first.bounding_box()
                assert symbol and symbol["width"] >= 4 and symbol["height"] >= 4, items.nth(i).inner_text()

            # A click where Amsterdam's place circle lies over the municipality opens its page.
            x, y = _screen_position(page, lon, lat)
            image = Image.open(shot).convert("RGB")
            ring = _blend(MARKER_COLOUR, 255)
            local = (x - chart_box["x"], y - chart_box["y"])
            around = [
                image.getpixel((round(local[0] + r * math.cos(a)), round(local[1] + r * math.sin(a))))
                for r in range(4, 40)
                for a in (i * math.pi / 8 for i in range(16))
            ]
            assert any(_near(c, ring, 60) for c in around), "no place circle around Amsterdam's point"
            _hover_until_tooltip(page, x, y, "Amsterdam")
            _click_until_url(page, x, y, r"/gemeente\?")
            assert urlsplit(page.url).path == "/gemeente"
            assert _query(page.url)["gemeente"] == [code] and _query(page.url)["taal"] == ["en"]
            page.get_by_role("heading", name="Amsterdam").first.wait_for(timeout=RENDER_TIMEOUT_MS)

            # Selecting a row of the table beside the map opens that municipality too. The rows
            # with a figure come first, and the seed data gives Amsterdam the most places.
            _open_map(page, f"http://{origin}/kaart?taal=en")
            grid = page.locator('[data-testid="stDataFrame"]').first
            grid.scroll_into_view_if_needed()  # the table is under the map
            page.wait_for_timeout(500)
            box = grid.bounding_box()
            assert box
            # the row marker (selection box) of the first row, under the 35 px header
            _click_until_url(page, box["x"] + 17, box["y"] + 35 + 17, r"/gemeente\?")
            assert _query(page.url)["gemeente"] == [code]
        finally:
            browser.close()
    print(f"screenshot: {shot}")

    outside = sorted(
        {u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin}
    )
    assert not outside, f"requests to other hosts with the basemap off: {outside}"
    assert any(urlsplit(u).path.startswith("/_stcore/stream") for u in requests), "no websocket to the app"
    assert not app_server["trap"].seen, f"the server made outbound requests: {app_server['trap'].seen}"
    log = app_server["log"].read_text(errors="replace")
    assert "External URL" not in log and "external IP" not in log, log[-2000:]

    counts, total = _colours(shot)
    colour, most = counts.most_common(1)[0]
    # With deck.gl's default (unbounded) widths, software WebGL floods the canvas with the stroke
    # colour; geo.layers caps them so the map stays readable there too.
    marker = _blend(MARKER_COLOUR, 255)
    flooded = sum(n for c, n in counts.items() if _near(c, marker, 30))
    assert 0 < flooded / total < 0.05, f"place circles: {flooded / total:.1%} of the map is {marker}"
    assert most / total < 0.8, f"one colour floods the map: {most / total:.0%} is {colour}"
    coloured = sum(n for c, n in counts.items() if min(c) < 245)
    assert len(counts) > 50, f"map screenshot looks blank: {len(counts)} distinct colours"
    assert coloured / total > 0.15, f"map screenshot is mostly white ({coloured / total:.0%} coloured)"
    no_data = _blend(NO_DATA_COLOUR, FILL_ALPHA)
    assert any(_near(c, no_data, 6) for c in counts), f"the no-data grey {no_data} does not appear"
