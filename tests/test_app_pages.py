"""The Streamlit pages driven headless with AppTest against a real seeded database.

One database per module: an SQLite file in a temporary OPVANG_DATA_DIR, or a fresh PostgreSQL
schema when TEST_DATABASE_URL is set. The app creates and seeds it itself on its first start.
Expected values come from the same database through `inventory`, not from copies of the data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import Engine, func, inspect, select
from streamlit.testing.v1 import AppTest

from inventory import exports, queries, stats
from inventory.applicability import BROWSABLE_TABLES
from inventory.database import database_url, make_engine, session_scope
from inventory.enums import Metric, ShelterForm
from inventory.filters import Filters
from inventory.i18n import column_label, t
from inventory.mapdata import value_with_parts
from inventory.models import Municipality
from inventory.presentation import format_day, source_name
from tests.conftest import REPO, SHARED
from tests.pg_schemas import PG_URL, drop_pg_schema, pg_schema_url

BOUNDARIES = SHARED / "geo" / "gemeenten_2025.geojson"
PAGES = ("overview", "map", "municipality", "tables", "coverage")
NO_FIGURES = "GM1680"  # Aa en Hunze: no offers and no figures in data/ (checked in `db` below)


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Environment for the app, and its database URL; the database starts empty."""
    schema = f"app_{uuid.uuid4().hex[:10]}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPVANG_DATA_DIR", str(tmp_path_factory.mktemp("app_data")))
        mp.setenv("OPVANG_CACHE_DIR", str(tmp_path_factory.mktemp("app_cache")))
        mp.setenv("OPVANG_BASEMAP", "none")
        mp.setenv("OPVANG_OFFLINE", "1")  # never download boundaries from a test
        if BOUNDARIES.exists():
            mp.setenv("OPVANG_BOUNDARIES", str(BOUNDARIES))
        else:
            mp.delenv("OPVANG_BOUNDARIES", raising=False)
        if PG_URL:
            mp.setenv("DATABASE_URL", pg_schema_url(schema))
        else:
            mp.delenv("DATABASE_URL", raising=False)
        yield database_url()
    if PG_URL:
        drop_pg_schema(schema)


@pytest.fixture(autouse=True)
def _fresh_caches(app_env: str) -> Iterator[None]:
    """Streamlit's caches outlive an AppTest: start every test without them (and with Streamlit's
    INFO messages recorded, for `assert_ok`)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    _ARROW_LOGGER.setLevel(logging.INFO)
    ARROW_FALLBACKS.failures.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, **params: str) -> AppTest:
    """Run the app with `params` in the URL and switch to `views/<page>.py`; fail on any exception."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update(params)
    if page != "overview":
        # st.navigation registers pages by url_path, so a switch needs one run of the app first.
        at.run()
        # The first run showed the overview, which writes its own year into the URL.
        at.query_params.clear()
        at.query_params.update(params)
        at.switch_page(f"views/{page}.py")
    at.run()
    assert_ok(at)
    return at


class _ArrowFallbacks(logging.Handler):
    """Tables Arrow refused: Streamlit logs the failure (at INFO) and quietly rewrites the columns
    itself, so the page looks fine in AppTest while numbers beside empty cells turn into text
    such as '2017.0'."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Serialization of dataframe to Arrow table was unsuccessful"):
            self.failures.append(str(record.exc_info[1]) if record.exc_info else record.getMessage())


ARROW_FALLBACKS = _ArrowFallbacks()
_ARROW_LOGGER = logging.getLogger("streamlit.dataframe_util")
_ARROW_LOGGER.addHandler(ARROW_FALLBACKS)


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    failures, ARROW_FALLBACKS.failures[:] = list(ARROW_FALLBACKS.failures), []
    assert not failures, failures


def params(at: AppTest) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


@pytest.fixture(scope="module")
def db(app_env: str) -> Iterator[Engine]:
    """The app's database after its first start (which creates and seeds it)."""
    engine = make_engine(app_env)
    assert "municipalities" not in inspect(engine).get_table_names(), "the database should start empty"
    st.cache_resource.clear()
    assert_ok(open_page("overview"))
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Municipality)) == 342
        overview = queries.municipality_overview(session)
    none = overview[overview["municipality_code"] == NO_FIGURES].iloc[0]
    assert not none["has_figures"] and not none["has_shelter"], f"{NO_FIGURES} should have no data for these tests"
    yield engine
    engine.dispose()


