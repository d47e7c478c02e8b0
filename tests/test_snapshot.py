"""Citable snapshots (`stand=YYYY-MM-DD`): a figure entered, then corrected days later; every query
path, the API and the pages show the old value as of the first day and the new one without a stand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import streamlit as st
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from api.routes import api_routes
from inventory import queries, snapshot, writes
from inventory.database import session_scope
from inventory.filters import Filters, unknown_values
from inventory.i18n import t
from inventory.presentation import format_day
from inventory.writes import FigureInput as F
from tests.conftest import open_app_page
from tests.world import TODAY, World, build_world

D = TODAY  # the day the first figure was entered
LATER = TODAY + dt.timedelta(days=3)


@dataclass
class Corrected:
    world: World
    old_key: str
    new_key: str


def save(world: World, value: int) -> writes.SaveResult:
    subject = world.facility("ams-night")
    return writes.save_figures(
        world.engine,
        world.actor("ams"),
        subject,
        [F("places", value)],
        reference_date=TODAY,
        how_obtained="counted",
        note="Counted at the evening intake.",
        seen_version=world.version(subject),
        clock=world.clock,
    )


@pytest.fixture
def corrected(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Corrected:
    """40 places entered on D, corrected to 45 three days later (a second save for the same date)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    world = build_world(engine)
    first = save(world, 40)
    world.clock.advance(days=3)
    second = save(world, 45)
    return Corrected(world, first.figure_keys[0], second.figure_keys[0])


def places(engine: Engine, filters: Filters) -> list[tuple[str, int]]:
    with session_scope(engine) as session:
        frame = queries.figures(session, filters.with_(municipality="GM0363", metric="places"))
    return list(zip(frame["key"], frame["value"].astype(int), strict=True))


def test_parse_stand_accepts_only_real_past_dates() -> None:
    assert snapshot.parse_stand("2026-03-02") == dt.date(2026, 3, 2)
    for bad in ("2026-02-30", "26-03-02", "1999-12-31", "2999-01-01", "abc", "", "2026-3-2", "２０２６-03-02"):
        assert snapshot.parse_stand(bad) is None, bad
    assert Filters.from_params({"stand": "2026-03-02"}).stand == dt.date(2026, 3, 2)
    assert Filters.from_params({"stand": "2026-03-02"}).to_params() == {"stand": "2026-03-02"}
    assert unknown_values({"stand": "gisteren"}, [], [], []) == [("date", "stand", "gisteren")]


def test_the_cutoff_is_the_end_of_the_day_in_amsterdam() -> None:
    # Winter: UTC+1, so 23:30 UTC on 2 March is already 3 March in Amsterdam.
    assert snapshot.cutoff(dt.date(2026, 3, 2)) == dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC)


def test_queries_as_of_a_stand_ignore_later_corrections(corrected: Corrected) -> None:
    engine = corrected.world.engine
    assert places(engine, Filters()) == [(corrected.new_key, 45)]
    assert places(engine, Filters(stand=D)) == [(corrected.old_key, 40)]
    assert places(engine, Filters(stand=D - dt.timedelta(days=1))) == []
    assert places(engine, Filters(stand=LATER)) == [(corrected.new_key, 45)]
    with session_scope(engine) as session:
        assert snapshot.newer_since(session, D) == 1
        assert snapshot.newer_since(session, LATER) == 0
        overview = queries.municipality_overview(session, Filters(stand=D)).set_index("municipality_code")
        assert overview.loc["GM0363", "places_display"] == "40"
        overview = queries.municipality_overview(session, Filters()).set_index("municipality_code")
        assert overview.loc["GM0363", "places_display"] == "45"
        # With the correction ignored, the old record is not "superseded by" anything yet.
        old = queries.figures(session, Filters(municipality="GM0363", stand=D), include_superseded=True)
        assert old["superseded_by"].isna().all() and old["key"].tolist() == [corrected.old_key]


def test_a_review_counts_from_the_day_it_was_decided(corrected: Corrected) -> None:
    world = corrected.world
    world.clock.advance(days=2)
    new_id = _figure_id(world.engine, corrected.new_key)
    writes.reject_figure(world.engine, world.actor("admin"), new_id, "Double count.", clock=world.clock)
    assert places(world.engine, Filters()) == []  # rejected now
    assert places(world.engine, Filters(stand=LATER)) == [(corrected.new_key, 45)]  # still pending then
    with session_scope(world.engine) as session:
        status = queries.figures(session, Filters(municipality="GM0363", stand=LATER))["review_status"].tolist()
    assert status == ["pending"]


def _figure_id(engine: Engine, key: str) -> int:
    from sqlalchemy import select

    from inventory.models import Figure

    with session_scope(engine) as session:
        return int(session.scalar(select(Figure.id).where(Figure.key == key)))  # type: ignore[arg-type]


def test_an_offer_added_after_the_stand_is_not_listed_then(corrected: Corrected) -> None:
    world = corrected.world
    new = writes.NewFacility(municipality_code="GM0363", label="Late offer", shelter_form="regular_night")
    writes.add_facility(world.engine, world.actor("ams"), new, clock=world.clock)
    with session_scope(world.engine) as session:
        now = set(queries.facilities(session, Filters(municipality="GM0363"))["label"])
        then = set(queries.facilities(session, Filters(municipality="GM0363", stand=D))["label"])
    assert "Late offer" in now and "Late offer" not in then and "Offer ams-night" in then


