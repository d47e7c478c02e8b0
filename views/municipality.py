"""Gemeente / Municipality: one municipality's offers, figures over time, programmes and sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory import citation as cite
from inventory.clock import LOCAL_ZONE, as_utc
from inventory.figure_history import page_url
from inventory.filters import Filters
from inventory.i18n import column_label, t
from inventory.municipal import municipality_breakdown
from inventory.presentation import entered_by_label, format_period, headline, localise, period_texts, source_name
from inventory.trends import MUNICIPAL_METRICS, municipal_trend
from views._shared import (
    data_links,
    key_of,
    lang,
    narrow_text,
    run_query,
    source_footnotes,
    stop_page,
    sync_url,
    url_filters,
)
from views.trend_panel import show_trend

language = lang()
st.title(t("page_municipality", language))
st.caption(t("no_addresses", language))

munis = run_query("queries.municipalities")
names = dict(zip(munis["code"], munis["name"], strict=True))
wanted = url_filters().municipality
# Follow the URL only when it changed from outside (a link, a map click), not when it lags one rerun
# behind the selectbox: otherwise a new choice would be reset to the old `gemeente`.
if "muni_code" not in st.session_state or wanted != st.session_state.get("muni_in_url"):
    st.session_state["muni_code"] = wanted if wanted in names else None
code = st.selectbox(
    t("choose_municipality", language),
    [None, *munis["code"]],
    key="muni_code",
    placeholder=t("choose_municipality", language),
    format_func=lambda c: "—" if c is None else f"{names[c]} ({c})",
)
# The municipality fixes the province; a contradicting `provincie` in the URL would only blank the page.
filters = url_filters().with_(municipality=code, province=None)
sync_url(filters)
st.session_state["muni_in_url"] = code
if code is None:
    stop_page()

row = munis[munis["code"] == code].iloc[0]
st.header(f"{row['name']}")
st.caption(f"{row['province']} · {code}")

facilities = run_query("queries.facilities", key_of(filters))
figures = run_query("queries.figures", key_of(filters))
programmes = run_query("queries.programme_memberships", key_of(Filters(municipality=code)))

key_cols = st.columns(3)
sums = []
cited = {}
for column, metric in zip(key_cols, ("places", "persons", "waiting_list"), strict=True):
    value = municipality_breakdown(figures, metric).get(code)
    if value is None:
        column.metric(t(metric, language), t("no_data", language))
        continue
    cited[metric] = value
    head = headline(value, t(metric, language), figures, language)
    column.metric(head.label, head.value, help=head.help)
    # Every headline number says the moment it is of, and what it leaves out as too old.
    for note in head.notes:
        column.caption(note)
    sums += head.explanations
for text in sums:
    st.caption(text)
if not figures.empty:
    newest = figures.sort_values("period_end").iloc[-1]
    period = format_period(newest["period_start"], newest["period_end"], language)
    st.caption(
        t(
            "newest_period_of",
            language,
            period=period,
            source=source_name(newest["source_publisher"], newest["source_year"], newest["source_title"], language)
            if isinstance(newest["source_title"], str)
            else t("self_reported_by", language, by=entered_by_label(newest["entered_by"], language)),
        )
    )

st.subheader(t("programmes", language))
if programmes.empty:
    st.write(t("no_data", language))
else:
    programmes = programmes.assign(period=period_texts(programmes, language))
    st.dataframe(
        localise(programmes, language, ["programme", "role", "period", "source_title", "source_line"]), hide_index=True
    )

st.subheader(t("offers", language))
if facilities.empty:
    st.info(t("no_offers", language))
    nearest = run_query("analysis.nearest_offers", code)
    if not nearest.empty:
        st.subheader(t("nearest_offers_title", language))
        st.caption(t("nearest_offers_intro", language, name=row["name"]))
        columns = ["shelter_form", "nearest_name", "distance_km", "nearest_offers", "source_title", "source_line"]
        wide = narrow_text(language, "nearest_offers")
        st.dataframe(localise(nearest, language, columns), hide_index=True, column_config=wide)
else:
    columns = ["label", "operator", "shelter_form", "target_group", "criteria", "programme", "opened_on", "closed_on"]
    st.dataframe(
        localise(facilities, language, [*columns, "source_title", "source_line"]),
        hide_index=True,
        column_config=narrow_text(language, "label"),
    )

st.subheader(t("figures_over_time", language))
if figures.empty:
    st.write(t("no_data", language))
else:
    title = t("trend_title_municipality", language, name=row["name"])
    show_trend(municipal_trend(figures, language), title, language, MUNICIPAL_METRICS)
    # Each figure links to its permalink, as of this page's stand, so a citation can name one figure.
    links = [f"{page_url(k, filters.stand)}&taal={language}" for k in figures["key"]]
    figures = figures.assign(period=period_texts(figures, language), key=links)
    columns = ["facility", "metric", "period", "display_value", "qualifier", "status", "review_status", "explanation"]
    key = st.column_config.LinkColumn(column_label("key", language), display_text=r"sleutel=([^&]+)")
    st.dataframe(
        localise(figures, language, [*columns, "source_title", "source_line", "quote", "conflict_group", "key"]),
        hide_index=True,
        column_config={**narrow_text(language, "facility"), column_label("key", language): key},
    )
    latest = figures.sort_values("entered_at").iloc[-1]
    by = entered_by_label(latest["entered_by"], language)
    day = as_utc(pd.Timestamp(latest["entered_at"]).to_pydatetime()).astimezone(LOCAL_ZONE).date()
    st.caption(t("entered_note", language, date=format_period(day, day, language), by=by))
data_links("gemeente", cite.municipal_figures(row["name"], cited, language))

outcomes = run_query("queries.outcomes", key_of(filters))
if not outcomes.empty:
    st.subheader(t("outcomes", language))
    columns = ["scope", "category", "detail", "period_start", "period_end", "display_value", "share_pct"]
    st.dataframe(localise(outcomes, language, [*columns, "source_title", "source_line"]), hide_index=True)

source_footnotes(pd.concat([programmes, facilities, figures, outcomes]), language)
