"""pydeck layer builders for the maps. Pure functions: no streamlit, no network.

Colours are computed here, in Python, and shipped as per-feature properties, so what the
map shows is exactly what the tests check.
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from geo import WGS84
from inventory.values import format_number

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
# Municipalities a filter leaves out are not filled: the white page shows through their borders.
FILTERED_OUT_COLOUR: RGB = [255, 255, 255]
# Borders: one colour; province borders wider. A 0.6 px line of it reads as light grey.
LINE_COLOUR: RGB = [90, 90, 90]
# Place circles: Okabe-Ito vermillion, distinct from every viridis stop. Rings, not discs, so the class
# colour of the municipality underneath stays visible and a click inside a ring reaches it.
MARKER_COLOUR: RGB = [213, 94, 0]
# Radius in pixels at the national view with the area proportional to the places: r = k * sqrt(places),
# so 50, 150 and 300 places get about 9, 15 and 22 px, a range one can tell apart at national zoom.
MARKER_PIXELS_PER_SQRT_PLACE = 1.25
MARKER_MIN_PIXELS = 2.0
# Shelter known, number of places not: a small dashed ring (dashes: "not known", not "few").
UNKNOWN_MARKER_PIXELS = 5.0
POINT_PIXELS = 4.0
MARKER_LINE_PIXELS = 2.0
UNKNOWN_MARKER_LINE_PIXELS = 1.5
LEGEND_PLACES = (50, 150, 300)

# deck.gl's default maximum widths and radii (2^53 px) go wrong in software WebGL (SwiftShader, as in
# headless Chromium): every outline and marker then floods the canvas. Finite caps render everywhere.
MUNICIPALITY_LINE_PIXELS = 0.6
PROVINCE_LINE_PIXELS = 1.8
MARKER_MAX_PIXELS = 60
# A border piece within this distance (degrees, ~100 m) of a province outline is a province border.
PROVINCE_SNAP_DEG = 0.0015

# pydeck turns every string argument into a deck.gl expression ("pixels" would be read as a field
# named pixels); a quoted string stays a literal.
PIXELS = "'pixels'"

NL_VIEW = {"latitude": 52.2, "longitude": 5.3, "zoom": 6.3}
# Web Mercator as deck.gl draws it: the world is 512 px wide at zoom 0.
TILE_PIXELS = 512
# pydeck's default map style; Streamlit's frontend reads it as "no base map" (see make_deck).
NO_BASEMAP_STYLE = "__MAP_STYLE__"

_TEXT = {
    "nl": {
        "no_data": "Geen gegevens gemeld",
        "up_to": "t/m",
        "more_than": "meer dan",
        "places": "{n} plaatsen",
        "unknown_places": "Opvang bekend, aantal plaatsen onbekend",
        "filtered_out": "Valt buiten de gekozen filters",
    },
    "en": {
        "no_data": "No data reported",
        "up_to": "up to",
        "more_than": "more than",
        "places": "{n} places",
        "unknown_places": "Shelter known, number of places unknown",
        "filtered_out": "Left out by the chosen filters",
    },
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


def _number(x: float, lang: str) -> str:
    """A threshold as the reader writes numbers: 1.435 and 2,5 in Dutch, 1,435 and 2.5 in English."""
    if float(x).is_integer():
        return format_number(int(x), lang)
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "nl" else text


def legend(
    bins: Sequence[float], lang: str = "nl", values: Sequence[float | None] | None = None
) -> list[dict[str, Any]]:
    """Legend rows ``{"label", "colour"}`` for the classes, then the no-data entry.

    With integer thresholds (counts of places) the ranges are written as whole numbers,
    e.g. ``t/m 5``, ``6–20``, ``meer dan 20``. Without thresholds there is one class at most: it is
    labelled with the range of ``values`` and left out when no value is known, so no swatch is
    ever shown without a label.
    """
    text = _TEXT.get(lang, _TEXT["en"])
    integer = all(float(b).is_integer() for b in bins)
    rows: list[dict[str, Any]] = []
    if bins:
        for i, colour in enumerate(class_colours(len(bins) + 1)):
            if i == 0:
                label = f"{text['up_to']} {_number(bins[0], lang)}"
            elif i == len(bins):
                label = f"{text['more_than']} {_number(bins[-1], lang)}"
            elif integer:
                label = f"{_number(bins[i - 1] + 1, lang)}–{_number(bins[i], lang)}"
            else:
                label = f"{_number(bins[i - 1], lang)}–{_number(bins[i], lang)}"
            rows.append({"label": label, "colour": colour})
    else:
        known = [float(v) for v in values or () if not _is_missing(v)]
        if known:
            low, high = min(known), max(known)
            label = _number(low, lang) if low == high else f"{_number(low, lang)}–{_number(high, lang)}"
            rows.append({"label": label, "colour": class_colours(1)[0]})
    rows.append({"label": text["no_data"], "colour": list(NO_DATA_COLOUR)})
    return rows


def map_legend(
    classes: Sequence[dict[str, Any]],
    lang: str = "nl",
    *,
    places: bool = True,
    unknown_places: bool = True,
    filtered_out: bool = False,
    points: bool = False,
) -> list[dict[str, Any]]:
    """Every symbol the map draws, each with its label: the colour classes (as areas, or as dots when
    there are no boundaries), municipalities left out by a filter, the place circles at
    LEGEND_PLACES drawn to the map's scale, and the grey ring for shelter with unknown places.

    Rows are ``{"kind", "label", "colour", "radius"}``; ``kind`` is fill, dot, filtered, ring or unknown.
    """
    text = _TEXT.get(lang, _TEXT["en"])
    rows = [{"kind": "dot" if points else "fill", "radius": POINT_PIXELS, **c} for c in classes]
    if filtered_out and not points:
        rows.append({"kind": "filtered", "label": text["filtered_out"], "colour": FILTERED_OUT_COLOUR, "radius": 0})
    if places:
        for n in LEGEND_PLACES:
            label = text["places"].format(n=format_number(n, lang))
            rows.append({"kind": "ring", "label": label, "colour": MARKER_COLOUR, "radius": marker_radius_px(n)})
    if unknown_places:
        # Dashed on the map with boundaries (ring_segments); a thin solid ring among the dots.
        unknown = {"kind": "unknown", "label": text["unknown_places"], "colour": MARKER_COLOUR, "dashed": not points}
        rows.append({**unknown, "radius": UNKNOWN_MARKER_PIXELS})
    return rows


def _swatch(row: dict[str, Any], width: int) -> str:
    """One legend symbol as a CSS box (st.html keeps HTML and styles, not SVG), at the map's pixel size.

    A deck.gl ring's stroke is centred on its radius, so the box is 2r + stroke wide with the stroke
    as its border."""
    r, g, b = row["colour"][:3]
    colour = f"rgb({r},{g},{b})"
    if row["kind"] in ("fill", "filtered"):
        diameter, shape = 14.0, f"width:14px;height:14px;background:{colour};border:1px solid #888"
    elif row["kind"] == "dot":
        diameter = 2 * row["radius"]
        shape = f"width:{diameter:g}px;height:{diameter:g}px;background:{colour};border-radius:50%"
    else:
        stroke = MARKER_LINE_PIXELS if row["kind"] == "ring" else UNKNOWN_MARKER_LINE_PIXELS
        diameter = round(2 * row["radius"] + stroke, 1)
        style = "dashed" if row.get("dashed") else "solid"
        shape = (
            f"width:{diameter:g}px;height:{diameter:g}px;border:{stroke:g}px {style} {colour};"
            "border-radius:50%;box-sizing:border-box"
        )
    height = max(18, math.ceil(diameter) + 2)
    return (
        f"<span aria-hidden='true' style='display:inline-flex;align-items:center;justify-content:center;"
        f"width:{width}px;height:{height}px;flex:none'><span style='display:block;{shape}'></span></span>"
    )


def legend_html(rows: Sequence[dict[str, Any]], title: str) -> str:
    """The legend as one small HTML block: the colours in one column, the circles (drawn at the
    map's pixel size) in the next, each symbol followed by its label."""
    width = max(18, math.ceil(2 * max([0.0, *(row["radius"] for row in rows)]) + MARKER_LINE_PIXELS))

    def column(kinds: tuple[str, ...]) -> str:
        items = "".join(
            f"<li style='display:flex;align-items:center;gap:.5em;margin:0;padding:0'>{_swatch(row, width)}"
            f"<span>{html.escape(row['label'])}</span></li>"
            for row in rows
            if row["kind"] in kinds
        )
        return f"<ul style='list-style:none;padding:0;margin:0;flex:1 1 12em'>{items}</ul>" if items else ""

    columns = column(("fill", "dot", "filtered")) + column(("ring", "unknown"))
    return (
        f"<div style='font-size:0.875rem;line-height:1.3'><strong>{html.escape(title)}</strong>"
        f"<div style='display:flex;flex-wrap:wrap;gap:0 1.5em;margin-top:0.25em'>{columns}</div></div>"
    )


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
    The borders are not stroked here but drawn once by ``boundary_layer``: a GeoJSON stroke draws
    every shared border twice, and its path shader alone costs software WebGL about a second.
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
        gdf["value_label"] = [no_data if _is_missing(v) else _number(float(v), lang) for v in values]
    gdf["fill"] = [colour_for(v, bins) for v in values]
    data = feature_collection(gdf, ["code", "name", "value", "value_label", "fill"])
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=id,
        pickable=True,
        stroked=False,
        filled=True,
        auto_highlight=True,
        get_fill_color="properties.fill",
    )


