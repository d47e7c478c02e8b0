"""indexes for newest figure per subject and period filters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:45:25.509280
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aggregates_period_end"), ["period_end"], unique=False)

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_period_end"), ["period_end"], unique=False)
        batch_op.create_index(
            "ix_figures_subject_metric_period",
            ["municipality_code", "facility_id", "metric", "period_end"],
            unique=False,
        )

    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_period_end"), ["period_end"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_period_end"))

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_subject_metric_period")
        batch_op.drop_index(batch_op.f("ix_figures_period_end"))

    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aggregates_period_end"))
