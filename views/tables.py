"""Tabellen / Tables & export: the filtered table with provenance, and its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory import exports, table_page, tables
from inventory.applicability import BROWSABLE_TABLES
from inventory.database import database_url, session_scope
from inventory.filters import Filters
from inventory.i18n import t
from inventory.presentation import localise
from views._shared import (
    CACHE_TTL_S,
    current_data_version,
    data_links,
    engine,
    key_of,
    lang,
    narrow_text,
    run_query,
    sidebar_filters,
    sync_url,
)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _preview(url: str, version: int, params: tuple[tuple[str, str], ...], limit: int) -> pd.DataFrame:
    """The first `limit` figures by id (cached per data version, like run_query)."""
    with session_scope(engine()) as session:
        return tables.figures_by_id(session, Filters.from_params(dict(params)), limit)


language = lang()
st.title(t("page_tables", language))

filters = sidebar_filters(
    "tables", ["year", "province", "municipality", "shelter_form", "criterion", "target_group", "programme"]
)
wanted = st.query_params.get("tabel")
if "tables_choice" not in st.session_state:
    st.session_state["tables_choice"] = wanted if wanted in BROWSABLE_TABLES else "figures"
choice = st.radio(
    t("table_choice", language),
    BROWSABLE_TABLES,
    key="tables_choice",
    horizontal=True,
    format_func=lambda c: t(f"tbl_{c}", language),
)
sync_url(filters, tabel=choice)

total = None
if choice == "figures":
    total = run_query("queries.count_figures", key_of(filters))
    frame = _preview(database_url(), current_data_version(), key_of(filters)[1], table_page.PREVIEW_ROWS)
elif choice == "facilities":
    frame = run_query("queries.facilities", key_of(filters))
elif choice == "aggregates":
    frame = run_query("queries.aggregates", key_of(filters))
else:
    frame = run_query("queries.outcomes", key_of(filters))

export = exports.Export(choice, frame, filters, lang=language)
st.caption(table_page.rows_caption(export, total, filters))
note = table_page.not_applied_note(export)
if note:
    st.warning(note, icon=":material/filter_alt_off:")
if frame.empty:
    st.info(t("no_rows_match", language))
st.dataframe(
    localise(table_page.ordered(frame), language),
    hide_index=True,
    width="stretch",
    height=480 if len(frame) > 12 else "auto",
    column_config={
        **narrow_text(language, "facility", "label", "population", "quote", "note"),
        # Wide enough for 'ongeveer 120' or '80–90', which were cut off at the automatic width.
        **narrow_text(language, "display_value", width=110),
    },
)
st.caption(t("licence_note", language))

st.subheader(t("download", language))
items = table_page.downloads(engine(), export)
for col, item in zip(st.columns(len(items)), items, strict=True):
    col.download_button(
        item.label,
        item.build,
        export.filename(item.ext),
        item.mime,
        key=f"dl_{item.ext}",
        on_click="ignore",
        width="stretch",
    )
cap = table_page.excel_cap_note(total, language)
if cap:
    st.caption(cap)
data_links("tabellen")