@pytest.fixture
def client(corrected: Corrected) -> Iterator[TestClient]:
    with TestClient(Starlette(routes=api_routes())) as test_client:
        yield test_client


def test_the_api_answers_as_of_the_stand(client: TestClient, corrected: Corrected) -> None:
    then = client.get(f"/api/v1/figures.json?gemeente=GM0363&cijfer=places&stand={D}").json()
    assert [(r["key"], r["value"]) for r in then["rows"]] == [(corrected.old_key, 40)]
    assert then["filters"]["stand"] == D.isoformat() and "stand" not in then["not_applied"]
    now = client.get("/api/v1/figures.json?gemeente=GM0363&cijfer=places").json()
    assert [(r["key"], r["value"]) for r in now["rows"]] == [(corrected.new_key, 45)]
    csv = client.get(f"/api/v1/figures.csv?gemeente=GM0363&cijfer=places&stand={D}&taal=en").text
    assert f"As of: {D}" in csv and ",40," in csv and ",45," not in csv


@pytest.mark.parametrize("bad", ["2026-02-30", "1999-01-01", "2999-01-01", "yesterday"])
def test_a_bad_stand_is_a_400_naming_the_parameter(client: TestClient, corrected: Corrected, bad: str) -> None:
    for path in ("/api/v1/figures.json", "/api/v1/aggregates.csv", f"/api/v1/figures/{corrected.old_key}.json"):
        answer = client.get(f"{path}?stand={bad}")
        assert answer.status_code == 400, (path, answer.text)
        body = answer.json()
        assert body["parameter"] == "stand" and "YYYY-MM-DD" in body["allowed"][0]


def open_page(page: str, **params: str) -> AppTest:
    return open_app_page(page, **params)


@pytest.fixture
def app_env(corrected: Corrected, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Corrected]:
    monkeypatch.setenv("OPVANG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPVANG_BASEMAP", "none")
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    monkeypatch.delenv("OPVANG_BOUNDARIES", raising=False)
    yield corrected
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_municipality_page_shows_the_stand_with_a_notice(app_env: Corrected, lang: str) -> None:
    page = open_page("municipality", gemeente="GM0363", stand=D.isoformat(), taal=lang)
    notices = [i.value for i in page.info]
    expected = t("stand_notice", lang, date=format_day(D, lang)) + " " + t("stand_newer_1", lang, n=1)
    assert any(n.startswith(expected) and t("stand_to_current", lang) in n for n in notices), notices
    assert next(m.value for m in page.metric) == "40"
    captions = [c.value for c in page.caption]
    assert any(f"stand={D}" in c and c.startswith("Data: [CSV](") for c in captions), captions
    now = open_page("municipality", gemeente="GM0363", taal=lang)
    assert next(m.value for m in now.metric) == "45" and not now.info
    day = snapshot.local_today(snapshot.utc_now)
    today = day.isoformat()
    # Without a stand the data and citation links carry today's, so a citation keeps these numbers.
    assert any(f"stand={today}" in c and c.startswith("Data: [CSV](") for c in [c.value for c in now.caption])
    assert any(t("cite_link", lang, date=format_day(day, lang)) in c for c in [c.value for c in now.caption])


def test_a_bad_stand_on_a_page_is_one_translated_notice(app_env: Corrected) -> None:
    page = open_page("municipality", gemeente="GM0363", stand="2026-02-30", taal="en")
    warnings = [w.value for w in page.warning]
    assert warnings == [t("unknown_param", "en", what=t("unknown_date", "en", value="2026-02-30"))]
    assert next(m.value for m in page.metric) == "45"


@pytest.mark.parametrize("page", ["overview", "map", "tables", "coverage"])
def test_every_page_takes_a_stand_with_its_notice(app_env: Corrected, page: str) -> None:
    shown = open_page(page, stand=D.isoformat(), taal="en")
    expected = t("stand_notice", "en", date=format_day(D, "en"))
    assert any(i.value.startswith(expected) for i in shown.info), [i.value for i in shown.info]
    captions = [c.value for c in shown.caption if c.value.startswith("Data: [CSV](")]
    assert len(captions) == 1 and f"stand={D}" in captions[0]


def test_the_gap_analysis_counts_offers_as_they_stood(client: TestClient, corrected: Corrected) -> None:
    world = corrected.world
    new = writes.NewFacility(municipality_code="GM0363", label="Late offer", shelter_form="family")
    writes.add_facility(world.engine, world.actor("ams"), new, clock=world.clock)
    now = client.get("/api/v1/gaps.json?vorm=family").json()
    then = client.get(f"/api/v1/gaps.json?vorm=family&stand={D}").json()
    near = {r["code"]: r["nearest_code"] for r in now["rows"]}
    assert near.get("GM0599") == "GM0363"
    assert all(r["nearest_code"] is None for r in then["rows"]) and then["filters"]["stand"] == D.isoformat()
