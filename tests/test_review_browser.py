"""The review desk in Chromium, against the app started as `make run` starts it (issue 14): two
pending Amsterdam waiting-list figures on top of the seed; the admin ticks one and verifies it,
then ticks the other, types a reason and rejects it. The database, read by key, must hold exactly
those two decisions. Screenshots before and after each decision go to var/screens/review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select

from inventory import writes
from inventory.accounts import find_account
from inventory.clock import local_today, utc_now
from inventory.database import session_scope
from inventory.models import Figure, FigureReview
from inventory.presentation import format_day
from tests.browser_support import (
    REPO,
    RunningApp,
    chromium,
    prepared_database_of_the_pass,
    running_app,
    skip_without_browser,
)
from tests.test_journey_browser import GRID, PASSWORD, TIMEOUT_MS, sign_in

# Also in the PostgreSQL pass: the issue wants the review desk proven on both databases.
pytestmark = [pytest.mark.browser, pytest.mark.browser_pg]
SCREENS = REPO / "var" / "screens" / "review"
AMSTERDAM = writes.Subject.municipality("GM0363")
HEADER = ROW = 35  # the data grid's header and row height in pixels


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, Engine]]:
    skip_without_browser()
    tmp_path = tmp_path_factory.mktemp("review")
    with prepared_database_of_the_pass(tmp_path / "data") as (engine, url):
        cli = writes.Actor.command_line()
        writes.add_account(
            engine, cli, "ams", "municipality_editor", organisation_key="gemeente-amsterdam",
            municipalities=["GM0363"], password=PASSWORD,
        )  # fmt: skip
        writes.add_account(engine, cli, "beheer", "admin", organisation_key="stichting-los", password=PASSWORD)
        SCREENS.mkdir(parents=True, exist_ok=True)
        with running_app(tmp_path, tmp_path / "data", database_url=url) as server:
            yield server, engine


def enter(engine: Engine, value: int, days_ago: int) -> tuple[str, dt.date]:
    """A waiting list for Amsterdam as a whole, entered by its editor through the write functions."""
    with session_scope(engine) as session:
        version = writes.subject_state(session, AMSTERDAM).version
        ams = find_account(session, "ams")
        assert ams is not None
        ams_id = ams.id
    result = writes.save_figures(
        engine,
        writes.Actor(ams_id),
        AMSTERDAM,
        [writes.FigureInput("waiting_list", value)],
        reference_date=local_today(utc_now) - dt.timedelta(days=days_ago),
        how_obtained="counted",
        note="Geteld bij de intake.",
        seen_version=version,
    )
    return result.figure_keys[0], local_today(utc_now) - dt.timedelta(days=days_ago)


def decisions(engine: Engine, *keys: str) -> list[tuple[str | None, str | None]]:
    """Per key: its review status and the published reason of its decision."""
    with session_scope(engine) as session:
        out = []
        for key in keys:
            figure = session.scalar(select(Figure).where(Figure.key == key))
            assert figure is not None
            reason = session.scalar(select(FigureReview.reason).where(FigureReview.figure_id == figure.id))
            out.append((figure.review_status, reason))
        return out


def tick(page: Any, day: str) -> None:
    """Tick the row of the figure for `day` ('1 dec 2026'): the grid is drawn on a canvas, and its
    accessible table says which row that is."""
    grid = page.locator(GRID).first
    grid.locator("td", has_text=day).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    rows = grid.locator("tbody tr")
    index = next(i for i in range(rows.count()) if day in rows.nth(i).inner_text())
    box = grid.bounding_box()
    assert box, "no review table on the page"
    page.mouse.click(box["x"] + 15, box["y"] + HEADER + index * ROW + ROW / 2)  # the row's selection box


def shot(page: Any, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


WORDS = {
    "nl": {"verify": "Verifiëren", "reject": "Afwijzen", "reason": "Reden van afwijzing (wordt gepubliceerd)",
           "verified": "Geverifieerd: Amsterdam — gemeentetotaal, Wachtlijst (personen) {v} · ",
           "rejected": "Afgewezen: Amsterdam — gemeentetotaal, Wachtlijst (personen) {v} · ",
           "chosen": "Gekozen: Amsterdam — gemeentetotaal, Wachtlijst (personen) {v} · "},
    "en": {"verify": "Verify", "reject": "Reject", "reason": "Reason for rejection (published)",
           "verified": "Verified: Amsterdam — municipality total, Waiting list (persons) {v} · ",
           "rejected": "Rejected: Amsterdam — municipality total, Waiting list (persons) {v} · ",
           "chosen": "Chosen: Amsterdam — municipality total, Waiting list (persons) {v} · "},
}  # fmt: skip


@pytest.mark.parametrize(("lang", "days"), [("nl", (7, 3)), ("en", (6, 2))])
def test_the_admin_verifies_one_figure_and_rejects_the_other(
    app: tuple[RunningApp, Engine], lang: str, days: tuple[int, int]
) -> None:
    from playwright.sync_api import expect

    server, engine = app
    words = WORDS[lang]
    (fifty, day_50), (forty_four, day_44) = enter(engine, 50, days[0]), enter(engine, 44, days[1])
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1600, "height": 1400}).new_page()
        sign_in(page, server.base, "beheer")
        page.goto(f"{server.base}/beheer?taal={lang}", timeout=TIMEOUT_MS)
        expect(page.locator(GRID).first).to_be_visible(timeout=TIMEOUT_MS)
        shot(page, f"{lang}-1-before")
        # The figure of 50 (in the issue: the one whose decision went to the other row).
        tick(page, format_day(day_50, lang))
        expect(page.get_by_text(words["chosen"].format(v=50))).to_be_visible(timeout=TIMEOUT_MS)
        shot(page, f"{lang}-2-chosen-50")
        page.get_by_role("button", name=words["verify"], exact=True).click()
        expect(page.get_by_text(words["verified"].format(v=50))).to_be_visible(timeout=TIMEOUT_MS)
        # The decided row left the queue and nothing is chosen: no decision buttons.
        expect(page.get_by_role("button", name=words["verify"], exact=True)).to_have_count(0)
        remaining = page.locator(GRID).first.locator("tbody tr")
        expect(remaining).to_have_count(1)
        expect(remaining.first).to_contain_text(format_day(day_44, lang))
        shot(page, f"{lang}-3-after-verify")
        assert decisions(engine, fifty, forty_four) == [("verified", None), ("pending", None)]

        tick(page, format_day(day_44, lang))
        expect(page.get_by_text(words["chosen"].format(v=44))).to_be_visible(timeout=TIMEOUT_MS)
        page.get_by_label(words["reason"]).fill("Dubbel geteld." if lang == "nl" else "Counted twice.")
        page.get_by_label(words["reason"]).press("Enter")
        shot(page, f"{lang}-4-chosen-44-with-reason")
        page.get_by_role("button", name=words["reject"], exact=True).click()
        expect(page.get_by_text(words["rejected"].format(v=44))).to_be_visible(timeout=TIMEOUT_MS)
        shot(page, f"{lang}-5-after-reject")
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "IndexError" not in body and "None" not in body
    reason = "Dubbel geteld." if lang == "nl" else "Counted twice."
    assert decisions(engine, fifty, forty_four) == [("verified", None), ("rejected", reason)]
    assert server.trap.seen == []
