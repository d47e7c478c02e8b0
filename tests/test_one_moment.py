"""A sum is of one moment: a municipality's value adds only the offers' figures whose reference
period ends within the 12 months up to its newest figure; an older offer is named beside it as
outdated, never added. On the seed, and after an Amsterdam official enters 180 places for
1 Dec 2026 through `inventory.writes` (the seed's 120 places of 2016 then fall out of the sum):
the rule, the map's tooltip, the municipality page's headline, the API's CSV and the data package."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest
from sqlalchemy import Engine, select

from inventory import exports, queries, writes
from inventory.bootstrap import ensure_ready
from inventory.columns import table_schema
from inventory.database import make_engine, session_scope
from inventory.enums import Qualifier
from inventory.filters import Filters
from inventory.i18n import column_label
from inventory.mapdata import value_with_parts
from inventory.models import Facility
from inventory.municipal import municipality_breakdown, of_one_moment, window_start
from inventory.schema import upgrade
from inventory.seed import seed
from inventory.values import QValue
from tests.pg_schemas import PG_URL, drop_pg_schema, pg_schema_url
from tests.test_api import get
from tests.test_api import server as server
from tests.test_app_pages import _fresh_caches, assert_ok, open_page  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env

AMSTERDAM = "GM0363"
NIGHT_SHELTER = "ams-hvo-querido-nachtopvang"  # 170 places, Oct 2016 - Jan 2017, in the seed
OLD_KEY = "ams-pv-24h-places-2016"  # 120 places, 2016, in the seed
NEW_DAY = dt.date(2026, 12, 1)
SAVED_AT = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def enter_amsterdam_2026(engine: Engine) -> str:
    """An Amsterdam editor enters 180 places of the night shelter for 1 Dec 2026, as the page
    would; returns the new figure's key."""
    cli = writes.Actor.command_line()
    editor = writes.add_account(
        engine,
        cli,
        f"ams-{uuid.uuid4().hex[:6]}",
        "municipality_editor",
        organisation_key="gemeente-amsterdam",
        municipalities=[AMSTERDAM],
        clock=lambda: SAVED_AT,
    )
    with session_scope(engine) as session:
        facility_id = session.scalar(select(Facility.id).where(Facility.key == NIGHT_SHELTER))
        assert facility_id is not None
        subject = writes.Subject.facility(facility_id)
        version = writes.subject_state(session, subject).version
    result = writes.save_figures(
        engine,
        writes.Actor(editor),
        subject,
        [writes.FigureInput("places", 180)],
        reference_date=NEW_DAY,
        how_obtained="counted",
        note="Geteld op de peildatum.",
        seen_version=version,
        clock=lambda: SAVED_AT,
    )
    (key,) = result.figure_keys
    return key


@pytest.fixture(scope="module")
def seeded_then_2026(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Engine]]:
    """Two databases loaded from data/: as seeded, and with the 2026 figure on top."""
    made: list[tuple[Engine, str]] = []
    for name in ("seed", "new"):
        schema = f"m_{name}_{uuid.uuid4().hex[:8]}"
        url = pg_schema_url(schema) if PG_URL else f"sqlite:///{tmp_path_factory.mktemp(name) / 'test.sqlite'}"
        engine = make_engine(url)
        upgrade(engine)
        seed(engine)
        made.append((engine, schema))
    enter_amsterdam_2026(made[1][0])
    yield made[0][0], made[1][0]
    for engine, schema in made:
        engine.dispose()
        if PG_URL:
            drop_pg_schema(schema)


@pytest.fixture(scope="module")
def app_with_2026(app_env: str) -> str:
    """The app's database, made and seeded as its first start does, with the 2026 figure on top."""
    engine = make_engine(app_env)
    try:
        ensure_ready(engine)
        enter_amsterdam_2026(engine)
    finally:
        engine.dispose()
    return app_env


def _overview_row(engine: Engine, **filters: Any) -> dict[str, Any]:
    with session_scope(engine) as session:
        overview = queries.municipality_overview(session, Filters(**filters))
    return overview.set_index("municipality_code").loc[AMSTERDAM].to_dict()


# --- the rule ------------------------------------------------------------------------------------


def _part(key: str, facility: str | None, start: dt.date, end: dt.date, value: int) -> dict[str, object]:
    return {
        "key": key,
        "municipality_code": "GM0001",
        "facility_key": facility,
        "shelter_form": None if facility is None else "specialised_24h",
        "metric": "places",
        "period_start": start,
        "period_end": end,
        "qualifier": "exact",
        "value": value,
        "value_low": None,
        "value_high": None,
    }


def test_the_window_is_the_twelve_months_up_to_the_newest_figure() -> None:
    assert window_start(dt.date(2017, 1, 31)) == dt.date(2016, 2, 1)
    assert window_start(dt.date(2026, 12, 1)) == dt.date(2025, 12, 2)
    assert window_start(dt.date(2028, 2, 29)) == dt.date(2027, 3, 1)


