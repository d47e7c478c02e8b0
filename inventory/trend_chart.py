"""The trend chart (Vega-Lite, built with Altair) of a tidy frame from `inventory.trends`.

One panel per measure, each with its own unit on the y axis and one shared time axis; colour is
the source, so sources that disagree are separate marks; the point's shape is the kind of value
(exact, about, at least, at most). A reference period longer than a day is a bar along the time
axis, a range a vertical line from its low to its high end, "at least" a dashed line upwards.
Dates are written in the reader's language through a Vega time-format locale.

Altair is not Streamlit: the page hands the chart to `st.altair_chart`.
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import pandas as pd

from inventory.enums import Qualifier
from inventory.i18n import column_label, t
from inventory.presentation import _MONTHS as SHORT_MONTHS
from inventory.trends import COLUMNS, NATIONAL_METRICS

# d3's nl-NL and en-GB locales (short months as the pages write them), so axis ticks read
# "dec 2026" / "Dec 2026" whatever the browser's language.
TIME_LOCALES: dict[str, dict[str, object]] = {
    "nl": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": list(SHORT_MONTHS["nl"]),
    },
    "en": {
        "dateTime": "%a %e %b %X %Y",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": list(SHORT_MONTHS["en"]),
    },
}
NUMBER_LOCALES: dict[str, dict[str, object]] = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
SHAPES = {
    Qualifier.EXACT.value: "circle",
    Qualifier.APPROXIMATE.value: "diamond",
    Qualifier.AT_LEAST.value: "triangle-up",
    Qualifier.AT_MOST.value: "triangle-down",
}
PANEL_HEIGHT = 170
PANEL_WIDTH = 560
# What the marks and tooltips read; the rest of the frame stays on the server.
_DATA_COLUMNS = [c for c in COLUMNS if c not in ("metric_label", "unit", "end", "qualifier", "key")]


def _time_axis(trend: pd.DataFrame, lang: str) -> tuple[alt.Axis, alt.Scale]:
    """Years for a long span, months and years ('dec 2026') for a short one; the domain padded so a
    single figure is not drawn on the edge."""
    first, last = trend["start"].min(), trend["until"].max()
    span = last - first
    pad = max(span * 0.04, pd.Timedelta(days=20))
    months = span.days / 30.4
    if months > 48:
        step = max(1, math.ceil(months / 12 / 8))
        ticks = alt.TimeIntervalStep(interval="year", step=step)
        fmt = "%Y"
    else:
        step = next((s for s in (1, 2, 3, 6, 12) if months / s <= 8), 12)
        ticks = alt.TimeIntervalStep(interval="month", step=step)
        fmt = "%b %Y"
    axis = alt.Axis(title=t("trend_axis_date", lang), format=fmt, tickCount=ticks, labelOverlap=True)
    domain = [(first - pad).strftime("%Y-%m-%d"), (last + pad).strftime("%Y-%m-%d")]
    return axis, alt.Scale(type="utc", domain=domain, nice=False)


def _panel(
    metric: str, trend: pd.DataFrame, lang: str, subject_title: str, x_axis: alt.Axis, x_scale: alt.Scale
) -> alt.LayerChart:
    rows = trend[trend["metric"] == metric]
    unit = rows["unit"].iloc[0]
    label = rows["metric_label"].iloc[0]
    base = alt.Chart().transform_filter(alt.datum.metric == metric)
    x = alt.X("mid:T", axis=x_axis, scale=x_scale)
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True), axis=alt.Axis(format=",d", tickMinStep=1))
    colour = alt.Color(
        "source_doc:N",
        title=t("source", lang),
        scale=alt.Scale(scheme="tableau10"),
        # The legend's swatch is a full-colour dot, not the faint period bar drawn first.
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, symbolType="circle", symbolOpacity=1),
    )
    tooltip = [
        alt.Tooltip("subject:N", title=subject_title),
        alt.Tooltip("period_text:N", title=column_label("period", lang)),
        alt.Tooltip("value_text:N", title=column_label("display_value", lang)),
        alt.Tooltip("kind:N", title=t("trend_kind", lang)),
        alt.Tooltip("status_text:N", title=column_label("status", lang)),
        alt.Tooltip("source:N", title=t("source", lang)),
    ]
    present = [q for q in SHAPES if (trend["qualifier"] == q).any()]
    kinds = [Qualifier(q).label(lang) for q in present]
    shape = alt.Shape(
        "kind:N",
        title=t("trend_kind", lang),
        scale=alt.Scale(domain=kinds or [""], range=[SHAPES[q] for q in present] or ["circle"]),
        legend=alt.Legend(orient="bottom"),
    )
    has_value = "isValid(datum.value)"
    periods = (
        base.transform_filter(f"{has_value} && datum.is_period")
        .mark_rule(strokeWidth=5, opacity=0.35)
        .encode(x=alt.X("start:T", axis=x_axis, scale=x_scale), x2="until:T", y=y, color=colour, tooltip=tooltip)
    )
    range_periods = (
        base.transform_filter("datum.is_range && datum.is_period")
        .mark_rect(opacity=0.18)
        .encode(x=alt.X("start:T", axis=x_axis, scale=x_scale), x2="until:T", y="low:Q", y2="high:Q", color=colour)
    )
    ranges = (
        base.transform_filter("datum.is_range")
        .mark_rule(strokeWidth=2.5)
        .encode(x=x, y=alt.Y("low:Q", title=unit), y2="high:Q", color=colour, tooltip=tooltip)
    )
    # "At least n": from n to the top of the panel, dashed, because the source gives no upper end.
    open_above = (
        base.transform_filter("datum.open_above")
        .mark_rule(strokeWidth=1.5, strokeDash=[4, 3])
        .encode(x=x, y=alt.Y("low:Q", title=unit), y2=alt.value(0), color=colour, tooltip=tooltip)
    )
    lines = (
        base.transform_filter(f"datum.segment != '' && {has_value}")
        .mark_line(strokeWidth=1.5, interpolate="linear")
        .encode(x=x, y=y, detail="segment:N", color=colour)
    )
    points = (
        base.transform_filter(has_value)
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    )
    return alt.layer(range_periods, periods, lines, ranges, open_above, points).properties(
        title=alt.TitleParams(label, anchor="start", fontSize=14), height=PANEL_HEIGHT, width=PANEL_WIDTH
    )


def trend_chart(trend: pd.DataFrame, title: str, lang: str = "nl", *, national: bool = False) -> alt.VConcatChart:
    """The chart of a non-empty trend frame: a title, a subtitle saying how to read it, and one panel per
    measure present, in the order places, persons, waiting list (organisations nationally)."""
    lang = "en" if lang == "en" else "nl"
    subject_title = t("trend_population" if national else "trend_subject", lang)
    x_axis, x_scale = _time_axis(trend, lang)
    metrics = [m for m in NATIONAL_METRICS if (trend["metric"] == m).any()]
    panels = [_panel(m, trend, lang, subject_title, x_axis, x_scale) for m in metrics]
    data = trend[_DATA_COLUMNS].copy()
    # ISO dates are read as UTC days by Vega, the scale is UTC: a day never shifts with the browser's zone.
    for column in ("start", "until", "mid"):
        data[column] = data[column].dt.strftime("%Y-%m-%d")
    subject = t("trend_subject_population" if national else "trend_subject_offer", lang)
    # Vega does not wrap a subtitle: it is given as lines.
    subtitle = textwrap.wrap(t("trend_subtitle", lang, subject=subject), 100)
    return (
        alt.vconcat(*panels, data=data, spacing=28)
        .resolve_scale(x="shared", color="shared", shape="shared")
        .properties(title=alt.TitleParams(title, subtitle=subtitle, anchor="start", fontSize=16))
        .configure(
            locale=alt.Locale(number=NUMBER_LOCALES[lang], time=TIME_LOCALES[lang]),
        )
        .configure_legend(labelLimit=0, titleLimit=0)
    )
