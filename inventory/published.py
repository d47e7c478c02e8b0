"""Read-side queries of what the sources published beyond single offers: the national tables
(aggregates), outcomes, programme memberships and the sources themselves.

Every filter a table has a dimension for is applied here; `applicability` names the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from inventory.applicability import aggregate_form_cells, aggregate_target_cell
from inventory.filters import NO_FILTERS, Filters
from inventory.models import Aggregate, Municipality, Organisation, Outcome, ProgrammeMembership, Source
from inventory.querybase import CITATION_COLUMNS, VALUE_COLUMNS, in_year, whole_numbers
from inventory.snapshot import current_at, entered_by
from inventory.values import format_value

AGGREGATE_COLUMNS = [
    "key",
    "table",
    "population",
    "category",
    "hours",
    "criterion",
    "target_group",
    "programme",
    "organisation",
    *VALUE_COLUMNS,
    "also_lines",
    "quote",
    "conflict_group",
    "note",
]
OUTCOME_COLUMNS = [
    "key",
    "scope",
    "organisation",
    "programme",
    "municipality",
    "population",
    "period_start",
    "period_end",
    "reference_year",
    "category",
    "detail",
    "qualifier",
    "value",
    "value_low",
    "value_high",
    "display_value",
    "share_pct",
    "share_base",
    "status",
    *CITATION_COLUMNS,
    "conflict_group",
    "note",
]
MEMBERSHIP_COLUMNS = [
    "key",
    "municipality_code",
    "municipality",
    "programme",
    "role",
    "period_start",
    "period_end",
    "period_note",
    *CITATION_COLUMNS,
]
SOURCE_COLUMNS = ["key", "title", "publisher", "year", "seed_file", "url", "licence", "note"]


def _source_columns(src: Source | None) -> dict[str, Any]:
    return {
        "source_title": src.title if src else None,
        "source_publisher": src.publisher if src else None,
        "source_year": src.year if src else None,
        "source_file": src.seed_file if src else None,
    }


def _aggregate_filters(stmt: Select[Any], filters: Filters) -> Select[Any]:
    """Every filter that maps to a dimension of the published tables; the others cannot apply."""
    if filters.year:
        stmt = stmt.where(in_year(Aggregate.period_end, filters.year))
    if filters.shelter_form and (cell := aggregate_form_cells(filters.shelter_form)) is not None:
        category, hours = cell
        stmt = stmt.where(Aggregate.category == category)
        if hours is not None:
            stmt = stmt.where(Aggregate.hours == hours)
    if filters.criterion:
        stmt = stmt.where(Aggregate.criterion == filters.criterion)
    if filters.target_group and (target := aggregate_target_cell(filters.target_group)) is not None:
        column, value = target
        stmt = stmt.where(getattr(Aggregate, column) == value)
    if filters.programme:
        stmt = stmt.where(Aggregate.programme == filters.programme)
    if filters.metric:
        stmt = stmt.where(Aggregate.metric == filters.metric)
    return stmt


def aggregates(session: Session, filters: Filters = NO_FILTERS, table: str | None = None) -> pd.DataFrame:
    """Published national or grouped figures, exactly as printed, narrowed by `filters`."""
    stmt = (
        select(Aggregate, Organisation.name, Source)
        .outerjoin(Organisation, Aggregate.organisation_id == Organisation.id)
        .outerjoin(Source, Aggregate.source_id == Source.id)
        .where(current_at(Aggregate, filters.stand))
        .order_by(Aggregate.period_end, Aggregate.table_name, Aggregate.id)
    )
    if table:
        stmt = stmt.where(Aggregate.table_name == table)
    records = [
        {
            "key": a.key,
            "table": a.table_name,
            "population": a.population,
            "category": a.category,
            "hours": a.hours,
            "criterion": a.criterion,
            "target_group": a.target_group,
            "programme": a.programme,
            "organisation": org,
            "metric": a.metric,
            "period_start": a.period_start,
            "period_end": a.period_end,
            "reference_year": a.period_end.year,
            "qualifier": a.qualifier,
            "value": a.value,
            "value_low": a.value_low,
            "value_high": a.value_high,
            "display_value": format_value(a.qualifier, a.value, a.value_low, a.value_high),
            "status": a.status,
            "source_key": src.key if src else None,
            **_source_columns(src),
            "source_line": a.source_line,
            "also_lines": a.also_lines,
            "quote": a.quote,
            "conflict_group": a.conflict_group,
            "note": a.note,
        }
        for a, org, src in session.execute(_aggregate_filters(stmt, filters))
    ]
    return whole_numbers(pd.DataFrame.from_records(records, columns=AGGREGATE_COLUMNS))


def outcomes(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    stmt = (
        select(Outcome, Organisation.name, Municipality.name, Source)
        .outerjoin(Organisation, Outcome.organisation_id == Organisation.id)
        .outerjoin(Municipality, Outcome.municipality_code == Municipality.code)
        .outerjoin(Source, Outcome.source_id == Source.id)
        .where(current_at(Outcome, filters.stand))
        .order_by(Outcome.period_end, Outcome.id)
    )
    if filters.year:
        stmt = stmt.where(in_year(Outcome.period_end, filters.year))
    if filters.municipality:
        stmt = stmt.where(Outcome.municipality_code == filters.municipality)
    if filters.programme:
        stmt = stmt.where(Outcome.programme == filters.programme)
    records = [
        {
            "key": o.key,
            "scope": o.scope,
            "organisation": org,
            "programme": o.programme,
            "municipality": muni,
            "population": o.population,
            "period_start": o.period_start,
            "period_end": o.period_end,
            "reference_year": o.period_end.year,
            "category": o.category,
            "detail": o.detail,
            "qualifier": o.qualifier,
            "value": o.value,
            "value_low": o.value_low,
            "value_high": o.value_high,
            "display_value": (
                format_value(o.qualifier, o.value, o.value_low, o.value_high)
                if o.value is not None or o.value_low is not None
                else ""
            ),
            "share_pct": o.share_pct,
            "share_base": o.share_base,
            "status": o.status,
            **_source_columns(src),
            "source_line": o.source_line,
            "quote": o.quote,
            "conflict_group": o.conflict_group,
            "note": o.note,
        }
        for o, org, muni, src in session.execute(stmt)
    ]
    return whole_numbers(pd.DataFrame.from_records(records, columns=OUTCOME_COLUMNS))


def programme_memberships(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    stmt = (
        select(ProgrammeMembership, Municipality.name, Source)
        .join(Municipality, ProgrammeMembership.municipality_code == Municipality.code)
        .outerjoin(Source, ProgrammeMembership.source_id == Source.id)
        .order_by(ProgrammeMembership.programme, Municipality.name)
        .where(entered_by(ProgrammeMembership, filters.stand))
    )
    if filters.programme:
        stmt = stmt.where(ProgrammeMembership.programme == filters.programme)
    if filters.municipality:
        stmt = stmt.where(ProgrammeMembership.municipality_code == filters.municipality)
    if filters.province:
        stmt = stmt.where(Municipality.province_code == filters.province)
    records = [
        {
            "key": m.key,
            "municipality_code": m.municipality_code,
            "municipality": name,
            "programme": m.programme,
            "role": m.role,
            "period_start": m.period_start,
            "period_end": m.period_end,
            "period_note": m.period_note,
            **_source_columns(src),
            "source_line": m.source_line,
            "quote": m.quote,
        }
        for m, name, src in session.execute(stmt)
    ]
    return whole_numbers(pd.DataFrame.from_records(records, columns=MEMBERSHIP_COLUMNS))


def sources(session: Session, keys: Sequence[str] | None = None, stand: dt.date | None = None) -> pd.DataFrame:
    """The sources (those with `keys`), as the database held them at `stand`."""
    stmt = select(Source).where(entered_by(Source, stand)).order_by(Source.key)
    if keys is not None:
        stmt = stmt.where(Source.key.in_(list(keys)))
    records = [{c: getattr(s, c) for c in SOURCE_COLUMNS} for s in session.scalars(stmt)]
    return pd.DataFrame.from_records(records, columns=SOURCE_COLUMNS)
