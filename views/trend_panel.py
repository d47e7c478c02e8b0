"""A trend on a page: the chart (inventory.trend_chart) and beside it the same figures as a table,
sorted by date, with the source of each value."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from inventory.enums import Metric
from inventory.i18n import t
from inventory.trend_chart import trend_chart
from inventory.trends import trend_table
from views._shared import narrow_text


def show_trend(
    trend: pd.DataFrame, title: str, language: str, metrics: tuple[str, ...], *, national: bool = False
) -> None:
    if trend.empty:
        st.write(t("trend_no_figures", language))
        return
    st.altair_chart(trend_chart(trend, title, language, national=national), width="content")
    missing = [m for m in metrics if not (trend["metric"] == m).any()]
    if missing:
        names = ", ".join(Metric(m).label(language) for m in missing)
        st.caption(t("trend_missing_metrics", language, names=names))
    st.caption(t("trend_table_caption", language))
    subject = "group" if national else "facility"
    st.dataframe(
        trend_table(trend, language, subject),
        hide_index=True,
        column_config=narrow_text(language, subject, "source"),
    )
