"""Screenshots of every page in Dutch and English, for a person to look at (not a test).

    python scripts/screenshots.py [--base http://127.0.0.1:8501] [--out var/screens/pages] [PATH ...]

Starts nothing: point it at a running app (`make run`). Uses Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = [
    "/",
    "/kaart",
    "/gemeente?gemeente=GM0363",
    "/gemeente?gemeente=GM1680",
    "/tabellen?tabel=aggregates&vorm=specialised_24h",
    "/tabellen",
    "/dekking",
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8501")
    parser.add_argument("--out", default="var/screens/pages")
    parser.add_argument("paths", nargs="*", default=PAGES)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        for path in args.paths:
            for lang in ("nl", "en"):
                url = args.base + path + ("&" if "?" in path else "?") + f"taal={lang}"
                page.goto(url, wait_until="domcontentloaded")
                page.wait_for_selector('[data-testid="stMainBlockContainer"]', timeout=30_000)
                # Settled: no skeleton placeholders left and the sidebar links (drawn last) are there.
                with contextlib.suppress(Exception):
                    page.wait_for_function(
                        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
                        " && document.querySelector('[data-testid=\"stPageLink\"]')",
                        timeout=40_000,
                    )
                page.wait_for_timeout(1500)
                name = path.strip("/").replace("?", "_").replace("&", "_").replace("=", "-") or "overzicht"
                target = out / f"{name}_{lang}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
        browser.close()


if __name__ == "__main__":
    main()
