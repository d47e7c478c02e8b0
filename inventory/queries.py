"""Read-side queries of municipalities, offers and their figures, as pandas DataFrames
(figures are in `figure_queries`, the published national tables, outcomes and sources in
`published`; both re-exported here).

Pages never write SQL; they call these. All functions take an open Session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from inventory import snapshot
from inventory.enums import Metric, ShelterForm
from inventory.figure_queries import FIGURE_COLUMNS as FIGURE_COLUMNS
from inventory.figure_queries import count_figures as count_figures
from inventory.figure_queries import figures as figures
from inventory.figure_queries import latest_figure_values as latest_figure_values
from inventory.filters import NO_FILTERS, Filters, facility_target_groups
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
from inventory.querybase import CITATION_COLUMNS

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
    # A sum is of one moment (municipal.of_one_moment): its window, and the offers left out as outdated.
    "window_start",
    "outdated",
    "outdated_keys",
    "outdated_period_start",
    "outdated_period_end",
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
        stmt = stmt.where(Facility.target_group.in_(facility_target_groups(filters.target_group)))
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
    out["shelter_forms"] = out["municipality_code"].map(_joined(facility_frame, "shelter_form"))
    out["facilities"] = out["municipality_code"].map(facility_frame.groupby("municipality_code").size()).fillna(0)
    out["facilities"] = out["facilities"].astype(int)
    out["programmes"] = out["municipality_code"].map(_joined(member, "programme"))
    last: dict[str, Any] = {}
    # Dates are Python objects: pandas' groupby max on them falls back to a slow Python path.
    for code, end in zip(figure_frame["municipality_code"], figure_frame["period_end"], strict=True):
        if end is not None and (code not in last or end > last[code]):
            last[code] = end
    out["last_period_end"] = out["municipality_code"].map(last)
    out["has_figures"] = out["municipality_code"].isin(set(figure_frame["municipality_code"]))
    out["has_shelter"] = out["facilities"] > 0
    if filters.programme:
        in_programme = set(member.loc[member["programme"] == filters.programme, "municipality_code"])
        in_programme |= set(facility_frame["municipality_code"])
        out = out[out["municipality_code"].isin(in_programme)]
    return out.reset_index(drop=True)


def _joined(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """Per municipality code, the distinct values of `column` sorted and ';'-joined."""
    found: dict[str, set[str]] = {}
    for code, value in zip(frame["municipality_code"], frame[column], strict=True):
        found.setdefault(code, set()).add(value)
    return {code: ";".join(sorted(values)) for code, values in found.items()}


def _value_columns(values: dict[str, MunicipalValue], metric: str) -> pd.DataFrame:
    """Per municipality code: the value's bounds, qualifier and text, and what it is made of
    (how many figures, over which periods, which keys, from which window, and which offers'
    figures were too old to add), so no page shows a sum as one figure or as newer than it is."""
    rows = {code: _value_row(v) for code, v in values.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(_MEASURE_SUFFIXES))
    for column in ("parts", "outdated"):
        frame[column] = frame[column].astype("Int64")
    for column in ("low", "high"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return frame.add_prefix(f"{metric}_")


def _value_row(v: MunicipalValue) -> dict[str, Any]:
    old = v.latest_outdated
    return {
        "low": v.total.lower,
        "high": v.total.upper,
        "qualifier": v.total.qualifier.value,
        "display": v.total.format(),
        "parts": len(v.parts),
        "period_start": v.period_start,
        "period_end": v.period_end,
        "mixed_periods": v.mixed_periods,
        "keys": ";".join(v.keys),
        "window_start": v.window_start,
        "outdated": len(v.outdated),
        "outdated_keys": ";".join(v.outdated_keys) or None,
        "outdated_period_start": old.period_start if old else None,
        "outdated_period_end": old.period_end if old else None,
    }


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
