"""The declared type of every column a table publishes, and the Table Schema built from it.

Exports and the API type their columns from here, never from pandas' guess: an integer column
with a missing value stays integer, an empty column keeps its type, and the CSV, the XLSX and the
data package all agree with one schema. A column a query returns without a type here is a bug
(tests/test_open_data.py checks every table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from inventory.enums import LabelledEnum, OutcomeCategory
from inventory.i18n import column_label, t
from inventory.presentation import ENUM_COLUMNS
from inventory.published import AGGREGATE_COLUMNS, MEMBERSHIP_COLUMNS, OUTCOME_COLUMNS, SOURCE_COLUMNS
from inventory.queries import FACILITY_COLUMNS, FIGURE_COLUMNS, OVERVIEW_METRICS, overview_columns

# Table Schema types (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
INTEGER, NUMBER, BOOLEAN, DATE, DATETIME, STRING = "integer", "number", "boolean", "date", "datetime", "string"

# One type per column name: a name means the same thing in every table that has it.
_TYPES: dict[str, str] = {
    **dict.fromkeys(
        (
            "value",
            "value_low",
            "value_high",
            "reference_year",
            "source_year",
            "source_line",
            "year",
            "max_stay_months",
            "facilities",
        ),
        INTEGER,
    ),
    **dict.fromkeys(("share_pct", "lon", "lat", "distance_km"), NUMBER),
    **dict.fromkeys(
        (
            "legal_guidance",
            "social_guidance",
            "day_activities",
            "living_allowance",
            "regional_binding",
            "has_figures",
            "has_shelter",
        ),
        BOOLEAN,
    ),
    **dict.fromkeys(("period_start", "period_end", "opened_on", "closed_on", "last_period_end"), DATE),
    "entered_at": DATETIME,
}
# The per-measure columns of the municipality overview (`places_low`, `persons_period_end`, ...).
_MEASURE_TYPES = {
    "low": INTEGER,
    "high": INTEGER,
    "parts": INTEGER,
    "period_start": DATE,
    "period_end": DATE,
    "mixed_periods": BOOLEAN,
    "window_start": DATE,
    "outdated": INTEGER,
    "outdated_period_start": DATE,
    "outdated_period_end": DATE,
}
for _metric in OVERVIEW_METRICS:
    _TYPES.update({f"{_metric}_{suffix}": kind for suffix, kind in _MEASURE_TYPES.items()})

# Every published table, and the column that identifies a row.
TABLES = (
    "figures",
    "aggregates",
    "outcomes",
    "facilities",
    "municipalities",
    "programme_memberships",
    "sources",
    "gaps",
)
# In English for the OpenAPI document and the catalogue; both languages in inventory/texts/api.py.
TABLE_TITLES = {name: t(f"api_table_{name}", "en") for name in TABLES}
_COLUMNS: dict[str, list[str]] = {
    "figures": FIGURE_COLUMNS,
    "aggregates": AGGREGATE_COLUMNS,
    "outcomes": OUTCOME_COLUMNS,
    "facilities": FACILITY_COLUMNS,
    "municipalities": overview_columns(),
    "programme_memberships": MEMBERSHIP_COLUMNS,
    "sources": SOURCE_COLUMNS,
}
PRIMARY_KEYS = {
    "figures": "key",
    "aggregates": "key",
    "outcomes": "key",
    "facilities": "key",
    "municipalities": "municipality_code",
    "programme_memberships": "key",
    "sources": "key",
    "gaps": "code",
}
# Outcomes have categories of their own; every other coded column means the same in each table.
_TABLE_ENUMS: dict[str, dict[str, type[LabelledEnum]]] = {"outcomes": {"category": OutcomeCategory}}
# Figure-like tables cite a source by key: the data package checks that every key exists.
_SOURCE_KEY_TABLES = ("figures", "aggregates")
NON_NEGATIVE = ("value", "value_low", "value_high")


def table_columns(table: str) -> list[str]:
    """The columns of `table`, in order."""
    if table == "gaps":
        # geo builds on inventory (its exports among them), so its column list is read when asked for.
        from geo.analysis import GAP_COLUMNS

        return GAP_COLUMNS
    return _COLUMNS[table]


def column_type(column: str) -> str:
    return _TYPES.get(column, STRING)


def declared(column: str) -> bool:
    """Whether `column` is part of a published table (text columns need no entry in _TYPES)."""
    return any(column in table_columns(table) for table in TABLES)


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every column in its declared type: integers as nullable Int64 (never 120.0),
    booleans as nullable booleans, dates as dates, missing values as missing."""
    out = frame.copy()
    for column in out.columns:
        kind = column_type(str(column))
        series = out[column]
        if kind == INTEGER:
            out[column] = pd.array([None if _missing(v) else int(v) for v in series], dtype="Int64")
        elif kind == NUMBER:
            out[column] = pd.to_numeric(series, errors="raise").astype("Float64")
        elif kind == BOOLEAN:
            out[column] = pd.array([None if _missing(v) else bool(v) for v in series], dtype="boolean")
        elif kind == DATE:
            out[column] = pd.Series([_as_date(v) for v in series], index=out.index, dtype=object)
        elif kind == DATETIME:
            out[column] = pd.Series([_as_datetime(v) for v in series], index=out.index, dtype=object)
    return out


