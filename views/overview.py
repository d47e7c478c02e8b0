"""Overzicht / Overview: the national picture for a reference year, with a source for every number."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory import citation as cite
from inventory import stats, tallies
from inventory.enums import Metric
from inventory.filters import Filters
from inventory.i18n import column_label, t
from inventory.presentation import citation, format_period, localise_rows, outcome_groups, span_citation
from inventory.trends import NATIONAL_METRICS, national_trend
from views._shared import data_links, key_of, lang, run_query, sidebar_filters, source_footnotes
from views.trend_panel import show_trend

language = lang()
st.title(t("app_title", language))
st.caption(t("tagline", language))

years = run_query("queries.reference_years")
# The overview always shows one reference year: the 2017 inventory unless another is chosen.
filters = sidebar_filters("overview", ["year"], default_year=2017 if 2017 in years else (years[0] if years else None))
year = filters.year

st.header(f"{t('national_figures', language)} {year or ''}")
national = run_query("stats.national_figures", year, filters.stand)
overview = run_query("queries.municipality_overview", key_of(filters.with_(year=year)))
metric_cols = st.columns(4)
shown = [Metric.PERSONS, Metric.FAMILIES, Metric.MUNICIPALITIES, Metric.WAITING_LIST]
for column, metric in zip(metric_cols, shown, strict=True):
    rows = localise_rows(national[national["metric"] == metric.value], language)
    if not rows:
        column.metric(metric.label(language), t("no_data", language))
        continue
    first, others = rows[0], rows[1:]
    help_text = f"{first['population']}; {format_period(first['period_start'], first['period_end'], language)}. "
    help_text += f"{t('source', language)}: {citation(first, language, with_file=False)}"
    if others:
        label = t("conflict", language) if any(r["conflict_group"] for r in rows) else ""
        help_text += f"\n\n{label}: " + "; ".join(f"{r['display_value']} ({r['population']})" for r in others)
    column.metric(metric.label(language), first["display_value"], help=help_text)

st.caption(
    t(
        "per_municipality_counts",
        language,
        offers=tallies.offers_sentence(overview, language),
        waiting=tallies.measure_sentence(overview, "waiting_list", language),
    )
)
st.info(t("national_note", language))
data_links("overzicht", cite.national_figures(national, [m.value for m in shown], language))

st.header(t("inventory_2017", language))
for table, title in ((stats.OVERVIEW_TABLE, "table_overview"), (stats.SPECIALISED_TABLE, "table_specialised")):
    frame = run_query("stats.published_table", table, language, filters.stand)
    st.subheader(t(title, language))
    if frame.empty:
        st.write(t("no_data", language))
    else:
        # A static table wraps its cells: every printed cell stays readable at any width.
        st.table(frame.set_index(frame.columns[0]).rename_axis(None))
aggregates = pd.concat(
    run_query("queries.aggregates", key_of(Filters(stand=filters.stand)), table)
    for table in (stats.OVERVIEW_TABLE, stats.SPECIALISED_TABLE)
)
if not aggregates.empty:
    st.caption(f"{t('source', language)}: {span_citation(aggregates, language)}")

st.header(t("trend", language))
published = run_query("queries.aggregates", key_of(Filters(stand=filters.stand)))
show_trend(
    national_trend(published, language), t("trend_title_national", language), language, NATIONAL_METRICS, national=True
)
st.caption(t("national_trend_note", language))

st.header(t("outcomes", language))
outcomes = run_query("queries.outcomes", key_of(filters.with_(year=None)))
groups = outcome_groups(outcomes.dropna(subset=["share_pct"]), language)
if not groups:
    st.write(t("no_data", language))
bar_label = column_label("share_pct", language)
for title, table in groups:
    # One table per population, with in-cell bars: readable, accessible, and cheap to rerun.
    st.markdown(f"**{title}**")
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            bar_label: st.column_config.ProgressColumn(bar_label, min_value=0, max_value=100, format="%.0f%%")
        },
    )
# The seed file names are for reviewers: listed once here, not in the captions above.
source_footnotes(pd.concat([national, aggregates, outcomes]), language)
