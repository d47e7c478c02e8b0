"""Migration 0005: the 'stated' status, a basis for method statuses, source title kinds; it runs on
a live database whose figures and sources are already referenced by other rows."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from inventory.database import make_engine
from inventory.schema import alembic_config, current_revision, head_revision, upgrade

FIGURE = (
    "INSERT INTO figures (key, municipality_code, metric, qualifier, value, period_start, period_end, status,"
    " entered_by, source_id, supersedes_id) VALUES (:key, 'GM0363', 'places', 'exact', 170, '2016-10-01',"
    " '2017-01-31', :status, 'test', 1, :supersedes)"
)


def _alembic(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _live_database_at_0004(db_url: str) -> Engine:
    """A database at revision 0004 with a source, a figure, its correction and a review of it."""
    engine = make_engine(db_url)
    _alembic(engine, "upgrade", "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO provinces (code, name) VALUES ('PV27', 'Noord-Holland')"))
        conn.execute(
            text(
                "INSERT INTO municipalities (code, name, province_code, lon, lat)"
                " VALUES ('GM0363', 'Amsterdam', 'PV27', 4.9, 52.37)"
            )
        )
        conn.execute(text("INSERT INTO sources (id, key, title, publisher) VALUES (1, 's', 'Titel', 'Uitgever')"))
        conn.execute(text(FIGURE), {"key": "f1", "status": "self_reported", "supersedes": None})
        first = conn.execute(text("SELECT id FROM figures WHERE key = 'f1'")).scalar()
        conn.execute(text(FIGURE), {"key": "f2", "status": "self_reported", "supersedes": first})
        conn.execute(
            text(
                "INSERT INTO figure_reviews (figure_id, decision, organisation, decided_at)"
                " VALUES (:id, 'verified', 'Opvangmonitor', '2026-01-01 00:00:00+00')"
            ),
            {"id": first},
        )
    return engine


def test_0005_runs_on_a_database_whose_figures_and_sources_are_referenced(db_url: str) -> None:
    engine = _live_database_at_0004(db_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM figure_reviews")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM figures WHERE supersedes_id IS NOT NULL")).scalar() == 1
            conn.execute(text("UPDATE figures SET status = 'stated' WHERE key = 'f1'"))
            conn.execute(text("UPDATE figures SET status = 'estimated', basis = '''geschat'' (l.1)' WHERE key = 'f2'"))
            conn.execute(text("UPDATE sources SET title_kind = 'descriptive', restates = 's'"))
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE figures SET status = 'guessed'",
        "UPDATE aggregates SET status = 'guessed'",
        "UPDATE sources SET title_kind = 'guessed'",
    ],
)
def test_0005_still_refuses_unknown_codes(db_url: str, statement: str) -> None:
    engine = _live_database_at_0004(db_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO aggregates (key, table_name, population, metric, qualifier, value, period_start,"
                    " period_end, status, entered_by) VALUES ('a1', 'text', 'p', 'persons', 'exact', 1, '2016-01-01',"
                    " '2016-12-31', 'stated', 'test')"
                )
            )
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_0005_downgrade_refuses_to_give_stated_figures_a_method(db_url: str) -> None:
    engine = _live_database_at_0004(db_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE figures SET status = 'stated' WHERE key = 'f1'"))
        with pytest.raises(RuntimeError, match="status 'stated'"):
            _alembic(engine, "downgrade", "0004")
        assert current_revision(engine) == head_revision()  # the refused downgrade changed nothing
        with engine.begin() as conn:
            conn.execute(text("UPDATE figures SET status = 'self_reported'"))
        _alembic(engine, "downgrade", "0004")
        assert current_revision(engine) == "0004"
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