def for_text(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` ready for a text file: timestamps in ISO 8601 with a 'T' (what Table Schema reads),
    everything else as pandas writes it (dates as ISO dates, integers without '.0'). By value, so
    it works under translated headers too."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if (
            isinstance(series.dtype, pd.DatetimeTZDtype)
            or series.dtype.kind == "M"
            or (series.dtype == object and series.map(lambda v: isinstance(v, dt.datetime)).any())
        ):
            out[column] = [iso_moment(v) for v in series]
    return out


def iso_moment(value: object) -> str | None:
    """A timestamp as every text export writes it: ISO 8601 with 'T', UTC when the database
    gave none."""
    moment = _as_datetime(value)
    return None if moment is None else moment.isoformat()


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _as_date(value: object) -> dt.date | None:
    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _as_datetime(value: object) -> dt.datetime | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    # SQLite hands back naive timestamps; the database writes them in UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


# The row key keeps its machine name in every language, so extracts in Dutch and English join.
MACHINE_KEY = "key"


def export_label(column: str, lang: str, table: str | None = None) -> str:
    """A download's header: translated, except the row key, which joins extracts in any language.
    The sources table has headers of its own (its `title` is a document's, not a figure's)."""
    if column == MACHINE_KEY:
        return column
    return column_label(f"src_{column}" if table == "sources" else column, lang)


def trailing_columns(headers: Sequence[str], lang: str) -> tuple[str, str]:
    """The headers of a download's filters and licence columns, distinct from its own columns
    (the sources table has a licence column of its own)."""
    names = []
    for column in ("filters", "licence"):
        name = column_label(column, lang)
        names.append(f"{name} (Opvangmonitor)" if name in headers else name)
    return names[0], names[1]


def table_schema(
    table: str,
    columns: Sequence[str] | None = None,
    lang: str | None = None,
    extra_text: Sequence[str] = (),
) -> dict[str, Any]:
    """The Table Schema of `table` (its declared columns, or `columns` of it).

    Without `lang`: machine names and codes, as in the API and the data package. With `lang`: the
    headers and yes/no words of a localised export (`label(column, lang)` names a column), so the
    CSV and XLSX downloads are checked against the same types. `extra_text` adds trailing text
    columns (the filters and licence columns of a download)."""
    names = list(columns) if columns is not None else table_columns(table)
    enums = {**ENUM_COLUMNS, **_TABLE_ENUMS.get(table, {})}
    fields = []
    for column in names:
        kind = column_type(column)
        spec: dict[str, Any] = {"name": column if lang is None else export_label(column, lang, table), "type": kind}
        if lang is None:
            spec["title"] = column_label(column, "en")
        constraints: dict[str, Any] = {}
        if column in NON_NEGATIVE:
            constraints["minimum"] = 0
        if lang is None and column in enums:
            constraints["enum"] = enums[column].values()
        if constraints:
            spec["constraints"] = constraints
        if kind == BOOLEAN and lang is not None:
            spec["trueValues"], spec["falseValues"] = [t("yes", lang)], [t("no", lang)]
        fields.append(spec)
    fields += [{"name": name, "type": STRING} for name in extra_text]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    key = PRIMARY_KEYS.get(table)
    if key in names:
        schema["primaryKey"] = [key if lang is None else export_label(key, lang, table)]
    if lang is None and table in _SOURCE_KEY_TABLES and "source_key" in names:
        schema["foreignKeys"] = [{"fields": ["source_key"], "reference": {"resource": "sources", "fields": ["key"]}}]
    return schema


def json_type(column: str) -> list[str]:
    """The JSON Schema type of `column` in an API row (every column may be empty)."""
    kind = column_type(column)
    return [{INTEGER: "integer", NUMBER: "number", BOOLEAN: "boolean"}.get(kind, "string"), "null"]
