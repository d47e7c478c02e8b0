"""A snapshot holds what the database knew by that day, for everything it shows: offers, programme
memberships and sources too (each has `entered_at`, seeded rows from their seeding), and a stand
before the first entry says so in one sentence on every page, in the API and in its CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import Engine, select, text
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.routes import api_routes
from inventory import queries, snapshot, writes
from inventory.clock import as_utc
from inventory.database import session_scope
from inventory.filters import Filters
from inventory.i18n import t
from inventory.models import Facility, Figure, ProgrammeMembership, Source
from inventory.presentation import empty_stand_sentence, format_day
from inventory.schema import alembic_config, upgrade
from inventory.seed import SEED_ENTERED_BY, seed
from tests.conftest import open_app_page
from tests.world import START, Clock, build_world

EARLY = dt.date(2025, 6, 1)  # before anything was entered: the seed is loaded when the tests run


def _first_day(engine: Engine) -> dt.date:
    with session_scope(engine) as session:
        day = snapshot.before_first_entry(session, EARLY)
    assert day is not None and day > EARLY
    return day


def test_a_stand_before_the_seeding_holds_no_offer_membership_or_source(seeded_engine: Engine) -> None:
    early = Filters(stand=EARLY)
    with session_scope(seeded_engine) as session:
        assert len(queries.facilities(session)) > 0 and queries.facilities(session, early).empty
        assert len(queries.programme_memberships(session)) > 0
        assert queries.programme_memberships(session, early).empty
        assert len(queries.sources(session)) > 0 and queries.sources(session, stand=EARLY).empty
        overview = queries.municipality_overview(session, early)
        assert not overview["has_shelter"].any() and not overview["has_figures"].any()
        # Amsterdam: no offer listed, so none "without figures" either.
        assert queries.facilities(session, early.with_(municipality="GM0363")).empty
        first = snapshot.first_entry(session)
        assert first is not None
        today = Filters(stand=first.astimezone(snapshot.LOCAL_ZONE).date())
        assert snapshot.before_first_entry(session, today.stand) is None  # type: ignore[arg-type]
        assert len(queries.facilities(session, today)) == len(queries.facilities(session))


def test_seeded_rows_count_from_their_seeding(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        seeding = select(Figure.entered_at).where(Figure.entered_by == SEED_ENTERED_BY)
        seeded = [as_utc(m) for m in session.scalars(seeding)]
        for model in (Facility, ProgrammeMembership, Source):
            stamps = [as_utc(v) for v in session.scalars(select(model.entered_at))]
            assert stamps and all(abs(s - min(seeded)) < dt.timedelta(minutes=5) for s in stamps), model


def test_an_offer_is_listed_from_the_moment_it_was_entered(engine: Engine) -> None:
    world = build_world(engine)
    world.clock.advance(days=10)
    new = writes.NewFacility(municipality_code="GM0363", label="Later offer", shelter_form="regular_night")
    writes.add_facility(engine, world.actor("ams"), new, clock=world.clock)
    day = world.clock.now.date()
    with session_scope(engine) as session:
        then = set(queries.facilities(session, Filters(stand=day - dt.timedelta(days=1)))["label"])
        now = set(queries.facilities(session, Filters(stand=day))["label"])
        # The world's own offers count from its first moment; before it there is nothing at all.
        assert snapshot.before_first_entry(session, START.date() - dt.timedelta(days=1)) == START.date()
        assert snapshot.before_first_entry(session, START.date()) is None
    assert "Later offer" not in then and "Offer ams-night" in then
    assert "Later offer" in now


def test_the_migration_fills_in_when_stored_rows_were_entered(engine: Engine) -> None:
    """A database seeded before 0009: offers, sources and memberships get the moment the seed
    entered them, an editor's offer the moment of its audit entry."""
    seed(engine)
    seeded_at = "2026-01-05 10:00:00"
    with engine.begin() as conn:
        conn.execute(text("UPDATE figures SET entered_at = :t"), {"t": seeded_at})
        conn.execute(text("UPDATE aggregates SET entered_at = :t"), {"t": seeded_at})
        conn.execute(text("UPDATE outcomes SET entered_at = :t"), {"t": seeded_at})
    editors = build_world_on_seed(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    upgrade(engine)
    expected = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    with session_scope(engine) as session:
        for model in (ProgrammeMembership, Source):
            assert {as_utc(v) for v in session.scalars(select(model.entered_at))} == {expected}, model
        offers = {k: as_utc(v) for k, v in session.execute(select(Facility.key, Facility.entered_at))}
    assert offers.pop(editors) == START
    assert set(offers.values()) == {expected}


def build_world_on_seed(engine: Engine) -> str:
    """An editor adds an offer to the seeded Amsterdam at the world's clock; returns its key."""
    cli = writes.Actor.command_line()
    clock = Clock()
    writes.add_organisation(engine, cli, "stad", "Gemeente Test", "municipality", clock=clock)
    account = writes.add_account(
        engine, cli, "stad", "municipality_editor", organisation_key="stad", municipalities=["GM0363"], clock=clock
    )
    new = writes.NewFacility(municipality_code="GM0363", label="Editor offer", shelter_form="regular_night")
    return writes.add_facility(engine, writes.Actor(account), new, clock=clock).key


def test_the_api_says_the_stand_comes_before_the_first_entry(seeded_app: str, seeded_engine: Engine) -> None:
    first = _first_day(seeded_engine)
    sentence = {lang: empty_stand_sentence(EARLY, first, lang) for lang in ("nl", "en")}
    with TestClient(Starlette(routes=api_routes())) as client:
        for table in ("facilities", "programme_memberships", "sources", "figures", "aggregates", "outcomes", "gaps"):
            body = client.get(f"/api/v1/{table}.json?stand={EARLY}").json()
            assert body["notice"] == sentence["nl"] and sentence["nl"] in body["filter_text"], table
            if table != "gaps":
                assert body["rows"] == [] and body["sources"] == [], table
        gaps = client.get(f"/api/v1/gaps.json?stand={EARLY}").json()["rows"]
        assert gaps and all(r["nearest_code"] is None for r in gaps)
        municipalities = client.get(f"/api/v1/municipalities.json?stand={EARLY}&taal=en&_size=10000").json()
        assert municipalities["notice"] == sentence["en"]
        assert not any(r["has_shelter"] or r["has_figures"] for r in municipalities["rows"])
        csv = client.get(f"/api/v1/municipalities.csv?stand={EARLY}&taal=en").text
        assert csv.count(sentence["en"]) == len(municipalities["rows"]) == 342
        assert client.get("/api/v1/facilities.json").json()["notice"] is None
        spec = client.get("/api/v1/openapi.json").json()
        assert "notice" in spec["components"]["schemas"]["facilities_page"]["required"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("page", "params"),
    [("municipality", {"gemeente": "GM0363"}), ("overview", {}), ("map", {}), ("tables", {}), ("coverage", {})],
)
def test_every_page_says_it_in_one_sentence_instead_of_empty_tables(
    seeded_app: str, seeded_engine: Engine, lang: str, page: str, params: dict[str, str]
) -> None:
    shown = open_app_page(page, stand=EARLY.isoformat(), taal=lang, **params)
    sentence = empty_stand_sentence(EARLY, _first_day(seeded_engine), lang)
    assert sentence.startswith(t("stand_before_first", lang, date=format_day(EARLY, lang), first="")[:20])
    notices = [i.value for i in shown.info]
    assert len(notices) == 1 and notices[0].startswith(sentence), notices
    assert t("stand_to_current", lang) in notices[0]
    assert not shown.dataframe and not shown.table and not shown.metric
    assert len(shown.title) == 1
    page_text = " ".join(str(e.value) for e in [*shown.markdown, *shown.caption])
    assert t("no_data", lang) not in page_text
    assert not shown.get("arrow_vega_lite_chart") and not shown.get("vega_lite_chart")  # no empty trend chart
