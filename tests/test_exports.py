"""Exports state their filters and licence, and hold exactly the filtered rows."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from sqlalchemy import Engine

from geo.analysis import gap_export, gap_table
from geo.boundaries import read_boundaries_file
from inventory import exports, queries
from inventory.database import session_scope
from inventory.enums import Hours, Metric, ShelterCategory
from inventory.filters import Filters
from tests.conftest import SHARED


def test_csv_round_trips_accents_and_rows(seeded_engine: Engine) -> None:
    filters = Filters(year=2017, province="PV20")
    with session_scope(seeded_engine) as session:
        export = exports.figures_export(session, filters)
        table = queries.figures(session, filters)
    raw = exports.csv_bytes(export)
    assert raw[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    # The same rows as the query (in id order, like the API and the Tables page's preview).
    assert sorted(back["key"]) == sorted(table["key"]) and len(back) > 0
    assert set(back["Filters"]) == {"Peiljaar: 2017; Provincie: Groningen (PV20)"}
    # A Dutch export reads Dutch: headers and labels, with the row key under its machine name.
    assert {"Gemeente", "Maat", "Waarde", "Licentie"} <= set(back.columns)
    assert set(back["Maat"]) <= {m.label("nl") for m in Metric}
    assert back["Licentie"].iloc[0].startswith("Opvangmonitor, CC BY 4.0. Cijfers geciteerd")


def test_csv_counts_stay_whole_numbers_and_display_follows_language(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        nl = exports.csv_bytes(exports.Export("aggregates", queries.aggregates(session), Filters(), lang="nl"))
        en = exports.csv_bytes(exports.Export("aggregates", queries.aggregates(session), Filters(), lang="en"))
    text_nl, text_en = nl.decode("utf-8-sig"), en.decode("utf-8-sig")
    assert "1435.0" not in text_nl and ",1435," in text_nl  # the number column: a plain integer
    assert "1.435" in text_nl and "1,435" in text_en  # the display column: the reader's format
    back = pd.read_csv(io.BytesIO(en), encoding="utf-8-sig")
    assert back["Number"].dropna().map(float.is_integer).all()


def test_a_filter_that_cannot_apply_says_so_in_the_export(seeded_engine: Engine) -> None:
    filters = Filters(shelter_form="specialised_24h", province="PV27")
    with session_scope(seeded_engine) as session:
        export = exports.Export("aggregates", queries.aggregates(session, filters), filters, lang="nl")
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(export)), encoding="utf-8-sig")
    assert set(back["Categorie"]) == {ShelterCategory.SPECIALISED.label("nl")}
    assert set(back["Openingsduur"]) == {Hours.FULL_DAY.label("nl")}
    assert set(back["Filters"]) == {
        "Provincie: Noord-Holland (PV27) (niet van toepassing op deze tabel); "
        "Opvangvorm: Gespecialiseerde opvang (24-uurs)"
    }


def test_unfiltered_export_says_full_dataset(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        export = exports.figures_export(session, Filters(), lang="en")
    assert export.filter_text() == "no filters: full dataset"
    assert export.filename("csv") == "opvangmonitor_figures.csv"
    assert exports.Export("figures", pd.DataFrame(), Filters(year=2017)).filename("csv") == (
        "opvangmonitor_figures_jaar-2017.csv"
    )


def test_xlsx_keeps_accented_names(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        munis = queries.municipalities(session)
    export = exports.Export("municipalities", munis, Filters(), munis.iloc[:0])
    sheets = pd.read_excel(io.BytesIO(exports.xlsx_bytes(export)), sheet_name=None)
    assert "Súdwest-Fryslân" in set(sheets["data"]["Gemeente"])
    assert set(sheets) == {"data", "bronnen", "filters"}


@pytest.mark.skipif(not (SHARED / "geo" / "gemeenten_2025.geojson").exists(), reason="needs ../shared/geo")
def test_geojson_with_boundaries_marks_no_data(seeded_engine: Engine) -> None:
    shapes = read_boundaries_file(SHARED / "geo" / "gemeenten_2025.geojson")
    with session_scope(seeded_engine) as session:
        data = exports.geojson_dict(session, Filters(), "nl", shapes)
    assert data["metadata"]["geometry"] == "boundaries"
    by_code = {f["id"]: f for f in data["features"]}
    assert by_code["GM0363"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    # A municipality without records is exported as not reported, with no figure, never 0.
    silent = by_code["GM0034"]["properties"]
    assert silent["reported"] is False and silent["places_display"] is None
    json.dumps(data)  # valid JSON throughout


def test_gap_table_points_to_the_nearest_municipality_with_shelter(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        with_shelter = queries.municipalities_with_shelter(session)
        gaps = gap_table(session)
        export = gap_export(session, None, "en")
    assert "GM0363" in with_shelter and "GM0363" not in set(gaps["code"])
    haarlem = gaps.set_index("code").loc["GM0392"]
    assert haarlem["nearest_code"] == "GM0363" and 10 < haarlem["distance_km"] < 30
    assert haarlem["source_file"].endswith(".txt")
    sheets = pd.read_excel(io.BytesIO(exports.xlsx_bytes(export)), sheet_name=None)
    assert len(sheets["data"]) == len(gaps) and len(sheets["sources"]) >= 1
