"""One transaction per unit of work, tried again when the database is busy.

SQLite answers a writer that waited out its busy timeout with "database is locked";
PostgreSQL may end a transaction with a serialization failure or deadlock. Both mean
"nothing was written, try again", so the whole unit runs again from the start."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from inventory.database import session_scope

T = TypeVar("T")

ATTEMPTS = 8
_PG_RETRYABLE = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class DatabaseBusy(Exception):
    """The database stayed busy through every attempt; nothing was written."""


def is_retryable(error: DBAPIError) -> bool:
    orig = error.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    return getattr(orig, "sqlstate", None) in _PG_RETRYABLE


def run(engine: Engine, work: Callable[[Session], T], *, attempts: int = ATTEMPTS) -> T:
    """`work` in its own transaction: committed when it returns, rolled back when it raises."""
    for attempt in range(attempts):
        try:
            with session_scope(engine) as session:
                return work(session)
        except DBAPIError as error:
            if not is_retryable(error):
                raise
            if attempt == attempts - 1:
                raise DatabaseBusy(
                    f"the database stayed busy through {attempts} attempts; nothing was written, try again"
                ) from error
            # Jitter, so that writers that collided do not collide again in step.
            time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
