"""Read-side queries of figures: the published figure columns, the SELECT behind every figure
table (page, export, API), and the newest figures per subject that the map and overview add up.

`figures_statement` orders as a reader reads (municipality, measure, period); `by_id_statement`
orders by the primary key, so a page or a chunk of an export is an index range at any size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Date, DateTime, Integer, Select, String, cast, exists, extract, func, or_, select
from sqlalchemy.orm import Session, aliased

from inventory import snapshot
from inventory.enums import ReviewStatus
from inventory.filters import NO_FILTERS, Filters, facility_target_groups
from inventory.models import (
    Facility,
    FacilityCriterion,
    Figure,
    Municipality,
    Organisation,
    ProgrammeMembership,
    Province,
    Source,
)
from inventory.querybase import VALUE_COLUMNS, as_int, in_year, whole_numbers
from inventory.spreadsheet import neutralise_sql
from inventory.values import format_value

FIGURE_COLUMNS = [
    "key",
    "municipality_code",
    "municipality",
    "province",
    "facility_key",
    "facility",
    "operator",
    "shelter_form",
    "target_group",
    "criteria",
    "programme",
    *VALUE_COLUMNS,
    "review_status",
    "how_obtained",
    "basis",
    "period_note",
    "quote",
    "entered_by",
    "entered_at",
    "explanation",
    "conflict_group",
    "superseded_by",
    "supersedes",
    "note",
]


def _facility_filters(stmt: Select[Any], filters: Filters) -> Select[Any]:
    if filters.shelter_form:
        stmt = stmt.where(Facility.shelter_form == filters.shelter_form)
    if filters.target_group:
        stmt = stmt.where(Facility.target_group.in_(facility_target_groups(filters.target_group)))
    if filters.programme:
        in_programme = Facility.programme == filters.programme
        member = exists().where(
            ProgrammeMembership.municipality_code == Figure.municipality_code,
            ProgrammeMembership.programme == filters.programme,
            snapshot.entered_by(ProgrammeMembership, filters.stand),
        )
        stmt = stmt.where(in_programme | member)
    if filters.criterion:
        stmt = stmt.where(
            exists().where(
                FacilityCriterion.facility_id == Facility.id, FacilityCriterion.criterion == filters.criterion
            )
        )
    return stmt


_NEWER = aliased(Figure, name="newer")
_OLDER = aliased(Figure, name="older")
_SUPERSEDING = aliased(Figure, name="superseding")
_OPERATOR = aliased(Organisation, name="operator")


def _not_superseded(stand: dt.date | None = None) -> Any:
    """Figures the public sees: not superseded by a correction (NOT IN over the few superseded
    ids, one small set instead of an index probe per figure) and not rejected in review; with a
    `stand`, as the public saw them at the end of that day."""
    if stand is not None:
        return snapshot.visible_figure(stand)
    return Figure.id.not_in(select(_SUPERSEDING.supersedes_id).where(_SUPERSEDING.supersedes_id.is_not(None))) & or_(
        Figure.review_status.is_(None), Figure.review_status != ReviewStatus.REJECTED.value
    )


def _figure_select(
    columns: Sequence[Any],
    filters: Filters,
    include_superseded: bool,
    *,
    with_names: bool = False,
    in_id_order: bool = False,
) -> Select[Any]:
    """SELECT `columns` from figures with the joins the filters need, filtered.

    `in_id_order`: for a statement ordered by id, the year is matched on the (year, id) index,
    so the first rows of a year are an index range; a range on period_end would make the
    database sort every figure of that year (tens of thousands) to hand out the first thousand.

    Municipality, province and facility are joined only for their columns (`with_names`) or a
    filter on them: on hundreds of thousands of figures every join that is not needed costs."""
    stmt = select(*columns).select_from(Figure)
    if with_names or filters.province:
        stmt = stmt.join(Municipality, Figure.municipality_code == Municipality.code).join(
            Province, Municipality.province_code == Province.code
        )
    facility_filter = filters.shelter_form or filters.target_group or filters.criterion or filters.programme
    if with_names or facility_filter:
        stmt = stmt.outerjoin(Facility, Figure.facility_id == Facility.id)
    if not include_superseded:
        stmt = stmt.where(_not_superseded(filters.stand))
    elif filters.stand is not None:
        stmt = stmt.where(snapshot.entered_by(Figure, filters.stand))
    if filters.year:
        year = year_of_period(Figure) == filters.year if in_id_order else in_year(Figure.period_end, filters.year)
        stmt = stmt.where(year)
    if filters.province:
        stmt = stmt.where(Municipality.province_code == filters.province)
    if filters.municipality:
        stmt = stmt.where(Figure.municipality_code == filters.municipality)
    if filters.metric:
        stmt = stmt.where(Figure.metric == filters.metric)
    return _facility_filters(stmt, filters)


def criteria_by_facility(session: Session, facility_ids: Collection[int] | None = None) -> dict[int, str]:
    """Each offer's criteria, ';'-joined in code order (of `facility_ids` only, when given)."""
    stmt = select(FacilityCriterion.facility_id, FacilityCriterion.criterion)
    if facility_ids is not None:
        stmt = stmt.where(FacilityCriterion.facility_id.in_(sorted(facility_ids)))
    rows = session.execute(stmt.order_by(FacilityCriterion.facility_id, FacilityCriterion.criterion)).all()
    out: dict[int, list[str]] = {}
    for facility_id, criterion in rows:
        out.setdefault(facility_id, []).append(criterion)
    return {k: ";".join(v) for k, v in out.items()}


