"""figure indexes: by the year a period ends in then id; the review status in the subject indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:00:00.000000

The API's figure pages and the CSV run in id order; with a year filter, a range on period_end
made the database sort every figure of that year before handing out the first thousand. The
expression is SQLAlchemy's `extract("year", ...)`, compiled for each dialect exactly as the
queries write it (STRFTIME on SQLite, EXTRACT on PostgreSQL).

The map's newest figure per subject read every figure's row for its review status (a rejected
figure is not public); with the status in the two subject indexes that grouped MAX reads the
indexes only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SUBJECT = ["municipality_code", "facility_id", "metric", "period_end"]
PERIOD = ["period_end", "municipality_code", "facility_id", "metric"]


def _subject_indexes(extra: list[str]) -> None:
    op.drop_index("ix_figures_subject_metric_period", table_name="figures")
    op.drop_index("ix_figures_period_subject", table_name="figures")
    op.create_index("ix_figures_subject_metric_period", "figures", [*SUBJECT, *extra])
    op.create_index("ix_figures_period_subject", "figures", [*PERIOD, *extra])


def upgrade() -> None:
    op.create_index("ix_figures_year_id", "figures", [sa.extract("year", sa.column("period_end")), "id"])
    _subject_indexes(["review_status"])


def downgrade() -> None:
    op.drop_index("ix_figures_year_id", table_name="figures")
    _subject_indexes([])
