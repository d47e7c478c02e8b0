"""Dekking / Coverage: who reported, how fresh, how much of the national figures, and the gaps."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo.analysis import gap_export
from inventory import exports, tallies
from inventory.clock import today_in_amsterdam
from inventory.database import session_scope
from inventory.i18n import column_label, t
from inventory.presentation import format_period, localise
from views._shared import (
    current_data_version,
    data_links,
    engine,
    key_of,
    lang,
    narrow_text,
    run_query,
    sidebar_filters,
    source_footnotes,
)

language = lang()
st.title(t("page_coverage", language))
st.caption(t("coverage_intro", language))
filters = sidebar_filters("coverage", ["shelter_form"])

overview = run_query("queries.municipality_overview", key_of(filters.with_(shelter_form=None)))
reported = overview[overview["has_figures"]]
st.markdown(f"- {tallies.any_figure_sentence(overview, language)}\n- {tallies.offers_sentence(overview, language)}")
newest = reported["last_period_end"].max() if not reported.empty else None
st.caption(
    f"{t('newest_reference_period', language)}: "
    + (format_period(newest, newest, language) if newest is not None else t("no_data", language))
)

st.subheader(t("freshness", language))
if reported.empty:
    st.write(t("no_data", language))
else:
    today = today_in_amsterdam()
    fresh = reported.assign(
        age=reported["last_period_end"].map(lambda d: round((today - d).days / 365.25, 1) if d else None)
    )
    fresh = localise(pd.DataFrame(fresh), language, ["municipality", "province", "last_period_end", "age"])
    fresh = fresh.rename(columns={column_label("last_period_end", language): t("newest_reference_period", language)})
    st.dataframe(fresh.rename(columns={"age": t("years_old", language)}), hide_index=True)

st.subheader(t("national_figures", language))
coverage = run_query("stats.coverage", language, filters.stand)
# A static table: few rows, and every column (the sum, its parts and periods) must stay readable.
st.table(
    localise(
        coverage,
        language,
        [
            "reference_year",
            "metric",
            "population",
            "published",
            "municipalities_with_records",
            "municipal_records_sum",
            "parts",
            "parts_period",
            "covered_pct",
            # Publisher and year in the cell, as in the other tables; the full title and the seed
            # file in the source notes below.
            "source_title",
            "source_line",
        ],
    ).set_index(column_label("reference_year", language))
)
source_footnotes(coverage, language)
st.caption(t("national_note", language))

st.subheader(t("gaps", language))
st.caption(t("gaps_intro", language))


@st.cache_data(ttl=600, show_spinner=False)
def _gaps(shelter_form: str | None, language: str, version: int, stand: dt.date | None) -> exports.Export:
    with session_scope(engine()) as session:
        return gap_export(session, shelter_form, language, stand)


gaps = _gaps(filters.shelter_form, language, current_data_version(), filters.stand)
if gaps.data["nearest_code"].isna().all():
    st.warning(t("no_shelter_known", language))
st.dataframe(
    localise(
        gaps.data,
        language,
        ["name", "province", "nearest_name", "distance_km", "nearest_offers", "source_title", "source_line"],
    ),
    hide_index=True,
    height=420,
    column_config=narrow_text(language, "nearest_offers"),
)
left, right = st.columns(2)
left.download_button("Excel", exports.xlsx_bytes(gaps), gaps.filename("xlsx"), exports.XLSX_MIME, key="gaps_xlsx")
right.download_button("CSV", exports.csv_bytes(gaps), gaps.filename("csv"), "text/csv", key="gaps_csv")
data_links("dekking")