def _display_values(frame: pd.DataFrame) -> list[str]:
    """format_value per row, computed once per distinct (qualifier, value, low, high)."""
    cache: dict[tuple[Any, ...], str] = {}
    out = []
    for key in zip(frame["qualifier"], frame["value"], frame["value_low"], frame["value_high"], strict=True):
        text = cache.get(key)
        if text is None:
            text = cache[key] = format_value(key[0], *(as_int(v) for v in key[1:]))
        out.append(text)
    return out


# The order a reader sees figures in.
def _figure_order() -> tuple[Any, ...]:
    return (Municipality.name, Figure.metric, Figure.period_end, Figure.id)


def year_of_period(model: Any) -> Any:
    """The year a figure's period ends in, written exactly as the index `ix_figures_year_id`
    (models.py) is, so that the database can match it."""
    return extract("year", model.period_end)


def figures_statement(filters: Filters, include_superseded: bool, *, in_id_order: bool = False) -> Select[Any]:
    columns = [
        Figure.key,
        Figure.municipality_code,
        Municipality.name.label("municipality"),
        Province.name.label("province"),
        Facility.key.label("facility_key"),
        Facility.label.label("facility"),
        _OPERATOR.name.label("operator"),
        Facility.shelter_form,
        Facility.target_group,
        Facility.id.label("_facility_id"),
        Facility.programme,
        Figure.metric,
        Figure.period_start,
        Figure.period_end,
        Figure.qualifier,
        Figure.value,
        Figure.value_low,
        Figure.value_high,
        Figure.status,
        snapshot.review_status(filters.stand).label("review_status"),
        Figure.how_obtained,
        Figure.basis,
        Figure.period_note,
        Source.key.label("source_key"),
        Source.title.label("source_title"),
        Source.publisher.label("source_publisher"),
        Source.year.label("source_year"),
        Source.seed_file.label("source_file"),
        Figure.source_line,
        Figure.quote,
        Figure.entered_by,
        Figure.entered_at,
        Figure.explanation,
        Figure.conflict_group,
        _NEWER.key.label("superseded_by"),
        _OLDER.key.label("supersedes"),
        Figure.note,
        Figure.id.label("_id"),
    ]
    return (
        _figure_select(columns, filters, include_superseded, with_names=True, in_id_order=in_id_order)
        .outerjoin(_NEWER, snapshot.superseding_join(_NEWER, Figure, filters.stand))
        .outerjoin(_OPERATOR, Facility.operator_id == _OPERATOR.id)
        .outerjoin(Source, Figure.source_id == Source.id)
        .outerjoin(_OLDER, Figure.supersedes_id == _OLDER.id)
        .order_by(*([Figure.id] if in_id_order else _figure_order()))
    )


def by_id_statement(filters: Filters, *, neutralised: bool = False) -> Select[Any]:
    """The current figures under `filters` in id order (the primary key: a page or a chunk of the
    CSV is an index range, never a sort of the whole join), with `reference_year` from SQL.
    `neutralised` (for the CSV): text columns made safe for spreadsheets, and dates as their ISO
    text, both in SQL, so no Python runs per cell (SQLite stores that text; PostgreSQL casts to it)."""
    base = figures_statement(filters, False, in_id_order=True)
    columns: list[Any] = list(base.selected_columns)
    if neutralised:
        columns = [
            neutralise_sql(c)
            if isinstance(c.type, String)
            else cast(c, String).label(c.name)
            if isinstance(c.type, Date) and not isinstance(c.type, DateTime)
            else c
            for c in columns
        ]
    # An integer on every dialect (EXTRACT gives a numeric on PostgreSQL); the WHERE keeps the
    # bare expression, which the index matches.
    columns.append(cast(year_of_period(Figure), Integer).label("reference_year"))
    return base.with_only_columns(*columns)


def figures_frame(rows: Sequence[Any], names: Sequence[str], criteria: dict[int, str]) -> pd.DataFrame:
    """The published columns of figure rows; `_id` is kept for the caller that pages."""
    frame = pd.DataFrame(rows, columns=list(names))
    if frame.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "_id"])
    has_facility = frame["_facility_id"].notna()
    frame["criteria"] = [
        criteria.get(int(f), "") if present else None
        for f, present in zip(frame["_facility_id"], has_facility, strict=True)
    ]
    frame["reference_year"] = [d.year for d in frame["period_end"]]
    frame = whole_numbers(frame)
    frame["display_value"] = _display_values(frame)
    return frame[[*FIGURE_COLUMNS, "_id"]]


