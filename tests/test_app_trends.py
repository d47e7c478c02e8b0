"""The trend charts on the municipality page and the overview, driven with AppTest: the chart is
there (as Vega-Lite, with its title, units and time locale), the table beside it is sorted by date
and names sources, and nothing raises; on the seed and with synthetic months added."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from inventory.database import make_engine
from inventory.synthetic import build_synthetic
from tests.test_app_pages import _fresh_caches, assert_ok, open_page  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env
from tests.test_trends import chart_title, panel_titles

SYNTHETIC_MUNICIPALITY = "GM0034"  # Almere: among the first codes, no figures in data/


def charts(at: Any) -> list[dict[str, Any]]:
    """The Vega-Lite specs the page sent (altair charts reach the browser as `vega_lite_chart`)."""
    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


@pytest.fixture(scope="module")
def seeded(app_env: str) -> Iterator[str]:
    assert_ok(open_page("overview"))  # the first start creates and seeds the database
    yield app_env


@pytest.fixture(scope="module")
def synthetic(seeded: str) -> Iterator[Engine]:
    engine = make_engine(seeded)
    build_synthetic(engine, municipalities=3, facilities_per_municipality=2, years=10, end_year=2026)
    yield engine
    engine.dispose()


def _trend_table(at: Any, source: str) -> pd.DataFrame:
    """The table beside the chart: period first, source last (the figures table below has more columns)."""
    shown = [*at.table, *at.dataframe]  # static up to 60 rows, a grid beyond
    (table,) = [df.value for df in shown if len(df.value.columns) == 6 and df.value.columns[-1] == source]
    return table


@pytest.mark.parametrize(
    ("lang", "title", "unit", "month"),
    [("nl", "door de tijd", "plaatsen", "mrt"), ("en", "over time", "places", "Mar")],
)
def test_amsterdam_shows_its_trend_chart_and_table(seeded: str, lang: str, title: str, unit: str, month: str) -> None:
    at = open_page("municipality", gemeente="GM0363", taal=lang)
    specs = charts(at)
    assert chart_title(specs).startswith("Amsterdam: ") and title in chart_title(specs)
    assert all(spec["config"]["locale"]["time"]["shortMonths"][2] == month for spec in specs)
    assert len(specs) == 2 and unit in json.dumps(specs[0])
    table = _trend_table(at, ("Bron", "Source")[lang == "en"])
    cells = table.astype(str)
    assert not cells.apply(lambda c: c.str.contains(r"\bnan\b|\bNone\b|<NA>", regex=True)).any().any()
    assert table.iloc[0, 0] == "2016"  # by date: the whole year 2016 first
    assert any(shown.value.shape == table.shape for shown in at.table)  # a few rows: a static table that wraps
    captions = " ".join(c.value for c in at.caption)
    assert ("Geen cijfers over: Wachtlijst (personen)", "No figures on: Waiting list (persons)")[
        lang == "en"
    ] in captions
    assert not [c for c in at.get("arrow_line_chart")]  # the untitled waiting-list chart is gone


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_overview_shows_the_national_chart_and_says_what_it_is(seeded: str, lang: str) -> None:
    at = open_page("overview", taal=lang)
    specs = charts(at)
    titles = ("Landelijke cijfers door de tijd, zoals gepubliceerd", "National figures over time, as published")
    assert chart_title(specs) == titles[lang == "en"] and len(specs) == 3
    captions = " ".join(c.value for c in at.caption)
    assert ("niet opgeteld uit gemeentelijke cijfers", "not added up from municipal figures")[lang == "en"] in captions
    table = _trend_table(at, ("Bron", "Source")[lang == "en"])
    assert ("Populatie", "Population")[lang == "en"] in table.columns
    assert table.iloc[0, 0] == "2002" and table.iloc[-1, 0].endswith("2017")


def test_a_municipality_with_ten_years_of_synthetic_months_renders(synthetic: Engine) -> None:
    at = open_page("municipality", gemeente=SYNTHETIC_MUNICIPALITY)
    specs = charts(at)
    assert panel_titles(specs) == ["Plaatsen", "Opgevangen personen", "Wachtlijst (personen)"]
    table = _trend_table(at, "Bron")
    assert len(table) == 2 * 3 * 120
    assert any(df.value.shape == (720, 6) for df in at.dataframe)  # ten years of months scroll in a grid
    assert table.iloc[0, 0] == "jan 2017" and table.iloc[-1, 0] == "dec 2026"


def test_a_municipality_without_figures_says_so_and_draws_no_chart(seeded: str) -> None:
    at = open_page("municipality", gemeente="GM1680")
    assert not charts(at)
