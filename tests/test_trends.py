"""The trend frame (inventory.trends) and its chart (inventory.trend_chart), on the seed and on
synthetic data (ten years of months), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from inventory import queries, trends
from inventory.database import session_scope
from inventory.filters import Filters
from inventory.synthetic import SOURCE_KEY, build_synthetic
from inventory.trend_chart import trend_charts
from inventory.trends import MUNICIPAL_METRICS, municipal_trend, national_trend, trend_table

AMSTERDAM = "GM0363"
SYNTHETIC_MUNICIPALITY = "GM0034"  # Almere: among the first codes, no figures in data/
TEXT_COLUMNS = ["metric_label", "unit", "subject", "source", "source_doc", "kind", "value_text", "period_text"]


@pytest.fixture(scope="module")
def seed_frames(seeded_url: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from inventory.database import make_engine

    engine = make_engine(seeded_url)
    with session_scope(engine) as session:
        figures = queries.figures(session, Filters(municipality=AMSTERDAM))
        aggregates = queries.aggregates(session, Filters())
    engine.dispose()
    return figures, aggregates


@pytest.fixture
def synthetic_figures(engine: Engine) -> Iterator[pd.DataFrame]:
    build_synthetic(engine, municipalities=3, facilities_per_municipality=2, years=10, end_year=2026)
    with session_scope(engine) as session:
        yield queries.figures(session, Filters(municipality=SYNTHETIC_MUNICIPALITY))


def _no_raw_text(frame: pd.DataFrame, columns: list[str]) -> None:
    for column in columns:
        cells = frame[column].map(str)
        assert not cells.str.contains(r"\bnan\b|\bNone\b|<NA>|NaT", regex=True).any(), (column, cells.tolist()[:5])
        assert (cells != "").all(), column


def _segments_touch(trend: pd.DataFrame) -> None:
    """Inside a line segment every figure starts the day after the previous one ends."""
    for _, segment in trend[trend["segment"] != ""].groupby("segment"):
        ordered = segment.sort_values("start")
        assert len(ordered) > 1
        assert ordered["subject"].nunique() == 1 and ordered["source"].str.split(",").str[0].nunique() == 1
        assert (
            ordered["start"].iloc[1:].to_numpy() == (ordered["end"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()
        ).all()
        assert not ordered["is_range"].any()


# --- the seed --------------------------------------------------------------------------------


def test_a_municipal_trend_is_every_figure_of_places_persons_and_waiting_list(seed_frames: Any) -> None:
    figures, _ = seed_frames
    trend = municipal_trend(figures, "nl")
    expected = figures[figures["metric"].isin(MUNICIPAL_METRICS)]
    assert sorted(trend["key"]) == sorted(expected["key"]) and len(trend) >= 3
    _no_raw_text(trend, TEXT_COLUMNS)
    hvo = trend[trend["key"] == "ams-hvo-querido-nachtopvang-places-2016"].iloc[0]
    # Oct 2016 – Jan 2017 is a period, drawn to the end of its last day; the point is in its middle.
    assert (
        hvo["is_period"] and hvo["start"] == pd.Timestamp("2016-10-01") and hvo["until"] == pd.Timestamp("2017-02-01")
    )
    assert hvo["start"] < hvo["mid"] < hvo["until"]
    assert hvo["source"] == "S. Koppes (2017), regel 1311" and hvo["period_text"] == "okt 2016 – jan 2017"
    assert hvo["status_text"] == "Vermeld door de bron (methode onbekend)"
    # One figure each: nothing to join, so no line at all.
    assert (trend["segment"] == "").all()
    assert trend_table(trend, "en").columns.tolist() == ["Period", "Measure", "Facility", "Value", "Status", "Source"]


def test_the_national_trend_is_what_sources_publish_nationally_and_nothing_else(seed_frames: Any) -> None:
    _, aggregates = seed_frames
    trend = national_trend(aggregates, "nl")
    keys = set(trend["key"])
    assert {"inv2017-ov-total-all-persons", "inv2017-text-waiting-list-persons", "vng-2002-persons"} <= keys
    # A row of a printed table, a part of a total, a breakdown by programme: not national series.
    assert not keys & {"inv2017-ov-regular-all-persons", "los-2013-persons-own-network-001"}
    assert set(trend["metric"]) <= set(trends.NATIONAL_METRICS)
    assert set(national_trend(aggregates, "en")["key"]) == keys
    _no_raw_text(trend, TEXT_COLUMNS)
    for _, part in trend.groupby("metric"):
        assert part["start"].is_monotonic_increasing


def test_ranges_stay_ranges_and_at_least_stays_open_above(seed_frames: Any) -> None:
    _, aggregates = seed_frames
    trend = national_trend(aggregates, "nl").set_index("key")
    between = trend.loc["los-2006-persons-001"]
    assert between["is_range"] and pd.isna(between["value"]) and (between["low"], between["high"]) == (2000, 3000)
    assert between["value_text"] == "2.000–3.000" and between["segment"] == ""
    at_least = trend[trend["value_text"] == "ruim 100"]
    assert len(at_least) == 2 and at_least["open_above"].all() and at_least["high"].isna().all()
    assert (at_least["low"] == 100).all() and (at_least["value"] == 100).all()


def test_conflicting_sources_are_separate_marks_and_only_touching_periods_are_joined(seed_frames: Any) -> None:
    _, aggregates = seed_frames
    trend = national_trend(aggregates, "nl")
    in_2006 = trend[(trend["metric"] == "organisations") & (trend["start"] == pd.Timestamp("2006-01-01"))]
    assert in_2006["source_doc"].nunique() == 2  # Koppes 2017 and Stichting LOS disagree: two colours
    # 768, 609, 546 residents in 2013, 2014, 2015 (Koppes, one population): one line; 2002 and 2006 stand alone.
    residents = trend[trend["key"].str.startswith("los-outflow-table-") & trend["key"].str.endswith("-residents")]
    assert residents["segment"].nunique() == 1 and (residents["segment"] != "").all()
    alone = trend[trend["key"].isin(["vng-2002-persons", "los-2006-persons-participating-001"])]
    assert (alone["segment"] == "").all()
    _segments_touch(trend)


def test_the_table_beside_the_chart_is_by_date_and_names_each_source(seed_frames: Any) -> None:
    _, aggregates = seed_frames
    trend = national_trend(aggregates, "en")
    table = trend_table(trend, "en", "group")
    assert table.columns.tolist() == ["Period", "Measure", "Population", "Value", "Status", "Source"]
    starts = trend.sort_values(["start", "end"], kind="stable")["period_text"].tolist()
    assert table["Period"].tolist() == starts and table["Period"].iloc[0] == "2002"
    assert table["Source"].str.contains(r"\(\d{4}|n\.d\.\), line \d+$", regex=True).all(), table["Source"].tolist()
    assert "1,435" in table["Value"].tolist()  # the reader's number format, as text
    # A source without publisher is named by its title's first words, not by its marker alone.
    assert "[beschrijvende titel] Verkennende… (n.d.), line 225" in table["Source"].tolist()


# --- synthetic: ten years of months ------------------------------------------------------------


def test_ten_years_of_months_make_one_line_per_offer_broken_only_at_ranges(synthetic_figures: pd.DataFrame) -> None:
    trend = municipal_trend(synthetic_figures, "nl")
    assert len(trend) == 2 * 3 * 120
    assert trend["source"].eq(trend["source_doc"]).all()  # no line number for synthetic rows
    _segments_touch(trend)
    ranges = trend[trend["is_range"]]
    assert not ranges.empty and ranges["value"].isna().all() and (ranges["segment"] == "").all()
    # Without ranges the 120 months of one offer and measure would be one segment: count the breaks.
    one = trend[(trend["metric"] == "places") & (trend["subject"] == trend["subject"].iloc[0])]
    assert one["segment"].replace("", pd.NA).dropna().nunique() <= one["is_range"].sum() + 1


def test_a_missing_month_breaks_the_line(synthetic_figures: pd.DataFrame) -> None:
    # Every month a single number (a range breaks a line by itself), then one month left out.
    frame = synthetic_figures
    exact = frame.assign(qualifier="exact", value=frame["value"].fillna(frame["value_low"]))
    gap = exact["period_start"] == dt.date(2020, 6, 1)
    trend = municipal_trend(exact[~gap], "nl")
    _segments_touch(trend)
    for _, series in trend.groupby(["metric", "subject"]):
        # Exactly one line before and one after the gap, none across it.
        assert series["segment"].nunique() == 2
        before = series[series["start"] < pd.Timestamp("2020-06-01")]["segment"]
        after = series[series["start"] > pd.Timestamp("2020-06-01")]["segment"]
        assert set(before).isdisjoint(set(after))


def test_a_second_source_for_the_same_months_is_a_separate_series(synthetic_figures: pd.DataFrame) -> None:
    exact = synthetic_figures[synthetic_figures["qualifier"] == "exact"]
    other = exact.assign(
        key=exact["key"] + "-other",
        source_key="other",
        source_publisher="Another publisher",
        source_year=2026,
        value=exact["value"] + 1,
    )
    trend = municipal_trend(pd.concat([exact, other]), "nl")
    assert "Another publisher (2026)" in set(trend["source_doc"]) and trend["source_doc"].nunique() == 2
    _segments_touch(trend)
    for _, segment in trend[trend["segment"] != ""].groupby("segment"):
        assert segment["source_doc"].nunique() == 1


def test_synthetic_rows_say_they_are_synthetic(synthetic_figures: pd.DataFrame) -> None:
    assert (synthetic_figures["source_key"] == SOURCE_KEY).all()
    trend = municipal_trend(synthetic_figures, "en")
    assert trend["source_doc"].str.startswith("Opvangmonitor test generator").all()
    _no_raw_text(trend, TEXT_COLUMNS)
    table = trend_table(trend, "en")
    assert pd.to_datetime(trend.sort_values("start")["start"]).is_monotonic_increasing
    assert table["Period"].iloc[0] == "Jan 2017" and table["Period"].iloc[-1] == "Dec 2026"


# --- the chart spec -----------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _axis_titles(spec: dict[str, Any]) -> set[str]:
    titles = set()
    for node in _walk(spec):
        for channel in ("x", "y"):
            encoding = node.get("encoding", {}).get(channel) if isinstance(node.get("encoding"), dict) else None
            if isinstance(encoding, dict):
                title = encoding.get("title") or (encoding.get("axis") or {}).get("title")
                if title:
                    titles.add(title)
    return titles


def chart_specs(trend: pd.DataFrame, title: str, lang: str, national: bool = False) -> list[dict[str, Any]]:
    return [chart.to_dict() for chart in trend_charts(trend, title, lang, national=national)]


def panel_titles(specs: list[dict[str, Any]]) -> list[str]:
    """Each panel's measure: the first panel's under the chart's title, as its subtitle."""
    return [specs[0]["title"]["subtitle"], *[spec["title"]["text"] for spec in specs[1:]]]