def figures(
    session: Session, filters: Filters = NO_FILTERS, include_superseded: bool = False, limit: int | None = None
) -> pd.DataFrame:
    """Every facility- and municipality-level figure with its provenance, one row per record
    (the first `limit` in table order, when given). Counts are nullable integers.

    Plain columns, not ORM objects, so that a few hundred thousand rows stay fast."""
    stmt = figures_statement(filters, include_superseded)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = session.execute(stmt)
    frame = figures_frame(result.all(), list(result.keys()), criteria_by_facility(session))
    return frame[FIGURE_COLUMNS]


def count_figures(session: Session, filters: Filters = NO_FILTERS) -> int:
    """How many current figures the filters select (what a full export holds)."""
    stmt = _figure_select([func.count(Figure.id)], filters, include_superseded=False)
    return int(session.scalar(stmt) or 0)


def latest_figure_values(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """The newest current figures per (facility or municipality-level subject, metric), with only
    the columns `municipality_values` needs: what the map and the overview add up.

    Two steps the database does well with the (municipality, facility, metric, period_end) index:
    the newest period per subject (a grouped MAX), then the figures of that period. A tie on the
    same period returns every tied row; `municipality_values` then keeps the highest key."""
    subject = [Figure.municipality_code, Figure.facility_id, Figure.metric]
    newest = (
        _figure_select([*subject, func.max(Figure.period_end).label("newest")], filters, include_superseded=False)
        .group_by(*subject)
        .subquery()
    )
    columns = [
        Figure.key,
        Figure.municipality_code,
        Facility.key.label("facility_key"),
        Facility.shelter_form,
        Figure.metric,
        Figure.period_start,
        Figure.period_end,
        Figure.qualifier,
        Figure.value,
        Figure.value_low,
        Figure.value_high,
    ]
    stmt = (
        select(*columns)
        .select_from(Figure)
        .join(
            newest,
            (Figure.municipality_code == newest.c.municipality_code)
            & Figure.facility_id.is_not_distinct_from(newest.c.facility_id)
            & (Figure.metric == newest.c.metric)
            & (Figure.period_end == newest.c.newest),
        )
        .outerjoin(Facility, Figure.facility_id == Facility.id)
        .where(_not_superseded(filters.stand))
    )
    # Core rows, column by column: pandas inspects every Row object it is handed one by one.
    rows = session.connection().execute(stmt).all()
    names = [c.name for c in columns]
    data = dict(zip(names, map(list, zip(*rows, strict=True)), strict=True)) if rows else None
    return pd.DataFrame(data, columns=names)


# What `by_id_statement` joins per row for names: the CSV of every figure takes these from small
# lookups instead (`lean_by_id_statement`), by the ids it selects in their place.
MUNICIPALITY_NAMES = ("municipality", "province")
FACILITY_NAMES = ("facility_key", "facility", "operator", "shelter_form", "target_group", "programme")
SOURCE_NAMES = ("source_key", "source_title", "source_publisher", "source_year", "source_file")


def lean_by_id_statement(filters: Filters, *, neutralised: bool = True) -> Select[Any]:
    """`by_id_statement(filters, neutralised=...)` without the joined names, with `_facility_id`
    and `_source_id` instead: on a million figures a join per row for a few hundred distinct
    names costs more than the rest of the query. Joins a filter needs stay."""
    names = {*MUNICIPALITY_NAMES, *FACILITY_NAMES, *SOURCE_NAMES, "_facility_id"}
    full = by_id_statement(filters, neutralised=neutralised)
    columns = [c for c in full.selected_columns if c.name not in names]
    columns += [Figure.facility_id.label("_facility_id"), Figure.source_id.label("_source_id")]
    return (
        _figure_select(columns, filters, False, in_id_order=True)
        .outerjoin(_NEWER, snapshot.superseding_join(_NEWER, Figure, filters.stand))
        .outerjoin(_OLDER, Figure.supersedes_id == _OLDER.id)
        .order_by(Figure.id)
    )


def name_lookups(session: Session) -> tuple[dict[Any, tuple[Any, ...]], ...]:
    """Per municipality code, offer id and source id: the values of MUNICIPALITY_NAMES,
    FACILITY_NAMES and SOURCE_NAMES, in that order."""
    municipalities = session.execute(
        select(Municipality.code, Municipality.name, Province.name).join(
            Province, Municipality.province_code == Province.code
        )
    ).all()
    facilities = session.execute(
        select(
            Facility.id,
            Facility.key,
            Facility.label,
            _OPERATOR.name,
            Facility.shelter_form,
            Facility.target_group,
            Facility.programme,
        ).outerjoin(_OPERATOR, Facility.operator_id == _OPERATOR.id)
    ).all()
    sources = session.execute(
        select(Source.id, Source.key, Source.title, Source.publisher, Source.year, Source.seed_file)
    )
    return tuple({row[0]: tuple(row[1:]) for row in rows} for rows in (municipalities, facilities, sources))


def period_extent(session: Session, filters: Filters) -> tuple[dt.date | None, dt.date | None]:
    """The earliest period start and the latest period end of the current figures under `filters`."""
    stmt = _figure_select([func.min(Figure.period_start), func.max(Figure.period_end)], filters, False)
    first, last = session.execute(stmt).one()
    return first, last
