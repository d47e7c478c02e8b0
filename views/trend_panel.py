"""A trend on a page: the chart (inventory.trend_chart) and beside it the same figures as a table,
sorted by date, with the source of each value."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory.enums import Metric
from inventory.i18n import t
from inventory.presentation import md_escape
from inventory.trend_chart import trend_charts
from inventory.trends import trend_table

STATIC_ROWS = 60


def show_trend(
    trend: pd.DataFrame, title: str, language: str, metrics: tuple[str, ...], *, national: bool = False
) -> None:
    if trend.empty:
        st.write(t("trend_no_figures", language))
        return
    for chart in trend_charts(trend, title, language, national=national):
        st.altair_chart(chart, width="stretch")
    subject = t("trend_subject_population" if national else "trend_subject_offer", language)
    st.caption(t("trend_reading", language, subject=subject))
    missing = [m for m in metrics if not (trend["metric"] == m).any()]
    if missing:
        names = ", ".join(Metric(m).label(language) for m in missing)
        st.caption(t("trend_missing_metrics", language, names=names))
    st.caption(t("trend_table_caption", language))
    table = trend_table(trend, language, "group" if national else "facility")
    if len(table) <= STATIC_ROWS:
        # A static table wraps its cells, so every source and line stays readable at any width (also on a
        # phone); cells are text from data/ and editors, shown as written, never as Markdown.
        st.table(table.map(md_escape), hide_index=True)
        return
    # A long series (years of months) scrolls in a grid; widths that add up to the page's width, so no
    # column is pushed out of view, and a long cell shows whole on hover.
    widths = dict(zip(table.columns, (120, 140, 175, 80, 150, 175), strict=True))
    st.dataframe(
        table, hide_index=True, column_config={c: st.column_config.TextColumn(width=w) for c, w in widths.items()}
    )
