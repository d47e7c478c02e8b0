"""Kaart / Map: a municipality choropleth of the chosen measure plus markers sized by places."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.centroids import load_centroids
from geo.layers import (
    basemap_enabled,
    choropleth_layer,
    default_bins,
    legend,
    make_deck,
    marker_layer,
    province_layer,
)
from geo.selection import selected_code
from inventory.i18n import t
from inventory.mapdata import MEASURES, REPORTED, measure_label, measure_values
from inventory.presentation import localise
from views._shared import LANG_PARAM, boundaries, data_links, key_of, lang, run_query, sidebar_filters, sync_url

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
values = measure_values(overview, measure, language)
centroids = load_centroids()
municipality_shapes, province_shapes, reason = boundaries()

bins = [1.5] if measure == "reporting" else default_bins(values["value"].tolist())
layers = []
if municipality_shapes is not None:
    shaped = municipality_shapes.merge(values, on="code", how="inner", suffixes=("_geo", ""))
    shaped["tip"] = measure_label(measure, language) + ": " + shaped["value_text"]
    layers.append(choropleth_layer(shaped, "value", bins=bins, lang=language, label_col="tip"))
    if province_shapes is not None:
        layers.append(province_layer(province_shapes))
else:
    st.warning(t("no_boundaries", language, reason=reason))
places = measure_values(overview, "places", language)
places = places.rename(columns={"value": "places", "value_text": "places_text"})[["code", "places", "places_text"]]
markers = centroids.merge(places, on="code")
markers["places_text"] = measure_label("places", language) + ": " + markers["places_text"]
markers = markers[markers["code"].isin(set(overview.loc[overview["has_shelter"], "municipality_code"]))]
layers.append(marker_layer(markers, label_col="places_text"))
tooltip = "<b>{name}</b><br/>{value_label}"
deck = make_deck(layers, basemap=basemap_enabled(), tooltip_html=tooltip)

map_col, table_col = st.columns([3, 2])
with map_col:
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="map_chart", height=620)
    code = selected_code(event.selection if event else None)
    if code:
        st.switch_page("views/municipality.py", query_params={"gemeente": code, LANG_PARAM: language})
    st.caption(t("map_caption", language))
    st.markdown(f"**{t('legend', language)}**")
    if measure == "reporting":
        entries = legend(bins, language)
        labels = [t("offers_only", language), t("reported", language), entries[-1]["label"]]
        entries = [{**e, "label": lb} for e, lb in zip(entries, labels, strict=True)]
    else:
        entries = legend(bins, language)
    for entry in entries:
        r, g, b = entry["colour"][:3]
        st.markdown(
            f"<span style='display:inline-block;width:1em;height:1em;background:rgb({r},{g},{b});"
            f"border:1px solid #888;margin-right:.4em'></span>{entry['label']}",
            unsafe_allow_html=True,
        )
with table_col:
    st.subheader(t("table_view", language))
    table = overview.assign(value_text=values["value_text"].to_numpy(), has_value=values["value"].notna().to_numpy())
    table = table.sort_values(["has_value", "has_shelter", "municipality"], ascending=[False, False, True])
    shown = table[["municipality", "province", "value_text", "shelter_forms", "programmes"]].fillna("")
    shown = localise(pd.DataFrame(shown), language).rename(columns={"value_text": measure_label(measure, language)})
    st.dataframe(shown, hide_index=True, height=560, width="stretch")
    reported = (
        int((values["value"] == REPORTED).sum()) if measure == "reporting" else int(values["value"].notna().sum())
    )
    st.caption(f"{reported} / {len(values)} {t('reported_municipalities', language).lower()}")
    data_links("kaart")
