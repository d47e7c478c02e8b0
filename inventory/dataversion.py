"""The data version: one number that grows with every write, read by query caches.

Each write bumps it in its own transaction, so a cache keyed on `data_version(session)` is
fresh on every app instance that shares the database as soon as the write commits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from inventory.models import DataVersion


def data_version(session: Session) -> int:
    """The current version; 0 before the first write."""
    return session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def bump_data_version(session: Session, now: dt.datetime) -> int:
    """Add one and return the new version. As a write, it also takes the write lock (the row
    lock on PostgreSQL, the database lock on SQLite), so call it first in a write transaction:
    every later read in that transaction then sees the writes committed before it."""
    version = session.scalar(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1, changed_at=now)
        .returning(DataVersion.version)
    )
    if version is None:  # the row was removed by hand: start it again
        session.add(DataVersion(id=1, version=1, changed_at=now))
        session.flush()
        version = 1
    return version