def chart_title(specs: list[dict[str, Any]]) -> str:
    return " ".join(specs[0]["title"]["text"])


def _rows(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for spec in specs for rows in spec["datasets"].values() for row in rows]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_chart_has_a_title_axis_titles_with_units_and_a_time_locale(seed_frames: Any, lang: str) -> None:
    figures, aggregates = seed_frames
    title = "Amsterdam: a title long enough to be given in two lines"
    specs = chart_specs(municipal_trend(figures, lang), title, lang)
    assert chart_title(specs) == title and len(specs[0]["title"]["text"]) == 2
    assert all(isinstance(spec["title"]["text"], str) for spec in specs[1:])
    if lang == "nl":
        assert panel_titles(specs) == ["Plaatsen", "Opgevangen personen"]
        assert {"plaatsen", "personen", "Peilperiode"} <= {t for s in specs for t in _axis_titles(s)}
    else:
        assert panel_titles(specs) == ["Places", "Persons sheltered"]
        assert {"places", "persons", "Reference period"} <= {t for s in specs for t in _axis_titles(s)}
    for spec in specs:
        locale = spec["config"]["locale"]
        assert locale["time"]["shortMonths"][2] == ("mrt", "Mar")[lang == "en"]
        assert locale["time"]["months"][11] == ("december", "December")[lang == "en"]
        assert locale["number"]["thousands"] == (".", ",")[lang == "en"]
        # Fit the page's width, keep the plot's height (Streamlit would squeeze title and legends into it).
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"} and spec["width"] == "container"
    x_axes = [n["encoding"]["x"] for s in specs for n in _walk(s) if "x" in n.get("encoding", {})]
    assert all(x["scale"]["type"] == "utc" and x["axis"]["format"] == "%b %Y" for x in x_axes)
    # The same time axis in every panel, so the panels read one under the other.
    assert len({json.dumps(x["scale"]["domain"]) for x in x_axes}) == 1
    national = chart_specs(national_trend(aggregates, lang), "NL", lang, national=True)
    assert {
        n["encoding"]["x"]["axis"]["format"] for s in national for n in _walk(s) if "x" in n.get("encoding", {})
    } == {"%Y"}
    assert len(national) == 3  # persons, waiting list, organisations: no national places published


