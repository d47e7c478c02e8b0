"""Read-side queries of municipalities, offers and their figures, as pandas DataFrames
(the published national tables, outcomes and sources are in `published`, re-exported here).

Pages never write SQL; they call these. All functions take an open Session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Select, bindparam, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased, selectinload

from inventory import snapshot
from inventory.enums import Metric, ReviewStatus, ShelterForm
from inventory.filters import NO_FILTERS, Filters
from inventory.models import (
    Aggregate,
    Facility,
    FacilityCriterion,
    Figure,
    Municipality,
    Organisation,
    Outcome,
    ProgrammeMembership,
    Province,
    Source,
)
from inventory.municipal import MunicipalValue, municipality_breakdown
from inventory.municipal import municipality_values as municipality_values
from inventory.published import aggregates as aggregates
from inventory.published import outcomes as outcomes
from inventory.published import programme_memberships as programme_memberships
from inventory.published import sources as sources
from inventory.querybase import CITATION_COLUMNS, VALUE_COLUMNS, as_int, in_year, whole_numbers
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
FACILITY_COLUMNS = [
    "key",
    "municipality_code",
    "municipality",
    "label",
    "operator",
    "shelter_form",
    "target_group",
    "criteria",
    "legal_guidance",
    "legal_guidance_by",
    "social_guidance",
    "day_activities",
    "living_allowance",
    "max_stay_months",
    "regional_binding",
    "programme",
    "opened_on",
    "closed_on",
    *CITATION_COLUMNS,
    "note",
]
# The measures the municipality overview gives per municipality, and its columns.
OVERVIEW_METRICS = (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value)
_MEASURE_SUFFIXES = (
    "low",
    "high",
    "qualifier",
    "display",
    "parts",
    "period_start",
    "period_end",
    "mixed_periods",
    "keys",
)


def overview_columns() -> list[str]:
    measures = [f"{metric}_{suffix}" for metric in OVERVIEW_METRICS for suffix in _MEASURE_SUFFIXES]
    return [
        "municipality_code",
        "municipality",
        "province_code",
        "province",
        "lon",
        "lat",
        *measures,
        "shelter_forms",
        "facilities",
        "programmes",
        "last_period_end",
        "has_figures",
        "has_shelter",
    ]


def municipalities(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Municipality.code,
            Municipality.name,
            Municipality.province_code,
            Province.name.label("province"),
            Municipality.lon,
            Municipality.lat,
        )
        .join(Province)
        .order_by(Municipality.name)
    ).all()
    return pd.DataFrame(rows, columns=["code", "name", "province_code", "province", "lon", "lat"])


def provinces(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Province.code, Province.name).order_by(Province.name)).all()
    return pd.DataFrame(rows, columns=["code", "name"])


def reference_years(session: Session) -> list[int]:
    """Every year (of a period's end) that has a figure or an aggregate, newest first."""
    years: set[int] = set()
    for model in (Figure, Aggregate):
        # Distinct dates use the period_end index; the years are taken in Python.
        years |= {d.year for d in session.scalars(select(model.period_end).distinct())}
    return sorted(years, reverse=True)


def _facility_filters(stmt: Select[Any], filters: Filters) -> Select[Any]:
    if filters.shelter_form:
        stmt = stmt.where(Facility.shelter_form == filters.shelter_form)
    if filters.target_group:
        stmt = stmt.where(Facility.target_group == filters.target_group)
    if filters.programme:
        in_programme = Facility.programme == filters.programme
        member = exists().where(
            ProgrammeMembership.municipality_code == Figure.municipality_code,
            ProgrammeMembership.programme == filters.programme,
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
    columns: Sequence[Any], filters: Filters, include_superseded: bool, *, with_names: bool = False
) -> Select[Any]:
    """SELECT `columns` from figures with the joins the filters need, filtered.

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
        stmt = stmt.where(in_year(Figure.period_end, filters.year))
    if filters.province:
        stmt = stmt.where(Municipality.province_code == filters.province)
    if filters.municipality:
        stmt = stmt.where(Figure.municipality_code == filters.municipality)
    if filters.metric:
        stmt = stmt.where(Figure.metric == filters.metric)
    return _facility_filters(stmt, filters)


def _criteria_by_facility(session: Session) -> dict[int, str]:
    rows = session.execute(
        select(FacilityCriterion.facility_id, FacilityCriterion.criterion).order_by(
            FacilityCriterion.facility_id, FacilityCriterion.criterion
        )
    ).all()
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


# The order a reader sees figures in; a page of them continues after the last row's position.
FigurePosition = tuple[str, str, dt.date, int]


def _figure_order() -> tuple[Any, ...]:
    return (Municipality.name, Figure.metric, Figure.period_end, Figure.id)


def _figures_statement(filters: Filters, include_superseded: bool) -> Select[Any]:
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
        _figure_select(columns, filters, include_superseded, with_names=True)
        .outerjoin(_NEWER, snapshot.superseding_join(_NEWER, Figure, filters.stand))
        .outerjoin(_OPERATOR, Facility.operator_id == _OPERATOR.id)
        .outerjoin(Source, Figure.source_id == Source.id)
        .outerjoin(_OLDER, Figure.supersedes_id == _OLDER.id)
        .order_by(*_figure_order())
    )


def _after(stmt: Select[Any], position: FigurePosition | None) -> Select[Any]:
    """Keyset continuation: the rows after `position` in figure order (a row-value comparison
    that SQLite and PostgreSQL both evaluate), so page n costs what page 1 costs."""
    if position is None:
        return stmt
    order = _figure_order()
    values = [bindparam(None, value, type_=column.type) for column, value in zip(order, position, strict=True)]
    return stmt.where(tuple_(*order) > tuple_(*values))


def _figures_frame(rows: Sequence[Any], names: Sequence[str], criteria: dict[int, str]) -> pd.DataFrame:
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
    stmt = _figures_statement(filters, include_superseded)
    if limit is not None:
        stmt = stmt.limit(limit)
    result = session.execute(stmt)
    frame = _figures_frame(result.all(), list(result.keys()), _criteria_by_facility(session))
    return frame[FIGURE_COLUMNS]


def figures_page(
    session: Session, filters: Filters, size: int, after: FigurePosition | None = None
) -> tuple[pd.DataFrame, FigurePosition | None]:
    """`size` figures in table order after `after`, and the position to continue from (None on
    the last page)."""
    result = session.execute(_after(_figures_statement(filters, False), after).limit(size + 1))
    frame = _figures_frame(result.all(), list(result.keys()), _criteria_by_facility(session))
    more = len(frame) > size
    frame = frame.iloc[:size]
    position = None
    if more:
        last = frame.iloc[-1]
        position = (str(last["municipality"]), str(last["metric"]), last["period_end"], int(last["_id"]))
    return frame[FIGURE_COLUMNS].reset_index(drop=True), position


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
    result = session.execute(stmt)
    return pd.DataFrame(result.all(), columns=[c.name for c in columns])


def _filter_facilities(stmt: Select[Any], filters: Filters) -> Select[Any]:
    """The filters on offers; `stmt` selects from facilities joined with municipalities."""
    if filters.stand is not None:
        stmt = stmt.where(snapshot.facility_listed(filters.stand))
    if filters.municipality:
        stmt = stmt.where(Facility.municipality_code == filters.municipality)
    if filters.province:
        stmt = stmt.where(Municipality.province_code == filters.province)
    if filters.shelter_form:
        stmt = stmt.where(Facility.shelter_form == filters.shelter_form)
    if filters.target_group:
        stmt = stmt.where(Facility.target_group == filters.target_group)
    if filters.programme:
        stmt = stmt.where(Facility.programme == filters.programme)
    if filters.criterion:
        stmt = stmt.where(
            exists().where(
                FacilityCriterion.facility_id == Facility.id, FacilityCriterion.criterion == filters.criterion
            )
        )
    return stmt


def facility_forms(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Just municipality and form of each filtered offer: what the map and overview count."""
    stmt = select(Facility.municipality_code, Facility.shelter_form).join(
        Municipality, Facility.municipality_code == Municipality.code
    )
    return pd.DataFrame(
        session.execute(_filter_facilities(stmt, filters)).all(), columns=["municipality_code", "shelter_form"]
    )


def facilities(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Shelter offers (never addresses), with their services and provenance."""
    operator = aliased(Organisation)
    legal = aliased(Organisation)
    stmt = (
        select(
            Facility,
            Municipality.name,
            operator.name,
            legal.name,
            Source,
            snapshot.facility_closed_on(filters.stand).label("closed_on"),
        )
        .join(Municipality, Facility.municipality_code == Municipality.code)
        .outerjoin(operator, Facility.operator_id == operator.id)
        .outerjoin(legal, Facility.legal_guidance_by_id == legal.id)
        .outerjoin(Source, Facility.source_id == Source.id)
        .order_by(Municipality.name, Facility.label)
        .options(selectinload(Facility.criteria))
    )
    stmt = _filter_facilities(stmt, filters)
    records = [
        {
            "key": f.key,
            "municipality_code": f.municipality_code,
            "municipality": muni,
            "label": f.label,
            "operator": op,
            "shelter_form": f.shelter_form,
            "target_group": f.target_group,
            "criteria": ";".join(c.criterion for c in f.criteria),
            "legal_guidance": f.legal_guidance,
            "legal_guidance_by": legal_name,
            "social_guidance": f.social_guidance,
            "day_activities": f.day_activities,
            "living_allowance": f.living_allowance,
            "max_stay_months": f.max_stay_months,
            "regional_binding": f.regional_binding,
            "programme": f.programme,
            "opened_on": f.opened_on,
            "closed_on": closed_on,
            "source_title": src.title if src else None,
            "source_publisher": src.publisher if src else None,
            "source_year": src.year if src else None,
            "source_file": src.seed_file if src else None,
            "source_line": f.source_line,
            "quote": f.quote,
            "note": f.note,
        }
        for f, muni, op, legal_name, src, closed_on in session.execute(stmt)
    ]
    return pd.DataFrame.from_records(records, columns=FACILITY_COLUMNS)


def municipality_overview(session: Session, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """One row per municipality (all of them, so gaps show): figures for the filtered view,
    forms present, programmes, and whether anything was reported at all."""
    munis = municipalities(session)
    if filters.province:
        munis = munis[munis["province_code"] == filters.province]
    figure_frame = latest_figure_values(session, filters.with_(municipality=None, metric=None))
    facility_frame = facility_forms(session, filters.with_(municipality=None))
    member = programme_memberships(session)
    out = munis.rename(columns={"code": "municipality_code", "name": "municipality"}).reset_index(drop=True)
    for metric in OVERVIEW_METRICS:
        out = out.join(_value_columns(municipality_breakdown(figure_frame, metric), metric), on="municipality_code")
    forms = facility_frame.groupby("municipality_code")["shelter_form"].agg(lambda s: ";".join(sorted(set(s))))
    out["shelter_forms"] = out["municipality_code"].map(forms)
    out["facilities"] = out["municipality_code"].map(facility_frame.groupby("municipality_code").size()).fillna(0)
    out["facilities"] = out["facilities"].astype(int)
    programmes = member.groupby("municipality_code")["programme"].agg(lambda s: ";".join(sorted(set(s))))
    out["programmes"] = out["municipality_code"].map(programmes)
    last = figure_frame.groupby("municipality_code")["period_end"].max()
    out["last_period_end"] = out["municipality_code"].map(last)
    out["has_figures"] = out["municipality_code"].isin(set(figure_frame["municipality_code"]))
    out["has_shelter"] = out["facilities"] > 0
    if filters.programme:
        in_programme = set(member.loc[member["programme"] == filters.programme, "municipality_code"])
        in_programme |= set(facility_frame["municipality_code"])
        out = out[out["municipality_code"].isin(in_programme)]
    return out.reset_index(drop=True)


def _value_columns(values: dict[str, MunicipalValue], metric: str) -> pd.DataFrame:
    """Per municipality code: the value's bounds, qualifier and text, and what it is made of
    (how many figures, over which periods, which keys), so no page shows a sum as one figure."""
    rows = {
        code: {
            "low": v.total.lower,
            "high": v.total.upper,
            "qualifier": v.total.qualifier.value,
            "display": v.total.format(),
            "parts": len(v.parts),
            "period_start": v.period_start,
            "period_end": v.period_end,
            "mixed_periods": v.mixed_periods,
            "keys": ";".join(v.keys),
        }
        for code, v in values.items()
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(_MEASURE_SUFFIXES))
    frame["parts"] = frame["parts"].astype("Int64")
    for column in ("low", "high"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return frame.add_prefix(f"{metric}_")


def municipalities_with_shelter(
    session: Session, shelter_form: str | None = None, stand: dt.date | None = None
) -> set[str]:
    """Municipalities with an open offer of `shelter_form` (at the `stand`, when given); without a
    form, any offer with a bed (a day centre alone is not shelter)."""
    stmt = select(Facility.municipality_code).where(
        snapshot.facility_listed(stand), snapshot.facility_closed_on(stand).is_(None)
    )
    if shelter_form:
        stmt = stmt.where(Facility.shelter_form == shelter_form)
    else:
        stmt = stmt.where(Facility.shelter_form != ShelterForm.DAY_CENTRE.value)
    return set(session.scalars(stmt.distinct()))


def counts(session: Session) -> dict[str, int]:
    """Row counts per table, for `stats` and the footer."""
    models = {
        "municipalities": Municipality,
        "organisations": Organisation,
        "facilities": Facility,
        "figures": Figure,
        "aggregates": Aggregate,
        "outcomes": Outcome,
        "programme_memberships": ProgrammeMembership,
        "sources": Source,
    }
    return {name: int(session.scalar(select(func.count()).select_from(model)) or 0) for name, model in models.items()}
