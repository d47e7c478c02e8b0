"""Text an editor typed that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`,
`@`) is neutralised in every CSV and XLSX download and in the API's CSV, while JSON gives it as
typed; numbers are never touched."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from inventory import exports, opendata, writes
from inventory.database import session_scope
from inventory.filters import Filters
from inventory.spreadsheet import neutralise_frame
from tests.world import TODAY, World, build_world

NOTE = '=HYPERLINK("http://x","y")'
EXPLANATION = "+31 since the last count"
SAFE_NOTE, SAFE_EXPLANATION = "'" + NOTE, "'" + EXPLANATION


@pytest.fixture
def world(engine: Engine) -> World:
    world = build_world(engine)
    subject = world.facility("ams-night")
    writes.save_figures(
        engine,
        world.actor("ams"),
        subject,
        # More persons than places: saved only with an explanation (kept on both figures).
        [writes.FigureInput("places", 40), writes.FigureInput("persons", 45)],
        reference_date=TODAY,
        how_obtained="counted",
        note=NOTE,
        explanation=EXPLANATION,
        seen_version=world.version(subject),
        clock=world.clock,
    )
    return world


def csv_cells(body: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def test_the_api_csv_neutralises_and_json_gives_the_text_as_typed(world: World) -> None:
    with session_scope(world.engine) as session:
        body = b"".join(opendata.csv_stream(session, "figures", Filters(), "nl"))
        page = opendata.json_page(session, "figures", opendata.Request())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    typed = {r["metric"]: (r["explanation"], r["value"]) for r in rows if r["note"] == SAFE_NOTE}
    assert typed == {"places": (SAFE_EXPLANATION, "40"), "persons": (SAFE_EXPLANATION, "45")}
    assert not [c for c in csv_cells(body) if c.startswith(("=", "+", "-", "@"))]
    json_rows = page.rows
    assert {r["metric"]: (r["explanation"], r["value"]) for r in json_rows if r["note"] == NOTE} == {
        "places": (EXPLANATION, 40),
        "persons": (EXPLANATION, 45),
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_downloads_neutralise_in_csv_and_xlsx(world: World, lang: str) -> None:
    with session_scope(world.engine) as session:
        whole = exports.csv_bytes(exports.figures_export(session, Filters(), lang))
        streamed = exports.figures_csv_bytes(session, Filters(), lang)
        workbook = exports.xlsx_bytes(exports.excel_export(session, Filters(), lang))
    for body in (whole, streamed):
        cells = csv_cells(body)
        assert SAFE_NOTE in cells and SAFE_EXPLANATION in cells
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    book = load_workbook(io.BytesIO(workbook))
    values = [cell for row in book["data"].iter_rows() for cell in row]
    assert not [c.coordinate for c in values if c.data_type == "f"]  # no formula anywhere
    typed = [c for c in values if c.value == SAFE_NOTE]
    assert len(typed) == 2 and {c.data_type for c in typed} == {"s"}
    assert SAFE_EXPLANATION in {c.value for c in values}
    assert 40 in {c.value for c in values}  # the count itself, a number


def test_other_tables_neutralise_labels_and_names_too(world: World) -> None:
    with session_scope(world.engine) as session:
        facilities = exports.table_export(session, "facilities", Filters(), "en")
    facilities.data.loc[0, "label"] = "@SUM(A1:A9)"
    facilities.data.loc[0, "operator"] = "-cmd|' /C calc'!A0"
    cells = csv_cells(exports.csv_bytes(facilities))
    assert "'@SUM(A1:A9)" in cells and "'-cmd|' /C calc'!A0" in cells
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(facilities)))
    assert "'@SUM(A1:A9)" in {c.value for row in book["data"].iter_rows() for c in row}


def test_neutralise_frame_touches_only_text_that_starts_like_a_formula() -> None:
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "plain", None, "-5", "@x", "\tx", "a=b"],
            "count": pd.array([-5, 3, None, 1, 2, 3, 4], dtype="Int64"),
            "share": [-1.5, 2.0, None, 1.0, 2.0, 3.0, 4.0],
            "day": [dt.date(2024, 1, 1)] * 7,
            "mixed": ["=x", 1, None, dt.date(2024, 1, 1), "y", 2.5, "+"],
        }
    )
    out = neutralise_frame(frame)
    assert out["text"].fillna("<missing>").tolist() == ["'=1+1", "plain", "<missing>", "'-5", "'@x", "'\tx", "a=b"]
    assert out["count"].tolist() == frame["count"].tolist() and out["count"].dtype == "Int64"
    assert out["share"].equals(frame["share"]) and out["day"].tolist() == frame["day"].tolist()
    assert out["mixed"].tolist() == ["'=x", 1, None, dt.date(2024, 1, 1), "y", 2.5, "'+"]
    assert frame["text"].iloc[0] == "=1+1"  # the input is left as it was
