"""A SYNTHETIC database for benchmarks and tests: random offers and monthly figures for the real
municipalities. Never written to `data/`, never loaded by the app on its own: a caller builds it
into a database of its choosing (a temporary SQLite file in the benchmark and the tests).

Every synthetic row is recognisable: its key starts with ``synthetic-``, it points at the source
with key ``synthetic`` (title "SYNTHETIC TEST DATA — not real"), and figures have
``entered_by = "synthetic"``.

    python -m inventory.synthetic sqlite:////tmp/synthetic.sqlite
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, insert, select

from geo.centroids import load_centroids
from inventory.database import make_engine, session_scope
from inventory.enums import Criterion, Metric, OrganisationKind, Programme, Qualifier, ShelterForm, Status, TargetGroup
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
from inventory.schema import upgrade

SOURCE_KEY = "synthetic"
SOURCE_TITLE = "SYNTHETIC TEST DATA — not real"
ENTERED_BY = "synthetic"
KEY_PREFIX = "synthetic-"
DEFAULT_END_YEAR = 2024
METRICS: tuple[str, ...] = (Metric.PLACES.value, Metric.PERSONS.value, Metric.WAITING_LIST.value)
BATCH = 20_000


@dataclass
class SyntheticReport:
    municipalities: int = 0
    organisations: int = 0
    facilities: int = 0
    criteria: int = 0
    memberships: int = 0
    figures: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _months(years: int, end_year: int) -> list[tuple[dt.date, dt.date]]:
    out = []
    for year in range(end_year - years + 1, end_year + 1):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            out.append((dt.date(year, month, 1), dt.date(year, month, last)))
    return out


def _ensure_municipalities(engine: Engine, limit: int) -> list[str]:
    """The first `limit` municipality codes (by code); inserts provinces and municipalities from
    data/municipalities.csv (geo.centroids) when the database has none yet."""
    with session_scope(engine) as session:
        have = session.scalar(select(func.count()).select_from(Municipality)) or 0
        if not have:
            frame = load_centroids()
            provinces = frame[["province_code", "province_name"]].drop_duplicates("province_code")
            session.execute(
                insert(Province), [{"code": r.province_code, "name": r.province_name} for r in provinces.itertuples()]
            )
            session.execute(
                insert(Municipality),
                [
                    {"code": r.code, "name": r.name, "province_code": r.province_code, "lon": r.lon, "lat": r.lat}
                    for r in frame.itertuples()
                ],
            )
        codes = list(session.scalars(select(Municipality.code).order_by(Municipality.code)))
    return codes[:limit]


def _value(rng: random.Random, centre: float) -> dict[str, object]:
    """A qualified count around `centre`: mostly exact, some approximate, a few ranges."""
    base = max(0, round(rng.gauss(centre, max(1.0, centre * 0.15))))
    roll = rng.random()
    if roll < 0.02:
        return {"qualifier": Qualifier.RANGE.value, "value": None, "value_low": base, "value_high": base + 5}
    qualifier = Qualifier.APPROXIMATE.value if roll < 0.08 else Qualifier.EXACT.value
    return {"qualifier": qualifier, "value": base, "value_low": None, "value_high": None}


def build_synthetic(
    engine: Engine,
    municipalities: int = 342,
    facilities_per_municipality: int = 5,
    years: int = 10,
    seed: int = 42,
    *,
    metrics: tuple[str, ...] = METRICS,
    end_year: int = DEFAULT_END_YEAR,
) -> SyntheticReport:
    """Fill `engine`'s database (schema migrated here) with synthetic offers and monthly figures.

    Uses the municipalities already in the database (e.g. after the normal seed), or inserts the
    real 342 from data/municipalities.csv when there are none. Deterministic for a given `seed`.
    Rows are inserted with Core executemany in batches, not as ORM objects.
    """
    rng = random.Random(seed)
    report = SyntheticReport()
    started = time.perf_counter()
    upgrade(engine)
    codes = _ensure_municipalities(engine, municipalities)
    report.municipalities = len(codes)
    forms = [m.value for m in ShelterForm]
    groups = [m.value for m in TargetGroup]
    programmes = [m.value for m in Programme]
    criteria = [m.value for m in Criterion]
    kinds = [OrganisationKind.NGO.value, OrganisationKind.CHURCH_BASED.value, OrganisationKind.HOMELESS_SHELTER.value]
    months = _months(years, end_year)
    first_day = months[0][0]

    with session_scope(engine) as session:
        source_id = session.scalar(
            insert(Source)
            .values(
                key=SOURCE_KEY,
                title=SOURCE_TITLE,
                publisher="Opvangmonitor test generator (inventory/synthetic.py)",
                year=None,
                seed_file=None,
                note=f"Random data, seed {seed}; for benchmarks and tests only. Not real figures.",
            )
            .returning(Source.id)
        )
        org_rows = [
            {
                "key": f"{KEY_PREFIX}org-{code}",
                "name": f"Synthetic operator {code} (not real)",
                "kind": rng.choice(kinds),
                "municipality_code": code,
                "source_id": source_id,
                "note": SOURCE_TITLE,
            }
            for code in codes
        ]
        session.execute(insert(Organisation), org_rows)
        org_ids = dict(
            session.execute(
                select(Organisation.municipality_code, Organisation.id).where(Organisation.key.like(f"{KEY_PREFIX}%"))
            ).all()
        )
        report.organisations = len(org_rows)

        facility_rows = []
        for code in codes:
            for n in range(1, facilities_per_municipality + 1):
                form = rng.choice(forms)
                facility_rows.append(
                    {
                        "key": f"{KEY_PREFIX}{code}-{n}",
                        "municipality_code": code,
                        "operator_id": org_ids[code],
                        "label": f"Synthetic offer {n} ({code}, {form})",
                        "shelter_form": form,
                        "target_group": rng.choice(groups),
                        "legal_guidance": rng.choice([True, False, None]),
                        "social_guidance": rng.choice([True, False, None]),
                        "day_activities": rng.choice([True, False, None]),
                        "living_allowance": rng.choice([True, False, None]),
                        "max_stay_months": rng.choice([None, 3, 6, 12]),
                        "regional_binding": rng.choice([True, False, None]),
                        "programme": rng.choice(programmes),
                        "opened_on": first_day,
                        "source_id": source_id,
                        "note": SOURCE_TITLE,
                    }
                )
        session.execute(insert(Facility), facility_rows)
        facilities = session.execute(
            select(Facility.id, Facility.municipality_code)
            .where(Facility.key.like(f"{KEY_PREFIX}%"))
            .order_by(Facility.id)
        ).all()
        report.facilities = len(facilities)

        criterion_rows = [
            {"facility_id": fid, "criterion": c}
            for fid, _code in facilities
            for c in rng.sample(criteria, rng.randint(1, 2))
        ]
        session.execute(insert(FacilityCriterion), criterion_rows)
        report.criteria = len(criterion_rows)

        member_rows = [
            {
                "key": f"{KEY_PREFIX}{code}-{programme}",
                "municipality_code": code,
                "programme": programme,
                "role": "synthetic",
                "period_start": first_day,
                "source_id": source_id,
                "note": SOURCE_TITLE,
            }
            for code in codes
            for programme in (Programme.LVV.value, Programme.BBB.value)
            if rng.random() < 0.1
        ]
        if member_rows:
            session.execute(insert(ProgrammeMembership), member_rows)
        report.memberships = len(member_rows)
    report.seconds["reference"] = time.perf_counter() - started

    # Figures: one per facility, metric and month, in batches on one connection and transaction.
    figure_started = time.perf_counter()
    statuses = [Status.COUNTED.value, Status.SELF_REPORTED.value, Status.ESTIMATED.value]
    table = Figure.__table__
    batch: list[dict[str, object]] = []
    with engine.begin() as connection:
        for fid, code in facilities:
            capacity = rng.randint(5, 120)
            centres = {
                Metric.PLACES.value: float(capacity),
                Metric.PERSONS.value: capacity * rng.uniform(0.6, 1.0),
                Metric.WAITING_LIST.value: capacity * rng.uniform(0.0, 0.5),
            }
            status = rng.choice(statuses)
            for metric in metrics:
                for start, end in months:
                    batch.append(
                        {
                            "key": f"{KEY_PREFIX}{fid}-{metric}-{start:%Y-%m}",
                            "facility_id": fid,
                            "municipality_code": code,
                            "metric": metric,
                            **_value(rng, centres[metric]),
                            "period_start": start,
                            "period_end": end,
                            "status": status,
                            "source_id": source_id,
                            "entered_by": ENTERED_BY,
                            "note": None,
                        }
                    )
                    if len(batch) >= BATCH:
                        connection.execute(insert(table), batch)
                        report.figures += len(batch)
                        batch = []
        if batch:
            connection.execute(insert(table), batch)
            report.figures += len(batch)
    report.seconds["figures"] = time.perf_counter() - figure_started
    report.seconds["total"] = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m inventory.synthetic DATABASE_URL [municipalities] [facilities] [years]")
        return 2
    numbers = [int(a) for a in args[1:4]]
    engine = make_engine(args[0])
    report = build_synthetic(engine, *numbers)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
