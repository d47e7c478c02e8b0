"""Figures over time as a tidy frame a chart and a table read: one row per figure, with its period,
its value as the source gives it (a range stays a range, "ruim 100" stays open above), its source
and status in the reader's language, and the line segment it belongs to.

Nothing is interpolated, spread or added up here: each row is one figure as recorded. A line may
join two figures only when they are of the same subject, measure and source and their reference
periods touch (the next starts the day after the previous ends), so a gap is never bridged.

Plain pandas, no Streamlit; `inventory.trend_chart` draws the frame.
"""

from __future__ import annotations

import pandas as pd

from inventory.enums import Metric, Qualifier, ReviewStatus, Status
from inventory.i18n import column_label, data_text, t
from inventory.presentation import (
    UNSTATED_PUBLISHER,
    display_values,
    entered_by_label,
    period_texts,
    short_title,
    source_name,
)
from inventory.querybase import as_int

# The measures a municipality's trend shows; the national one adds the count of organisations,
# the only other national series the sources publish over several years.
MUNICIPAL_METRICS: tuple[str, ...] = (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value)
NATIONAL_METRICS: tuple[str, ...] = (*MUNICIPAL_METRICS, Metric.ORGANISATIONS.value)
# A national row has no breakdown; 'other' is how the running text files the noodopvang
# organisations as a whole, but in the printed 2017 tables a category is a row of the table.
_BREAKDOWNS = ("hours", "criterion", "target_group", "programme")
_TABLES_WITH_CATEGORY_ROWS = ("inventory_2017_overview", "inventory_2017_specialised")
ONE_DAY = pd.Timedelta(days=1)
# Characters of a title that names a source without publisher in a legend (fits a 390 px phone) and a table.
LEGEND_TITLE_LIMIT = 45

COLUMNS = [
    "metric",
    "metric_label",
    "unit",
    "subject",
    "source",
    "source_doc",
    "start",
    "end",
    "until",
    "mid",
    "value",
    "low",
    "high",
    "qualifier",
    "kind",
    "value_text",
    "period_text",
    "status_text",
    "is_range",
    "open_above",
    "is_period",
    "segment",
    "key",
]


def unit(metric: str, lang: str = "nl") -> str:
    """The axis unit of a measure: 'plaatsen', 'personen', 'personen op de wachtlijst'."""
    return t(f"trend_unit_{metric}", lang)


def _source_labels(frame: pd.DataFrame, lang: str) -> tuple[list[str], list[str]]:
    """Per row the document ('S. Koppes (2017)': publisher and year) and the same with the line
    ('S. Koppes (2017), regel 1311'); who entered a figure without a document source."""
    word = t("line", lang)
    docs: list[str] = []
    out: list[str] = []
    for publisher, year, title, line, by in zip(
        frame["source_publisher"],
        frame["source_year"],
        frame["source_title"],
        frame["source_line"],
        frame["entered_by"] if "entered_by" in frame.columns else [None] * len(frame),
        strict=True,
    ):
        if not isinstance(title, str) and not isinstance(publisher, str):
            who = t("self_reported_by", lang, by=entered_by_label(by, lang)) if isinstance(by, str) else ""
            docs.append(who[:1].upper() + who[1:])  # a legend entry of its own: it starts with a capital
            out.append(docs[-1])
            continue
        if isinstance(publisher, str) and publisher and publisher != UNSTATED_PUBLISHER:
            name = source_name(publisher, year, title, lang, short=True)
        else:
            # No publisher: the title names the document, with enough words to tell which (a cell's
            # 30 characters leave only a descriptive title's marker).
            name = source_name(None, year, short_title(title, LEGEND_TITLE_LIMIT), lang)
        number = as_int(line) if not pd.isna(line) else None
        docs.append(name)
        out.append(f"{name}, {word} {number}" if number is not None else name)
    return docs, out


def _status_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    reviews = frame["review_status"] if "review_status" in frame.columns else [None] * len(frame)
    out = []
    for status, review in zip(frame["status"], reviews, strict=True):
        text = Status(status).label(lang) if isinstance(status, str) else ""
        if isinstance(review, str):
            text = f"{text} · {ReviewStatus(review).label(lang)}" if text else ReviewStatus(review).label(lang)
        out.append(text)
    return out


def _segments(frame: pd.DataFrame) -> pd.Series:
    """A line segment id per row: a new segment wherever the previous figure of the same series
    does not end the day before this one starts, and around every range (it has no single value)."""
    series = [frame["metric"], frame["_series"]]
    previous_end = frame.groupby(series, sort=False)["end"].shift()
    previous_range = frame.groupby(series, sort=False)["is_range"].shift(fill_value=True)
    touches = frame["start"] == previous_end + ONE_DAY
    new = ~touches | frame["is_range"] | previous_range.astype(bool)
    ids = new.cumsum()
    # A segment of one figure draws no line: it gets no id, so the line layer leaves it out.
    sizes = ids.map(ids.value_counts())
    return ids.astype(str).where(sizes > 1, "")


