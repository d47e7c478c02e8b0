"""Tabellen / Tables & export: the filtered table with provenance, and its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from inventory import exports, tables
from inventory.applicability import BROWSABLE_TABLES
from inventory.database import database_url, session_scope
from inventory.filters import Filters
from inventory.i18n import t
from inventory.presentation import localise
from inventory.values import format_number
from views._shared import (
    CACHE_TTL_S,
    boundaries,
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

PREVIEW_ROWS = 1000
# The breakdown (category, hours, criterion, target group) comes before the value, so a reader
# tells night-only, 24-hour and totals apart.
FIRST_COLUMNS = (
    "municipality",
    "facility",
    "label",
    "category",
    "hours",
    "criterion",
    "target_group",
    "metric",
    "display_value",
    "period_start",
    "period_end",
    "population",
    "table",
    "status",
    "source_title",
    "source_line",
    "quote",
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
    # A page shows at most PREVIEW_ROWS rows, like Datasette; the downloads hold every row.
    total = run_query("queries.count_figures", key_of(filters))
    frame = _preview(database_url(), current_data_version(), key_of(filters)[1], PREVIEW_ROWS)
elif choice == "facilities":
    frame = run_query("queries.facilities", key_of(filters))
elif choice == "aggregates":
    frame = run_query("queries.aggregates", key_of(filters))
else:
    frame = run_query("queries.outcomes", key_of(filters))

export = exports.Export(choice, frame, filters, lang=language)
shown = f"{format_number(len(frame), language)} {t('row' if len(frame) == 1 else 'rows', language)}"
if total is not None and total > len(frame):
    shown = t(
        "preview_rows_entered",
        language,
        shown=format_number(len(frame), language),
        total=format_number(total, language),
    )
st.caption(f"{shown} · " + ("" if filters.is_empty else f"{t('filters', language)}: ") + export.filter_text())
if export.not_applied:
    names = ", ".join(t(name if name != "metric" else "measure_filter", language) for name in export.not_applied)
    st.warning(t("filters_not_applied_note", language, names=names), icon=":material/filter_alt_off:")
if frame.empty:
    st.info(t("no_rows_match", language))
# People read the municipality, offer, measure and value first; keys and audit columns come last.
first = [c for c in FIRST_COLUMNS if c in frame.columns]
ordered = frame[first + [c for c in frame.columns if c not in first]]
st.dataframe(
    localise(ordered, language),
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


def _with_session(build):  # type: ignore[no-untyped-def]
    """Deferred download: built only when clicked, in a session of its own."""

    def run() -> bytes:
        with session_scope(engine()) as session:
            return build(session)

    return run


def _table(session: Session) -> exports.Export:
    """Every row of the chosen table (the page may show only a preview), with its sources."""
    export.sources = exports.queries.sources(session)
    return export


def _csv(session: Session) -> bytes:
    if choice == "figures":
        return exports.figures_csv_bytes(session, filters, language)
    return exports.csv_bytes(_table(session))


def _excel(session: Session) -> bytes:
    return exports.xlsx_bytes(
        exports.excel_export(session, filters, language) if choice == "figures" else _table(session)
    )


def _full(session: Session) -> exports.Export:
    return exports.full_export(session, filters, language) if choice == "figures" else _table(session)


st.subheader(t("download", language))
cols = st.columns(4)
downloads = (
    ("CSV", "csv", "text/csv", _csv),
    ("Excel", "xlsx", exports.XLSX_MIME, _excel),
    (
        "GeoJSON",
        "geojson",
        "application/geo+json",
        lambda s: exports.geojson_bytes(s, filters, language, boundaries()[0]),
    ),
    ("Data package", "zip", "application/zip", lambda s: exports.datapackage_zip(_full(s))),
)
for col, (label, ext, mime, build) in zip(cols, downloads, strict=True):
    col.download_button(
        label, _with_session(build), export.filename(ext), mime, key=f"dl_{ext}", on_click="ignore", width="stretch"
    )
if total is not None and total > exports.EXCEL_MAX_ROWS:
    cap = format_number(exports.EXCEL_MAX_ROWS, language)
    st.caption(t("excel_capped_page", language, shown=cap, total=format_number(total, language)))
data_links("tabellen")
