"""accounts, municipality scopes, sign-in throttles and sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:08:37.196581
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttles",
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_sign_in_throttles_failures")),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_throttles")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "email IS NULL OR (email = lower(email) AND email LIKE '%_@_%')", name=op.f("ck_accounts_email_format")
        ),
        sa.CheckConstraint(
            "length(username) BETWEEN 2 AND 80 AND username = lower(username) AND username NOT LIKE '% %'",
            name=op.f("ck_accounts_username_format"),
        ),
        sa.CheckConstraint(
            "password_hash IS NULL OR password_hash LIKE '$argon2id$%'", name=op.f("ck_accounts_argon2id")
        ),
        sa.CheckConstraint(
            "role = 'viewer' OR organisation_id IS NOT NULL", name=op.f("ck_accounts_organisation_required")
        ),
        sa.CheckConstraint(
            "role IN ('admin', 'municipality_editor', 'organisation_editor', 'viewer')", name=op.f("ck_accounts_role")
        ),
        sa.CheckConstraint(
            "disabled_at IS NULL OR disabled_at >= created_at", name=op.f("ck_accounts_disabled_after_created")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_accounts_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "account_municipalities",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_municipalities_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_account_municipalities_municipality_code_municipalities"),
        ),
        sa.PrimaryKeyConstraint("account_id", "municipality_code", name=op.f("pk_account_municipalities")),
    )
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "ended_reason IS NULL OR ended_reason IN ('logout', 'password_reset', 'disabled')",
            name=op.f("ck_login_sessions_ended_reason"),
        ),
        sa.CheckConstraint("route IN ('page', 'cli', 'import', 'api')", name=op.f("ck_login_sessions_route")),
        sa.CheckConstraint(
            "(ended_at IS NULL) = (ended_reason IS NULL)", name=op.f("ck_login_sessions_ended_with_reason")
        ),
        sa.CheckConstraint("length(token_hash) = 64", name=op.f("ck_login_sessions_token_hash")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_login_sessions_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_sessions_account_id"), ["account_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_sessions_account_id"))

    op.drop_table("login_sessions")
    op.drop_table("account_municipalities")
    op.drop_table("accounts")
    op.drop_table("sign_in_throttles")