def boundary_segments(
    municipalities: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame | None = None, decimals: int = 4
) -> list[dict[str, Any]]:
    """Every municipality border once, as straight segments ``{"s": [lon, lat], "t": [lon, lat], "k": 0|1}``.

    ``k`` is 1 for a piece of a province outline (``provinces``), drawn wider. The linework is noded
    and merged first, so a border two municipalities share is one line. Province segments come
    last, so they are drawn over the municipal ones.
    """
    rings = shapely.boundary(municipalities.to_crs(WGS84).geometry.values)
    parts = shapely.get_parts(shapely.union_all(rings))
    coords, index = shapely.get_coordinates(parts, return_index=True)
    coords = np.round(coords, decimals)
    same = index[:-1] == index[1:]
    starts, ends = coords[:-1][same], coords[1:][same]
    keep = np.any(starts != ends, axis=1)  # rounding can make a piece zero length
    starts, ends = starts[keep], ends[keep]
    on_province = np.zeros(len(starts), dtype=bool)
    if provinces is not None and len(provinces):
        outline = shapely.union_all(shapely.boundary(provinces.to_crs(WGS84).geometry.values))
        middles = shapely.points((starts + ends) / 2)
        on_province = shapely.dwithin(middles, outline, PROVINCE_SNAP_DEG)
    order = np.argsort(on_province, kind="stable")
    return [{"s": starts[i].tolist(), "t": ends[i].tolist(), "k": int(on_province[i])} for i in order]