def _tidy(frame: pd.DataFrame, subjects: pd.Series, series_keys: pd.Series, lang: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    start = pd.to_datetime(frame["period_start"])
    end = pd.to_datetime(frame["period_end"].where(frame["period_end"].notna(), frame["period_start"]))
    qualifier = frame["qualifier"].astype(str)
    value = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    is_range = qualifier == Qualifier.RANGE.value
    low = pd.to_numeric(frame["value_low"], errors="coerce").astype(float).where(is_range, value)
    high = pd.to_numeric(frame["value_high"], errors="coerce").astype(float).where(is_range, value)
    # At most n: the count lies between 0 and n; at least n has no upper bound the source gives.
    at_most = qualifier == Qualifier.AT_MOST.value
    low = low.where(~at_most, 0.0)
    docs, sources = _source_labels(frame, lang)
    out = pd.DataFrame(
        {
            "metric": frame["metric"].astype(str),
            "metric_label": [Metric(m).label(lang) for m in frame["metric"]],
            "unit": [unit(m, lang) for m in frame["metric"]],
            "subject": subjects.astype(str),
            "source": sources,
            "source_doc": docs,
            "start": start,
            "end": end,
            # The chart draws a period up to the end of its last day.
            "until": end + ONE_DAY,
            "mid": start + (end + ONE_DAY - start) / 2,
            "value": value.where(~is_range),
            "low": low,
            "high": high.where(qualifier != Qualifier.AT_LEAST.value),
            "qualifier": qualifier,
            "kind": [Qualifier(q).label(lang) for q in qualifier],
            "value_text": display_values(frame, lang),
            "period_text": period_texts(frame, lang),
            "status_text": _status_texts(frame, lang),
            "is_range": is_range | at_most,
            "open_above": qualifier == Qualifier.AT_LEAST.value,
            "is_period": end > start,
            "key": frame["key"].astype(str),
            "_series": series_keys.astype(str) + "|" + frame["source_key"].astype(str),
        }
    ).reset_index(drop=True)
    order = {m: i for i, m in enumerate(NATIONAL_METRICS)}
    out = out.assign(_order=out["metric"].map(order)).sort_values(["_order", "_series", "start", "end"], kind="stable")
    out["segment"] = _segments(out)
    out = out.sort_values(["_order", "start", "end", "subject", "source"], kind="stable")
    return out.drop(columns=["_order", "_series"]).reset_index(drop=True)[COLUMNS]


def municipal_trend(figures: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """A municipality's figures of places, persons and waiting list (a `queries.figures` frame:
    current, not superseded, not rejected, the page's filters applied) as a tidy trend frame.
    The subject is the offer, or the municipality as a whole."""
    if figures.empty:
        return pd.DataFrame(columns=COLUMNS)
    shown = figures[figures["metric"].isin(MUNICIPAL_METRICS)]
    whole = t("trend_municipality_whole", lang)
    subjects = shown["facility"].where(shown["facility"].notna(), whole)
    keys = shown["facility_key"].where(shown["facility_key"].notna(), shown["municipality_code"])
    return _tidy(shown, subjects, keys, lang)


def national_rows(aggregates: pd.DataFrame) -> pd.DataFrame:
    """The published aggregates that are national series: no breakdown by hours, criterion, target
    group or programme, and no category row of a printed table."""
    if aggregates.empty:
        return aggregates
    whole = aggregates[list(_BREAKDOWNS)].isna().all(axis=1)
    category_row = aggregates["category"].notna() & (
        aggregates["table"].isin(_TABLES_WITH_CATEGORY_ROWS) | (aggregates["category"] != "other")
    )
    return aggregates[whole & ~category_row & aggregates["metric"].isin(NATIONAL_METRICS)]


def national_trend(aggregates: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The national figures as the sources publish them (a `queries.aggregates` frame), as a tidy
    trend frame; the subject is the population the source counts. Never a sum of municipalities."""
    rows = national_rows(aggregates)
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    subjects = pd.Series([data_text(p, lang) for p in rows["population"]], index=rows.index)
    return _tidy(rows, subjects, rows["population"], lang)


def trend_table(trend: pd.DataFrame, lang: str = "nl", subject_column: str = "facility") -> pd.DataFrame:
    """The trend as a table a person reads, sorted by date: period, measure, subject, value as
    the source gives it, status and source (publisher, year, line)."""
    names = {
        "period_text": column_label("period", lang),
        "metric_label": column_label("metric", lang),
        "subject": column_label(subject_column, lang),
        "value_text": column_label("display_value", lang),
        "status_text": column_label("status", lang),
        "source": column_label("source", lang),
    }
    ordered = trend.sort_values(["start", "end", "metric_label", "subject"], kind="stable")
    return ordered[list(names)].rename(columns=names).reset_index(drop=True)
