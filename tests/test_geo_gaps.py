"""geo.gaps.nearest_with_shelter on the real municipality table."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from geo.analysis import gap_table
from geo.boundaries import read_boundaries_file
from geo.centroids import load_centroids
from geo.gaps import nearest_with_shelter
from inventory import queries
from inventory.database import session_scope

AMSTERDAM, ROTTERDAM, GRONINGEN, EINDHOVEN, UTRECHT = "GM0363", "GM0599", "GM0014", "GM0772", "GM0344"
HAARLEM, MAASTRICHT = "GM0392", "GM0935"
BIG_FIVE = {AMSTERDAM, ROTTERDAM, GRONINGEN, EINDHOVEN, UTRECHT}
SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"


def _haversine_km(a: pd.Series, b: pd.Series) -> float:
    """Independent great-circle distance, to cross-check the RD New computation."""
    lat1, lat2 = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlon = lat2 - lat1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def points() -> pd.DataFrame:
    return load_centroids()[["code", "name", "lon", "lat"]]


@pytest.fixture(scope="module")
def result(points: pd.DataFrame) -> pd.DataFrame:
    return nearest_with_shelter(points, BIG_FIVE).set_index("code")


def test_columns_and_rows(result: pd.DataFrame, points: pd.DataFrame) -> None:
    assert list(result.reset_index().columns) == ["code", "name", "nearest_code", "nearest_name", "distance_km"]
    assert len(result) == len(points) - len(BIG_FIVE)
    assert not BIG_FIVE & set(result.index)
    assert set(result["nearest_code"]) <= BIG_FIVE
    assert result["distance_km"].notna().all()


def test_haarlem_nearest_is_amsterdam(result: pd.DataFrame, points: pd.DataFrame) -> None:
    row = result.loc[HAARLEM]
    assert (row["nearest_code"], row["nearest_name"]) == (AMSTERDAM, "Amsterdam")
    assert 15 <= row["distance_km"] <= 25
    p = points.set_index("code")
    assert row["distance_km"] == pytest.approx(_haversine_km(p.loc[HAARLEM], p.loc[AMSTERDAM]), abs=0.5)


def test_maastricht_nearest_is_eindhoven(result: pd.DataFrame, points: pd.DataFrame) -> None:
    row = result.loc[MAASTRICHT]
    assert row["nearest_code"] == EINDHOVEN
    # Straight line between the two inside points is about 68 km (road distance is ~90 km).
    assert 60 <= row["distance_km"] <= 95
    p = points.set_index("code")
    assert row["distance_km"] == pytest.approx(_haversine_km(p.loc[MAASTRICHT], p.loc[EINDHOVEN]), rel=0.01)


def test_sorted_by_distance_descending(result: pd.DataFrame) -> None:
    distances = result["distance_km"].tolist()
    assert distances == sorted(distances, reverse=True)
    assert distances[0] > distances[-1]
    assert (result["distance_km"] == result["distance_km"].round(1)).all()


def test_distance_is_symmetric(points: pd.DataFrame) -> None:
    pairs = [(HAARLEM, AMSTERDAM), (MAASTRICHT, GRONINGEN), ("GM0080", "GM0772")]
    for a, b in pairs:
        a_to_b = nearest_with_shelter(points, {b}).set_index("code").loc[a, "distance_km"]
        b_to_a = nearest_with_shelter(points, {a}).set_index("code").loc[b, "distance_km"]
        assert a_to_b == b_to_a
        assert a_to_b > 0


def test_empty_set_gives_nan_not_zero(points: pd.DataFrame) -> None:
    empty = nearest_with_shelter(points, set())
    assert len(empty) == len(points)
    assert empty["distance_km"].isna().all()
    assert all(code is None for code in empty["nearest_code"])
    assert all(name is None for name in empty["nearest_name"])


def test_unknown_codes_are_ignored(points: pd.DataFrame) -> None:
    res = nearest_with_shelter(points, {"GM9999", AMSTERDAM})
    assert set(res["nearest_code"]) == {AMSTERDAM}
    assert len(res) == len(points) - 1


def test_boundary_points_can_be_used(points: pd.DataFrame) -> None:
    path = SHARED_GEO / "gemeenten_2025.geojson"
    if not path.is_file():
        pytest.skip(f"shared boundary file {path} not available")
    res = nearest_with_shelter(points, BIG_FIVE, boundaries=read_boundaries_file(path)).set_index("code")
    assert res.loc[HAARLEM, "nearest_code"] == AMSTERDAM
    assert 10 <= res.loc[HAARLEM, "distance_km"] <= 30


def test_fast_enough(points: pd.DataFrame) -> None:
    nearest_with_shelter(points, BIG_FIVE)  # warm-up: first use loads the pyproj database
    start = time.perf_counter()
    for _ in range(5):
        nearest_with_shelter(points, BIG_FIVE)
    per_call = (time.perf_counter() - start) / 5
    print(f"nearest_with_shelter: {per_call * 1000:.1f} ms per call")
    assert per_call < 0.5


def test_a_gap_cites_the_source_of_one_offer_whole(seeded_engine: Engine) -> None:
    """Haaksbergen's nearest offer is in Utrecht, whose offers cite two sources, one without a
    year: the row cites one offer's source with that source's own year, never a mix of two."""
    citation = ["source_title", "source_publisher", "source_year", "source_file", "source_line"]
    with session_scope(seeded_engine) as session:
        gaps = gap_table(session)
        offers = queries.facilities(session)
    sources = {
        (code, *(None if pd.isna(v) else v for v in row))
        for code, row in zip(offers["municipality_code"], offers[citation].itertuples(index=False), strict=True)
    }
    cited = gaps[gaps["nearest_code"].notna()]
    assert len(cited) > 300
    for row in cited.to_dict("records"):
        assert (row["nearest_code"], *(None if pd.isna(row[c]) else row[c] for c in citation)) in sources, row
    haaksbergen = cited.set_index("code").loc["GM0158"]
    assert haaksbergen["nearest_code"] == UTRECHT
    first = offers[offers["municipality_code"] == UTRECHT].iloc[0]
    assert haaksbergen["nearest_offers"].startswith(first["label"])
    assert haaksbergen["source_publisher"] == first["source_publisher"]
    assert pd.isna(haaksbergen["source_year"]) == pd.isna(first["source_year"])
