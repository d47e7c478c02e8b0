"""Municipality table with an inside point per municipality (data/municipalities.csv)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo import MUNICIPALITIES_CSV

_DTYPES = {"code": str, "name": str, "province_code": str, "province_name": str, "lon": float, "lat": float}


@lru_cache(maxsize=8)
def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=_DTYPES, keep_default_na=False, encoding="utf-8")


def load_centroids(path: Path | None = None) -> pd.DataFrame:
    """Columns code, name, province_code, province_name, lon, lat (WGS84), sorted by code.

    The file is read once per path; each call gets its own copy so a caller that adds
    columns cannot change what the next caller sees.
    """
    return _read(Path(path or MUNICIPALITIES_CSV).resolve()).copy()
