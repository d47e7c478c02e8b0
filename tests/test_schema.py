"""Constraints live in the schema: writes that bypass the loader are still refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from inventory.database import session_scope
from inventory.models import Figure, Municipality, Province
from inventory.schema import current_revision, head_revision, upgrade


def _municipality(session) -> None:  # type: ignore[no-untyped-def]
    session.add(Province(code="PV27", name="Noord-Holland"))
    session.flush()
    session.add(Municipality(code="GM0363", name="Amsterdam", province_code="PV27", lon=4.9, lat=52.37))
    session.flush()


def _figure(**overrides: object) -> Figure:
    values: dict[str, object] = {
        "key": "f1",
        "municipality_code": "GM0363",
        "metric": "places",
        "qualifier": "exact",
        "value": 170,
        "period_start": dt.date(2016, 10, 1),
        "period_end": dt.date(2017, 1, 31),
        "status": "self_reported",
        "entered_by": "test",
    }
    values.update(overrides)
    return Figure(**values)


def test_migration_reaches_head_and_is_repeatable(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    upgrade(engine)  # a second run is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"municipalities", "facilities", "figures", "aggregates", "outcomes", "sources"} <= tables


@pytest.mark.parametrize(
    "overrides",
    [
        {"value": -1},
        {"qualifier": "range", "value": None, "value_low": 90, "value_high": 80},
        {"qualifier": "range", "value": 5, "value_low": 1, "value_high": 9},
        {"metric": "municipalities"},
        {"status": "guessed"},
        {"period_start": dt.date(2018, 1, 1)},
        {"municipality_code": "GM9999"},
    ],
)
def test_invalid_figures_are_refused_by_the_database(engine: Engine, overrides: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        _municipality(session)
        session.add(_figure(**overrides))
        session.flush()


def test_valid_figure_and_range_are_accepted(engine: Engine) -> None:
    with session_scope(engine) as session:
        _municipality(session)
        session.add(_figure())
        session.add(_figure(key="f2", qualifier="range", value=None, value_low=80, value_high=90))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM figures")).scalar() == 2


@pytest.mark.parametrize("code", ["GM363", "XX0363", "GM03a3", "gm0363"])
def test_municipality_code_format_is_checked(engine: Engine, code: str) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Province(code="PV27", name="Noord-Holland"))
        session.flush()
        session.add(Municipality(code=code, name="X", province_code="PV27", lon=4.9, lat=52.3))
        session.flush()


# SQLite cannot reflect an expression index (ix_figures_year_id), so Alembic skips comparing it
# there and says so; PostgreSQL compares it. test_a_year_page_is_a_range_of_the_year_index_not_a_sort
# checks on both that the migrated database has it and uses it.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from inventory.models import Base

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
