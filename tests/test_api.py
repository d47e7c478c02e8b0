"""The data API on a real server, started as `make run` starts it (`python -m streamlit run app.py`,
configured by environment variables), on a fresh SQLite file, or on PostgreSQL with
TEST_DATABASE_URL: every answer's status, headers and body, and schemathesis against its OpenAPI."""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from inventory import queries
from inventory.clock import local_today, utc_now
from inventory.database import make_engine, session_scope
from inventory.exports import LICENCE_TEXTS
from inventory.filters import Filters
from inventory.i18n import t
from inventory.opendata import API_TABLES
from tests.conftest import REPO, SHARED
from tests.pg_schemas import PG_URL, drop_pg_schema, pg_schema_url
from tests.test_browser import _free_port, _wait_healthy, make_run_command

BOUNDARIES = SHARED / "geo" / "gemeenten_2025.geojson"


@dataclass
class Server:
    base: str
    database_url: str
    log: Path
    env: dict[str, str]

    def url(self, path: str) -> str:
        return self.base + path

    def engine(self) -> Engine:
        return make_engine(self.database_url)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app as `make run` starts it (tests/test_browser.py's command, without its browser and
    proxy trap), on an empty database it creates and seeds itself."""
    tmp = tmp_path_factory.mktemp("api")
    (tmp / "home").mkdir()
    port = _free_port()
    # Only the project's settings count (.streamlit/config.toml), as in the browser test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k != "DATABASE_URL"}
    env.update(
        HOME=str(tmp / "home"),
        OPVANG_DATA_DIR=str(tmp),
        STREAMLIT_SERVER_PORT=str(port),
        OPVANG_BOUNDARIES=str(BOUNDARIES),
        OPVANG_BASEMAP="none",
        PYTHONUNBUFFERED="1",
    )
    schema = ""
    if PG_URL:
        schema = f"api_{uuid.uuid4().hex[:10]}"
        env["DATABASE_URL"] = url = pg_schema_url(schema)
    else:
        url = f"sqlite:///{tmp / 'opvangmonitor.sqlite'}"
    log = tmp / "streamlit.log"
    # The command of `make run`, read from the Makefile; this interpreter where .venv is missing.
    command = make_run_command()
    if not (REPO / command[0]).exists():
        command[0] = sys.executable
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(port, process, log)
        yield Server(base, url, log, {k: env[k] for k in ("OPVANG_DATA_DIR", "DATABASE_URL") if k in env})
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if schema:
            drop_pg_schema(schema)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def get(server: Server, path: str, method: str = "GET", **headers: str) -> Answer:
    request = urllib.request.Request(server.url(path), method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def expected(server: Server, function: Any, filters: Filters) -> pd.DataFrame:
    engine = server.engine()
    try:
        with session_scope(engine) as session:
            return function(session, filters)
    finally:
        engine.dispose()


# --- JSON ------------------------------------------------------------------------------------------


def test_json_page_holds_typed_rows_filters_licence_and_sources(server: Server) -> None:
    answer = get(server, "/api/v1/aggregates.json?jaar=2017&taal=en")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    assert answer.headers["access-control-allow-origin"] == "*"
    body = answer.json()
    assert set(body) >= {"rows", "filters", "not_applied", "licence", "sources", "next"}
    total = next(r for r in body["rows"] if r["key"] == "inv2017-ov-total-all-persons")
    # A count is a JSON integer, its display follows the language; codes stay codes.
    assert total["value"] == 1435 and type(total["value"]) is int
    assert total["display_value"] == "1,435" and total["metric"] == "persons"
    assert total["period_end"] == "2017-02-28" and total["source_line"] == 937
    assert body["filters"] == {"jaar": 2017} and body["not_applied"] == [] and body["next"] is None
    assert body["licence"]["name"] == "CC-BY-4.0" and body["licence"]["text"].startswith("Opvangmonitor, CC BY")
    assert [s["key"] for s in body["sources"]] == sorted({r["source_key"] for r in body["rows"]})
    dutch = get(server, "/api/v1/aggregates.json?jaar=2017").json()
    assert next(r for r in dutch["rows"] if r["key"] == total["key"])["display_value"] == "1.435"
    assert dutch["filter_text"] == "Peiljaar: 2017"


def test_a_filter_that_cannot_apply_says_so_and_narrows_nothing(server: Server) -> None:
    plain = get(server, "/api/v1/aggregates.json?cijfer=persons").json()
    with_province = get(server, "/api/v1/aggregates.json?cijfer=persons&provincie=PV27&taal=en").json()
    assert with_province["not_applied"] == ["provincie"]
    assert "Noord-Holland (PV27) (does not apply to this table)" in with_province["filter_text"]
    assert [r["key"] for r in with_province["rows"]] == [r["key"] for r in plain["rows"]] != []
    # Facilities have no period: the year is named, the offers are not narrowed by it.
    facilities = get(server, "/api/v1/facilities.json?jaar=2017&gemeente=GM0363").json()
    assert facilities["not_applied"] == ["jaar"] and {r["municipality_code"] for r in facilities["rows"]} == {"GM0363"}


@pytest.mark.parametrize(("table", "size"), [("figures", 5), ("aggregates", 10), ("municipalities", 100)])
def test_keyset_pages_follow_next_to_every_row_in_order(server: Server, table: str, size: int) -> None:
    everything = get(server, f"/api/v1/{table}.json?_size=10000").json()
    assert everything["next"] is None and len(everything["rows"]) > size
    key = "municipality_code" if table == "municipalities" else "key"
    seen: list[str] = []
    url: str | None = server.url(f"/api/v1/{table}.json?_size={size}")
    pages = 0
    while url:
        answer = get(server, url.removeprefix(server.base))
        assert answer.status == 200
        body = answer.json()
        assert len(body["rows"]) <= size
        seen += [r[key] for r in body["rows"]]
        if body["next"]:
            assert answer.headers["link"] == f'<{body["next"]}>; rel="next"'
        url = body["next"]
        pages += 1
    assert seen == [r[key] for r in everything["rows"]]
    assert pages == -(-len(seen) // size)


def test_default_page_size_is_a_thousand(server: Server) -> None:
    body = get(server, "/api/v1/municipalities.json").json()
    assert len(body["rows"]) == 342 and body["next"] is None  # under one page of 1,000
    assert len(get(server, "/api/v1/municipalities.json?_size=1000").json()["rows"]) == 342


# --- the API gives what the page shows --------------------------------------------------------------


def open_page(server: Server, monkeypatch: pytest.MonkeyPatch, page: str, **params: str) -> Any:
    """`views/<page>.py` run headless on the server's database with a link's `params` (AppTest)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        app.query_params.update(params)
        app.run()  # the overview; st.navigation knows the other pages after this run
        if page != "overview":
            app.query_params.clear()  # the overview wrote its own year into the URL
            app.query_params.update(params)
            app.switch_page(f"views/{page}.py").run()
        assert not app.exception, app.exception
        return app
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def tables_page_keys(server: Server, monkeypatch: pytest.MonkeyPatch, **params: str) -> list[str]:
    """The row keys the Tabellen page shows for a link with `params`."""
    from inventory.i18n import column_label

    page = open_page(server, monkeypatch, "tables", **params)
    return page.dataframe[0].value[column_label("key", params.get("taal", "nl"))].tolist()


