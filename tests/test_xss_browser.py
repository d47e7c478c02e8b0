"""Text that people typed is shown as text, never run as HTML or script, on every public page and
on the administration page, in Chromium against the app started as `make run` starts it.

Payloads go in through the write functions every route uses (page, CLI, import): an organisation's
name (shown as who entered a figure), an offer's label, a figure's note and explanation, and a
review's reason. Each payload would set `window.__xss` or open a dialog if it ran."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from inventory import sessions, writes
from inventory.database import session_scope
from inventory.models import Figure
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, prepared_database, running_app, skip_without_browser

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000
PAYLOADS = {
    "organisation": '<img src=x onerror="window.__xss=1">Stichting Test',
    "label": "<script>window.__xss=1</script>Nachtopvang test",
    "note": "[klik](javascript:window.__xss=1) <b onmouseover=alert(1)>vet</b>",
    "explanation": '<svg onload="window.__xss=1"></svg> extra bedden',
    "reason": '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe> dubbel geteld',
}
PAGES = [
    "/gemeente?gemeente=GM0363&taal=nl",
    "/gemeente?gemeente=GM0363&taal=en",
    "/tabellen?tabel=facilities&taal=nl",
    "/tabellen?tabel=figures&gemeente=GM0363&taal=nl",
    "/kaart?taal=nl",
    "/dekking?taal=nl",
    "/?taal=nl",
]


def _world(data_dir: Path) -> tuple[Any, int]:
    engine = prepared_database(data_dir)
    cli = writes.Actor.command_line()
    writes.add_organisation(engine, cli, "stichting-test", PAYLOADS["organisation"], "ngo")
    editor = writes.add_account(engine, cli, "test", "organisation_editor", organisation_key="stichting-test")
    admin = writes.add_account(engine, cli, "beheer", "admin", organisation_key="stichting-test")
    added = writes.add_facility(
        engine, writes.Actor(editor), writes.NewFacility("GM0363", PAYLOADS["label"], "specialised_night", "women")
    )
    subject = writes.Subject.facility(added.facility_id)
    writes.save_figures(
        engine,
        writes.Actor(editor),
        subject,
        [writes.FigureInput("places", 10), writes.FigureInput("persons", 12)],
        reference_date=dt.date.today(),
        how_obtained="counted",
        note=PAYLOADS["note"],
        explanation=PAYLOADS["explanation"],
        seen_version=added.version,
    )
    with session_scope(engine) as session:
        newest = max(session.scalars(Figure.__table__.select().with_only_columns(Figure.id)).all())
    writes.reject_figure(engine, writes.Actor(admin), newest, PAYLOADS["reason"])
    return engine, admin


def test_typed_text_shows_literally_and_never_runs(tmp_path: Path) -> None:
    skip_without_browser()
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path / "data"
    engine, admin = _world(data_dir)
    token = sessions.start_session(engine, admin)
    engine.dispose()
    dialogs: list[str] = []
    with running_app(tmp_path, data_dir) as app, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 2000})
        context.add_cookies([{"name": sessions.SESSION_COOKIE, "value": token, "url": app.base}])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        seen_text = ""
        for path in [*PAGES, "/beheer?taal=nl"]:
            page.goto(app.base + path, timeout=RENDER_TIMEOUT_MS)
            page.locator("h1").first.wait_for(timeout=RENDER_TIMEOUT_MS)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=RENDER_TIMEOUT_MS
            )
            page.wait_for_timeout(1500)  # let late elements and any injected handler fire
            page.mouse.move(700, 600)  # a hover handler would fire now
            name = path.strip("/").split("?")[0] or "overzicht"
            page.screenshot(path=str(tmp_path / f"xss-{name}-{len(seen_text)}.png"), full_page=True)
            assert page.evaluate("() => window.__xss") is None, path
            assert page.locator("img[src='x'], svg[onload], iframe[srcdoc], b[onmouseover]").count() == 0, path
            assert page.locator("a[href^='javascript']").count() == 0, path
            seen_text += page.locator("body").inner_text()
        browser.close()
    assert dialogs == []
    # Shown as the text that was typed, where a page shows it outside a data grid (captions).
    shown = [key for key, payload in PAYLOADS.items() if payload in seen_text]
    # (Notes, explanations and reasons are shown in data grids, drawn on a canvas: no HTML at all.)
    assert {"organisation", "label"} <= set(shown), (shown, seen_text[-3000:])
