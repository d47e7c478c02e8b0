"""status 'stated' (method unknown), the basis of a method status, source title kinds and restatements

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:00:00.000000

SQLite cannot alter a CHECK constraint, and Alembic's batch mode would rebuild `figures` and
`sources` by dropping them, which a live database refuses: `figure_reviews` (and every table with
a `source_id`) references them and foreign keys are on. So on SQLite the status CHECK is widened
in place with the procedure SQLite documents for changing constraints (`writable_schema`, then a
new schema version): every stored row met the old, stricter CHECK, so it meets the new one. The
new columns are added with plain `ALTER TABLE ... ADD COLUMN`. PostgreSQL alters as usual.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.migration_helpers import is_sqlite, replace_check

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VALUED = ("figures", "aggregates", "outcomes")
OLD_STATUS = "status IN ('counted', 'estimated', 'self_reported', 'published_aggregate')"
NEW_STATUS = "status IN ('counted', 'estimated', 'self_reported', 'published_aggregate', 'stated')"
TITLE_KIND = "title_kind IS NULL OR title_kind IN ('document', 'cited', 'descriptive')"


def _sqlite() -> bool:
    return is_sqlite()


def _replace_status_check(table: str, old: str, new: str) -> None:
    replace_check(table, "status", old, new)


def upgrade() -> None:
    for table in VALUED:
        op.add_column(table, sa.Column("basis", sa.Text(), nullable=True))
        _replace_status_check(table, OLD_STATUS, NEW_STATUS)
    if _sqlite():
        op.execute(
            "ALTER TABLE sources ADD COLUMN title_kind VARCHAR(20) "
            f"CONSTRAINT ck_sources_title_kind CHECK ({TITLE_KIND})"
        )
    else:
        op.add_column("sources", sa.Column("title_kind", sa.String(length=20), nullable=True))
        op.create_check_constraint(op.f("ck_sources_title_kind"), "sources", TITLE_KIND)
    op.add_column("sources", sa.Column("restates", sa.Text(), nullable=True))


def _drop_column(table: str, column: str) -> None:
    # Native DROP COLUMN (SQLite 3.35+): no table rebuild, so no drop of a referenced table.
    op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def downgrade() -> None:
    # No older status says "method unknown": refuse, before changing anything, rather than give
    # those figures a method they were never said to have.
    for table in VALUED:
        stated = op.get_bind().execute(sa.text(f"SELECT count(*) FROM {table} WHERE status = 'stated'")).scalar()
        if stated:
            raise RuntimeError(f"{table} has {stated} row(s) with status 'stated', which revision 0004 cannot hold")
    _drop_column("sources", "restates")
    if not _sqlite():
        op.drop_constraint(op.f("ck_sources_title_kind"), "sources", type_="check")
    _drop_column("sources", "title_kind")
    for table in reversed(VALUED):
        _replace_status_check(table, NEW_STATUS, OLD_STATUS)
        _drop_column(table, "basis")
