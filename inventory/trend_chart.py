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
Y_AXIS_WIDTH = 44
# Characters per title line: a 16 px title of this length fits a 390 px phone.
TITLE_WIDTH = 40
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
    rows: pd.DataFrame,
    lang: str,
    subject_title: str,
    time_axis: tuple[alt.Axis, alt.Scale],
    kinds: tuple[list[str], list[str]],
    sources: list[str],
    *,
    title: list[str] | None,
    legend: bool,
) -> alt.LayerChart:
    """One measure's panel. The first panel carries the chart's title and the kinds of value, the last
    the sources: every panel has the same colours, shapes and time axis."""
    unit = rows["unit"].iloc[0]
    label = rows["metric_label"].iloc[0]
    data = rows[_DATA_COLUMNS].copy()
    # ISO dates are read as UTC days by Vega, the scale is UTC: a day never shifts with the browser's zone.
    for column in ("start", "until", "mid"):
        data[column] = data[column].dt.strftime("%Y-%m-%d")
    base = alt.Chart(data)
    x_axis, x_scale = time_axis
    x = alt.X("mid:T", axis=x_axis, scale=x_scale)
    # Headroom above the highest value, so an "at least" line upwards is seen; a fixed axis width keeps
    # the time axes of the panels one under the other aligned.
    top = float(pd.concat([rows["high"], rows["low"], rows["value"]]).max()) * 1.15
    y_scale = alt.Scale(zero=True, domainMax=top)
    y_axis = alt.Axis(format=",d", tickMinStep=1, minExtent=Y_AXIS_WIDTH)
    y = alt.Y("value:Q", title=unit, scale=y_scale, axis=y_axis)
    low = alt.Y("low:Q", title=unit, scale=y_scale, axis=y_axis)
    colour = alt.Color(
        "source_doc:N",
        title=t("source", lang),
        scale=alt.Scale(domain=sources, scheme="tableau10"),
        # The legend's swatch is a full-colour dot, not the faint period bar drawn first.
        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, symbolType="circle", symbolOpacity=1)
        if legend
        else None,
    )
    tooltip = [
        alt.Tooltip("subject:N", title=subject_title),
        alt.Tooltip("period_text:N", title=column_label("period", lang)),
        alt.Tooltip("value_text:N", title=column_label("display_value", lang)),
        alt.Tooltip("kind:N", title=t("trend_kind", lang)),
        alt.Tooltip("status_text:N", title=column_label("status", lang)),
        alt.Tooltip("source:N", title=t("source", lang)),
    ]
    shape = alt.Shape(
        "kind:N",
        title=t("trend_kind", lang),
        scale=alt.Scale(domain=kinds[0], range=kinds[1]),
        legend=alt.Legend(orient="top", direction="horizontal") if title else None,
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
        .encode(
            x=alt.X("start:T", axis=x_axis, scale=x_scale),
            x2="until:T",
            y=low,
            y2="high:Q",
            color=colour,
        )
    )
    ranges = (
        base.transform_filter("datum.is_range")
        .mark_rule(strokeWidth=2.5)
        .encode(x=x, y=low, y2="high:Q", color=colour, tooltip=tooltip)
    )
    # "At least n": from n to the top of the panel, dashed, because the source gives no upper end.
    open_above = (
        base.transform_filter("datum.open_above")
        .mark_rule(strokeWidth=1.5, strokeDash=[4, 3])
        .encode(
            x=x,
            y=low,
            y2=alt.value(0),
            color=colour,
            tooltip=tooltip,
        )
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
    heading = (
        alt.TitleParams(
            title, subtitle=label, anchor="start", fontSize=16, subtitleFontSize=14, subtitleFontWeight="bold"
        )
        if title
        else alt.TitleParams(label, anchor="start", fontSize=14)
    )
    return (
        alt.layer(range_periods, periods, lines, ranges, open_above, points)
        # Fit the width only: the height is the plot's, with the title and legends added to it. At the
        # top of the spec: Streamlit sets a full "fit" (squeezing the title into the height) otherwise.
        .properties(
            title=heading,
            height=PANEL_HEIGHT,
            width="container",
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(locale=alt.Locale(number=NUMBER_LOCALES[lang], time=TIME_LOCALES[lang]))
        .configure_legend(labelLimit=0, titleLimit=0)
    )


def trend_charts(trend: pd.DataFrame, title: str, lang: str = "nl", *, national: bool = False) -> list[alt.LayerChart]:
    """The chart of a non-empty trend frame as one panel per measure present, in the order places,
    persons, waiting list (organisations nationally), to be shown one under the other. Separate
    charts rather than one concatenated chart: only a single view fits the page's width, on a
    phone too. The first panel has the title (in lines: Vega does not wrap it)."""
    lang = "en" if lang == "en" else "nl"
    subject_title = t("trend_population" if national else "trend_subject", lang)
    time_axis = _time_axis(trend, lang)
    present = [q for q in SHAPES if (trend["qualifier"] == q).any()]
    kinds = ([Qualifier(q).label(lang) for q in present], [SHAPES[q] for q in present])
    sources = sorted(set(trend["source_doc"]))
    metrics = [m for m in NATIONAL_METRICS if (trend["metric"] == m).any()]
    return [
        _panel(
            trend[trend["metric"] == m],
            lang,
            subject_title,
            time_axis,
            kinds,
            sources,
            title=textwrap.wrap(title, TITLE_WIDTH) if i == 0 else None,
            legend=i == len(metrics) - 1,
        )
        for i, m in enumerate(metrics)
    ]
