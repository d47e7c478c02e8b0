"""Kaart / Map: a municipality choropleth of the chosen measure, place circles, and the same data as a table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from geo.boundaries import missing_kind
from geo.centroids import load_centroids
from geo.layers import basemap_enabled, boundary_segments, legend_html
from geo.mapview import TABLE_WIDTHS, VALUE_WIDTH, MapView, build_map_view
from geo.selection import selected_code, selected_row_code
from inventory import table_page, tallies
from inventory.filters import target_group_note
from inventory.i18n import column_label, t
from inventory.mapdata import MEASURES, measure_label
from views._shared import (
    CACHE_TTL_S,
    LANG_PARAM,
    boundaries,
    data_links,
    engine,
    key_of,
    lang,
    run_query,
    sidebar_filters,
    sync_url,
)


@st.cache_resource(show_spinner=False)
def _borders() -> list[dict[str, Any]] | None:
    """Every municipal and province border once, computed once per process."""
    municipalities, provinces, _ = boundaries()
    return None if municipalities is None else boundary_segments(municipalities, provinces)


@st.cache_data(ttl=CACHE_TTL_S, max_entries=64, show_spinner=False)
def _view(overview: pd.DataFrame, measure: str, language: str, basemap: bool) -> MapView:
    """The map, legend and table of one view; keyed on the data itself, so new figures show at once.
    Building it takes ~0.1 s (GeoJSON and deck JSON); a cached view is a copy of small objects."""
    shapes, _, _ = boundaries()
    return build_map_view(overview, measure, language, load_centroids(), shapes, _borders(), basemap)


def _open(code: str | None, language: str) -> None:
    if code:
        st.switch_page("views/municipality.py", query_params={"gemeente": code, LANG_PARAM: language})


language = lang()
st.title(t("page_map", language))

measure_param = st.query_params.get("maat")
filters = sidebar_filters("map", ["year", "province", "shelter_form", "criterion", "target_group", "programme"])
if "map_measure" not in st.session_state:
    st.session_state["map_measure"] = measure_param if measure_param in MEASURES else "places"
measure = st.sidebar.selectbox(
    t("measure", language), MEASURES, key="map_measure", format_func=lambda m: measure_label(m, language)
)
sync_url(filters, maat=measure)

overview = run_query("queries.municipality_overview", key_of(filters))
view = _view(overview, measure, language, basemap_enabled())
if view.points:
    # One sentence for the visitor; the technical reason went to the server log (geo.boundaries).
    st.warning(t(f"no_boundaries_{missing_kind()}", language))

label = measure_label(measure, language)
title = (
    t("map_title_year", language, measure=label, year=filters.year)
    if filters.year
    else t("map_title_latest", language, measure=label)
)
st.subheader(title)
if view.known == 0:
    st.info(t("map_none_reported", language, n=0, total=len(view.values), what=t(f"map_what_{measure}", language)))
# The legend beside the map, so it is read with it (below, it fell under the fold of a laptop
# screen); the table under both at full width, so a value with its period is never cut off.
map_col, legend_col = st.columns([3, 2])
with map_col:
    event = st.pydeck_chart(view.deck, on_select="rerun", selection_mode="single-object", key="map_chart", height=620)
    _open(selected_code(event.selection if event else None), language)
with legend_col:
    st.html(legend_html(view.legend, t("legend", language)))
    st.caption(t("map_how_to_read", language))
st.subheader(t("table_view", language))
picked = st.dataframe(
    view.table,
    hide_index=True,
    height=560,
    width="stretch",
    key="map_table",
    on_select="rerun",
    selection_mode="single-row",
    # Names stay narrow, so the value keeps room for its moment and what it leaves out as outdated.
    column_config={
        **{column_label(c, language): st.column_config.TextColumn(width=w) for c, w in TABLE_WIDTHS.items()},
        measure_label(measure, language): st.column_config.TextColumn(width=VALUE_WIDTH),
    },
)
_open(selected_row_code(picked.selection if picked else None, view.table_codes), language)
note = target_group_note(filters, language)
st.caption(tallies.map_sentence(overview, measure, language) + (f". {note}" if note else ""))
# GeoJSON holds what this page shows, one feature per municipality (not the Tables page's rows).
geojson = table_page.map_download(engine(), filters, language, lambda: boundaries()[0])
st.download_button(geojson.label, geojson.build, table_page.map_filename(filters), geojson.mime, on_click="ignore")
data_links("kaart")
