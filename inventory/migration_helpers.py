"""Steps several migrations share. Plain functions of Alembic's `op`, imported by the revisions in
inventory/migrations/versions/ (which cannot import each other: their file names start with digits)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _sqlite_replace_check(table: str, name: str, old: str, new: str) -> None:
    """Swap the text of one named CHECK constraint in SQLite's stored table definition.

    SQLite cannot alter a CHECK constraint, and Alembic's batch mode would rebuild the table by
    dropping it, which a live database refuses when other tables reference it (foreign keys are
    on) and which would drop its triggers. So the constraint is changed in place with the
    procedure SQLite documents (`writable_schema`, then a new schema version). Only for a check
    that accepts every row the old one did: stored rows are not checked again."""
    sqlite_replace_in_definition(table, f"CONSTRAINT {name} CHECK ({old})", f"CONSTRAINT {name} CHECK ({new})")


def sqlite_replace_in_definition(table: str, before: str, after: str) -> None:
    """Replace `before` (which must occur once) by `after` in SQLite's stored CREATE TABLE of
    `table`, in place (see `_sqlite_replace_check`): for a check that accepts every stored row, or
    a column default once every row holds its own value."""
    bind = op.get_bind()
    sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar()
    if sql is None or sql.count(before) != 1:
        raise RuntimeError(f"{table}: expected '{before}' once in its definition")
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar()
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    try:
        done = bind.execute(
            sa.text("UPDATE sqlite_master SET sql = :new WHERE type = 'table' AND name = :t AND sql = :old"),
            {"new": sql.replace(before, after), "t": table, "old": sql},
        ).rowcount
        bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    finally:
        bind.execute(sa.text("PRAGMA writable_schema = OFF"))
    if done != 1:
        raise RuntimeError(f"{table}: '{before}' was not replaced")
    problems = bind.execute(sa.text("PRAGMA quick_check")).scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"{table}: integrity check after the change: {problems}")


def replace_check(table: str, column: str, old: str, new: str) -> None:
    """Replace the CHECK constraint `ck_<table>_<column>` (the naming convention of the models)."""
    name = f"ck_{table}_{column}"
    if is_sqlite():
        _sqlite_replace_check(table, name, old, new)
    else:
        op.drop_constraint(op.f(name), table, type_="check")
        op.create_check_constraint(op.f(name), table, new)
