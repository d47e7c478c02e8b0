"""Text that people typed, made safe to open in a spreadsheet."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import case, func, literal

# A cell starting with one of these is run as a formula by Excel and LibreOffice
# (spreadsheet formula injection); tab and carriage return start one in some versions too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralise(value: object) -> object:
    """A leading apostrophe makes a formula-like text show literally; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return _QUOTE + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`neutralise` on every text cell of `frame`, a column at a time (pandas' string methods, no
    Python call per cell): numbers, dates and missing values are left as they are."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "mixed", "mixed-integer"):
            continue  # e.g. an object column of dates: no text to neutralise
        risky = series.str.startswith(_FORMULA_STARTS).fillna(False).astype(bool)
        if risky.any():
            series = series.copy()
            series[risky] = _QUOTE + series[risky].astype(str)
            out[column] = series
    return out


def neutralise_sql(column: Any) -> Any:
    """`neutralise` in SQL, for a text column of a SELECT (same label), so rows streamed from the
    database need no Python per cell. SQLite and PostgreSQL both have substr and ||."""
    first = func.substr(column, 1, 1)
    return case((first.in_(_FORMULA_STARTS), literal(_QUOTE) + column), else_=column).label(column.name)
