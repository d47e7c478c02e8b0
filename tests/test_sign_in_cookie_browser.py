"""Password sign-in in Chromium: the session lives in an HttpOnly cookie, so it survives a reload
and a second tab; signing out ends it on the server (the old cookie opens nothing) and clears it;
five wrong passwords lock the name with a Dutch message."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from inventory import sessions, writes
from tests.browser_support import (
    RunningApp,
    chromium,
    prepared_database,
    running_app,
    skip_without_browser,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 60_000
LOCKED = re.compile(r"Te veel mislukte pogingen: inloggen met deze naam kan weer na \d\d:\d\d \(Nederlandse tijd\)")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, Engine]]:
    """One app for the module (a start costs half a minute); each test uses its own account."""
    skip_without_browser()
    tmp_path = tmp_path_factory.mktemp("sign-in")
    engine = prepared_database(tmp_path / "data")
    cli = writes.Actor.command_line()
    for name in ("ams", "locked"):
        writes.add_account(
            engine, cli, name, "municipality_editor", organisation_key="gemeente-amsterdam",
            municipalities=["GM0363"], password=PASSWORD,
        )  # fmt: skip
    try:
        with running_app(tmp_path, tmp_path / "data") as server:
            yield server, engine
    finally:
        engine.dispose()


def _sign_in(page, base: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
    page.get_by_label("Gebruikersnaam").fill(username, timeout=TIMEOUT_MS)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def _session_cookies(context: Any) -> list[Any]:
    return [c for c in context.cookies() if c["name"] == sessions.SESSION_COOKIE]


def test_the_session_survives_a_reload_and_ends_with_sign_out(app: tuple[RunningApp, Engine]) -> None:
    from playwright.sync_api import expect

    server, engine = app
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        _sign_in(page, server.base, "ams", PASSWORD)
        page.wait_for_url("**/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        editing = page.get_by_text("Gemeente Amsterdam", exact=False).first
        expect(editing).to_be_visible(timeout=TIMEOUT_MS)

        [cookie] = _session_cookies(context)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert page.evaluate("document.cookie").find(sessions.SESSION_COOKIE) == -1
        assert sessions.resume_session(engine, cookie["value"]) is not None

        page.reload()
        expect(page.get_by_text("Gemeente Amsterdam", exact=False).first).to_be_visible(timeout=TIMEOUT_MS)
        second = context.new_page()
        second.goto(f"{server.base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
        expect(second.get_by_text("Ingelogd als ams")).to_be_visible(timeout=TIMEOUT_MS)
        second.close()

        page.goto(f"{server.base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
        page.get_by_role("button", name="Uitloggen").click(timeout=TIMEOUT_MS)
        expect(page.get_by_label("Gebruikersnaam")).to_be_visible(timeout=TIMEOUT_MS)
        assert sessions.resume_session(engine, cookie["value"]) is None  # ended on the server at once
        deadline = time.monotonic() + 30  # the page then posts to /auth/uitloggen, which clears the cookie
        while _session_cookies(context) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert not _session_cookies(context)

        page.goto(f"{server.base}/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        expect(page.get_by_text("Log eerst in om cijfers bij te houden.")).to_be_visible(timeout=TIMEOUT_MS)

        # The old cookie, replayed in a fresh browser, opens nothing: the session ended on the server.
        replay = browser.new_context()
        replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
        stale = replay.new_page()
        stale.goto(f"{server.base}/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        expect(stale.get_by_text("Log eerst in om cijfers bij te houden.")).to_be_visible(timeout=TIMEOUT_MS)
    assert server.trap.seen == []


def test_five_wrong_passwords_lock_the_name_in_dutch(app: tuple[RunningApp, Engine]) -> None:
    from playwright.sync_api import expect

    server, _ = app
    with chromium() as browser:
        page = browser.new_page()
        for attempt in range(1, 6):
            _sign_in(page, server.base, "locked", f"wrong password {attempt}")
            message = LOCKED if attempt == 5 else re.compile("Onbekende gebruikersnaam of onjuist wachtwoord")
            expect(page.get_by_text(message)).to_be_visible(timeout=TIMEOUT_MS)
        _sign_in(page, server.base, "locked", PASSWORD)  # even the right password, now
        expect(page.get_by_text(LOCKED)).to_be_visible(timeout=TIMEOUT_MS)
        assert page.url.endswith("/inloggen?taal=nl")
        assert not _session_cookies(page.context)