def test_each_mark_says_its_source_and_status_and_colour_is_the_source(seed_frames: Any) -> None:
    _, aggregates = seed_frames
    trend = national_trend(aggregates, "nl")
    specs = chart_specs(trend, "NL", "nl", national=True)
    marks = [n for s in specs for n in _walk(s) if "mark" in n and isinstance(n.get("encoding"), dict)]
    kind = [(m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) for m in marks]
    points = [m for m, k in zip(marks, kind, strict=True) if k == "point"]
    assert len(points) == len(specs)
    for mark in points:
        fields = {tip["field"] for tip in mark["encoding"]["tooltip"]}
        assert {"source", "status_text", "value_text", "period_text", "subject"} <= fields
        assert mark["encoding"]["color"]["field"] == "source_doc"
        # One colour per source in every panel, whichever sources a panel has.
        assert mark["encoding"]["color"]["scale"]["domain"] == sorted(set(trend["source_doc"]))
        assert mark["encoding"]["shape"]["field"] == "kind"
    lines = [m for m, k in zip(marks, kind, strict=True) if k == "line"]
    assert lines and all(m["encoding"]["detail"]["field"] == "segment" for m in lines)
    # The legends once: kinds of value under the title, sources under the last panel.
    assert [p["encoding"]["shape"].get("legend") is not None for p in points] == [True, False, False]
    assert [p["encoding"]["color"].get("legend") is not None for p in points] == [False, False, True]
    values = _rows(specs)
    assert len(values) == len(trend)
    assert {row["start"] for row in values} >= {"2002-01-01", "2016-12-01"}  # days as ISO dates, read as UTC


def test_a_synthetic_chart_spans_years_with_year_ticks(synthetic_figures: pd.DataFrame) -> None:
    specs = chart_specs(municipal_trend(synthetic_figures, "nl"), "Almere", "nl")
    assert panel_titles(specs) == ["Plaatsen", "Opgevangen personen", "Wachtlijst (personen)"]
    assert "personen op de wachtlijst" in _axis_titles(specs[2])
    assert len(_rows(specs)) == 2 * 3 * 120