def query(engine: Engine, func_: Any, *args: Any) -> Any:
    with session_scope(engine) as session:
        return func_(session, *args)


def deck_layers(at: AppTest) -> list[str]:
    (chart,) = at.get("deck_gl_json_chart")
    return [layer["id"] for layer in json.loads(chart.proto.json)["layers"]]


# --- every page in both languages ----------------------------------------------------------

# page -> (title nl, title en, a dataframe column header nl / en, or None); URL params for the page
LANGUAGE_CASES: dict[str, tuple[str, str, tuple[str, str] | None, dict[str, str]]] = {
    "overview": ("Opvangmonitor", "Opvangmonitor", ("Periode", "Period"), {}),
    "map": ("Kaart", "Map", ("Gemeente", "Municipality"), {}),
    "municipality": ("Gemeente", "Municipality", ("Voorziening", "Facility"), {"gemeente": "GM0363"}),
    "tables": ("Tabellen & export", "Tables & export", ("Gemeentecode", "Municipality code"), {}),
    "coverage": ("Dekking", "Coverage", ("Nieuwste peilperiode", "Newest reference period"), {}),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_both_languages(db: Engine, page: str, lang: str) -> None:
    title_nl, title_en, column, extra = LANGUAGE_CASES[page]
    url = {**extra} if lang == "nl" else {**extra, "taal": "en"}  # Dutch is the default
    at = open_page(page, **url)
    i = 0 if lang == "nl" else 1
    assert at.title[0].value == (title_nl, title_en)[i]
    assert params(at)["taal"] == lang
    if column is not None:
        headers = {c for df in at.dataframe for c in df.value.columns}
        assert column[i] in headers
        assert column[1 - i] not in headers
    if page == "overview":
        assert at.header[0].value.startswith(("Landelijke cijfers", "National figures")[i])
        assert at.sidebar.selectbox[0].label == ("Peiljaar", "Reference year")[i]
    if page != "municipality":
        assert at.sidebar.subheader[0].value == "Filters"
        all_label = ("Alle", "All")[i]
        assert all(
            s.format_func(s.value) == all_label
            for s in at.sidebar.selectbox
            if s.key not in ("map_measure", "overview_year")
        )


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("table", BROWSABLE_TABLES)
def test_every_table_reaches_the_browser_as_arrow_takes_it(db: Engine, table: str, lang: str) -> None:
    # open_page fails when Streamlit had to rewrite a column (numbers beside empty cells).
    at = open_page("tables", tabel=table, taal=lang)
    shown = at.dataframe[0].value
    for column in shown.columns:
        cells = shown[column].map(str)
        assert not cells.str.fullmatch(r"\d+\.0").any(), (column, cells.tolist()[:5])


# --- filters change what is shown ------------------------------------------------------------


def test_tables_shelter_form_filter_changes_rows(db: Engine) -> None:
    at = open_page("tables", tabel="facilities")
    everything = at.dataframe[0].value
    assert len(everything) == len(query(db, queries.facilities))
    at.selectbox(key="tables_shelter_form").set_value("specialised_24h").run()
    assert_ok(at)
    shown = at.dataframe[0].value
    expected = query(db, queries.facilities, Filters(shelter_form="specialised_24h"))
    assert 0 < len(shown) < len(everything)
    assert len(shown) == len(expected)
    assert set(shown["Opvangvorm"]) == {"Gespecialiseerde opvang (24-uurs)"}
    assert f"{len(shown)} rijen" in at.caption[0].value
    assert "Opvangvorm: Gespecialiseerde opvang (24-uurs)" in at.caption[0].value


def test_tables_year_filter_changes_rows(db: Engine) -> None:
    at = open_page("tables", taal="en")
    total = len(at.dataframe[0].value)
    years = sorted(set(query(db, queries.figures)["reference_year"]))
    assert len(years) > 1
    at.selectbox(key="tables_year").set_value(years[0]).run()
    assert_ok(at)
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total
    assert set(shown["Reference year"]) == {years[0]}
    rows = "row" if len(shown) == 1 else "rows"
    assert f"{len(shown)} {rows} · Filters: Reference year: {years[0]}" in at.caption[0].value


def test_map_province_filter_and_measure_change_the_table(db: Engine) -> None:
    at = open_page("map")
    assert len(at.dataframe[0].value) == 342
    at.selectbox(key="map_province").set_value("PV27").run()
    assert_ok(at)
    munis = query(db, queries.municipalities)
    shown = at.dataframe[0].value
    assert len(shown) == (munis["province_code"] == "PV27").sum()
    assert set(shown["Provincie"]) == {"Noord-Holland"}
    assert list(shown.columns)[2] == "Plaatsen"
    at.selectbox(key="map_measure").set_value("reporting").run()
    assert_ok(at)
    shown = at.dataframe[0].value
    assert list(shown.columns)[2] == "Rapportagestatus"
    status = dict(zip(shown["Gemeente"], shown["Rapportagestatus"], strict=True))
    assert status["Amsterdam"] == "gegevens gemeld"
    assert set(status.values()) <= {"gegevens gemeld", "alleen aanbod bekend", "geen gegevens"}


def test_overview_year_filter(db: Engine) -> None:
    at = open_page("overview")
    assert at.header[0].value == "Landelijke cijfers 2017"
    other = next(y for y in query(db, queries.reference_years) if y != 2017)
    at.selectbox(key="overview_year").set_value(other).run()
    assert_ok(at)
    assert at.header[0].value == f"Landelijke cijfers {other}"
    assert params(at)["jaar"] == str(other)
    national = query(db, stats.national_figures, other)
    shown = {m.label: m.value for m in at.metric}
    for metric in (Metric.PERSONS, Metric.FAMILIES, Metric.MUNICIPALITIES, Metric.WAITING_LIST):
        rows = national[national["metric"] == metric.value]
        assert shown[metric.label("nl")] == ("geen gegevens" if rows.empty else rows.iloc[0]["display_value"])


def test_coverage_shelter_form_filter_changes_gaps(db: Engine) -> None:
    at = open_page("coverage", taal="en")
    gaps = at.dataframe[-1].value
    assert "Nearest shelter" in gaps.columns
    with_any = query(db, queries.municipalities_with_shelter)
    assert len(gaps) == 342 - len(with_any)
    at.selectbox(key="coverage_shelter_form").set_value("regular_night").run()
    assert_ok(at)
    narrowed = at.dataframe[-1].value
    with_form = query(db, queries.municipalities_with_shelter, "regular_night")
    assert 0 < len(with_form) < len(with_any)
    assert len(narrowed) == 342 - len(with_form)
    assert params(at)["vorm"] == "regular_night"
    # the count of municipalities with figures does not depend on the form filter
    with_figures = len(query(db, queries.figures)["municipality_code"].unique())
    expected = t("count_any_figure", "en", n=with_figures, total=342)
    assert any(expected in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coverage_source_cells_name_the_source_and_the_notes_name_it_in_full(db: Engine, lang: str) -> None:
    at = open_page("coverage", taal=lang)
    national = at.table[0].value
    sources = national[column_label("source_title", lang)]
    national_figures = query(db, stats.national_figures)
    files = set(national_figures["source_file"])
    assert files and all(f.endswith(".txt") for f in files)
    assert all(cell and not any(f in cell for f in files) and ".txt" not in cell for cell in sources), sources
    # Publisher and year, as in the other tables; the full title is in the source notes.
    short = {
        source_name(p, y, title, lang, short=True)
        for p, y, title in national_figures[["source_publisher", "source_year", "source_title"]].itertuples(index=False)
    }
    assert set(sources) <= short and all(len(cell) < 40 for cell in sources), sources
    lines = national[column_label("source_line", lang)]
    assert set(lines) <= set(national_figures["source_line"]) and all(lines)
    notes = [c.value for c in at.caption if c.value.startswith(t("sources", lang) + ":")]
    # The whole title, and no seed file name: those are on a figure's permalink page only.
    assert len(notes) == 1 and not any(f in notes[0] for f in files), notes
    assert all(title in notes[0] for title in set(national_figures["source_title"])), notes


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_overview_captions_name_the_source_and_the_notes_name_it_in_full(db: Engine, lang: str) -> None:
    at = open_page("overview", taal=lang)
    files = set(query(db, stats.national_figures, 2017)["source_file"]) | set(
        query(db, queries.aggregates)["source_file"]
    )
    assert files and all(f.endswith(".txt") for f in files)
    notes = [c.value for c in at.caption if c.value.startswith(t("sources", lang) + ":")]
    shown = [c.value for c in at.caption if c.value not in notes] + [m.help for m in at.metric if m.help]
    assert shown and not any(".txt" in text for text in shown), shown
    source = next(text for text in shown if text.startswith(t("source", lang) + ": "))
    # Each published table's lines, as spans: not one span over the text between the tables.
    lines = sorted(query(db, queries.aggregates, Filters(), stats.OVERVIEW_TABLE)["source_line"])
    assert f" {t('lines', lang)} {lines[0]}–{lines[-1]}, " in source, source
    assert all(f" {t('line', lang)} " in m.help for m in at.metric if m.help)  # each figure keeps its line
    assert len(notes) == 1 and not any(f in notes[0] for f in files), notes


def test_municipality_choice_changes_page(db: Engine) -> None:
    at = open_page("municipality", taal="en")
    assert at.selectbox(key="muni_code").value is None
    assert not at.header  # nothing chosen yet
    at.selectbox(key="muni_code").set_value("GM0363").run()
    assert_ok(at)
    assert at.header[0].value == "Amsterdam"
    overview = query(db, queries.municipality_overview)
    ams = overview[overview["municipality_code"] == "GM0363"].iloc[0]
    # Amsterdam's places are two offers with their own periods and sources: the page says so.
    assert ams["places_parts"] == 2 and ams["places_mixed_periods"]
    assert at.metric[0].label == "Places (sum of 2 facilities)"
    assert at.metric[0].value == ams["places_display"]
    # Both parts end within the 12 months up to the newer one's end: one moment, nothing left out.
    assert ams["places_outdated"] == 0 and ams["places_window_start"] == dt.date(2016, 2, 1)
    assert [c.value for c in at.columns[0].caption] == ["reference period Jan 2016 – Jan 2017"]
    figures = query(db, queries.figures, Filters(municipality="GM0363"))
    parts = figures[figures["key"].isin(ams["places_keys"].split(";"))]
    caption = next(c.value for c in at.caption if "is the sum of 2 facilities" in c.value)
    for part in parts.itertuples():
        assert f"{part.display_value}: {part.facility}" in caption and f"line {part.source_line}" in caption
    assert "different reference periods" in caption
    assert all(f"line {line}" in at.metric[0].help for line in parts["source_line"])
    facilities = query(db, queries.facilities, Filters(municipality="GM0363"))
    offers = next(df.value for df in at.dataframe if "Facility" in df.value.columns)
    assert sorted(offers["Facility"]) == sorted(facilities["label"])


# --- query parameters round-trip ---------------------------------------------------------------


def test_tables_query_params_round_trip(db: Engine) -> None:
    url = {"jaar": "2017", "vorm": "specialised_24h", "provincie": "PV27", "tabel": "facilities"}
    at = open_page("tables", **url)
    assert at.selectbox(key="tables_year").value == 2017
    assert at.selectbox(key="tables_province").value == "PV27"
    assert at.selectbox(key="tables_province").format_func("PV27") == "Noord-Holland"
    assert at.selectbox(key="tables_shelter_form").value == "specialised_24h"
    assert at.selectbox(key="tables_criterion").value is None
    assert at.radio(key="tables_choice").value == "facilities"
    assert params(at) == {**url, "taal": "nl"}
    expected = query(db, queries.facilities, Filters(year=2017, shelter_form="specialised_24h", province="PV27"))
    assert len(at.dataframe[0].value) == len(expected) > 0

    at.selectbox(key="tables_shelter_form").set_value(None).run()
    assert_ok(at)
    assert params(at) == {"jaar": "2017", "provincie": "PV27", "tabel": "facilities", "taal": "nl"}
    at.radio(key="tables_choice").set_value("figures").run()
    at.selectbox(key="tables_criterion").set_value("vulnerable").run()
    assert_ok(at)
    assert params(at) == {
        "jaar": "2017",
        "provincie": "PV27",
        "tabel": "figures",
        "criterium": "vulnerable",
        "taal": "nl",
    }


def test_map_query_params_round_trip(db: Engine) -> None:
    at = open_page("map", maat="persons", provincie="PV27", jaar="2017", taal="en")
    assert at.selectbox(key="map_measure").value == "persons"
    assert at.selectbox(key="map_province").value == "PV27"
    assert at.selectbox(key="map_year").value == 2017
    assert list(at.dataframe[0].value.columns)[2] == "Persons sheltered"
    at.selectbox(key="map_measure").set_value("forms").run()
    at.selectbox(key="map_year").set_value(None).run()
    assert_ok(at)
    assert params(at) == {"maat": "forms", "provincie": "PV27", "taal": "en"}
    assert list(at.dataframe[0].value.columns)[2] == "Number of shelter forms"


def test_municipality_query_param_round_trip(db: Engine) -> None:
    at = open_page("municipality", gemeente="GM0363")
    assert at.selectbox(key="muni_code").value == "GM0363"
    assert at.header[0].value == "Amsterdam"
    assert params(at) == {"gemeente": "GM0363", "taal": "nl"}
    # a new choice wins over the (one rerun older) URL and is written back to it
    at.selectbox(key="muni_code").set_value(NO_FIGURES).run()
    assert_ok(at)
    assert at.selectbox(key="muni_code").value == NO_FIGURES
    assert at.header[0].value == "Aa en Hunze"
    assert params(at) == {"gemeente": NO_FIGURES, "taal": "nl"}
    at.run()  # and stays after another rerun
    assert at.selectbox(key="muni_code").value == NO_FIGURES
    at.selectbox(key="muni_code").set_value(None).run()
    assert_ok(at)
    assert params(at) == {"taal": "nl"}


def test_municipality_ignores_contradicting_url_filters(db: Engine) -> None:
    """A link with a province or programme that leaves the municipality out must not crash the page."""
    at = open_page("municipality", gemeente="GM0363", provincie="PV20", programma="bbb")
    assert at.header[0].value == "Amsterdam"
    assert "provincie" not in params(at)
    at = open_page("municipality", gemeente=NO_FIGURES, programma="lvv")
    assert [m.value for m in at.metric] == ["geen gegevens"] * 3


def test_overview_and_coverage_query_params(db: Engine) -> None:
    at = open_page("overview", jaar="2016", taal="en")
    assert at.selectbox(key="overview_year").value == 2016
    assert at.header[0].value == "National figures 2016"
    at = open_page("coverage", vorm="day_centre")
    assert at.selectbox(key="coverage_shelter_form").value == "day_centre"
    at.selectbox(key="coverage_shelter_form").set_value(None).run()
    assert_ok(at)
    assert "vorm" not in params(at)


def test_invalid_query_params_are_dropped_with_a_notice(db: Engine) -> None:
    at = open_page("tables", jaar="abc", vorm="bogus", provincie="Utrecht", tabel="nope", taal="fr")
    assert [s.value for s in at.sidebar.selectbox] == [None] * 7
    assert at.radio(key="tables_choice").value == "figures"
    assert at.title[0].value == "Tabellen & export"
    assert params(at) == {"tabel": "figures", "taal": "nl"}
    notices = [w.value for w in at.warning]
    for what in ("onbekend peiljaar abc", "vorm=bogus", "onbekende provincie Utrecht", "tabel=nope"):
        assert any(what in n and "niet toegepast" in n for n in notices), (what, notices)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_unknown_municipality_in_the_link_is_named(db: Engine, lang: str) -> None:
    at = open_page("municipality", gemeente="GM9999", taal=lang)
    expected = t("unknown_municipality", lang, value="GM9999")
    assert any(expected in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="muni_code").value is None


# --- exports equal the table on screen ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [{"provincie": "PV27"}, {"jaar": "2016", "vorm": "specialised_24h"}, {"taal": "en", "jaar": "2017"}],
    ids=["province", "year-form", "en-year"],
)
def test_csv_export_rows_equal_the_filtered_table(db: Engine, url: dict[str, str]) -> None:
    at = open_page("tables", **url)
    lang = url.get("taal", "nl")
    shown = at.dataframe[0].value
    filters = Filters.from_params(url)
    with session_scope(db) as session:
        export = exports.figures_export(session, filters, lang)
        csv = pd.read_csv(io.BytesIO(exports.csv_bytes(export)), encoding="utf-8-sig")
        total = len(queries.figures(session))
    assert 0 < len(shown) < total
    assert len(shown) == len(csv)
    assert shown[column_label("key", lang)].tolist() == csv[exports.MACHINE_KEY].tolist()
    code = column_label("municipality_code", lang)
    assert shown[code].tolist() == csv[code].tolist()
    assert set(csv[column_label("filters", lang)]) == {export.filter_text()}
    assert export.filter_text() in at.caption[0].value
    assert at.get("download_button")[0].proto.label == "CSV"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("table", ["figures", "aggregates", "outcomes"])
def test_tables_dates_read_as_people_write_them_and_downloads_keep_iso(db: Engine, lang: str, table: str) -> None:
    at = open_page("tables", tabel=table, taal=lang)
    shown = at.dataframe[0].value
    loader = {"figures": queries.figures, "aggregates": queries.aggregates, "outcomes": queries.outcomes}[table]
    with session_scope(db) as session:
        rows = loader(session).sort_values("key" if table == "figures" else "period_start")
        export = exports.Export(table, loader(session), Filters(), lang=lang)
    csv = pd.read_csv(io.BytesIO(exports.csv_bytes(export)), encoding="utf-8-sig", dtype=str)
    for column in ("period_start", "period_end"):
        header = column_label(column, lang)
        assert set(shown[header]) <= {format_day(day, lang) for day in rows[column]}
        assert not shown[header].str.match(r"\d{4}-\d{2}-\d{2}").any(), shown[header].head()
        assert csv[header].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()  # a machine format in the download
    assert any(" jan " in day or " Jan " in day for day in shown[column_label("period_start", lang)])
    if table == "figures":
        entered = shown[column_label("entered_at", lang)]
        assert entered.str.fullmatch(r"\d{1,2} \w{3} \d{4} \d{2}:\d{2}").all(), entered.head()


# --- missing is "no data reported", never 0 -----------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_municipality_without_figures_reads_no_data(db: Engine, lang: str) -> None:
    at = open_page("municipality", gemeente=NO_FIGURES, taal=lang)
    no_data = t("no_data", lang)
    assert [m.label for m in at.metric] == [t(k, lang) for k in ("places", "persons", "waiting_list")]
    assert [m.value for m in at.metric] == [no_data] * 3
    assert all(m.value != "0" for m in at.metric)
    assert at.info[0].value == t("no_offers", lang)
    assert no_data in [m.value for m in at.markdown]  # figures over time
    # ... and where the nearest known offer of each form is, with its distance.
    nearest = next(df.value for df in at.dataframe if column_label("distance_km", lang) in df.value.columns)
    with session_scope(db) as session:
        forms = set(queries.facilities(session)["shelter_form"])
    assert len(nearest) == len(forms)
    assert set(nearest[column_label("shelter_form", lang)]) == {ShelterForm(f).label(lang) for f in forms}
    assert t("no_known_offer", lang) not in {m.value for m in at.metric}


def test_municipality_with_offers_but_no_figures(db: Engine) -> None:
    overview = query(db, queries.municipality_overview)
    row = overview[overview["has_shelter"] & ~overview["has_figures"]].iloc[0]
    at = open_page("municipality", gemeente=row["municipality_code"], taal="en")
    assert [m.value for m in at.metric] == ["no data reported"] * 3
    offers = next(df.value for df in at.dataframe if "Facility" in df.value.columns)
    assert len(offers) == row["facilities"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_table_reads_no_data_for_municipalities_without_figures(db: Engine, lang: str) -> None:
    at = open_page("map", taal=lang)
    overview = query(db, queries.municipality_overview)
    shown = at.dataframe[0].value
    name_col, value_col = column_label("municipality", lang), t("places", lang)
    assert len(shown) == len(overview) == 342
    text = dict(zip(shown[name_col], shown[value_col], strict=True))
    no_data = t("no_data", lang)
    texts = [value_with_parts(r, "places", lang) or no_data for r in overview.to_dict("records")]
    expected = dict(zip(overview["municipality"], texts, strict=True))
    # A sum over offers says so in the cell itself, with its periods.
    assert text["Amsterdam"].startswith("290 (" + t("sum_of_parts", lang, n=2))
    assert text == expected
    assert text["Aa en Hunze"] == no_data
    reported = overview["places_display"].notna().sum()
    assert 0 < reported < 342
    assert (shown[value_col] == no_data).sum() == 342 - reported
    # municipalities with a figure for the chosen measure come first
    with_value = set(overview.loc[overview["places_display"].notna(), "municipality"])
    assert set(shown[name_col].iloc[: len(with_value)]) == with_value
    # the same count, in the same words, as on every other page
    expected_count = t("count_measure", lang, n=reported, total=342, measure=t("places", lang).lower())
    assert expected_count in {c.value for c in at.caption}
    # choropleth and markers on the map, unless the boundaries file is missing
    layers = ["municipalities", "provinces", "markers"] if BOUNDARIES.exists() else ["markers"]
    assert deck_layers(at) == layers


def test_map_without_boundaries_still_has_its_table(
    db: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPVANG_BOUNDARIES", raising=False)
    monkeypatch.setenv("OPVANG_OFFLINE", "1")
    monkeypatch.setenv("OPVANG_CACHE_DIR", str(tmp_path / "empty-cache"))
    for lang, start in (("nl", "Geen gemeentegrenzen beschikbaar"), ("en", "No municipality boundaries available")):
        st.cache_resource.clear()
        at = open_page("map", taal=lang, maat="waiting_list")
        assert len(at.warning) == 1
        assert at.warning[0].value.startswith(start)
        assert "OPVANG_OFFLINE" in at.warning[0].value
        assert deck_layers(at) == ["markers"]
        shown = at.dataframe[0].value
        assert len(shown) == 342
        assert t("waiting_list", lang) in shown.columns
    assert not list((tmp_path / "empty-cache").glob("*.geojson"))


def test_enum_labels_used_in_the_tests_exist() -> None:
    """Guards the literal labels above against a renamed enum."""
    assert ShelterForm("specialised_24h").label("nl") == "Gespecialiseerde opvang (24-uurs)"


def test_map_answers_which_municipalities_have_lvv(db: Engine) -> None:
    """A 'done when' question from the app alone: /kaart?programma=lvv lists the LVV municipalities."""
    at = open_page("map", programma="lvv", taal="en")
    shown = set(at.dataframe[0].value["Municipality"])
    members = query(db, queries.programme_memberships, Filters(programme="lvv"))
    assert shown == set(members["municipality"]) == {"Amsterdam", "Eindhoven", "Groningen", "Rotterdam", "Utrecht"}
    assert params(at)["programma"] == "lvv"


def test_page_links_carry_the_language_and_filters(db: Engine) -> None:
    at = open_page("tables", taal="en", jaar="2017", vorm="specialised_24h", tabel="aggregates")
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    assert set(links) == {t(f"page_{p}", "en") for p in (*PAGES, "sign_in")}
    # signing in is no view of the data: its link keeps only the language
    assert dict(urllib.parse.parse_qsl(links.pop("Sign in").query_string)) == {"taal": "en"}
    for proto in links.values():
        carried = dict(urllib.parse.parse_qsl(proto.query_string))
        # the filters and language travel; the page's own choice (tabel) stays behind
        assert carried == {"taal": "en", "jaar": "2017", "vorm": "specialised_24h"}, proto.label
    at = open_page("tables", taal="en")
    at.selectbox(key="tables_year").set_value(2016).run()
    assert_ok(at)
    carried = dict(urllib.parse.parse_qsl(next(iter(at.get("page_link"))).proto.query_string))
    assert carried.get("jaar") == "2016"  # links follow the filter chosen in this run, not the last one


@pytest.mark.parametrize("url", [{}, {"gemeente": "GM9999"}])
def test_a_page_that_ends_early_keeps_its_menu(db: Engine, url: dict[str, str]) -> None:
    at = open_page("municipality", **url)
    assert not at.header  # nothing chosen: the page ends after its selectbox
    assert {link.proto.label for link in at.get("page_link")} >= {t(f"page_{p}", "nl") for p in PAGES}