def _line_layer(segments: Sequence[dict[str, Any]], id: str, colour: RGB, widths: tuple[float, float]) -> pdk.Layer:
    """A LineLayer of ``{"s", "t", "k"}`` segments, ``k`` 0 drawn ``widths[0]`` px wide and 1 ``widths[1]``.

    Why lines this way: deck.gl compiles one shader program per layer type, and in software WebGL
    (headless Chromium) each costs a noticeable part of a second, the path shader of a GeoJSON
    stroke about a second on its own. So every line on the map (borders and place circles) is a
    LineLayer with the same accessors, and the width comes from ``k`` through the layer's scale
    and minimum (a plain field name is read fast; any other JSON expression is interpreted per
    segment). Not pickable: a click on a line reaches the municipality under it.
    """
    narrow, wide = widths
    return pdk.Layer(
        "LineLayer",
        data=list(segments),
        id=id,
        pickable=False,
        get_source_position="s",
        get_target_position="t",
        get_color=colour,
        get_width="k",
        width_scale=wide,  # k * wide: 0 for k = 0, raised to the minimum below
        width_units=PIXELS,
        width_min_pixels=narrow,
        width_max_pixels=wide,
    )


def boundary_layer(segments: Sequence[dict[str, Any]], id: str = "provinces") -> pdk.Layer:
    """All boundary lines: municipal borders thin, province borders wide (``boundary_segments``).

    The id stays "provinces", the name of the layer when it drew province outlines only."""
    return _line_layer(segments, id, LINE_COLOUR, (MUNICIPALITY_LINE_PIXELS, PROVINCE_LINE_PIXELS))


def marker_radius_px(places: float | None) -> float:
    """Radius in pixels at the national view: the area grows with the places (radius ~ sqrt(places))."""
    if _is_missing(places):
        return UNKNOWN_MARKER_PIXELS
    return max(MARKER_MIN_PIXELS, MARKER_PIXELS_PER_SQRT_PLACE * math.sqrt(max(float(places), 0.0)))


def ring_segments(df: pd.DataFrame, zoom: float = NL_VIEW["zoom"], decimals: int = 3) -> list[dict[str, Any]]:
    """Place circles as line segments ``{"s", "t", "k"}``, one ring per row (``lon``, ``lat``, ``places``).

    The ring has radius ``marker_radius_px(places)`` on screen at ``zoom`` (the national view), so
    the legend's reference circles match it there; zooming in enlarges rings with the map. Known
    places give a solid ring (k = 1), unknown ones a small dashed ring (k = 0).
    """
    pixels_per_degree = TILE_PIXELS * 2**zoom / 360
    segments: list[dict[str, Any]] = []
    for lon, lat, places in df[["lon", "lat", "places"]].itertuples(index=False):
        known = not _is_missing(places)
        radius = marker_radius_px(places)
        # About one segment per 10 px of circumference: round enough at every size, and small in JSON
        # (with every municipality sheltering, 342 rings); 3 decimals are ~0.05 px at the national view.
        n = 12 if not known else max(8, min(20, math.ceil(2 * math.pi * radius / 10)))
        dlon = radius / pixels_per_degree
        dlat = dlon * math.cos(math.radians(lat))  # Mercator stretches latitude by 1 / cos(lat)
        angles = np.linspace(0.0, 2 * math.pi, n + 1)
        xs = np.round(float(lon) + dlon * np.cos(angles), decimals).tolist()
        ys = np.round(float(lat) + dlat * np.sin(angles), decimals).tolist()
        for i in range(n):
            if known or i % 2 == 0:
                segments.append({"s": [xs[i], ys[i]], "t": [xs[i + 1], ys[i + 1]], "k": int(known)})
    return segments


