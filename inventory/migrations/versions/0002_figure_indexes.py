"""indexes for the newest figure per subject

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:49:44.349379
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figures_period_subject", ["period_end", "municipality_code", "facility_id", "metric"], unique=False
        )
        batch_op.create_index(
            "ix_figures_subject_metric_period",
            ["municipality_code", "facility_id", "metric", "period_end"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_subject_metric_period")
        batch_op.drop_index("ix_figures_period_subject")
