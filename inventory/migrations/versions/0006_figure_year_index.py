"""index of figures by the year their period ends in, then id

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:00:00.000000

The API's figure pages and the CSV run in id order; with a year filter, a range on period_end
made the database sort every figure of that year before handing out the first thousand. The
expression is SQLAlchemy's `extract("year", ...)`, compiled for each dialect exactly as the
queries write it (STRFTIME on SQLite, EXTRACT on PostgreSQL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_figures_year_id", "figures", [sa.extract("year", sa.column("period_end")), "id"])


def downgrade() -> None:
    op.drop_index("ix_figures_year_id", table_name="figures")
