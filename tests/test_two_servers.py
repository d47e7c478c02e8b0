"""Two app servers, started as `make run` starts them, on one PostgreSQL database: they start at
once on the empty database (one seeds, the other waits), and a figure saved while both serve shows
at once on the other server's public page and in both APIs: the query cache follows the data
version in the database, not a timer. Needs PostgreSQL at PG_TEST_URL (CI has it) and Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from inventory import writes
from inventory.database import make_engine, session_scope
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, RunningApp, running_app, skip_without_browser

pytestmark = pytest.mark.browser
PG = os.environ.get("PG_TEST_URL", "postgresql://postgres@127.0.0.1:5432/test")
RENDER_TIMEOUT_MS = 60_000


def _base_url() -> str:
    return PG.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def shared_database() -> Iterator[str]:
    """An empty schema of its own on the PostgreSQL server, as DATABASE_URL for both servers."""
    schema = f"two_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_base_url())
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"no PostgreSQL at {PG}: {error.orig}")
    yield (
        make_url(_base_url())
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.loads(response.read())


def _waiting_lists(app: RunningApp) -> list[object]:
    body = _get_json(f"{app.base}/api/v1/figures.json?gemeente=GM0363&cijfer=waiting_list")
    rows = body["rows"]
    assert isinstance(rows, list)
    return [row["value"] for row in rows]


def _metric_values(page: object) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]


def test_a_save_shows_at_once_on_the_other_server(shared_database: str, tmp_path: Path) -> None:
    skip_without_browser()
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        apps = []
        for name in ("a", "b"):
            (tmp_path / name / "data").mkdir(parents=True)
            apps.append(
                stack.enter_context(
                    running_app(tmp_path / name, tmp_path / name / "data", {"DATABASE_URL": shared_database})
                )
            )
        a, b = apps
        # Both first requests at once: each instance runs its first start on the empty database.
        answers: dict[str, object] = {}

        def first(app: RunningApp) -> None:
            try:
                answers[app.base] = _get_json(f"{app.base}/api/v1/municipalities.json?_size=1")
            except Exception as error:
                answers[app.base] = error

        threads = [threading.Thread(target=first, args=(app,)) for app in apps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert all(isinstance(answer, dict) and answer["rows"] for answer in answers.values()), answers
        assert _waiting_lists(a) == _waiting_lists(b) == []

        engine = make_engine(shared_database)
        stack.callback(engine.dispose)
        cli = writes.Actor.command_line()
        account = writes.add_account(
            engine, cli, "ams", "municipality_editor", organisation_key="gemeente-amsterdam", municipalities=["GM0363"]
        )
        subject = writes.Subject.municipality("GM0363")

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
            url = f"{b.base}/gemeente?gemeente=GM0363&taal=nl"
            page.goto(url, timeout=RENDER_TIMEOUT_MS)
            page.locator('[data-testid="stMetricValue"]').nth(2).wait_for(timeout=RENDER_TIMEOUT_MS)
            assert "9" not in _metric_values(page)[2]
            started = time.monotonic()
            page.reload(timeout=RENDER_TIMEOUT_MS)
            page.locator('[data-testid="stMetricValue"]').nth(2).wait_for(timeout=RENDER_TIMEOUT_MS)
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=\"stSourceNotes\"], h1')].length > 0",
                timeout=RENDER_TIMEOUT_MS,
            )
            unchanged = time.monotonic() - started

            with session_scope(engine) as session:
                version = writes.subject_state(session, subject).version
            saved_at = time.monotonic()
            writes.save_figures(
                engine,
                writes.Actor(account),
                subject,
                [writes.FigureInput("waiting_list", 9)],
                reference_date=time.strftime("%Y-%m-%d"),
                how_obtained="counted",
                note="Geteld bij de intake.",
                seen_version=version,
            )
            # The other server's page, reloaded once, already shows it: no cache to wait out.
            page.reload(timeout=RENDER_TIMEOUT_MS)
            page.locator('[data-testid="stMetricValue"]').nth(2).wait_for(timeout=RENDER_TIMEOUT_MS)
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
                ".some(e => e.innerText.trim() === '9')",
                timeout=RENDER_TIMEOUT_MS,
            )
            seconds = time.monotonic() - saved_at
            page.screenshot(path=str(tmp_path / "server-b-after-save.png"), full_page=True)
            browser.close()
        assert _waiting_lists(a) == _waiting_lists(b) == [9]
        print(f"save to figure on the other server's page: {seconds:.2f} s (reload, no save: {unchanged:.2f} s)")