def test_csv_and_json_twins_hold_exactly_the_rows_of_the_tables_page(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "jaar=2017&vorm=specialised_24h"
    frame = pd.read_csv(server.url(f"/api/v1/aggregates.csv?{query}"))  # as a reader's script does
    rows = expected(server, queries.aggregates, Filters(year=2017, shelter_form="specialised_24h"))
    keys = rows["key"].tolist()
    assert keys and frame["key"].tolist() == keys
    assert list(frame.columns) == [*rows.columns, "filters", "licence"]
    assert frame["value"].tolist() == rows["value"].astype(float).tolist()
    assert tables_page_keys(server, monkeypatch, tabel="aggregates", jaar="2017", vorm="specialised_24h") == keys
    body = get(server, f"/api/v1/aggregates.json?{query}").json()
    assert [r["key"] for r in body["rows"]] == keys
    assert [r["value"] for r in body["rows"]] == [None if pd.isna(v) else int(v) for v in rows["value"]]
    assert all(type(r["value"]) is int and type(r["source_line"]) is int for r in body["rows"])
    assert [r["period_end"] for r in body["rows"]] == [d.isoformat() for d in rows["period_end"]]


def data_link(page: Any, fmt: str) -> str:
    """The page's 'Data: CSV · JSON' link of `fmt`."""
    texts = [c.value for c in page.caption if c.value.startswith("Data: [CSV](")]
    assert len(texts) == 1, [c.value for c in page.caption]
    return texts[0].split(f"[{fmt.upper()}](", 1)[1].split(")", 1)[0]


@pytest.mark.parametrize(
    ("page", "params", "path", "table_with"),
    [
        ("overview", {"taal": "en"}, "/api/v1/aggregates.json?taal=en&jaar=2017", None),
        (
            "map",
            {"jaar": "2017", "vorm": "specialised_24h", "maat": "persons"},
            "/api/v1/municipalities.json?taal=nl&jaar=2017&vorm=specialised_24h",
            "province",
        ),
        ("municipality", {"gemeente": "GM0363", "taal": "en"}, "/api/v1/figures.json?taal=en&gemeente=GM0363", "quote"),
        (
            "tables",
            {"tabel": "outcomes", "programma": "lvv", "provincie": "PV27"},
            "/api/v1/outcomes.json?taal=nl&provincie=PV27&programma=lvv",
            "key",
        ),
        ("coverage", {"vorm": "family"}, "/api/v1/gaps.json?taal=nl&vorm=family", "nearest_name"),
    ],
)
def test_every_page_links_to_the_api_twin_of_its_view(
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    params: dict[str, str],
    path: str,
    table_with: str | None,
) -> None:
    """The link carries exactly the view: its table, the filters the page applies, the language;
    its rows are as many as the page's table that has the column `table_with`."""
    from inventory.i18n import column_label

    shown = open_page(server, monkeypatch, page, **params)
    link = data_link(shown, "json")
    # Without a stand in the page's URL the links carry today's, so they cite these numbers.
    assert link == f"{path}&stand={local_today(utc_now).isoformat()}"
    assert data_link(shown, "csv") == link.replace(".json?", ".csv?")
    answer = get(server, link)
    assert answer.status == 200, answer.body
    body = answer.json()
    if table_with is not None:
        header = column_label(table_with, params.get("taal", "nl"))
        tables = [d.value for d in shown.dataframe if header in d.value.columns]
        assert len(tables) == 1 and len(body["rows"]) == len(tables[0]) > 0
    assert get(server, data_link(shown, "csv")).status == 200


def test_page_links_keep_only_what_the_page_applies() -> None:
    from inventory.opendata import page_data_links

    # The map has no municipality filter and `maat` is the map's own; a bad year is dropped as the page drops it.
    links = page_data_links("kaart", {"taal": "en", "jaar": "abc", "gemeente": "GM0363", "maat": "places"})
    assert links == {"csv": "/api/v1/municipalities.csv?taal=en", "json": "/api/v1/municipalities.json?taal=en"}
    # A table the Tables page does not offer falls back to figures, as the page does.
    assert page_data_links("tabellen", {"tabel": "accounts", "cijfer": "places"})["json"] == (
        "/api/v1/figures.json?cijfer=places"
    )
    assert page_data_links("overzicht", {"jaar": "2016", "vorm": "family"})["csv"] == "/api/v1/aggregates.csv?jaar=2016"


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_is_every_row_with_bom_machine_headers_filters_and_licence(server: Server) -> None:
    answer = get(server, "/api/v1/figures.csv?jaar=2017&taal=en")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "content-length" not in answer.headers  # streamed
    assert answer.body.startswith(b"\xef\xbb\xbfkey,municipality_code,")
    frame = pd.read_csv(io.BytesIO(answer.body), encoding="utf-8-sig", keep_default_na=False)
    rows = expected(server, queries.figures, Filters(year=2017))
    # Every row once, in the JSON pages' order (by id): see tests/test_api_pagination.py.
    assert sorted(frame["key"]) == sorted(rows["key"]) and len(frame) > 0
    paged = get(server, "/api/v1/figures.json?jaar=2017&taal=en&_size=10000").json()["rows"]
    assert frame["key"].tolist() == [r["key"] for r in paged]
    assert set(frame["filters"]) == {"Reference year: 2017"}
    assert frame["licence"].iloc[0].startswith("Opvangmonitor, CC BY 4.0")
    # Counts are written as integers, never 120.0.
    cells = pd.read_csv(io.BytesIO(answer.body), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in ("value", "value_low", "value_high", "source_line", "source_year", "reference_year"):
        assert cells[column].str.fullmatch(r"\d*").all(), column
    assert {"170", ""} <= set(cells["value"])  # a missing count next to whole ones: no float column


def test_csv_rejects_paging_parameters(server: Server) -> None:
    answer = get(server, "/api/v1/figures.csv?_size=10")
    assert answer.status == 400 and answer.json()["parameter"] == "_size"


# --- caching ---------------------------------------------------------------------------------------


def test_etag_answers_304_and_differs_per_view(server: Server) -> None:
    first = get(server, "/api/v1/sources.json")
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == "public, no-cache"
    assert "last-modified" in first.headers
    again = get(server, "/api/v1/sources.json", **{"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    assert get(server, "/api/v1/sources.csv").headers["etag"] != etag
    assert get(server, "/api/v1/sources.json?taal=en").headers["etag"] != etag
    assert get(server, "/api/v1/sources.json", **{"If-None-Match": 'W/"other"'}).status == 200


def test_the_data_stamp_moves_with_every_insert(engine: Engine) -> None:
    from inventory import opendata
    from inventory.models import Source
    from inventory.seed import seed

    seed(engine)
    with session_scope(engine) as session:
        before = opendata.data_stamp(session)
        assert before == opendata.data_stamp(session)  # the same data, the same stamp
        session.add(Source(key="new-source", title="A new report", publisher="Someone"))
    with session_scope(engine) as session:
        after = opendata.data_stamp(session)
    assert after.version != before.version and before.modified is not None


# --- what is not served ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ("vorm=castle", "vorm", "specialised_24h"),
        ("jaar=1850", "jaar", 2017),
        ("jaar=twenty", "jaar", 2017),
        ("gemeente=GM9999", "gemeente", "GM0363"),
        ("provincie=PV99", "provincie", "PV27"),
        ("taal=de", "taal", "en"),
        ("year=2017", "year", "jaar"),
        ("jaar=2017&jaar=2016", "jaar", None),
        ("_size=0", "_size", None),
        ("_size=abc", "_size", None),
        ("_next=%%%", "_next", None),
        ("_next=WyJub3QtYS1rZXkiXQ", "_next", None),
    ],
)
def test_a_bad_request_is_400_naming_the_parameter(server: Server, query: str, parameter: str, allowed: Any) -> None:
    answer = get(server, f"/api/v1/figures.json?{query}")
    assert answer.status == 400 and answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["parameter"] == parameter and body["error"]
    if allowed is not None:
        assert allowed in body["allowed"]


def test_unknown_tables_and_routes_are_404_json(server: Server) -> None:
    for path in ("/api/v1/accounts.json", "/api/v1/audit_log.csv", "/api/v1/figures.xml", "/api/v2/x", "/api/v1/x/"):
        answer = get(server, path)
        assert answer.status == 404, path
        assert answer.headers["content-type"] == "application/json" and "error" in answer.json()


def test_the_api_is_read_only_and_answers_preflight(server: Server) -> None:
    posted = get(server, "/api/v1/figures.json", method="POST")
    assert posted.status == 405 and "read-only" in posted.json()["error"]
    preflight = get(server, "/api/v1/figures.json", method="OPTIONS")
    assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == "*"
    assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
    head = get(server, "/api/v1/figures.csv", method="HEAD")
    assert head.status == 200 and head.body == b"" and head.headers["content-type"].startswith("text/csv")


# --- the index -------------------------------------------------------------------------------------

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def _links(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [link for v in value.values() for link in _links(v)]
    if isinstance(value, list):
        return [link for v in value for link in _links(v)]
    return [value] if isinstance(value, str) and value.startswith("http") and "{" not in value else []


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_index_lists_every_table_the_documents_and_the_licence_and_every_link_answers(
    server: Server, path: str, lang: str
) -> None:
    answer = get(server, f"{path}?taal={lang}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    index = answer.json()
    assert [row["name"] for row in index["tables"]] == list(API_TABLES)
    for row in index["tables"]:
        assert row["csv"] == server.url(f"/api/v1/{row['name']}.csv?taal={lang}")
        assert row["json"] == server.url(f"/api/v1/{row['name']}.json?taal={lang}")
        assert row["title"] == t(f"api_table_{row['name']}", lang)
    assert index["openapi"] == server.url("/api/v1/openapi.json")
    assert index["catalog"] == server.url("/api/v1/catalog.jsonld")
    assert index["licence"]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert index["licence"]["text"] == LICENCE_TEXTS[lang]
    ours = [link for link in _links(index) if link.startswith(server.base)]
    assert len(ours) == 2 * len(API_TABLES) + 2 + 2  # tables, the two documents, the two languages
    for link in ours:
        assert get(server, link.removeprefix(server.base)).status == 200, link
    assert set(_links(index)) - set(ours) == {index["licence"]["path"]}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_browser_gets_the_index_as_a_short_self_contained_html_page(server: Server, lang: str) -> None:
    answer = get(server, f"/api/v1/?taal={lang}", Accept=BROWSER_ACCEPT)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    assert "accept" in answer.headers["vary"].lower()
    page = answer.body.decode()
    assert f'<html lang="{lang}">' in page and f"<h1>{t('api_index_title', lang)}</h1>" in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    index = get(server, f"/api/v1/?taal={lang}").json()
    # Every link of the JSON index but this language's own address, and the JSON twin of the page.
    links = set(_links(index)) - {index["languages"][lang]} | {server.url(f"/api/v1/?_format=json&taal={lang}")}
    expected = {html.escape(u) for u in links}
    assert set(hrefs) == expected
    # No outside assets: no script, style sheet, image, font or frame, from anywhere.
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b|src=|url\(|@import", page, re.IGNORECASE)
    assert get(server, f"/api/v1/?_format=json&taal={lang}", Accept=BROWSER_ACCEPT).json() == index
    assert get(server, "/api/v1/?_format=html").headers["content-type"].startswith("text/html")


def test_the_index_puts_no_forged_host_into_its_links(server: Server) -> None:
    forged = f'127.0.0.1:{server.base.rsplit(":", 1)[1]}"><script>alert(1)</script>'
    answer = get(server, "/api/v1/", Accept=BROWSER_ACCEPT, Host=forged)
    if answer.status == 200:  # a server may refuse such a Host outright; if it answers, no trace of it
        assert b"script" not in answer.body and b'href="/api/v1/figures.csv?taal=nl"' in answer.body


def test_the_index_refuses_unknown_parameters_and_values(server: Server) -> None:
    for query, parameter in (
        ("x=1", "x"),
        ("taal=de", "taal"),
        ("_format=xml", "_format"),
        ("taal=nl&taal=en", "taal"),
    ):
        answer = get(server, f"/api/v1/?{query}")
        assert answer.status == 400 and answer.json()["parameter"] == parameter, query


# --- the description --------------------------------------------------------------------------------


def test_openapi_describes_every_table_route(server: Server) -> None:
    document = get(server, "/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    tables = ["figures", "aggregates", "outcomes", "facilities", "municipalities", "programme_memberships"]
    tables += ["sources", "gaps"]
    for table in tables:
        assert f"/api/v1/{table}.json" in document["paths"] and f"/api/v1/{table}.csv" in document["paths"]
    index = document["paths"]["/api/v1/"]["get"]["responses"]["200"]["content"]
    assert set(index) == {"application/json", "text/html"}
    parameters = document["components"]["parameters"]
    assert 2017 in parameters["jaar"]["schema"]["enum"] and "PV27" in parameters["provincie"]["schema"]["enum"]
    assert parameters["gemeente"]["schema"]["pattern"] == "^GM[0-9]{4}$"


def test_catalog_describes_every_distribution_in_dcat_ap_nl(server: Server) -> None:
    answer = get(server, "/api/v1/catalog.jsonld")
    assert answer.status == 200 and answer.headers["content-type"] == "application/ld+json"
    document = answer.json()
    assert document["@type"] == "dcat:Catalog" and document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    dataset = document["dcat:dataset"][0]
    assert {"dct:title", "dct:description", "dct:publisher", "dcat:contactPoint", "dcat:theme", "dct:language"} <= set(
        dataset
    )
    assert {"dct:accessRights", "dct:modified", "dct:temporal", "dct:spatial"} <= set(dataset)
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert len(urls) == 16 and server.url("/api/v1/aggregates.csv") in urls
    assert all(d["dct:license"]["@id"].endswith("CC_BY_4_0") for d in dataset["dcat:distribution"])
    assert get(server, urls[0].removeprefix(server.base)).status == 200
    assert document["dcat:service"][0]["dcat:endpointDescription"]["@id"] == server.url("/api/v1/openapi.json")


@pytest.fixture(scope="module")
def api_schema(server: Server) -> Any:
    return schemathesis.openapi.from_url(server.url("/api/v1/openapi.json"))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_generated_request_gets_a_documented_answer(case: Any) -> None:
    """Whatever schemathesis sends within the document: no server error, a documented status and
    content type, and a body matching its schema."""
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ]
    )
