"""Derive the municipality table (code, name, province, inside point) from boundary files.

Used once by scripts/build_municipalities.py; kept here so the logic is importable and tested.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo import RD_NEW, WGS84

COLUMNS = ["code", "name", "province_code", "province_name", "lon", "lat"]
DECIMALS = 4

# Municipality counts per province for 2025 (from /work/shared/geo/README.md); the build
# asserts them so a wrong join or a changed input cannot slip through silently.
EXPECTED_PROVINCE_COUNTS_2025: dict[str, int] = {
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


def _rounded(point: Point) -> Point:
    return Point(round(point.x, DECIMALS), round(point.y, DECIMALS))


def inside_point(geom: BaseGeometry) -> Point:
    """A point inside ``geom`` that stays inside after rounding to 4 decimals.

    Prefers the centroid (the intuitive "middle"); falls back to the representative point
    when the centroid lies outside (crescent shapes, islands) or rounding pushes it out.
    """
    for candidate in (geom.centroid, geom.representative_point()):
        rounded = _rounded(candidate)
        if geom.contains(rounded):
            return rounded
    # Very thin shapes: shrink inwards until the rounded representative point is inside.
    shrunk = geom
    for _ in range(20):
        shrunk = shrunk.buffer(-0.0002)
        if shrunk.is_empty:
            break
        rounded = _rounded(shrunk.representative_point())
        if geom.contains(rounded):
            return rounded
    raise ValueError("no 4-decimal point found inside geometry")


def _normalise(gdf: gpd.GeoDataFrame, prefix: str) -> gpd.GeoDataFrame:
    out = gdf.rename(columns={"statcode": "code", "statnaam": "name"})[["code", "name", "geometry"]]
    out = out.to_crs(WGS84) if out.crs is not None else out.set_crs(WGS84)
    bad = ~out["code"].astype(str).str.fullmatch(prefix + r"\d+")
    if bad.any():
        raise ValueError(f"unexpected codes: {out.loc[bad, 'code'].tolist()[:5]}")
    return out


def derive_municipalities(
    gemeenten: gpd.GeoDataFrame,
    provincies: gpd.GeoDataFrame,
    expected_counts: dict[str, int] | None = EXPECTED_PROVINCE_COUNTS_2025,
) -> pd.DataFrame:
    """One row per municipality, sorted by code, with its province and an inside point."""
    gm = _normalise(gemeenten, "GM")
    pv = _normalise(provincies, "PV").rename(columns={"code": "province_code", "name": "province_name"})
    if gm["code"].duplicated().any():
        raise ValueError("duplicate municipality codes")

    # Spatial join on the representative point: it is always inside the municipality, and
    # far enough from borders that the separately generalised province outline contains it.
    # Done in RD New so "within" is evaluated on a planar grid.
    rep = gpd.GeoDataFrame(gm[["code"]], geometry=shapely.point_on_surface(gm.geometry.values), crs=WGS84).to_crs(
        RD_NEW
    )
    joined = gpd.sjoin(rep, pv.to_crs(RD_NEW), how="left", predicate="within")
    per_code = joined.groupby("code")["province_code"].count()
    wrong = per_code[per_code != 1]
    if not wrong.empty:
        raise ValueError(f"municipalities without exactly one province: {wrong.to_dict()}")

    table = gm.merge(joined[["code", "province_code", "province_name"]], on="code", how="left")
    points = [inside_point(g) for g in table.geometry]
    table["lon"] = [p.x for p in points]
    table["lat"] = [p.y for p in points]
    result = pd.DataFrame(table[COLUMNS]).sort_values("code").reset_index(drop=True)

    if expected_counts is not None:
        counts = result["province_name"].value_counts().to_dict()
        if counts != expected_counts:
            raise ValueError(f"province counts {counts} differ from expected {expected_counts}")
    return result