def ring_layer(segments: Sequence[dict[str, Any]], id: str = "markers") -> pdk.Layer:
    """The place circles (``ring_segments``): solid 2 px rings, dashed 1.5 px ones for unknown places."""
    return _line_layer(segments, id, MARKER_COLOUR, (UNKNOWN_MARKER_LINE_PIXELS, MARKER_LINE_PIXELS))


def point_layer(
    points: pd.DataFrame, rings: pd.DataFrame, id: str = "markers", label_col: str | None = None
) -> pdk.Layer:
    """The map without boundaries: every municipality of ``points`` (code, name, lon, lat, fill) a dot
    in its class colour, and the place circles of ``rings`` (code, name, lon, lat, places) as pixel
    rings, all in one pickable ScatterplotLayer. The dots are drawn last, over the rings, so each
    stays clickable; every record carries ``code`` for the click that opens its page."""
    records: list[dict[str, Any]] = []
    for row in rings.to_dict("records"):
        known = not _is_missing(row["places"])
        records.append(
            {
                "code": row["code"],
                "name": row["name"],
                "position": [float(row["lon"]), float(row["lat"])],
                "value_label": row[label_col] if label_col else _json_value(row["places"]),
                "radius": round(marker_radius_px(row["places"]), 2),
                "fill": [0, 0, 0, 0],
                "line": [*MARKER_COLOUR, 255],
                "width": MARKER_LINE_PIXELS if known else UNKNOWN_MARKER_LINE_PIXELS,
            }
        )
    for row in points.to_dict("records"):
        records.append(
            {
                "code": row["code"],
                "name": row["name"],
                "position": [float(row["lon"]), float(row["lat"])],
                "value_label": row[label_col] if label_col else None,
                "radius": POINT_PIXELS,
                "fill": [*row["fill"][:3], 255],
                "line": [255, 255, 255, 255],
                "width": 0.5,
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
        radius_units=PIXELS,
        radius_min_pixels=1,
        radius_max_pixels=MARKER_MAX_PIXELS,
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="width",
        line_width_units=PIXELS,
        line_width_min_pixels=0.5,
        line_width_max_pixels=MARKER_LINE_PIXELS,
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


class FrozenDeck(pdk.Deck):
    """A deck reduced to its JSON and tooltip: what st.pydeck_chart reads. Small to cache and to
    copy out of a cache, and serialised once instead of on every rerun (~50 ms for the map)."""

    def __init__(self, deck: pdk.Deck) -> None:
        super().__init__(layers=[], tooltip=getattr(deck, "_tooltip", False), map_provider=None)
        self._frozen_json = deck.to_json()

    def to_json(self) -> str:
        return self._frozen_json


def make_deck(layers: Sequence[pdk.Layer], basemap: bool, tooltip_html: str | None = None) -> CompactDeck:
    """Deck over the Netherlands. Without basemap the browser requests no external URL at all.

    Without basemap the deck has ``map_provider=None`` and keeps pydeck's default map style, the
    sentinel ``"__MAP_STYLE__"`` (NO_BASEMAP_STYLE). Streamlit's frontend removes that sentinel and
    then draws no base map. An empty style (``map_style=None``) is not enough: for a deck with map
    views Streamlit then fills in Carto's positron style and the browser fetches it from
    basemaps.cartocdn.com (seen in tests/test_browser.py).
    """
    tooltip: dict[str, Any] | bool = (
        {
            "html": tooltip_html,
            # A value with its parts and period is long: wrap it, so the map's edge does not cut it off.
            "style": {
                "backgroundColor": "white",
                "color": "black",
                "fontSize": "0.85em",
                "maxWidth": "18em",
                "whiteSpace": "normal",
            },
        }
        if tooltip_html
        else False
    )
    style: dict[str, Any] = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return CompactDeck(layers=list(layers), initial_view_state=pdk.ViewState(**NL_VIEW), tooltip=tooltip, **style)