def test_a_part_counts_when_its_period_ends_in_the_window_not_only_when_it_lies_inside() -> None:
    d = dt.date
    frame = pd.DataFrame(
        [
            _part("new", "a", d(2016, 10, 1), d(2017, 1, 31), 170),
            _part("year", "b", d(2016, 1, 1), d(2016, 12, 31), 120),  # starts before the window, ends in it
            _part("edge", "c", d(2015, 2, 1), d(2016, 2, 1), 10),  # ends on the window's first day
            _part("old", "d", d(2016, 1, 1), d(2016, 1, 31), 7),  # ends the day before: outdated
            _part("older", "e", d(2014, 1, 1), d(2014, 12, 31), 5),
        ]
    )
    value = municipality_breakdown(frame, "places")["GM0001"]
    assert value.total == QValue(Qualifier.EXACT, 300)
    assert value.keys == ["edge", "new", "year"] and value.outdated_keys == ["old", "older"]
    assert (value.window_start, value.period_end) == (d(2016, 2, 1), d(2017, 1, 31))
    assert value.latest_outdated is not None and value.latest_outdated.key == "old"
    # The same split straight from the rule's one function.
    parts = list(value.parts + value.outdated)
    counted, outdated = of_one_moment(parts)
    assert [p.key for p in counted] == value.keys and [p.key for p in outdated] == value.outdated_keys


def test_a_city_total_stays_the_value_and_leaves_nothing_out() -> None:
    d = dt.date
    frame = pd.DataFrame(
        [
            _part("total", None, d(2016, 1, 1), d(2016, 12, 31), 400),
            _part("offer", "a", d(2026, 12, 1), d(2026, 12, 1), 180),
        ]
    )
    value = municipality_breakdown(frame, "places")["GM0001"]
    assert value.total == QValue(Qualifier.EXACT, 400) and value.keys == ["total"] and value.outdated == ()


# --- the seed, and the seed plus a 2026 figure ---------------------------------------------------


def test_the_seed_adds_2016_and_2016_17_as_one_moment(seeded_then_2026: tuple[Engine, Engine]) -> None:
    row = _overview_row(seeded_then_2026[0])
    # 170 (Oct 2016 - Jan 2017) + 120 (2016): the year 2016 ends within 1 Feb 2016 - 31 Jan 2017.
    assert (row["places_display"], row["places_parts"], row["places_outdated"]) == ("290", 2, 0)
    assert (row["places_window_start"], row["places_period_end"]) == (dt.date(2016, 2, 1), dt.date(2017, 1, 31))
    assert pd.isna(row["places_outdated_keys"])
    assert value_with_parts(row, "places", "nl") == "290 (som van 2 voorzieningen; jan 2016 – jan 2017)"
    assert value_with_parts(row, "places", "en") == "290 (sum of 2 facilities; Jan 2016 – Jan 2017)"


def test_a_new_figure_leaves_the_2016_offer_out_as_outdated(seeded_then_2026: tuple[Engine, Engine]) -> None:
    engine = seeded_then_2026[1]
    row = _overview_row(engine)
    assert (row["places_display"], row["places_parts"], row["places_outdated"]) == ("180", 1, 1)
    assert row["places_outdated_keys"] == OLD_KEY
    assert (row["places_period_start"], row["places_period_end"]) == (NEW_DAY, NEW_DAY)
    assert row["places_window_start"] == dt.date(2025, 12, 2)
    assert (row["places_outdated_period_start"], row["places_outdated_period_end"]) == (
        dt.date(2016, 1, 1),
        dt.date(2016, 12, 31),
    )
    # The map's table and tooltip text, and the GeoJSON export's display column.
    nl = "180 (per 1 dec 2026; 1 voorziening niet meegeteld, verouderd: laatste cijfer 2016)"
    en = "180 (as of 1 Dec 2026; 1 facility not counted, outdated: latest figure 2016)"
    assert value_with_parts(row, "places", "nl") == nl and value_with_parts(row, "places", "en") == en
    with session_scope(engine) as session:
        geojson = exports.geojson_dict(session, Filters(municipality=AMSTERDAM), "nl")
    (feature,) = geojson["features"]
    assert feature["properties"]["places_display"] == nl
    assert feature["properties"]["places_outdated_keys"] == OLD_KEY
    # A year filter keeps the old moment whole: 2016 alone is the 120 of 2016.
    old = _overview_row(engine, year=2016)
    assert (old["places_display"], old["places_outdated"]) == ("120", 0)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_municipalities_download_types_the_new_columns_and_validates(
    seeded_then_2026: tuple[Engine, Engine], tmp_path: Path, lang: str
) -> None:
    """The CSV download (what the Tables page and `inventory export --table municipalities` give),
    with the outdated offer filled in, against its Table Schema; the API's schema types them too."""
    with session_scope(seeded_then_2026[1]) as session:
        export = exports.table_export(session, "municipalities", Filters(), lang)
    (tmp_path / "data.csv").write_bytes(exports.csv_bytes(export))
    resource = frictionless.Resource(
        path="data.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(export.csv_schema())
    )
    report = frictionless.validate(resource)
    assert report.valid, [e.message for task in report.tasks for e in task.errors]
    types = {f["name"]: f["type"] for f in table_schema("municipalities")["fields"]}
    assert types["places_window_start"] == types["places_outdated_period_end"] == "date"
    assert types["places_outdated"] == "integer" and types["places_outdated_keys"] == "string"
    frame = pd.read_csv(tmp_path / "data.csv", keep_default_na=False, dtype=str, encoding="utf-8-sig")
    ams = frame.set_index(column_label("municipality_code", lang)).loc[AMSTERDAM]
    assert (ams["places_low"], ams["places_outdated"], ams["places_outdated_keys"]) == ("180", "1", OLD_KEY)
    assert ams["places_window_start"] == "2025-12-02" and ams["places_period_end"] == "2026-12-01"


