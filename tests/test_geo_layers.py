"""geo.layers and geo.mapview: colours, legend, layers, the deck JSON and what the map page shows."""

from __future__ import annotations

import json
import math
import pickle
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import Engine

from geo.boundaries import province_outlines, read_boundaries_file, simplify_for_web
from geo.centroids import load_centroids
from geo.layers import (
    LEGEND_PLACES,
    MARKER_LINE_PIXELS,
    MUNICIPALITY_LINE_PIXELS,
    NL_VIEW,
    NO_BASEMAP_STYLE,
    NO_DATA_COLOUR,
    PALETTE,
    PROVINCE_LINE_PIXELS,
    TILE_PIXELS,
    UNKNOWN_MARKER_LINE_PIXELS,
    UNKNOWN_MARKER_PIXELS,
    FrozenDeck,
    basemap_enabled,
    boundary_layer,
    boundary_segments,
    choropleth_layer,
    colour_for,
    default_bins,
    legend,
    legend_html,
    make_deck,
    map_legend,
    marker_radius_px,
    point_layer,
    ring_layer,
    ring_segments,
)
from geo.mapview import build_map_view
from inventory import queries
from inventory.database import session_scope
from inventory.mapdata import MEASURES

SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"


@pytest.fixture(scope="module")
def municipalities() -> gpd.GeoDataFrame:
    path = SHARED_GEO / "gemeenten_2025.geojson"
    if not path.is_file():
        pytest.skip(f"shared boundary file {path} not available")
    return simplify_for_web(read_boundaries_file(path))


@pytest.fixture(scope="module")
def provinces(municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return simplify_for_web(province_outlines(municipalities, load_centroids()), tolerance=0.002)


@pytest.fixture(scope="module")
def overview(seeded_url: str) -> pd.DataFrame:
    from inventory.database import make_engine

    engine: Engine = make_engine(seeded_url)
    with session_scope(engine) as session:
        frame = queries.municipality_overview(session)
    engine.dispose()
    return frame


def _strict_json(text: str) -> dict:
    """Parse JSON rejecting NaN/Infinity, which browsers' JSON.parse cannot read."""

    def reject(token: str) -> None:
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=reject)


def _spec(*layers: object) -> list[dict]:
    return _strict_json(make_deck(list(layers), basemap=False).to_json())["layers"]


