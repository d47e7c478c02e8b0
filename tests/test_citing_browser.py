"""Citing in Chromium against the app started as `make run` starts it, without OPVANG_PUBLIC_URL:
the citation box's link and sentences take the address the browser used, and a browser opening
`/api/v1/` gets the HTML index, asking nothing of any other host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.clock import local_today, utc_now
from tests.browser_support import RunningApp, chromium, running_app, skip_without_browser

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    skip_without_browser()
    tmp = tmp_path_factory.mktemp("citing")
    with running_app(tmp, tmp / "data") as server:
        yield server


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_citation_takes_the_browsers_address(app: RunningApp, lang: str) -> None:
    stand = local_today(utc_now).isoformat()
    with chromium() as browser:
        page = browser.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(app.base) else None)
        page.goto(f"{app.base}/gemeente?gemeente=GM0363&taal={lang}", timeout=TIMEOUT_MS)
        box = page.locator(".st-key-cite_gemeente")
        box.locator("code").first.wait_for(timeout=TIMEOUT_MS)
        link = box.locator("a").first.get_attribute("href")
        assert link == f"{app.base}/gemeente?gemeente=GM0363&taal={lang}&stand={stand}", link
        sentences = box.locator("code").all_inner_texts()
        assert sentences and all(s.startswith("Opvangmonitor (") and s.split()[-1] == link for s in sentences)
        assert " Amsterdam" in sentences[0]
        assert not outside, outside


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_browser_opening_the_api_gets_the_html_index(app: RunningApp, lang: str, tmp_path: Path) -> None:
    with chromium() as browser:
        page = browser.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(app.base) else None)
        page.goto(f"{app.base}/api/v1/?taal={lang}", timeout=TIMEOUT_MS)
        assert page.locator("h1").inner_text() == (
            "Opvangmonitor data-API" if lang == "nl" else "Opvangmonitor data API"
        )
        assert page.locator("tbody tr").count() == 8
        page.get_by_role("link", name="CSV").first.wait_for()
        with page.expect_response(lambda r: "figures.json" in r.url) as answer:
            page.get_by_role("link", name="JSON").first.click()
        assert answer.value.status == 200
        assert not outside, outside