# --- the pages and the API, with the new figure ----------------------------------------------------


def _deck_tip(at: Any, name: str) -> str:
    """The tooltip text (`value_label`) the map's deck gives the municipality called `name`."""
    (chart,) = at.get("deck_gl_json_chart")
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("name") == name and "value_label" in node:
                found.append(node["value_label"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(chart.proto.json))
    assert found, f"no tooltip for {name}"
    return found[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_headline_and_tooltip_say_their_moment_and_what_is_outdated(app_with_2026: str, lang: str) -> None:
    at = open_page("municipality", gemeente=AMSTERDAM, taal=lang)
    assert_ok(at)
    places, persons = at.metric[0], at.metric[1]
    assert (places.label, places.value) == (("Plaatsen", "180") if lang == "nl" else ("Places", "180"))
    captions = [c.value for c in at.caption]
    # Under each number (in its column): the moment it is of, then what it leaves out as outdated.
    under = [[c.value for c in column.caption] for column in at.columns[:3]]
    if lang == "nl":
        assert under == [
            ["per 1 dec 2026", "1 voorziening niet meegeteld, verouderd: laatste cijfer 2016"],
            ["peilperiode 2016"],
            [],
        ]
        window = next(c for c in captions if c.startswith("Plaatsen 180 telt alleen"))
        assert "tussen 2 dec 2025 en 1 dec 2026" in window
        assert "120: Programma Vreemdelingen 24-uursopvang (totaal), verouderd: laatste cijfer 2016" in window
        assert "verouderd: laatste cijfer 2016" in places.help
        # The new figure has no source document: it names who reported it, never "(z.j.)".
        assert "180: HVO-Querido nachtopvang (twee locaties), 1 dec 2026 (zelf gemeld door Gemeente Amsterdam)" in (
            places.help
        )
        assert "z.j." not in places.help
    else:
        assert under == [["as of 1 Dec 2026", "1 facility not counted, outdated: latest figure 2016"],
                         ["reference period 2016"], []]  # fmt: skip
        window = next(c for c in captions if c.startswith("Places 180 counts only"))
        assert "between 2 Dec 2025 and 1 Dec 2026" in window
        assert "outdated: latest figure 2016" in places.help
    assert persons.value == QValue(Qualifier.APPROXIMATE, 120).format(lang)  # the 2016 persons, not a sum
    # No headline reads as a sum any more: the one place figure left is not "sum of 2".
    assert not any(c.startswith(("Plaatsen 180 is de som", "Places 180 is the sum")) for c in captions)

    tip = _deck_tip(open_page("map", taal=lang), "Amsterdam")
    if lang == "nl":
        assert tip == "Plaatsen: 180 (per 1 dec 2026; 1 voorziening niet meegeteld, verouderd: laatste cijfer 2016)"
    else:
        assert tip == "Places: 180 (as of 1 Dec 2026; 1 facility not counted, outdated: latest figure 2016)"


def test_the_api_csv_gives_the_sum_its_window_and_the_outdated_offer(server: Any) -> None:
    before = pd.read_csv(server.url("/api/v1/municipalities.csv?provincie=PV27"))
    ams = before.set_index("municipality_code").loc[AMSTERDAM]
    assert (ams["places_low"], ams["places_outdated"]) == (290, 0)
    engine = server.engine()
    try:
        enter_amsterdam_2026(engine)
    finally:
        engine.dispose()
    frame = pd.read_csv(server.url("/api/v1/municipalities.csv?provincie=PV27"))  # as a reader's script does
    ams = frame.set_index("municipality_code").loc[AMSTERDAM]
    assert (ams["places_low"], ams["places_high"], ams["places_parts"], ams["places_outdated"]) == (180, 180, 1, 1)
    assert ams["places_outdated_keys"] == OLD_KEY
    assert (ams["places_window_start"], ams["places_period_end"]) == ("2025-12-02", "2026-12-01")
    assert (ams["places_outdated_period_start"], ams["places_outdated_period_end"]) == ("2016-01-01", "2016-12-31")
    page = get(server, "/api/v1/municipalities.json?gemeente=GM0363").json()
    (row,) = page["rows"]
    assert row["places_outdated"] == 1 and row["places_outdated_keys"] == OLD_KEY