def _luminance(rgb: list[int]) -> float:
    r, g, b = rgb[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _screen(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at `zoom`, as deck.gl projects it."""
    world = TILE_PIXELS * 2**zoom
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * world
    return (lon + 180) / 360 * world, y


# --- colours and legend ------------------------------------------------------------------


def test_palette_is_sequential_and_no_data_is_distinct() -> None:
    assert len(PALETTE) == 5
    lum = [_luminance(c) for c in PALETTE]
    assert lum == sorted(lum, reverse=True)  # light (low) to dark (high)
    assert NO_DATA_COLOUR not in PALETTE
    assert min(sum(abs(a - b) for a, b in zip(NO_DATA_COLOUR, c, strict=True)) for c in PALETTE) > 60


def test_colour_for_values_and_missing() -> None:
    bins = [5, 10, 20, 50]
    assert colour_for(None, bins)[:3] == NO_DATA_COLOUR
    assert colour_for(float("nan"), bins)[:3] == NO_DATA_COLOUR
    assert colour_for(0, bins)[:3] == PALETTE[0]  # zero is data, not "no data"
    assert colour_for(5, bins)[:3] == PALETTE[0]
    assert colour_for(6, bins)[:3] == PALETTE[1]
    assert colour_for(20, bins)[:3] == PALETTE[2]
    assert colour_for(50, bins)[:3] == PALETTE[3]
    assert colour_for(51, bins)[:3] == PALETTE[4]


def test_default_bins() -> None:
    assert default_bins([None, float("nan")]) == []
    bins = default_bins(list(range(101)))
    assert len(bins) == 4 and bins == sorted(bins)
    assert default_bins([3, 3, 3]) == []  # one distinct value: one class
    # counts get round thresholds a reader can remember
    assert default_bins([20, 110, 290]) == [55.0, 90.0, 150.0, 200.0]


def test_legend_labels_in_the_readers_number_format() -> None:
    nl = legend([5, 10, 20, 50], "nl")
    assert [row["label"] for row in nl] == ["t/m 5", "6–10", "11–20", "21–50", "meer dan 50", "Geen gegevens gemeld"]
    assert [row["colour"] for row in nl[:5]] == PALETTE
    assert nl[-1]["colour"] == NO_DATA_COLOUR
    assert [row["label"] for row in legend([500, 1500], "nl")][:3] == ["t/m 500", "501–1.500", "meer dan 1.500"]
    assert [row["label"] for row in legend([500, 1500], "en")][:3] == ["up to 500", "501–1,500", "more than 1,500"]
    assert legend([2.5], "nl")[0]["label"] == "t/m 2,5"
    en = legend([5, 10], "en")
    assert en[-1]["label"] == "No data reported"
    assert len(en) == 4
    assert en[0]["colour"] == PALETTE[0] and en[2]["colour"] == PALETTE[-1]


def test_legend_never_shows_an_unlabelled_swatch() -> None:
    # No municipality reports the measure (a waiting list, say): no class at all, only "no data".
    assert legend([], "nl", [None, float("nan")]) == [{"label": "Geen gegevens gemeld", "colour": NO_DATA_COLOUR}]
    # One distinct value: one class, labelled with it.
    assert [row["label"] for row in legend([], "en", [1435.0, None])] == ["1,435", "No data reported"]
    assert [row["label"] for row in legend([], "nl", [3.0, 12.0])] == ["3–12", "Geen gegevens gemeld"]
    for rows in (legend([], "nl"), legend([5, 10], "nl"), legend([], "en", [7.0])):
        assert all(row["label"].strip() for row in rows)


def test_map_legend_has_every_symbol_with_circles_to_scale() -> None:
    classes = legend([5, 10], "nl")
    rows = map_legend(classes, "nl", places=True, unknown_places=True, filtered_out=True)
    kinds = [row["kind"] for row in rows]
    assert kinds == ["fill"] * 4 + ["filtered", "ring", "ring", "ring", "unknown"]
    assert all(row["label"].strip() for row in rows)
    rings = [row for row in rows if row["kind"] == "ring"]
    assert [row["label"] for row in rings] == [f"{n} plaatsen" for n in LEGEND_PLACES]
    assert [row["radius"] for row in rings] == [marker_radius_px(n) for n in LEGEND_PLACES]
    # area proportional to places: r^2 / places is the same for every reference circle
    ratios = {round(row["radius"] ** 2 / n, 6) for row, n in zip(rings, LEGEND_PLACES, strict=True)}
    assert len(ratios) == 1
    assert rows[-1]["radius"] == UNKNOWN_MARKER_PIXELS and rows[-1]["dashed"]
    # without boundaries the classes are dots, a filter leaves nothing white, unknown rings are solid
    dots = map_legend(classes, "en", places=False, unknown_places=True, filtered_out=True, points=True)
    assert [row["kind"] for row in dots] == ["dot"] * 4 + ["unknown"]
    assert not dots[-1]["dashed"]
    assert dots[-1]["label"] == "Shelter known, number of places unknown"


def test_legend_html_draws_each_symbol_at_map_size() -> None:
    rows = map_legend(legend([5, 10], "en"), "en", places=True, unknown_places=True, filtered_out=True)
    html = legend_html(rows, "Legend")
    assert "<svg" not in html  # st.html keeps HTML and CSS, but drops SVG
    for row in rows:
        assert f"<span>{row['label']}</span>" in html
    biggest = marker_radius_px(LEGEND_PLACES[-1])
    assert f"width:{round(2 * biggest + MARKER_LINE_PIXELS, 1):g}px" in html
    assert f"{UNKNOWN_MARKER_LINE_PIXELS:g}px dashed" in html
    assert "rgb(255,255,255)" in html  # the filtered-out swatch
    assert (
        legend_html([{"kind": "fill", "label": "<b>", "colour": PALETTE[0], "radius": 4}], "x").count("&lt;b&gt;") == 1
    )


# --- layers ------------------------------------------------------------------------------


def test_choropleth_colours_per_feature_without_stroke(municipalities: gpd.GeoDataFrame) -> None:
    gdf = municipalities.copy()
    gdf["places"] = [np.nan if i % 4 == 0 else float(i % 60) for i in range(len(gdf))]
    bins = [5, 10, 20, 50]
    layer = choropleth_layer(gdf, "places", bins=bins)
    assert layer.id == "municipalities"
    assert layer.type == "GeoJsonLayer"
    features = layer.data["features"]
    assert len(features) == 342
    for feature, value in zip(features, gdf["places"], strict=True):
        props = feature["properties"]
        if math.isnan(value):
            assert props["fill"][:3] == NO_DATA_COLOUR
            assert props["value"] is None
            assert props["value_label"] == "Geen gegevens gemeld"
        else:
            assert props["fill"][:3] == colour_for(value, bins)[:3]
            assert props["fill"][:3] != NO_DATA_COLOUR
            assert props["value"] == value
    used = {tuple(f["properties"]["fill"][:3]) for f in features}
    assert used == {tuple(c) for c in PALETTE} | {tuple(NO_DATA_COLOUR)}
    (spec,) = _spec(layer)
    # borders come from the line layer: a GeoJSON stroke would add deck.gl's costly path shader
    assert spec["stroked"] is False and spec["filled"] is True and spec["pickable"] is True


def test_choropleth_payload_under_limit(municipalities: gpd.GeoDataFrame) -> None:
    gdf = municipalities.copy()
    gdf["places"] = range(len(gdf))
    layer = choropleth_layer(gdf, "places")
    size = len(json.dumps(layer.data, separators=(",", ":")).encode())
    deck_size = len(make_deck([layer], basemap=False).to_json().encode())
    print(f"choropleth layer data {size} bytes, deck JSON {deck_size} bytes")
    assert size <= 600_000
    assert deck_size <= 600_000


def test_boundary_segments_draw_each_border_once() -> None:
    # Two unit squares side by side share one edge; a third one below the right one shares another.
    squares = gpd.GeoDataFrame(
        {"code": ["GM0001", "GM0002", "GM0003"]},
        geometry=[shapely.box(5, 52, 5.1, 52.1), shapely.box(5.1, 52, 5.2, 52.1), shapely.box(5.1, 51.9, 5.2, 52)],
        crs="EPSG:4326",
    )
    # GM0001 and GM0002 in one province, GM0003 in another
    provinces = gpd.GeoDataFrame(
        geometry=[shapely.box(5, 52, 5.2, 52.1), shapely.box(5.1, 51.9, 5.2, 52)], crs="EPSG:4326"
    )
    segments = boundary_segments(squares, provinces)
    edges = {tuple(sorted((tuple(s["s"]), tuple(s["t"])))): s["k"] for s in segments}
    assert len(edges) == len(segments), "a border was drawn twice"
    total = sum(math.dist(s["s"], s["t"]) for s in segments)
    assert total == pytest.approx(1.0)  # 12 unit edges of 0.1, two of them shared
    shared_same_province = ((5.1, 52.0), (5.1, 52.1))
    shared_other_province = ((5.1, 52.0), (5.2, 52.0))
    assert edges[shared_same_province] == 0
    assert edges[shared_other_province] == 1
    assert [s["k"] for s in segments] == sorted(s["k"] for s in segments)  # province borders on top


def test_boundary_segments_of_the_netherlands(municipalities: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> None:
    segments = boundary_segments(municipalities, provinces)
    ring_edges = int(shapely.get_num_coordinates(municipalities.geometry.values).sum())
    assert len(segments) < 0.75 * ring_edges  # shared borders once, not twice
    on_province = [s for s in segments if s["k"] == 1]
    province_length = sum(math.dist(s["s"], s["t"]) for s in on_province)
    outline_length = float(shapely.union_all(shapely.boundary(provinces.geometry.values)).length)
    assert province_length == pytest.approx(outline_length, rel=0.15)
    layer = boundary_layer(segments)
    assert layer.id == "provinces"
    assert len(json.dumps(segments, separators=(",", ":"))) < 250_000


def test_ring_segments_have_the_marker_radius_on_screen() -> None:
    df = pd.DataFrame({"lon": [4.9095, 6.57], "lat": [52.3649, 53.22], "places": [290.0, None]})
    segments = ring_segments(df)
    known = [s for s in segments if s["k"] == 1]
    unknown = [s for s in segments if s["k"] == 0]
    zoom = NL_VIEW["zoom"]
    for segs, (lon, lat), radius in ((known, (4.9095, 52.3649), marker_radius_px(290)),):
        cx, cy = _screen(lon, lat, zoom)
        for s in segs:
            x, y = _screen(*s["s"], zoom)
            assert math.hypot(x - cx, y - cy) == pytest.approx(radius, abs=0.3)
        assert segs[0]["s"] == pytest.approx(segs[-1]["t"], abs=1e-4)  # a closed ring
    cx, cy = _screen(6.57, 53.22, zoom)
    radii = [math.hypot(*np.subtract(_screen(*s["s"], zoom), (cx, cy))) for s in unknown]
    assert radii == pytest.approx([UNKNOWN_MARKER_PIXELS] * len(unknown), abs=0.3)
    assert len(unknown) == 6  # 12 steps, every other one drawn: a dashed ring
    assert marker_radius_px(0) > 0 and marker_radius_px(None) == UNKNOWN_MARKER_PIXELS
    assert marker_radius_px(4 * 150) == pytest.approx(2 * marker_radius_px(150))  # sqrt scaling


def test_line_layers_share_accessors_and_read_widths_in_pixels(
    municipalities: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame
) -> None:
    rings = ring_segments(pd.DataFrame({"lon": [4.9], "lat": [52.37], "places": [100.0]}))
    borders, markers = _spec(boundary_layer(boundary_segments(municipalities, provinces)), ring_layer(rings))
    for spec in (borders, markers):
        assert spec["@@type"] == "LineLayer" and spec["pickable"] is False
        # quoted for pydeck: a bare "pixels" would become the expression "@@=pixels"
        assert spec["widthUnits"] == "pixels"
        # plain field names are read fast by deck.gl's JSON converter; nothing is interpreted per segment
        assert (spec["getSourcePosition"], spec["getTargetPosition"], spec["getWidth"]) == ("@@=s", "@@=t", "@@=k")
        assert isinstance(spec["getColor"], list)
    assert (borders["widthMinPixels"], borders["widthScale"]) == (MUNICIPALITY_LINE_PIXELS, PROVINCE_LINE_PIXELS)
    assert (markers["widthMinPixels"], markers["widthScale"]) == (UNKNOWN_MARKER_LINE_PIXELS, MARKER_LINE_PIXELS)


def test_point_layer_without_boundaries() -> None:
    rings = pd.DataFrame(
        {"code": ["GM0363", "GM0014"], "name": ["Amsterdam", "Groningen"], "lon": [4.9, 6.57], "lat": [52.37, 53.22]}
    ).assign(places=[290.0, None], tip=["Plaatsen: 290", "Plaatsen: geen gegevens"])
    points = load_centroids().assign(fill=[[1, 2, 3, 200]] * 342, tip="x")
    layer = point_layer(points, rings, label_col="tip")
    (spec,) = _spec(layer)
    assert spec["id"] == "markers" and spec["pickable"] is True and spec["radiusUnits"] == "pixels"
    assert len(layer.data) == 2 + 342
    assert all(re.fullmatch(r"GM\d{4}", r["code"]) and r["value_label"] for r in layer.data)
    assert [r["fill"][3] for r in layer.data[:2]] == [0, 0]  # rings first, hollow
    assert {r["radius"] for r in layer.data[2:]} == {4.0}  # every municipality a dot, drawn on top
    assert layer.data[0]["radius"] == pytest.approx(marker_radius_px(290), abs=0.01)


# --- deck --------------------------------------------------------------------------------


def test_deck_without_basemap_requests_nothing_external(municipalities: gpd.GeoDataFrame) -> None:
    gdf = municipalities.copy()
    gdf["places"] = [None if i % 2 else i for i in range(len(gdf))]
    markers = load_centroids().assign(places=5.0)
    layers = [choropleth_layer(gdf, "places"), ring_layer(ring_segments(markers))]
    deck = make_deck(layers, basemap=False, tooltip_html="<b>{name}</b><br/>{value_label}")
    text = deck.to_json()
    assert "http" not in text.lower()
    spec = _strict_json(text)
    # Not null: for a deck without mapStyle Streamlit's frontend fills in Carto's positron style,
    # which the browser then fetches. The sentinel makes it draw no base map (tests/test_browser.py).
    assert spec["mapStyle"] == NO_BASEMAP_STYLE == "__MAP_STYLE__"
    assert spec.get("mapProvider") is None
    assert spec["initialViewState"] == {"latitude": 52.2, "longitude": 5.3, "zoom": 6.3}
    assert deck._tooltip["html"].startswith("<b>{name}")


def test_frozen_deck_is_the_same_deck_serialised_once() -> None:
    deck = make_deck([ring_layer([{"s": [5, 52], "t": [5.1, 52], "k": 1}])], basemap=False, tooltip_html="{name}")
    frozen = FrozenDeck(deck)
    assert frozen.to_json() == deck.to_json()
    assert frozen._tooltip == deck._tooltip
    copy = pickle.loads(pickle.dumps(frozen))
    assert copy.to_json() == deck.to_json() and copy._tooltip == deck._tooltip


def test_deck_with_basemap_uses_carto_light() -> None:
    text = make_deck([], basemap=True, tooltip_html="{name}").to_json()
    spec = _strict_json(text)
    assert spec["mapProvider"] == "carto"
    assert "basemaps.cartocdn.com" in spec["mapStyle"] and "positron" in spec["mapStyle"]


@pytest.mark.parametrize(
    ("value", "expected"), [(None, True), ("", True), ("carto", True), ("none", False), ("NONE", False)]
)
def test_basemap_enabled(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv("OPVANG_BASEMAP", raising=False)
    else:
        monkeypatch.setenv("OPVANG_BASEMAP", value)
    assert basemap_enabled() is expected


# --- the map page's view (geo.mapview) ---------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("measure", MEASURES)
def test_map_view_table_and_legend_are_readable(
    overview: pd.DataFrame, municipalities: gpd.GeoDataFrame, measure: str, lang: str
) -> None:
    view = build_map_view(overview, measure, lang, load_centroids(), municipalities, [])
    table = view.table
    assert len(table) == len(view.table_codes) == 342
    assert list(table.columns)[:2] == (["Gemeente", "Provincie"] if lang == "nl" else ["Municipality", "Province"])
    cells = table.astype(str).to_numpy().ravel()
    assert not any(cell in ("None", "nan", "NaN", "<NA>") for cell in cells)
    assert not any(re.search(r"\b(GM|PV)\d{2,4}\b", cell) for cell in cells)
    # each row's code is the code of the municipality named in that row
    names = dict(zip(overview["municipality_code"], overview["municipality"], strict=True))
    assert [names[c] for c in view.table_codes] == table.iloc[:, 0].tolist()
    assert all(row["label"].strip() for row in view.legend)
    spec = _strict_json(view.deck.to_json())
    assert [layer["id"] for layer in spec["layers"]] == ["municipalities", "markers"]


def test_map_view_of_a_measure_nobody_reports(overview: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> None:
    assert overview["waiting_list_low"].isna().all(), "the seed data was expected to have no waiting lists"
    view = build_map_view(overview, "waiting_list", "nl", load_centroids(), municipalities, [])
    assert view.known == 0
    assert [row["kind"] for row in view.legend if row["kind"] in ("fill", "dot")] == ["fill"]
    assert view.legend[0]["label"] == "Geen gegevens gemeld"


def test_map_view_without_boundaries_shows_every_municipality_as_a_point(overview: pd.DataFrame) -> None:
    view = build_map_view(overview, "places", "en", load_centroids())
    (layer,) = _strict_json(view.deck.to_json())["layers"]
    assert layer["id"] == "markers" and layer["pickable"] is True
    codes = [record["code"] for record in layer["data"] if record["radius"] == 4.0]
    assert sorted(codes) == sorted(overview["municipality_code"])
    assert view.points and {row["kind"] for row in view.legend} >= {"dot", "ring"}


def test_map_view_marks_filtered_out_municipalities(overview: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> None:
    holland = overview[overview["province_code"] == "PV27"].reset_index(drop=True)
    view = build_map_view(holland, "places", "en", load_centroids(), municipalities, [])
    assert "filtered" in [row["kind"] for row in view.legend]
    everything = build_map_view(overview, "places", "en", load_centroids(), municipalities, [])
    assert "filtered" not in [row["kind"] for row in everything.legend]
