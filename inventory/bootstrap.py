"""First start: create or migrate the schema and load the seed data when the database is empty.

Several app instances may start at once on one database (two servers on one PostgreSQL, or the
page process and a CLI on one SQLite file): the first start is serialised by a lock that every
instance takes, so one migrates and seeds while the others wait and then find the work done."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from inventory.database import session_scope
from inventory.models import Municipality
from inventory.schema import upgrade
from inventory.seed import seed

# pg_advisory_lock takes a bigint; any fixed number that no other code of ours uses.
ADVISORY_LOCK_KEY = 0x6F7076616E67  # "opvang"


@contextmanager
def first_start_lock(engine: Engine) -> Iterator[None]:
    """Held while migrating and seeding. PostgreSQL: a session advisory lock on a connection of its
    own (the migration runs on others). SQLite: an exclusive flock on a file beside the database,
    since SQLite's own locks would also block the migration's connection."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".first-start.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_ready(engine: Engine) -> bool:
    """Migrate to the newest schema; seed when there are no municipalities yet.
    Returns True when this call seeded."""
    with first_start_lock(engine):
        upgrade(engine)
        with session_scope(engine) as session:
            empty = not session.scalar(select(func.count()).select_from(Municipality))
        if empty:
            seed(engine)
    return empty
