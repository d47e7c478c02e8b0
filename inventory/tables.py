"""The published tables by name, each loaded under the filters it can apply, typed from the
declared schema: what the API, the command line and the data package hand out."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy.orm import Session

from inventory import figure_queries, queries
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
    "figures": lambda s, f: figures_by_id(s, f),
    "aggregates": lambda s, f: queries.aggregates(s, f),
    "outcomes": queries.outcomes,
    "facilities": queries.facilities,
    "municipalities": _municipalities,
    "programme_memberships": queries.programme_memberships,
    "sources": lambda s, f: queries.sources(s, stand=f.stand),
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


def figures_by_id(session: Session, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The current figures (the first `limit`) in id order, as every export and the Tables page's
    preview give them: with a limit, an index range that costs the same however many figures there
    are, unlike a sort of the whole join."""
    stmt = figure_queries.by_id_statement(filters)
    result = session.execute(stmt if limit is None else stmt.limit(limit))
    criteria = figure_queries.criteria_by_facility(session)
    frame = figure_queries.figures_frame(result.all(), list(result.keys()), criteria)
    return frame[figure_queries.FIGURE_COLUMNS]


def figure_chunks(session: Session, filters: Filters, size: int = 5000) -> Iterator[pd.DataFrame]:
    """`figures_by_id`, `size` rows at a time from one streamed query (a server-side cursor on
    PostgreSQL): memory stays that of one chunk whatever the table's size."""
    criteria = figure_queries.criteria_by_facility(session)
    result = session.execute(figure_queries.by_id_statement(filters).execution_options(yield_per=size))
    names = list(result.keys())
    produced = False
    for part in result.partitions():
        produced = True
        yield figure_queries.figures_frame(part, names, criteria)[figure_queries.FIGURE_COLUMNS]
    if not produced:
        yield figure_queries.figures_frame([], names, criteria)[figure_queries.FIGURE_COLUMNS]
