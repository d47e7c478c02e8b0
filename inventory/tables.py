"""The published tables by name, each loaded under the filters it can apply, typed from the
declared schema: what the API, the command line and the data package hand out."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy.orm import Session

from inventory import queries
from inventory.applicability import applied_filters
from inventory.columns import conform, table_columns
from inventory.filters import Filters


def _municipalities(session: Session, filters: Filters) -> pd.DataFrame:
    overview = queries.municipality_overview(session, filters)
    if filters.municipality:
        overview = overview[overview["municipality_code"] == filters.municipality]
    return overview.reset_index(drop=True)


def _gaps(session: Session, filters: Filters) -> pd.DataFrame:
    # geo builds on inventory, so the gap analysis is imported where it is used.
    from geo.analysis import gap_table

    return gap_table(session, filters.shelter_form, filters.stand)


_LOADERS: dict[str, Callable[[Session, Filters], pd.DataFrame]] = {
    "figures": lambda s, f: queries.figures(s, f),
    "aggregates": lambda s, f: queries.aggregates(s, f),
    "outcomes": queries.outcomes,
    "facilities": queries.facilities,
    "municipalities": _municipalities,
    "programme_memberships": queries.programme_memberships,
    "sources": lambda s, f: queries.sources(s),
    "gaps": _gaps,
}


def load(session: Session, table: str, filters: Filters) -> pd.DataFrame:
    """Every row of `table` under the filters it can apply (what its page shows), typed."""
    frame = _LOADERS[table](session, applied_filters(table, filters))
    columns = table_columns(table)
    if list(frame.columns) != columns:
        # A column without a declared place and type would leave the file and its schema unlike.
        raise RuntimeError(f"{table} returned columns {list(frame.columns)}, declared {columns}")
    return conform(frame)
