"""How figures add up per municipality: totals beat parts, newest wins, seats are not beds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from inventory import queries
from inventory.database import session_scope
from inventory.enums import Qualifier
from inventory.filters import Filters
from inventory.values import QValue


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {"facility_key": None, "shelter_form": None, "value_low": None, "value_high": None, "qualifier": "exact"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_city_total_is_not_added_to_its_parts() -> None:
    frame = _frame(
        [
            {"key": "t", "municipality_code": "GM0014", "metric": "persons",
             "period_end": dt.date(2017, 1, 31), "value": 184},
            {"key": "a", "municipality_code": "GM0014", "facility_key": "c", "shelter_form": "specialised_24h",
             "metric": "persons", "period_end": dt.date(2017, 1, 31), "value": 110},
            {"key": "b", "municipality_code": "GM0014", "facility_key": "d", "shelter_form": "other",
             "metric": "persons", "period_end": dt.date(2017, 1, 31), "value": 74},
        ]
    )  # fmt: skip
    assert queries.municipality_values(frame, "persons") == {"GM0014": QValue(Qualifier.EXACT, 184)}


def test_newest_figure_per_facility_and_ranges_stay_ranges() -> None:
    frame = _frame(
        [
            {"key": "old", "municipality_code": "GM0772", "facility_key": "f", "metric": "places",
             "period_end": dt.date(2016, 1, 31), "value": 50},
            {"key": "new", "municipality_code": "GM0772", "facility_key": "f", "metric": "places",
             "period_end": dt.date(2017, 1, 31), "qualifier": "range", "value": None,
             "value_low": 80, "value_high": 90},
            {"key": "g", "municipality_code": "GM0772", "facility_key": "g", "metric": "places",
             "period_end": dt.date(2017, 1, 31), "value": 20},
            {"key": "seat", "municipality_code": "GM0772", "facility_key": "w", "shelter_form": "day_centre",
             "metric": "places", "period_end": dt.date(2017, 1, 31), "value": 75},
        ]
    )  # fmt: skip
    assert queries.municipality_values(frame, "places") == {"GM0772": QValue(Qualifier.RANGE, None, 100, 110)}
    assert queries.municipality_values(frame, "persons") == {}


def test_database_and_pandas_pick_the_same_newest_rows(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        full = queries.figures(session)
        latest = queries.latest_figure_values(session)
    for metric in ("places", "persons", "waiting_list"):
        assert queries.municipality_values(full, metric) == queries.municipality_values(latest, metric)
    groningen = queries.municipality_values(full, "persons")["GM0014"]
    assert groningen == QValue(Qualifier.EXACT, 184)


def test_overview_has_every_municipality_and_no_zero_for_missing(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        overview = queries.municipality_overview(session, Filters(year=2017))
    assert len(overview) == 342
    row = overview.set_index("municipality_code").loc["GM1680"]
    assert pd.isna(row["places_display"]) and not row["has_figures"]
    assert overview.set_index("municipality_code").loc["GM0599", "places_display"] == "110"


def test_preview_limit_and_count(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        total = queries.count_figures(session)
        preview = queries.figures(session, Filters(), False, 3)
        everything = queries.figures(session)
    assert total == len(everything) > 3
    assert list(preview["key"]) == list(everything["key"][:3])
