"""The editors' journey in Chromium, against the app started as `make run` starts it:

1. a municipality official signs in with a password and enters a waiting list for Amsterdam in
   the table of "Mijn cijfers", then saves;
2. a second, signed-out browser sees the figure at once on the public municipality page and in
   the map's tooltip;
3. the official cannot reach another municipality: the form offers only Amsterdam, and an import
   file with a row for Rotterdam is refused with nothing written;
4. an administrator verifies the figure and the audit log has the entry.
Screenshots of every step go to var/screens/journey (git-ignored)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from inventory import audit, writes
from inventory.database import session_scope
from inventory.models import Figure
from tests.browser_support import REPO, RunningApp, chromium, prepared_database, running_app, skip_without_browser
from tests.test_browser import AMSTERDAM, SETTLE_SCRIPT, _hover_until_tooltip, _open_map, _screen_position

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 60_000
SCREENS = REPO / "var" / "screens" / "journey"
GRID = '[data-testid="stDataFrame"]'


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, Engine]]:
    skip_without_browser()
    tmp_path = tmp_path_factory.mktemp("journey")
    engine = prepared_database(tmp_path / "data")
    cli = writes.Actor.command_line()
    writes.add_account(
        engine, cli, "ams", "municipality_editor", organisation_key="gemeente-amsterdam",
        municipalities=["GM0363"], password=PASSWORD,
    )  # fmt: skip
    writes.add_account(engine, cli, "beheer", "admin", organisation_key="stichting-los", password=PASSWORD)
    SCREENS.mkdir(parents=True, exist_ok=True)
    try:
        with running_app(tmp_path, tmp_path / "data") as server:
            yield server, engine
    finally:
        engine.dispose()


def shot(page: Any, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
    page.get_by_label("Gebruikersnaam").fill(username, timeout=TIMEOUT_MS)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url("**/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)


def type_in_grid(page: Any, grid: Any, row: int, text: str) -> None:
    """Type into the last column of `row` of a data editor (drawn on a canvas: by position)."""
    box = grid.bounding_box()
    assert box, "no data editor on the page"
    header = row_height = 35
    x, y = box["x"] + box["width"] - 60, box["y"] + header + row * row_height + row_height / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    page.mouse.dblclick(x, y)  # opens the cell's editor
    page.wait_for_timeout(300)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)  # the edit reaches the server with the next rerun


def waiting_lists(engine: Engine) -> list[Figure]:
    with session_scope(engine) as session:
        return list(
            session.scalars(select(Figure).where(Figure.municipality_code == "GM0363", Figure.metric == "waiting_list"))
        )


def test_an_official_updates_amsterdam_and_the_public_sees_it_at_once(
    app: tuple[RunningApp, Engine], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    server, engine = app
    assert waiting_lists(engine) == []
    with chromium() as browser:
        editor = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        sign_in(editor, server.base, "ams")
        expect(editor.locator(GRID).first).to_be_visible(timeout=TIMEOUT_MS)
        shot(editor, "1-mijn-cijfers")
        # Only Amsterdam can be chosen: the municipality as a whole and its offers.
        editor.locator('[data-testid="stSelectbox"]').first.click()
        options = editor.locator('[role="option"]').all_inner_texts()
        editor.keyboard.press("Escape")
        assert options and all(option.startswith("Amsterdam") for option in options), options

        type_in_grid(editor, editor.locator(GRID).first, 4, "9")  # row 4: Wachtlijst
        editor.get_by_label("Toelichting (verplicht)").fill("Geteld bij de intake op de peildatum.")
        shot(editor, "2-ingevuld")
        saved_at = time.monotonic()
        editor.get_by_role("button", name="Opslaan", exact=True).click()
        saved = re.compile(
            r"^Opgeslagen voor Amsterdam — gemeentetotaal: 1 nieuw cijfer per .*: Wachtlijst \(personen\) 9\."
        )
        expect(editor.get_by_text(saved)).to_be_visible(timeout=TIMEOUT_MS)
        # The table in view is made anew: it shows the stored figure and its review, not "geen gegevens".
        table = editor.locator(GRID).first
        expect(table.locator("td", has_text="Nog niet beoordeeld")).to_be_attached(timeout=TIMEOUT_MS)
        assert table.locator("td").all_inner_texts().count("geen gegevens") == 4
        shot(editor, "3-opgeslagen")
        (figure,) = waiting_lists(engine)
        assert (figure.value, figure.status, figure.review_status) == (9, "self_reported", "pending")

        # A signed-out visitor sees it at once.
        public_context = browser.new_context(viewport={"width": 1400, "height": 1800})
        public = public_context.new_page()
        public.goto(f"{server.base}/gemeente?gemeente=GM0363&taal=nl", timeout=TIMEOUT_MS)
        expect(public.locator('[data-testid="stMetricValue"]').nth(2)).to_have_text("9", timeout=TIMEOUT_MS)
        seconds = time.monotonic() - saved_at
        shot(public, "4-publiek-gemeente")
        public_context.add_init_script(SETTLE_SCRIPT)
        map_page = public_context.new_page()
        _open_map(map_page, f"{server.base}/kaart?maat=waiting_list&taal=nl")
        _code, lon, lat = AMSTERDAM
        x, y = _screen_position(map_page, lon, lat)
        _hover_until_tooltip(map_page, x, y, "Amsterdam")
        expect(map_page.locator(".deck-tooltip")).to_contain_text("9", timeout=TIMEOUT_MS)
        shot(map_page, "5-publiek-kaart")

        # Another municipality through an import file: refused, nothing written.
        rotterdam = tmp_path / "rotterdam.csv"
        rotterdam.write_text(import_row("GM0599"), encoding="utf-8")
        before = figure_total(engine)
        editor.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(rotterdam))
        # The dry-run report (a data grid) names the row and why; the import button is not offered.
        refusal = editor.locator("td", has_text="mag niet schrijven voor Rotterdam").first
        expect(refusal).to_be_attached(timeout=TIMEOUT_MS)
        shot(editor, "6-import-rotterdam-geweigerd")
        assert figure_total(engine) == before

        # The administrator verifies the figure and finds it in the audit log.
        admin = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        sign_in(admin, server.base, "beheer")
        admin.goto(f"{server.base}/beheer?taal=nl", timeout=TIMEOUT_MS)
        grid = admin.locator(GRID).first
        expect(grid).to_be_visible(timeout=TIMEOUT_MS)
        box = grid.bounding_box()
        assert box
        admin.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the row's selection box
        admin.get_by_role("button", name="Verifiëren").click(timeout=TIMEOUT_MS)
        expect(admin.get_by_text(re.compile("^Geverifieerd: Amsterdam")).first).to_be_visible(timeout=TIMEOUT_MS)
        shot(admin, "7-beheer-geverifieerd")
        browser.close()
    (figure,) = waiting_lists(engine)
    assert figure.review_status == "verified"
    with session_scope(engine) as session:
        log = audit.entries(session, limit=50)
    assert {"figure_saved", "figure_verified"} <= set(log["action"])
    assert server.trap.seen == []
    print(f"save to the new figure on the public municipality page: {seconds:.2f} s")


def import_row(code: str) -> str:
    """A filled-in row of the import template for municipality `code`, as the template spells it."""
    header = (
        "municipality_code;municipality;facility_key;facility;metric;measure;current_value;current_period;"
        "current_note;version;qualifier;value;value_low;value_high;reference_date;how_obtained;note;explanation"
    )
    row = f"{code};;;;places;;;;;0;exact;50;;;{time.strftime('%Y-%m-%d')};counted;Geteld.;"
    return f"{header}\n{row}\n"


def figure_total(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Figure)) or 0)
