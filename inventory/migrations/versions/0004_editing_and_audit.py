"""figure reviews, edit versions, data version and the audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:10:00.568791
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_single_row")),
        sa.CheckConstraint("version >= 0", name=op.f("ck_data_version_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=120), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('figure_saved', 'figure_unchanged', 'figure_verified', 'figure_rejected', 'facility_added', 'facility_closed', 'organisation_added', 'account_added', 'account_disabled', 'account_enabled', 'password_reset', 'scope_changed', 'signed_in', 'sign_in_failed', 'locked_out', 'sign_in_blocked', 'signed_out')",
            name=op.f("ck_audit_log_action"),
        ),
        sa.CheckConstraint("route IN ('page', 'cli', 'import', 'api')", name=op.f("ck_audit_log_route")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_audit_log_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "figure_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision <> 'rejected' OR reason IS NOT NULL", name=op.f("ck_figure_reviews_rejection_reason")
        ),
        sa.CheckConstraint(
            "decision IN ('pending', 'verified', 'rejected') AND decision <> 'pending'",
            name=op.f("ck_figure_reviews_decision"),
        ),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], name=op.f("fk_figure_reviews_figure_id_figures")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_reviews")),
    )
    with op.batch_alter_table("figure_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figure_reviews_figure_id"), ["figure_id"], unique=False)

    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entered_by", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("edit_version", sa.Integer(), server_default="0", nullable=False))

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("how_obtained", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("review_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("explanation", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("same_as_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_figures_same_as_id_figures"), "figures", ["same_as_id"], ["id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_figures_how_obtained"),
            "how_obtained IS NULL OR how_obtained IN ('counted', 'records', 'agreed', 'estimated')",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_figures_review_status"),
            "review_status IS NULL OR review_status IN ('pending', 'verified', 'rejected')",
        )

    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edit_version", sa.Integer(), server_default="0", nullable=False))

    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    _append_only("audit_log")


def _append_only(table: str) -> None:
    # Whatever client connects, an audit entry once written is neither changed nor removed.
    message = f"{table} is append-only"
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def _drop_append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


def downgrade() -> None:
    _drop_append_only("audit_log")
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_column("edit_version")

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_figures_review_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_figures_how_obtained"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_figures_same_as_id_figures"), type_="foreignkey")
        batch_op.drop_column("same_as_id")
        batch_op.drop_column("explanation")
        batch_op.drop_column("review_status")
        batch_op.drop_column("how_obtained")

    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.drop_column("edit_version")
        batch_op.drop_column("entered_by")

    with op.batch_alter_table("figure_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figure_reviews_figure_id"))

    op.drop_table("figure_reviews")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))
        batch_op.drop_index(batch_op.f("ix_audit_log_account_id"))

    op.drop_table("audit_log")
    op.drop_table("data_version")
