"""inventory/table_page.py: the Tables page's row line, column order and downloads, on the seeded database."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest
from sqlalchemy import Engine

from inventory import exports, queries, table_page
from inventory.applicability import BROWSABLE_TABLES
from inventory.database import session_scope
from inventory.filters import Filters


def _export(engine: Engine, table: str, filters: Filters, lang: str = "nl") -> exports.Export:
    loaders = {
        "figures": queries.figures,
        "facilities": queries.facilities,
        "aggregates": queries.aggregates,
        "outcomes": queries.outcomes,
    }
    with session_scope(engine) as session:
        return exports.Export(table, loaders[table](session, filters), filters, lang=lang)


def test_people_read_municipality_offer_measure_and_value_first(seeded_engine: Engine) -> None:
    frame = _export(seeded_engine, "figures", Filters()).data
    shown = table_page.ordered(frame)
    # Every column but the seed file name, which the downloads keep for reviewers.
    assert "source_file" in frame.columns
    assert sorted(shown.columns) == sorted(c for c in frame.columns if c != "source_file")
    assert list(shown.columns[:4]) == ["municipality", "facility", "target_group", "metric"]
    assert list(shown.columns).index("display_value") < list(shown.columns).index("key")


def test_the_row_line_says_preview_and_filters(seeded_engine: Engine) -> None:
    export = _export(seeded_engine, "figures", Filters(year=2017), "en")
    count = len(export.data)
    assert table_page.rows_caption(export, count, Filters(year=2017)) == (
        f"{count} rows · Filters: {export.filter_text()}"
    )
    preview = table_page.rows_caption(export, 5000, Filters(year=2017))
    assert preview.startswith(f"the first {count} of 5,000 rows") and "Reference year: 2017" in preview
    everything = _export(seeded_engine, "aggregates", Filters())
    assert table_page.rows_caption(everything, None, Filters()).endswith("· geen filters: volledige dataset")


def test_a_filter_the_table_cannot_apply_is_named(seeded_engine: Engine) -> None:
    assert table_page.not_applied_note(_export(seeded_engine, "figures", Filters(province="PV27"))) is None
    note = table_page.not_applied_note(_export(seeded_engine, "aggregates", Filters(province="PV27")))
    assert note == "Niet toegepast op deze tabel, want ze heeft die indeling niet: Provincie."


def test_the_excel_cap_is_said_only_past_the_cap() -> None:
    assert table_page.excel_cap_note(None, "nl") is None
    assert table_page.excel_cap_note(exports.EXCEL_MAX_ROWS, "nl") is None
    assert table_page.excel_cap_note(exports.EXCEL_MAX_ROWS + 1, "en") == (
        "Excel holds at most 40,000 rows (here 40,001): for every row, use the CSV download or the CSV link below."
    )


@pytest.mark.parametrize("table", ["figures", "facilities"])
def test_downloads_hold_every_row(seeded_engine: Engine, table: str) -> None:
    filters = Filters(province="PV27")
    export = _export(seeded_engine, table, filters)
    if table == "figures":
        # The page passes a preview of the figures: the downloads still hold every row.
        export.data = export.data.head(3)
    items = table_page.downloads(seeded_engine, export)
    assert [(d.label, d.ext) for d in items] == [("CSV", "csv"), ("Excel", "xlsx"), ("Data package", "zip")]
    built = {d.ext: d.build() for d in items}
    with session_scope(seeded_engine) as session:
        rows = len(queries.figures(session, filters) if table == "figures" else queries.facilities(session, filters))
    assert rows > 3
    csv = pd.read_csv(io.BytesIO(built["csv"]), encoding="utf-8-sig")
    assert len(csv) == rows
    assert len(pd.read_excel(io.BytesIO(built["xlsx"]), sheet_name="data")) == rows
    names = zipfile.ZipFile(io.BytesIO(built["zip"])).namelist()
    assert "datapackage.json" in names


@pytest.mark.parametrize("table", BROWSABLE_TABLES)
def test_no_table_offers_geojson_which_holds_municipalities_not_its_rows(seeded_engine: Engine, table: str) -> None:
    """'Landelijke cijfers' offered GeoJSON, which gave the 342 municipality features instead of the
    national rows on the page: a Tables download holds the table shown, or is not offered."""
    items = table_page.downloads(seeded_engine, _export(seeded_engine, table, Filters()))
    assert "geojson" not in {d.ext for d in items}


def test_the_map_download_is_geojson_of_its_municipalities_loading_boundaries_only_when_clicked(
    seeded_engine: Engine,
) -> None:
    filters = Filters(province="PV27")
    asked: list[int] = []
    item = table_page.map_download(seeded_engine, filters, "nl", lambda: asked.append(1))
    assert (item.label, item.ext) == ("Download deze gemeenten als GeoJSON", "geojson") and not asked
    geojson = json.loads(item.build())
    assert asked == [1] and geojson["type"] == "FeatureCollection"
    with session_scope(seeded_engine) as session:
        overview = queries.municipality_overview(session, filters)
    assert {f["id"] for f in geojson["features"]} == set(overview["municipality_code"])
    assert table_page.map_filename(filters) == "opvangmonitor_municipalities_provincie-pv27.geojson"
