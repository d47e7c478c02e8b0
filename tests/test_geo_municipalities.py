"""data/municipalities.csv, its build script and geo.centroids."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo.centroids import load_centroids
from geo.derive import derive_municipalities, inside_point

REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "data" / "municipalities.csv"
SHARED_GEO = Path(__file__).resolve().parents[2] / "shared" / "geo"

# Written out here (not imported from geo.derive) so the test checks the code, not itself.
README_COUNTS = {
    "Groningen": 10,
    "Fryslân": 18,
    "Drenthe": 12,
    "Overijssel": 25,
    "Flevoland": 6,
    "Gelderland": 51,
    "Utrecht": 26,
    "Noord-Holland": 44,
    "Zuid-Holland": 50,
    "Zeeland": 13,
    "Noord-Brabant": 56,
    "Limburg": 31,
}


def _shared(name: str) -> Path:
    path = SHARED_GEO / name
    if not path.is_file():
        pytest.skip(f"shared boundary file {path} not available")
    return path


def test_csv_shape_and_codes() -> None:
    df = pd.read_csv(CSV, dtype=str)
    assert list(df.columns) == ["code", "name", "province_code", "province_name", "lon", "lat"]
    assert len(df) == 342
    assert df["code"].is_unique
    assert df["code"].map(lambda c: bool(re.fullmatch(r"GM\d{4}", c))).all()
    assert df["province_code"].map(lambda c: bool(re.fullmatch(r"PV\d{2}", c))).all()
    assert df["code"].tolist() == sorted(df["code"])
    # Rounded to at most 4 decimals.
    assert df["lon"].map(lambda v: len(v.split(".")[1]) <= 4).all()
    assert df["lat"].map(lambda v: len(v.split(".")[1]) <= 4).all()


def test_province_counts_match_shared_readme() -> None:
    df = pd.read_csv(CSV, dtype=str)
    assert df["province_name"].value_counts().to_dict() == README_COUNTS
    # One code per province name and vice versa.
    assert df.groupby("province_name")["province_code"].nunique().eq(1).all()
    assert df.groupby("province_code")["province_name"].nunique().eq(1).all()


def test_amsterdam_point() -> None:
    df = load_centroids()
    row = df.set_index("code").loc["GM0363"]
    assert row["name"] == "Amsterdam"
    assert row["province_name"] == "Noord-Holland"
    assert abs(row["lon"] - 4.90) <= 0.15
    assert abs(row["lat"] - 52.37) <= 0.15


def test_every_point_lies_inside_its_municipality() -> None:
    gm = gpd.read_file(_shared("gemeenten_2025.geojson")).set_index("statcode")
    df = load_centroids()
    outside = [
        c
        for c, x, y in zip(df["code"], df["lon"], df["lat"], strict=True)
        if not gm.loc[c].geometry.contains(Point(x, y))
    ]
    assert outside == []


def test_load_centroids_types_and_copy() -> None:
    first = load_centroids()
    assert first["code"].map(type).eq(str).all()
    assert first["lon"].dtype == float
    first.loc[0, "name"] = "changed"
    first["extra"] = 1
    again = load_centroids()
    assert again.loc[0, "name"] != "changed"
    assert "extra" not in again.columns


def test_build_script_reproduces_csv(tmp_path: Path) -> None:
    gem, prov = _shared("gemeenten_2025.geojson"), _shared("provincies_2025.geojson")
    out = tmp_path / "m.csv"
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_municipalities.py"), str(gem), str(prov), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == CSV.read_bytes()


def test_build_script_missing_input(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_municipalities.py"), str(tmp_path / "nope.geojson")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "not found" in proc.stderr


def test_wrong_province_counts_are_rejected() -> None:
    gem = gpd.read_file(_shared("gemeenten_2025.geojson"))
    prov = gpd.read_file(_shared("provincies_2025.geojson"))
    with pytest.raises(ValueError, match="province counts"):
        derive_municipalities(gem, prov, expected_counts={**README_COUNTS, "Zeeland": 14})


def test_municipality_outside_every_province_is_rejected() -> None:
    gem = gpd.read_file(_shared("gemeenten_2025.geojson"))
    prov = gpd.read_file(_shared("provincies_2025.geojson"))
    without_limburg = prov[prov["statcode"] != "PV31"]
    with pytest.raises(ValueError, match="exactly one province"):
        derive_municipalities(gem, without_limburg, expected_counts=None)


def test_inside_point_of_crescent_is_inside_not_centroid() -> None:
    # A U shape: its centroid lies in the empty middle.
    u_shape = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    assert not u_shape.contains(u_shape.centroid)
    point = inside_point(u_shape)
    assert u_shape.contains(point)
    assert round(point.x, 4) == point.x and round(point.y, 4) == point.y
