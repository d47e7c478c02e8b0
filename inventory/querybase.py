"""What the query modules share: the value and provenance columns, period and currency tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

# How a row cites its source, after its own columns: the document, the line, the words quoted.
CITATION_COLUMNS = ["source_title", "source_publisher", "source_year", "source_file", "source_line", "quote"]
# What every figure-like row shows: the measure, its period, the qualified value and its source.
VALUE_COLUMNS = [
    "metric",
    "period_start",
    "period_end",
    "reference_year",
    "qualifier",
    "value",
    "value_low",
    "value_high",
    "display_value",
    "status",
    "source_key",
    "source_title",
    "source_publisher",
    "source_year",
    "source_file",
    "source_line",
]


def in_year(column: Any, year: int) -> Any:
    """A date range rather than extract(year): the database can then use the period_end index."""
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def as_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


COUNT_COLUMNS = ("value", "value_low", "value_high", "source_line", "source_year")


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts stay whole numbers when some are missing (nullable Int64, not float)."""
    for column in COUNT_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return frame
