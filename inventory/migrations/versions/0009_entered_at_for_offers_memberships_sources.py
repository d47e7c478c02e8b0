"""when offers, programme memberships and sources were entered, so a `stand` can leave out later ones

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:00:00.000000

Figures, aggregates and outcomes carry `entered_at`; offers, programme memberships and sources did
not, so a snapshot (`stand`) listed every seeded offer on any day, also before the database held
anything. Each table gets `entered_at`, filled for the rows already stored with the best moment the
database itself records:

- an offer added by an editor: its `facility_added` entry in the audit log;
- a seeded offer: the first seeded figure of that offer, else the seeding moment (the first row the
  seed loader entered);
- a source: the first seeded figure, table cell or outcome citing it, else the seeding moment;
- a programme membership: the first seeded row citing its source, else the seeding moment.

A database that holds no seeded row at all gets the migration's own moment: nothing earlier is known.
SQLite cannot add a column whose default is not a constant, so there the column is added with a
constant default, every row is filled, and the default is then set to CURRENT_TIMESTAMP in the
stored table definition (inventory/migration_helpers.py): every row then holds its own value on disk.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.migration_helpers import is_sqlite, sqlite_replace_in_definition

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("facilities", "programme_memberships", "sources")
SEED_ENTERED_BY = "Opvangmonitor (seed dataset)"  # inventory.seed.SEED_ENTERED_BY when this was written
PLACEHOLDER = "'1970-01-01 00:00:00'"

_SEEDED = " UNION ALL ".join(
    f"SELECT entered_at, source_id, {'facility_id' if t == 'figures' else 'NULL'} AS facility_id FROM {t}"
    " WHERE entered_by = :seed"
    for t in ("figures", "aggregates", "outcomes")
)
_SEED_MOMENT = f"(SELECT min(entered_at) FROM ({_SEEDED}) AS seeded)"
BACKFILL = {
    "facilities": (
        "COALESCE("
        "(SELECT min(a.at) FROM audit_log a WHERE a.action = 'facility_added' AND NOT a.refused"
        " AND a.target = 'facility:' || facilities.key),"
        f"(SELECT min(s.entered_at) FROM ({_SEEDED}) AS s WHERE s.facility_id = facilities.id),"
        f"{_SEED_MOMENT}, CURRENT_TIMESTAMP)"
    ),
    "sources": (
        f"COALESCE((SELECT min(s.entered_at) FROM ({_SEEDED}) AS s WHERE s.source_id = sources.id),"
        f" {_SEED_MOMENT}, CURRENT_TIMESTAMP)"
    ),
    "programme_memberships": (
        f"COALESCE((SELECT min(s.entered_at) FROM ({_SEEDED}) AS s"
        " WHERE s.source_id = programme_memberships.source_id),"
        f" {_SEED_MOMENT}, CURRENT_TIMESTAMP)"
    ),
}


def _sqlite_open_transaction() -> None:
    """Python's sqlite3 opens its implicit transaction only at a data change, so an ALTER TABLE
    run first would commit at once and outlive a failure later in the same run (a downgrade
    refused by 0005, say). A no-op UPDATE opens the transaction first."""
    if is_sqlite():
        op.execute("UPDATE alembic_version SET version_num = version_num")


def upgrade() -> None:
    _sqlite_open_transaction()
    for table in TABLES:
        if is_sqlite():
            column = f"entered_at DATETIME DEFAULT {PLACEHOLDER} NOT NULL"
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
            op.get_bind().execute(
                sa.text(f"UPDATE {table} SET entered_at = {BACKFILL[table]}"), {"seed": SEED_ENTERED_BY}
            )
            sqlite_replace_in_definition(table, column, "entered_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL")
        else:
            op.add_column(table, sa.Column("entered_at", sa.DateTime(timezone=True), nullable=True))
            op.get_bind().execute(
                sa.text(f"UPDATE {table} SET entered_at = {BACKFILL[table]}"), {"seed": SEED_ENTERED_BY}
            )
            op.alter_column(table, "entered_at", nullable=False, server_default=sa.text("CURRENT_TIMESTAMP"))


def downgrade() -> None:
    _sqlite_open_transaction()
    for table in reversed(TABLES):
        if is_sqlite():
            op.execute(f"ALTER TABLE {table} DROP COLUMN entered_at")
        else:
            op.drop_column(table, "entered_at")
