"""Overzicht / Overview: the national picture for a reference year, with a source for every number."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory import stats
from inventory.enums import Metric, OutcomeCategory
from inventory.i18n import column_label, t
from inventory.presentation import citation, localise
from views._shared import key_of, lang, run_query, sidebar_filters, source_footnotes

language = lang()
st.title(t("app_title", language))
st.caption(t("tagline", language))

years = run_query("queries.reference_years")
# The overview always shows one reference year: the 2017 inventory unless another is chosen.
filters = sidebar_filters("overview", ["year"], default_year=2017 if 2017 in years else (years[0] if years else None))
year = filters.year

st.header(f"{t('national_figures', language)} {year or ''}")
national = run_query("stats.national_figures", year)
overview = run_query("queries.municipality_overview", key_of(filters.with_(year=year)))
metric_cols = st.columns(4)
shown = [Metric.PERSONS, Metric.FAMILIES, Metric.MUNICIPALITIES, Metric.WAITING_LIST]
for column, metric in zip(metric_cols, shown, strict=True):
    rows = national[national["metric"] == metric.value]
    if rows.empty:
        column.metric(metric.label(language), t("no_data", language))
        continue
    row = rows.iloc[0]
    others = "; ".join(f"{r.display_value} ({r.population})" for r in rows.iloc[1:].itertuples())
    help_text = f"{row['population']}. {t('source', language)}: {row['source_title']}, " + citation(
        row["source_file"], row["source_line"], language
    )
    if others:
        help_text += f"\n\n{t('conflict', language) if rows['conflict_group'].notna().any() else ''} {others}"
    column.metric(metric.label(language), row["display_value"], help=help_text)

with_shelter = int(overview["has_shelter"].sum())
waiting = int(overview["waiting_list_display"].notna().sum())
st.caption(t("per_municipality_caption", language, offers=with_shelter, waiting=waiting))
st.info(t("national_note", language))

st.header(t("inventory_2017", language))
for table, title in ((stats.OVERVIEW_TABLE, "table_overview"), (stats.SPECIALISED_TABLE, "table_specialised")):
    frame = run_query("stats.published_table", table, language)
    st.subheader(t(title, language))
    if frame.empty:
        st.write(t("no_data", language))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
aggregates = run_query("queries.aggregates", stats.OVERVIEW_TABLE)
if not aggregates.empty:
    first = aggregates.iloc[0]
    st.caption(f"{t('source', language)}: {first['source_title']} (`{first['source_file']}`)")

st.header(t("trend", language))
trends = run_query("stats.trend_table")
if trends.empty:
    st.write(t("no_trend", language))
else:
    # Sparklines inside the table: every value stays readable as printed, with its source.
    trend_label = t("trend", language)
    st.dataframe(
        trends.rename(columns={"trend": trend_label, "sources": t("sources", language)}).pipe(localise, language),
        hide_index=True,
        column_config={trend_label: st.column_config.LineChartColumn(trend_label)},
    )

st.header(t("outcomes", language))
outcomes = run_query("queries.outcomes", key_of(filters.with_(year=None)))
shares = outcomes.dropna(subset=["share_pct"])
if shares.empty:
    st.write(t("no_data", language))
else:
    shares = shares.assign(
        outcome=shares["category"].map(lambda c: OutcomeCategory(c).label(language)),
        period=shares["period_start"].astype(str) + " – " + shares["period_end"].astype(str),
        group=shares["population"].fillna("") + " " + shares["programme"].fillna(""),
    )
    # One table with in-cell bars instead of a chart per series: readable, accessible, and cheap to rerun.
    share_label = column_label("share_pct", language)
    st.dataframe(
        localise(
            pd.DataFrame(shares),
            language,
            [
                "group",
                "period",
                "outcome",
                "detail",
                "display_value",
                "share_pct",
                "share_base",
                "source_file",
                "source_line",
            ],
        ),
        hide_index=True,
        column_config={
            share_label: st.column_config.ProgressColumn(share_label, min_value=0, max_value=100, format="%.0f%%")
        },
    )
    source_footnotes(shares, language)
