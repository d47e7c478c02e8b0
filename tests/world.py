"""A small world for the editing tests: two municipalities, their facilities and one account
of every kind, made through `inventory.writes` as the command line would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, text

from inventory import writes
from inventory.database import session_scope
from inventory.models import Facility, Municipality, Organisation, Province

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = START.date()
# Tables whose rows a refused write must leave as they were.
DATA_TABLES = (
    "figures",
    "facilities",
    "facility_criteria",
    "figure_reviews",
    "organisations",
    "accounts",
    "account_municipalities",
    "login_sessions",
)


class Clock:
    """An injected clock that tests move by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class World:
    engine: Engine
    clock: Clock
    accounts: dict[str, int]
    facilities: dict[str, int]
    organisations: dict[str, int]

    def actor(self, name: str) -> writes.Actor:
        return writes.Actor(self.accounts[name])

    def facility(self, key: str) -> writes.Subject:
        return writes.Subject.facility(self.facilities[key])

    def version(self, subject: writes.Subject) -> int:
        with session_scope(self.engine) as session:
            return writes.subject_state(session, subject).version

    def snapshot(self) -> dict[str, object]:
        """Row counts of the data tables, every figure's values and the data version."""
        with self.engine.connect() as conn:
            counts: dict[str, object] = {
                table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in DATA_TABLES
            }
            counts["figure_rows"] = conn.execute(
                text("SELECT id, key, value, value_low, value_high, review_status FROM figures ORDER BY id")
            ).all()
            counts["versions"] = conn.execute(text("SELECT id, edit_version FROM facilities ORDER BY id")).all()
            counts["data_version"] = conn.execute(text("SELECT version FROM data_version")).scalar()
        return counts

    def audit_count(self, *, refused: bool) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit_log WHERE refused = :r"), {"r": refused}).scalar_one()


def reference_rows(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        session.add_all([Province(code="PV27", name="Noord-Holland"), Province(code="PV28", name="Zuid-Holland")])
        session.flush()
        session.add_all(
            [
                Municipality(code="GM0363", name="Amsterdam", province_code="PV27", lon=4.9, lat=52.37),
                Municipality(code="GM0599", name="Rotterdam", province_code="PV28", lon=4.48, lat=51.92),
            ]
        )
        session.flush()
        for key, name, kind in [
            ("gemeente-amsterdam", "Gemeente Amsterdam", "municipality"),
            ("gemeente-rotterdam", "Gemeente Rotterdam", "municipality"),
            ("hvo", "HVO-Querido", "homeless_shelter"),
            ("inlia", "Stichting INLIA", "ngo"),
            ("los", "Stichting LOS", "research"),
        ]:
            session.add(Organisation(key=key, name=name, kind=kind))
        session.flush()
        return {o.key: o.id for o in session.scalars(select(Organisation))}


def build_world(engine: Engine) -> World:
    clock = Clock()
    organisations = reference_rows(engine)
    with session_scope(engine) as session:
        for key, code, operator, form in [
            ("ams-night", "GM0363", "hvo", "specialised_night"),
            ("rdam-inlia", "GM0599", "inlia", "specialised_24h"),
            ("rdam-hvo", "GM0599", "hvo", "regular_night"),
        ]:
            session.add(
                Facility(
                    key=key,
                    municipality_code=code,
                    operator_id=organisations[operator],
                    label=f"Offer {key}",
                    shelter_form=form,
                    # Listed from the world's first moment, as seeded offers are from the seeding.
                    entered_at=START,
                )
            )
        session.flush()
        facilities = {f.key: f.id for f in session.scalars(select(Facility))}
    cli = writes.Actor.command_line()
    accounts = {
        "admin": writes.add_account(engine, cli, "admin", "admin", organisation_key="los", clock=clock),
        "ams": writes.add_account(
            engine,
            cli,
            "ams",
            "municipality_editor",
            organisation_key="gemeente-amsterdam",
            municipalities=["GM0363"],
            email="ams@example.org",
            clock=clock,
        ),
        "rdam": writes.add_account(
            engine,
            cli,
            "rdam",
            "municipality_editor",
            organisation_key="gemeente-rotterdam",
            municipalities=["GM0599"],
            clock=clock,
        ),
        "hvo": writes.add_account(engine, cli, "hvo", "organisation_editor", organisation_key="hvo", clock=clock),
        "viewer": writes.add_account(engine, cli, "viewer", "viewer", clock=clock),
        "gone": writes.add_account(
            engine,
            cli,
            "gone",
            "municipality_editor",
            organisation_key="gemeente-amsterdam",
            municipalities=["GM0363"],
            clock=clock,
        ),
    }
    writes.set_account_disabled(engine, cli, "gone", True, clock=clock)
    return World(engine, clock, accounts, facilities, organisations)


def figure_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Facility.__table__.metadata.tables["figures"])) or 0
