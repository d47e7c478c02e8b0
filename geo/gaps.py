"""Gap analysis: for each municipality without shelter, the nearest one that has shelter."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import RD_NEW, WGS84

OUTPUT_COLUMNS = ["code", "name", "nearest_code", "nearest_name", "distance_km"]


def _points_rd(points: pd.DataFrame, boundaries: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """Points in RD New; a boundary's representative point replaces lon/lat where given."""
    gdf = gpd.GeoDataFrame(
        points[["code", "name"]].reset_index(drop=True),
        geometry=gpd.points_from_xy(points["lon"], points["lat"]),
        crs=WGS84,
    )
    if boundaries is not None:
        inside = shapely.point_on_surface(boundaries.to_crs(WGS84).geometry.values)
        rep = dict(zip(boundaries["code"], inside, strict=True))
        gdf["geometry"] = [rep.get(code, geom) for code, geom in zip(gdf["code"], gdf.geometry, strict=True)]
    return gdf.to_crs(RD_NEW)


def nearest_with_shelter(
    all_codes_points: pd.DataFrame,
    with_shelter: Iterable[str],
    boundaries: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """For every municipality not in ``with_shelter``: nearest one in it and the distance.

    ``all_codes_points`` has columns code, name, lon, lat (WGS84), e.g. ``load_centroids()``.
    Distances are straight lines between the inside points, in km (1 decimal), measured in
    RD New. Sorted by distance descending (largest gaps first), then by code. With an empty
    ``with_shelter`` every row has nearest_code/nearest_name None and distance NaN: "no
    shelter anywhere" must never read as "0 km away". Codes in ``with_shelter`` that are not
    in the table are ignored.
    """
    shelter = set(with_shelter)
    points = _points_rd(all_codes_points, boundaries)
    has = points["code"].isin(shelter)
    without, targets = points[~has], points[has]

    if targets.empty:
        result = pd.DataFrame(
            {
                "code": without["code"].to_numpy(),
                "name": without["name"].to_numpy(),
                "nearest_code": pd.Series([None] * len(without), dtype=object),
                "nearest_name": pd.Series([None] * len(without), dtype=object),
                "distance_km": np.full(len(without), np.nan),
            }
        )
        return result.sort_values("code", ignore_index=True)[OUTPUT_COLUMNS]

    renamed = targets.rename(columns={"code": "nearest_code", "name": "nearest_name"})
    joined = gpd.sjoin_nearest(without, renamed, how="left", distance_col="distance_m")
    # Equidistant targets give several rows per municipality; keep the lowest code so the
    # result does not depend on index order.
    joined = joined.sort_values(["code", "nearest_code"]).drop_duplicates("code", keep="first")
    result = pd.DataFrame(
        {
            "code": joined["code"].to_numpy(),
            "name": joined["name"].to_numpy(),
            "nearest_code": joined["nearest_code"].astype(object).to_numpy(),
            "nearest_name": joined["nearest_name"].astype(object).to_numpy(),
            "distance_km": (joined["distance_m"].to_numpy() / 1000.0).round(1),
        }
    )
    result = result.sort_values(["distance_km", "code"], ascending=[False, True], ignore_index=True)
    return result[OUTPUT_COLUMNS]
