"""pydeck layer builders for the maps. Pure functions: no streamlit, no network.

Colours are computed here, in Python, and shipped as per-feature properties, so what the
map shows is exactly what the tests check.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from geo import WGS84

RGB = list[int]

# Viridis at 5 evenly spaced stops, light (low) to dark (high): perceptually uniform and
# readable with the common colour-vision deficiencies and in greyscale.
PALETTE: list[RGB] = [
    [253, 231, 37],
    [94, 201, 98],
    [33, 145, 140],
    [59, 82, 139],
    [68, 1, 84],
]
# "No data reported": a neutral light grey that is not on the viridis ramp, so a missing
# figure never looks like a low one (zero gets the first palette colour).
NO_DATA_COLOUR: RGB = [204, 204, 204]
FILL_ALPHA = 200
LINE_COLOUR: RGB = [128, 128, 128]
PROVINCE_LINE_COLOUR: RGB = [60, 60, 60]
# Markers: Okabe-Ito vermillion, distinct from every viridis stop.
MARKER_COLOUR: RGB = [213, 94, 0]
UNKNOWN_MARKER_LINE: RGB = [110, 110, 110]
MARKER_METRES_PER_SQRT_PLACE = 600.0
MARKER_MIN_RADIUS_M = 800.0
UNKNOWN_MARKER_RADIUS_M = 1500.0

# deck.gl's default maximum widths and radii (2^53 px) go wrong in software WebGL (SwiftShader, as in
# headless Chromium): every outline and marker then floods the canvas. Finite caps render everywhere.
MUNICIPALITY_LINE_MAX_PIXELS = 1
PROVINCE_LINE_MAX_PIXELS = 2.5
MARKER_LINE_MAX_PIXELS = 1.5
MARKER_MIN_PIXELS = 3
MARKER_MAX_PIXELS = 18

NL_VIEW = {"latitude": 52.2, "longitude": 5.3, "zoom": 6.3}
# pydeck's default map style; Streamlit's frontend reads it as "no base map" (see make_deck).
NO_BASEMAP_STYLE = "__MAP_STYLE__"

_TEXT = {
    "nl": {"no_data": "Geen gegevens gemeld", "up_to": "t/m", "more_than": "meer dan"},
    "en": {"no_data": "No data reported", "up_to": "up to", "more_than": "more than"},
}


# --- classification and legend ----------------------------------------------------------


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def class_colours(n_classes: int) -> list[RGB]:
    """``n_classes`` colours spread evenly over the palette (1..len(PALETTE))."""
    if not 1 <= n_classes <= len(PALETTE):
        raise ValueError(f"between 1 and {len(PALETTE)} classes supported, got {n_classes}")
    picks = np.linspace(0, len(PALETTE) - 1, n_classes).round().astype(int)
    return [list(PALETTE[i]) for i in picks]


def _nice(x: float) -> float:
    """`x` rounded to a half step of its order of magnitude (55, 90, 150, 200; whole numbers up to 10)."""
    if x <= 10:
        return float(round(x))
    step = 10 ** math.floor(math.log10(x)) / 2
    return float(round(x / step) * step)


def default_bins(values: Sequence[float | None], n_classes: int = len(PALETTE)) -> list[float]:
    """Ascending upper thresholds (``n_classes - 1`` at most) from quantiles of the known values.

    Returns fewer thresholds when there are few distinct values; ``[]`` for no data.
    """
    known = np.array([v for v in values if not _is_missing(v)], dtype=float)
    if known.size == 0:
        return []
    qs = np.quantile(known, np.linspace(0, 1, n_classes + 1)[1:-1])
    counts = bool(np.all(known == np.round(known)))
    # Counts get round thresholds (55, 90, 150): a legend people can read and remember.
    thresholds = sorted({_nice(float(q)) if counts else float(q) for q in qs})
    # A threshold at or above the maximum would create an empty top class.
    return [t for t in thresholds if t < known.max()]


def class_index(value: float, bins: Sequence[float]) -> int:
    """Class of ``value``: 0 if value <= bins[0], ..., len(bins) if value > bins[-1]."""
    return int(np.searchsorted(np.asarray(bins, dtype=float), value, side="left"))


def colour_for(value: float | None, bins: Sequence[float]) -> RGB:
    """Fill colour (RGBA) for a value; missing values get the no-data grey."""
    if _is_missing(value):
        return [*NO_DATA_COLOUR, FILL_ALPHA]
    colours = class_colours(len(bins) + 1)
    return [*colours[class_index(float(value), bins)], FILL_ALPHA]


def _fmt(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def legend(bins: Sequence[float], lang: str = "nl") -> list[dict[str, Any]]:
    """Legend rows ``{"label", "colour"}`` for the classes, then the no-data entry.

    With integer thresholds (counts of places) the ranges are written as whole numbers,
    e.g. ``0–5``, ``6–20``, ``meer dan 20``.
    """
    text = _TEXT.get(lang, _TEXT["en"])
    colours = class_colours(len(bins) + 1)
    integer = all(float(b).is_integer() for b in bins)
    rows: list[dict[str, Any]] = []
    for i, colour in enumerate(colours):
        if not bins:
            label = ""
        elif i == 0:
            label = f"{text['up_to']} {_fmt(bins[0])}"
        elif i == len(bins):
            label = f"{text['more_than']} {_fmt(bins[-1])}"
        elif integer:
            label = f"{_fmt(bins[i - 1] + 1)}–{_fmt(bins[i])}"
        else:
            label = f"{_fmt(bins[i - 1])}–{_fmt(bins[i])}"
        rows.append({"label": label, "colour": colour})
    rows.append({"label": text["no_data"], "colour": list(NO_DATA_COLOUR)})
    return rows


# --- layers ------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    """JSON-safe scalar: NaN/NA become null (NaN is not valid JSON), numpy types unwrapped."""
    if _is_missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def feature_collection(gdf: gpd.GeoDataFrame, properties: Sequence[str]) -> dict[str, Any]:
    """Compact GeoJSON dict with only ``properties`` per feature (keeps the payload small)."""
    geo = gdf.to_crs(WGS84) if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf
    geometries = json.loads(gpd.GeoSeries(geo.geometry.values).to_json(drop_id=True))["features"]
    records = geo[list(properties)].to_dict("records")
    features = [
        {"type": "Feature", "properties": {k: _json_value(v) for k, v in rec.items()}, "geometry": g["geometry"]}
        for rec, g in zip(records, geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def choropleth_layer(
    gdf_with_values: gpd.GeoDataFrame,
    value_col: str,
    id: str = "municipalities",
    bins: Sequence[float] | None = None,
    lang: str = "nl",
    label_col: str | None = None,
) -> pdk.Layer:
    """Filled municipalities coloured by ``value_col`` (NaN/None = no data reported).

    Each feature carries ``code``, ``name``, ``value``, ``value_label`` and ``fill``; other
    columns are dropped to keep the payload small. Without ``bins``, quantile bins are used.
    """
    gdf = gdf_with_values.copy()
    values = gdf[value_col].tolist()
    bins = default_bins(values) if bins is None else list(bins)
    no_data = _TEXT.get(lang, _TEXT["en"])["no_data"]
    gdf["value"] = values
    if label_col is not None:
        # The caller's text keeps qualifiers ("80–90", "ca. 200") that the number loses.
        gdf["value_label"] = gdf[label_col].tolist()
    else:
        gdf["value_label"] = [no_data if _is_missing(v) else _fmt(float(v)) for v in values]
    gdf["fill"] = [colour_for(v, bins) for v in values]
    data = feature_collection(gdf, ["code", "name", "value", "value_label", "fill"])
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=id,
        pickable=True,
        stroked=True,
        filled=True,
        auto_highlight=True,
        get_fill_color="properties.fill",
        get_line_color=LINE_COLOUR,
        line_width_min_pixels=0.5,
        line_width_max_pixels=MUNICIPALITY_LINE_MAX_PIXELS,
        line_width_units="pixels",
    )


def province_layer(provinces_gdf: gpd.GeoDataFrame, id: str = "provinces") -> pdk.Layer:
    """Province outlines only (no fill, not pickable) drawn over the municipalities."""
    props = [c for c in ("province_code", "province_name") if c in provinces_gdf.columns]
    return pdk.Layer(
        "GeoJsonLayer",
        data=feature_collection(provinces_gdf, props),
        id=id,
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=PROVINCE_LINE_COLOUR,
        line_width_min_pixels=1.5,
        line_width_max_pixels=PROVINCE_LINE_MAX_PIXELS,
        line_width_units="pixels",
    )


def marker_radius_m(places: float | None) -> float:
    """Radius in metres: area grows with the number of places (radius ~ sqrt(places))."""
    if _is_missing(places):
        return UNKNOWN_MARKER_RADIUS_M
    return max(MARKER_MIN_RADIUS_M, MARKER_METRES_PER_SQRT_PLACE * math.sqrt(max(float(places), 0.0)))


def marker_layer(df: pd.DataFrame, id: str = "markers", label_col: str | None = None) -> pdk.Layer:
    """Circles per municipality sized by ``places``; unknown capacity = small hollow grey ring."""
    records = []
    columns = ["code", "name", "lon", "lat", "places", *([label_col] if label_col else [])]
    for row in df[columns].to_dict("records"):
        known = not _is_missing(row["places"])
        records.append(
            {
                "code": row["code"],
                "name": row["name"],
                "position": [float(row["lon"]), float(row["lat"])],
                "places": _json_value(row["places"]),
                "value_label": row[label_col] if label_col else _json_value(row["places"]),
                "radius": marker_radius_m(row["places"]),
                "fill": [*MARKER_COLOUR, 210] if known else [0, 0, 0, 0],
                "line": [255, 255, 255, 230] if known else [*UNKNOWN_MARKER_LINE, 255],
            }
        )
    return pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id=id,
        pickable=True,
        stroked=True,
        filled=True,
        get_position="position",
        get_radius="radius",
        radius_units="meters",
        # Finite pixel bounds: the defaults (0 and 2^53) overflow in software WebGL, and a marker
        # stays visible at national zoom and never covers a province when zoomed in.
        radius_min_pixels=MARKER_MIN_PIXELS,
        radius_max_pixels=MARKER_MAX_PIXELS,
        get_fill_color="fill",
        get_line_color="line",
        line_width_min_pixels=1.5,
        line_width_max_pixels=MARKER_LINE_MAX_PIXELS,
    )


# --- deck --------------------------------------------------------------------------------


def basemap_enabled() -> bool:
    """False when ``OPVANG_BASEMAP`` is none/off/false/0 (no third-party tiles); default on."""
    return os.environ.get("OPVANG_BASEMAP", "").strip().lower() not in ("none", "off", "false", "0")


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation.

    pydeck indents its JSON by 2 spaces, which puts every coordinate on its own line and
    makes the spec Streamlit sends (``deck.to_json()``) about 6x larger than the GeoJSON.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def make_deck(layers: Sequence[pdk.Layer], basemap: bool, tooltip_html: str | None = None) -> CompactDeck:
    """Deck over the Netherlands. Without basemap the browser requests no external URL at all.

    Without basemap the deck has ``map_provider=None`` and keeps pydeck's default map style, the
    sentinel ``"__MAP_STYLE__"`` (NO_BASEMAP_STYLE). Streamlit's frontend removes that sentinel and
    then draws no base map. An empty style (``map_style=None``) is not enough: for a deck with map
    views Streamlit then fills in Carto's positron style and the browser fetches it from
    basemaps.cartocdn.com (seen in tests/test_browser.py).
    """
    tooltip: dict[str, Any] | bool = (
        {"html": tooltip_html, "style": {"backgroundColor": "white", "color": "black", "fontSize": "0.85em"}}
        if tooltip_html
        else False
    )
    style: dict[str, Any] = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return CompactDeck(layers=list(layers), initial_view_state=pdk.ViewState(**NL_VIEW), tooltip=tooltip, **style)
