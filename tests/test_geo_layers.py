"""geo.layers: colours, legend, layers and the deck JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.boundaries import read_boundaries_file, simplify_for_web
from geo.centroids import load_centroids
from geo.layers import (
    MARKER_MIN_RADIUS_M,
    NO_BASEMAP_STYLE,
    NO_DATA_COLOUR,
    PALETTE,
    UNKNOWN_MARKER_RADIUS_M,
    basemap_enabled,
    choropleth_layer,
    colour_for,
    default_bins,
    legend,
    make_deck,
    marker_layer,
    marker_radius_m,
    province_layer,
)

SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"


@pytest.fixture(scope="module")
def municipalities() -> gpd.GeoDataFrame:
    path = SHARED_GEO / "gemeenten_2025.geojson"
    if not path.is_file():
        pytest.skip(f"shared boundary file {path} not available")
    return simplify_for_web(read_boundaries_file(path))


def _strict_json(text: str) -> dict:
    """Parse JSON rejecting NaN/Infinity, which browsers' JSON.parse cannot read."""

    def reject(token: str) -> None:
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=reject)


def _luminance(rgb: list[int]) -> float:
    r, g, b = rgb[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


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


def test_legend_labels() -> None:
    nl = legend([5, 10, 20, 50], "nl")
    assert [row["label"] for row in nl] == ["t/m 5", "6–10", "11–20", "21–50", "meer dan 50", "Geen gegevens gemeld"]
    assert [row["colour"] for row in nl[:5]] == PALETTE
    assert nl[-1]["colour"] == NO_DATA_COLOUR
    en = legend([5, 10], "en")
    assert en[-1]["label"] == "No data reported"
    assert len(en) == 4
    assert en[0]["colour"] == PALETTE[0] and en[2]["colour"] == PALETTE[-1]


# --- layers ------------------------------------------------------------------------------


def test_choropleth_colours_per_feature(municipalities: gpd.GeoDataFrame) -> None:
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


def test_choropleth_payload_under_limit(municipalities: gpd.GeoDataFrame) -> None:
    gdf = municipalities.copy()
    gdf["places"] = range(len(gdf))
    layer = choropleth_layer(gdf, "places")
    size = len(json.dumps(layer.data, separators=(",", ":")).encode())
    deck_size = len(make_deck([layer], basemap=False).to_json().encode())
    print(f"choropleth layer data {size} bytes, deck JSON {deck_size} bytes")
    assert size <= 600_000
    assert deck_size <= 600_000


def test_province_layer_is_outline_only(municipalities: gpd.GeoDataFrame) -> None:
    from geo.boundaries import province_outlines

    layer = province_layer(province_outlines(municipalities, load_centroids()))
    spec = _strict_json(make_deck([layer], basemap=False).to_json())["layers"][0]
    assert spec["filled"] is False and spec["stroked"] is True and spec["pickable"] is False
    assert len(layer.data["features"]) == 12


def test_marker_layer_sizes_and_unknowns() -> None:
    df = pd.DataFrame(
        {
            "code": ["GM0363", "GM0599", "GM0014", "GM0772"],
            "name": ["Amsterdam", "Rotterdam", "Groningen", "Eindhoven"],
            "lon": [4.9, 4.48, 6.57, 5.47],
            "lat": [52.37, 51.92, 53.22, 51.44],
            "places": [400, 100, None, 0],
        }
    )
    layer = marker_layer(df)
    assert layer.id == "markers" and layer.type == "ScatterplotLayer"
    rows = {r["code"]: r for r in layer.data}
    assert rows["GM0363"]["radius"] == pytest.approx(2 * rows["GM0599"]["radius"])  # sqrt scaling
    assert rows["GM0014"]["radius"] == UNKNOWN_MARKER_RADIUS_M
    assert rows["GM0014"]["fill"][3] == 0  # hollow
    assert rows["GM0014"]["places"] is None
    assert rows["GM0363"]["fill"][3] > 0
    assert rows["GM0772"]["radius"] == MARKER_MIN_RADIUS_M  # zero places: visible, known
    assert rows["GM0772"]["fill"][3] > 0
    assert marker_radius_m(float("nan")) == UNKNOWN_MARKER_RADIUS_M
    _strict_json(make_deck([layer], basemap=False).to_json())


# --- deck --------------------------------------------------------------------------------


def test_deck_without_basemap_requests_nothing_external(municipalities: gpd.GeoDataFrame) -> None:
    gdf = municipalities.copy()
    gdf["places"] = [None if i % 2 else i for i in range(len(gdf))]
    layers = [choropleth_layer(gdf, "places"), marker_layer(load_centroids().assign(places=5))]
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
