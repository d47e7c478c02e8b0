"""Keyset pages of the data API, its streamed CSV, the Tables page's preview and the Excel cap, on
a small synthetic database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from inventory import exports, opendata, tables
from inventory.columns import conform
from inventory.database import session_scope
from inventory.filters import Filters
from inventory.models import Figure
from inventory.synthetic import build_synthetic
from inventory.values import format_number

FILTER_CASES = [
    Filters(),
    Filters(municipality="GM0014"),
    Filters(year=2024, metric="places"),
    Filters(shelter_form="regular_night"),
]


@pytest.fixture
def synthetic(engine: Engine) -> Engine:
    build_synthetic(engine, municipalities=4, facilities_per_municipality=2, years=2, end_year=2025)
    return engine


def json_pages(engine: Engine, filters: Filters, size: int, lang: str = "nl") -> tuple[list[dict[str, Any]], int]:
    """Every row by following `next`, and how many pages that took."""
    rows: list[dict[str, Any]] = []
    after: str | None = None
    pages = 0
    with session_scope(engine) as session:
        while True:
            page = opendata.json_page(session, "figures", opendata.Request(filters, lang, size, after))
            pages += 1
            assert len(page.rows) <= size
            rows += page.rows
            if page.next_token is None:
                return rows, pages
            after = page.next_token


def current_keys(engine: Engine, filters: Filters) -> list[str]:
    with session_scope(engine) as session:
        return list(opendata.queries.figures(session, filters)["key"])


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.to_params().items()))
def test_keyset_pages_give_every_row_exactly_once_in_id_order(synthetic: Engine, filters: Filters) -> None:
    rows, pages = json_pages(synthetic, filters, size=37)
    keys = [r["key"] for r in rows]
    expected = current_keys(synthetic, filters)
    assert len(keys) == len(set(keys)) == len(expected) > 37
    assert set(keys) == set(expected)
    assert pages == -(-len(keys) // 37)
    with session_scope(synthetic) as session:
        ids = dict(session.execute(select(Figure.key, Figure.id)).all())
    assert [ids[k] for k in keys] == sorted(ids[k] for k in keys)


def test_a_continuation_token_is_the_last_id_and_no_other_token_is_taken(synthetic: Engine) -> None:
    with session_scope(synthetic) as session:
        first = opendata.json_page(session, "figures", opendata.Request(size=10))
        last_id = session.scalar(select(Figure.id).where(Figure.key == first.rows[-1]["key"]))
    assert first.next_token is not None and opendata._decode(first.next_token) == [last_id]
    # A token of the old (municipality, measure, period, id) order is refused with the parameter named.
    with session_scope(synthetic) as session, pytest.raises(opendata.ParameterError) as refused:
        old = opendata._encode(["Amsterdam", "places", "2024-01-31", 5])
        opendata.json_page(session, "figures", opendata.Request(after=old))
    assert refused.value.parameter == "_next"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_csv_of_every_row_is_the_json_pages_one_after_another(synthetic: Engine, lang: str) -> None:
    filters = Filters(year=2024)
    rows, _ = json_pages(synthetic, filters, size=50, lang=lang)
    with session_scope(synthetic) as session:
        body = b"".join(opendata.csv_stream(session, "figures", filters, lang))
    assert body.startswith(b"\xef\xbb\xbfkey,municipality_code,")
    cells = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(cells) == len(rows) > 0
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    assert [{k: c[k] for k in row} for c, row in zip(cells, as_text, strict=True)] == as_text
    assert {c["filters"] for c in cells} == {"Peiljaar: 2024" if lang == "nl" else "Reference year: 2024"}
    # Integers stay integers in both: no 120.0 in the CSV, JSON numbers that are ints.
    for column in ("value", "value_low", "value_high", "source_line", "source_year", "reference_year"):
        assert all(re.fullmatch(r"\d*", c[column]) for c in cells), column
    assert all(type(r["value"]) is int for r in rows if r["value"] is not None)
    assert any(r["value"] is not None for r in rows)


def test_the_csv_of_no_rows_is_its_header(synthetic: Engine) -> None:
    with session_scope(synthetic) as session:
        body = b"".join(opendata.csv_stream(session, "figures", Filters(year=1990), "en"))
    lines = body.decode("utf-8-sig").splitlines()
    assert lines == [",".join([*opendata.queries.FIGURE_COLUMNS, "filters", "licence"])]


def test_the_tables_preview_is_the_first_rows_by_id(synthetic: Engine) -> None:
    filters = Filters(municipality="GM0014")
    rows, _ = json_pages(synthetic, filters, size=1000)
    with session_scope(synthetic) as session:
        preview = tables.figures_by_id(session, filters, 25)
    assert list(preview.columns) == opendata.queries.FIGURE_COLUMNS
    assert list(preview["key"]) == [r["key"] for r in rows[:25]]


def test_the_page_csv_download_streams_every_figure(synthetic: Engine) -> None:
    with session_scope(synthetic) as session:
        whole = exports.csv_bytes(exports.figures_export(session, Filters(), "en"))
        streamed = exports.figures_csv_bytes(session, Filters(), "en", chunk=100)
    assert streamed == whole and streamed.count(b"\n") > 200


def test_an_excel_download_past_the_cap_holds_the_first_rows_and_says_so(
    synthetic: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(synthetic) as session:
        uncapped = exports.excel_export(session, Filters(), "en")
        monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 10)
        capped = exports.excel_export(session, Filters(year=2024), "nl")
    assert not uncapped.capped
    assert capped.capped and len(capped.data) == 10 and capped.total is not None and capped.total > 10
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(capped)), read_only=True)
    assert len(list(book["data"].iter_rows())) == 11  # the header and ten rows
    notes = {row[0]: row[1] for row in book["filters"].iter_rows(values_only=True)}
    total = format_number(capped.total, "nl")
    assert notes["Let op"] == (
        f"Dit Excel-bestand bevat de eerste 10 van {total} rijen. Alle rijen staan in de CSV-download "
        "en op /api/v1/figures.csv?jaar=2024."
    )
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(uncapped)), read_only=True)
    assert "Note" not in {row[0] for row in book["filters"].iter_rows(values_only=True)}
    assert len(list(book["data"].iter_rows())) == len(uncapped.data) + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("filters", [*FILTER_CASES, Filters(year=2025)], ids=lambda f: str(f.to_params()))
def test_a_json_page_reads_as_the_typed_table_does(synthetic: Engine, filters: Filters, lang: str) -> None:
    """The API builds figure pages from the cursor without pandas; they must be the rows the
    exports' DataFrame gives, localised and typed the way every other table's JSON is."""
    with session_scope(synthetic) as session:
        fast = opendata.json_page(session, "figures", opendata.Request(filters, lang, size=10_000)).rows
        framed = conform(tables.figures_by_id(session, filters))
    expected = opendata.json_rows(opendata.localise_displays(framed, lang))
    assert fast == expected and len(fast) > 0
    assert {type(r["period_end"]) for r in fast} == {str}
    assert {type(r["reference_year"]) for r in fast} == {int}


def test_a_year_page_is_a_range_of_the_year_index_not_a_sort(synthetic: Engine) -> None:
    """With a year filter the first page must not sort every figure of the year: the plan reads
    the (year, id) index in order."""
    from sqlalchemy.dialects import postgresql, sqlite

    from inventory.figure_queries import by_id_statement

    statement = by_id_statement(Filters(year=2024)).limit(1001)
    with synthetic.connect() as connection:
        if synthetic.dialect.name == "sqlite":
            sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
            plan = " / ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "USING INDEX ix_figures_year_id" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
        else:
            sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
            connection.exec_driver_sql("SET enable_seqscan = off")  # a tiny table would be scanned anyway
            plan = " / ".join(str(row[0]) for row in connection.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_figures_year_id" in plan, plan


@pytest.mark.parametrize(
    "second", ["plain", "holds the sentinel \x1e", 'two\nlines, "quoted"', "regel een\nregel twee", "a\rb"]
)
def test_every_csv_line_ends_in_the_filters_and_licence_whatever_the_text(second: str) -> None:
    from inventory.figure_stream import _TrailerEnding

    trailer = ["Peiljaar: 2024", 'Opvangmonitor, CC BY 4.0; "bronnen"']
    rows = [["a", second, None, 3], ["=b", "", "c", 4]]
    parsed = list(csv.reader(io.StringIO(_TrailerEnding(trailer).rows(rows))))
    assert parsed == [["a", second, "", "3", *trailer], ["=b", "", "c", "4", *trailer]]


@pytest.mark.parametrize("filters", [Filters(), Filters(year=2024, metric="places")], ids=lambda f: str(f.to_params()))
def test_the_streamed_data_package_holds_what_the_package_of_the_frame_holds(
    synthetic: Engine, filters: Filters
) -> None:
    """The Tables page's package streams the figures into the zip; file for file it must be the
    package built from a DataFrame of every figure (up to its creation time)."""
    import zipfile

    from inventory import datapackage

    with session_scope(synthetic) as session:
        framed = zipfile.ZipFile(io.BytesIO(datapackage.zip_bytes(exports.full_export(session, filters, "en"))))
        streamed = zipfile.ZipFile(io.BytesIO(datapackage.figures_zip(session, filters, "en")))
    assert streamed.namelist() == framed.namelist()
    for name in framed.namelist():
        old, new = framed.read(name), streamed.read(name)
        if name.endswith(".csv"):
            assert new == old, name
        else:
            moment = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\"]*"  # when each package was created
            assert re.sub(moment, b"", new) == re.sub(moment, b"", old), name
    assert streamed.read("data/figures.csv").count(b"\n") > 50


def test_an_empty_page_cites_no_source_and_a_table_without_source_columns_cites_all(synthetic: Engine) -> None:
    with session_scope(synthetic) as session:
        empty = opendata.json_page(session, "figures", opendata.Request(Filters(year=1990)))
        assert empty.rows == [] and opendata.cited_sources(session, "figures", empty.rows) == []
        some = opendata.json_page(session, "figures", opendata.Request(size=5))
        cited = {s["key"] for s in opendata.cited_sources(session, "figures", some.rows)}
        assert cited == {r["source_key"] for r in some.rows} - {None}
        every = opendata.cited_sources(session, "municipalities", [])
        assert len(every) == len(opendata.queries.sources(session)) > 0
