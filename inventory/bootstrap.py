"""First start: create or migrate the schema and load the seed data when the database is empty."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from inventory.database import session_scope
from inventory.models import Municipality
from inventory.schema import upgrade
from inventory.seed import seed


def ensure_ready(engine: Engine) -> bool:
    """Migrate to the newest schema; seed when there are no municipalities yet.
    Returns True when it seeded."""
    upgrade(engine)
    with session_scope(engine) as session:
        empty = not session.scalar(select(func.count()).select_from(Municipality))
    if empty:
        seed(engine)
    return empty
