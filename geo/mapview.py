"""What the map page shows, assembled without Streamlit: layers, legend and the table beside it.

The page (views/map.py) only reads widgets, calls ``build_map_view`` and draws the result, so
everything a visitor sees here can be checked by tests without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from geo.layers import (
    FrozenDeck,
    boundary_layer,
    choropleth_layer,
    colour_for,
    default_bins,
    legend,
    make_deck,
    map_legend,
    point_layer,
    ring_layer,
    ring_segments,
)
from inventory.i18n import t
from inventory.mapdata import REPORTED, measure_label, measure_values
from inventory.presentation import localise

# What the map shows, with the value as published (its period and parts included); forms and programmes
# are on the municipality page and the Tables page.
TABLE_COLUMNS = ["municipality", "province", "value_text"]
# Pixel widths of the table's columns (a wide table stretches them alike): the names wide enough for
# 'Hardinxveld-Giessendam' and 'Noord-Brabant', the value for its moment and any outdated offer.
TABLE_WIDTHS = {"municipality": 160, "province": 110}
VALUE_WIDTH = 560
TOOLTIP = "<b>{name}</b><br/>{value_label}"


@dataclass
class MapView:
    """Everything the page draws; small and picklable, so the page can cache it per view."""

    deck: FrozenDeck
    legend: list[dict[str, Any]]
    table: pd.DataFrame  # what the table beside the map shows, headers in the UI language
    table_codes: list[str]  # the municipality code of each table row, in the same order
    values: pd.DataFrame  # measure_values: code, name, value, value_text
    known: int  # municipalities with a value for the measure
    points: bool  # no boundaries: municipalities drawn as dots
    notes: list[str] = field(default_factory=list)


def _bins(measure: str, values: pd.DataFrame) -> list[float]:
    # Reporting status is a category (offers only = 1, figures reported = 2), not a quantity.
    return [1.5] if measure == "reporting" else default_bins(values["value"].tolist())


def _classes(measure: str, bins: list[float], values: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    rows = legend(bins, lang, values["value"].tolist())
    if measure == "reporting":
        labels = [t("offers_only", lang), t("reported", lang), rows[-1]["label"]]
        rows = [{**row, "label": label} for row, label in zip(rows, labels, strict=True)]
    return rows


def _table(overview: pd.DataFrame, values: pd.DataFrame, measure: str, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Municipalities with a value first, then those with shelter; names, labels and the value text
    as published (never a code, never None)."""
    table = overview.assign(value_text=values["value_text"].to_numpy(), has_value=values["value"].notna().to_numpy())
    table = table.sort_values(["has_value", "has_shelter", "municipality"], ascending=[False, False, True])
    # The value column is named after the measure before localise, which names the others.
    shown = pd.DataFrame(table[TABLE_COLUMNS].fillna("")).rename(columns={"value_text": measure_label(measure, lang)})
    shown = localise(shown, lang)
    return shown.reset_index(drop=True), table["municipality_code"].tolist()


def build_map_view(
    overview: pd.DataFrame,
    measure: str,
    lang: str,
    centroids: pd.DataFrame,
    shapes: gpd.GeoDataFrame | None = None,
    borders: list[dict[str, Any]] | None = None,
    basemap: bool = False,
) -> MapView:
    """Layers, legend and table for ``overview`` (queries.municipality_overview) and ``measure``.

    With ``shapes`` (simplified municipality boundaries) the measure fills the municipalities,
    ``borders`` (geo.layers.boundary_segments) draws their borders, and rings sized by places mark
    every municipality with shelter. Without shapes every municipality of the selection is a dot in
    its class colour, with the same rings, in one clickable layer.
    """
    values = measure_values(overview, measure, lang)
    bins = _bins(measure, values)
    places = measure_values(overview, "places", lang)
    places = places.rename(columns={"value": "places", "value_text": "places_text"})[["code", "places", "places_text"]]
    with_shelter = set(overview.loc[overview["has_shelter"], "municipality_code"])
    markers = centroids[["code", "name", "lon", "lat"]].merge(places, on="code")
    markers = markers[markers["code"].isin(with_shelter)]
    markers = markers.assign(tip=measure_label("places", lang) + ": " + markers["places_text"])

    # The tooltip of a municipality names the measure, and its places when it has shelter and the
    # measure is another one: the rings are not pickable, so their figure travels with the area.
    tips = values.assign(tip=measure_label(measure, lang) + ": " + values["value_text"])
    if measure != "places":
        extra = dict(zip(markers["code"], markers["tip"], strict=True))
        pairs = zip(tips["code"], tips["tip"], strict=True)
        tips["tip"] = [f"{tip} · {extra[code]}" if code in extra else tip for code, tip in pairs]
    layers: list[pdk.Layer] = []
    if shapes is not None:
        shaped = shapes[["code", "geometry"]].merge(tips, on="code", how="inner")
        layers.append(choropleth_layer(shaped, "value", bins=bins, lang=lang, label_col="tip"))
        if borders:
            layers.append(boundary_layer(borders))
        layers.append(ring_layer(ring_segments(markers)))
    else:
        points = centroids[["code", "lon", "lat"]].merge(tips, on="code", how="inner")
        points["fill"] = [colour_for(v, bins) for v in points["value"]]
        layers.append(point_layer(points, markers, label_col="tip"))

    rows = map_legend(
        _classes(measure, bins, values, lang),
        lang,
        places=bool(markers["places"].notna().any()),
        unknown_places=bool(markers["places"].isna().any()),
        filtered_out=shapes is not None and len(values) < len(shapes),
        points=shapes is None,
    )
    table, codes = _table(overview, values, measure, lang)
    known = int((values["value"] == REPORTED).sum()) if measure == "reporting" else int(values["value"].notna().sum())
    deck = FrozenDeck(make_deck(layers, basemap=basemap, tooltip_html=TOOLTIP))
    return MapView(deck, rows, table, codes, values, known, points=shapes is None)
