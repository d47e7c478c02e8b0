"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:02:23.626775
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "provinces",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "length(code) = 4 AND substr(code, 1, 2) = 'PV' AND substr(code, 3, 1) BETWEEN '0' AND '9' AND substr(code, 4, 1) BETWEEN '0' AND '9'",
            name=op.f("ck_provinces_code_format"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_provinces")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("seed_file", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("licence", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("key", name=op.f("uq_sources_key")),
    )
    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("province_code", sa.String(length=4), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "length(code) = 6 AND substr(code, 1, 2) = 'GM' AND substr(code, 3, 1) BETWEEN '0' AND '9' AND substr(code, 4, 1) BETWEEN '0' AND '9' AND substr(code, 5, 1) BETWEEN '0' AND '9' AND substr(code, 6, 1) BETWEEN '0' AND '9'",
            name=op.f("ck_municipalities_code_format"),
        ),
        sa.CheckConstraint(
            "lon BETWEEN 3 AND 8 AND lat BETWEEN 50 AND 54",
            name=op.f("ck_municipalities_in_netherlands"),
        ),
        sa.ForeignKeyConstraint(
            ["province_code"],
            ["provinces.code"],
            name=op.f("fk_municipalities_province_code_provinces"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_municipalities")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('municipality', 'ngo', 'church_based', 'homeless_shelter', 'legal_aid', 'vluchtelingenwerk', 'government', 'research', 'other')",
            name=op.f("ck_organisations_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_organisations_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_organisations_source_id_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("key", name=op.f("uq_organisations_key")),
    )
    op.create_table(
        "programme_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("programme", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("period_note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "programme IN ('lvv', 'bbb', 'municipal', 'none')",
            name=op.f("ck_programme_memberships_programme"),
        ),
        sa.CheckConstraint(
            "period_end IS NULL OR period_start <= period_end",
            name=op.f("ck_programme_memberships_period_order"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_programme_memberships_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_programme_memberships_source_id_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_memberships")),
        sa.UniqueConstraint("key", name=op.f("uq_programme_memberships_key")),
    )
    with op.batch_alter_table("programme_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_memberships_municipality_code"),
            ["municipality_code"],
            unique=False,
        )

    op.create_table(
        "aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("table_name", sa.String(length=80), nullable=False),
        sa.Column("population", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column("hours", sa.String(length=10), nullable=True),
        sa.Column("criterion", sa.String(length=40), nullable=True),
        sa.Column("target_group", sa.String(length=20), nullable=True),
        sa.Column("programme", sa.String(length=20), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("also_lines", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("value_low", sa.Integer(), nullable=True),
        sa.Column("value_high", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("period_note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=False),
        sa.Column(
            "entered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("conflict_group", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(qualifier = 'range' AND value IS NULL AND value_low IS NOT NULL AND value_high IS NOT NULL AND value_low <= value_high) OR (qualifier <> 'range' AND value IS NOT NULL AND value_low IS NULL AND value_high IS NULL)",
            name=op.f("ck_aggregates_value_shape"),
        ),
        sa.CheckConstraint(
            "category IS NULL OR category IN ('regular', 'specialised', 'own_network', 'other')",
            name=op.f("ck_aggregates_category"),
        ),
        sa.CheckConstraint(
            "criterion IS NULL OR criterion IN ('prospects', 'women_only', 'vulnerable', 'none', 'return_cooperation', 'medical_indication', 'other')",
            name=op.f("ck_aggregates_criterion"),
        ),
        sa.CheckConstraint(
            "hours IS NULL OR hours IN ('night', '24h', 'day')",
            name=op.f("ck_aggregates_hours"),
        ),
        sa.CheckConstraint(
            "metric IN ('places', 'persons', 'families', 'family_places', 'waiting_list', 'municipalities', 'organisations', 'demand')",
            name=op.f("ck_aggregates_metric"),
        ),
        sa.CheckConstraint(
            "programme IS NULL OR programme IN ('lvv', 'bbb', 'municipal', 'none')",
            name=op.f("ck_aggregates_programme"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approximate', 'at_least', 'at_most', 'range')",
            name=op.f("ck_aggregates_qualifier"),
        ),
        sa.CheckConstraint(
            "status IN ('counted', 'estimated', 'self_reported', 'published_aggregate')",
            name=op.f("ck_aggregates_status"),
        ),
        sa.CheckConstraint(
            "target_group IS NULL OR target_group IN ('men', 'women', 'mixed', 'families', 'unknown')",
            name=op.f("ck_aggregates_target_group"),
        ),
        sa.CheckConstraint(
            "(value IS NULL OR value >= 0) AND (value_low IS NULL OR value_low >= 0) AND (value_high IS NULL OR value_high >= 0)",
            name=op.f("ck_aggregates_non_negative"),
        ),
        sa.CheckConstraint("period_start <= period_end", name=op.f("ck_aggregates_period_order")),
        sa.CheckConstraint(
            "source_line IS NULL OR source_line > 0",
            name=op.f("ck_aggregates_source_line"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_aggregates_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_aggregates_source_id_sources")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["aggregates.id"],
            name=op.f("fk_aggregates_supersedes_id_aggregates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aggregates")),
        sa.UniqueConstraint("key", name=op.f("uq_aggregates_key")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_aggregates_supersedes_id")),
    )
    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aggregates_period_start"), ["period_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_aggregates_table_name"), ["table_name"], unique=False)

    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("shelter_form", sa.String(length=40), nullable=False),
        sa.Column("target_group", sa.String(length=20), nullable=False),
        sa.Column("legal_guidance", sa.Boolean(), nullable=True),
        sa.Column("legal_guidance_by_id", sa.Integer(), nullable=True),
        sa.Column("social_guidance", sa.Boolean(), nullable=True),
        sa.Column("day_activities", sa.Boolean(), nullable=True),
        sa.Column("living_allowance", sa.Boolean(), nullable=True),
        sa.Column("max_stay_months", sa.Integer(), nullable=True),
        sa.Column("regional_binding", sa.Boolean(), nullable=True),
        sa.Column("programme", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "programme IN ('lvv', 'bbb', 'municipal', 'none')",
            name=op.f("ck_facilities_programme"),
        ),
        sa.CheckConstraint(
            "shelter_form IN ('regular_night', 'regular_24h', 'specialised_night', 'specialised_24h', 'own_network', 'day_night_combination', 'day_centre', 'family', 'other')",
            name=op.f("ck_facilities_shelter_form"),
        ),
        sa.CheckConstraint(
            "target_group IN ('men', 'women', 'mixed', 'families', 'unknown')",
            name=op.f("ck_facilities_target_group"),
        ),
        sa.CheckConstraint(
            "closed_on IS NULL OR opened_on IS NULL OR opened_on <= closed_on",
            name=op.f("ck_facilities_dates"),
        ),
        sa.CheckConstraint(
            "max_stay_months IS NULL OR max_stay_months > 0",
            name=op.f("ck_facilities_max_stay"),
        ),
        sa.ForeignKeyConstraint(
            ["legal_guidance_by_id"],
            ["organisations.id"],
            name=op.f("fk_facilities_legal_guidance_by_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_facilities_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["organisations.id"],
            name=op.f("fk_facilities_operator_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_facilities_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilities")),
        sa.UniqueConstraint("key", name=op.f("uq_facilities_key")),
    )
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_facilities_municipality_code"),
            ["municipality_code"],
            unique=False,
        )

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("programme", sa.String(length=20), nullable=True),
        sa.Column("municipality_code", sa.String(length=6), nullable=True),
        sa.Column("population", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("share_pct", sa.Float(), nullable=True),
        sa.Column("share_base", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("value_low", sa.Integer(), nullable=True),
        sa.Column("value_high", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("period_note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=False),
        sa.Column(
            "entered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("conflict_group", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "category IN ('all_solutions', 'residence_status', 'reception', 'return', 'onward_migration', 'other', 'unknown')",
            name=op.f("ck_outcomes_category"),
        ),
        sa.CheckConstraint(
            "programme IS NULL OR programme IN ('lvv', 'bbb', 'municipal', 'none')",
            name=op.f("ck_outcomes_programme"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approximate', 'at_least', 'at_most', 'range')",
            name=op.f("ck_outcomes_qualifier"),
        ),
        sa.CheckConstraint(
            "scope IN ('national', 'organisation', 'programme', 'municipality')",
            name=op.f("ck_outcomes_scope"),
        ),
        sa.CheckConstraint(
            "status IN ('counted', 'estimated', 'self_reported', 'published_aggregate')",
            name=op.f("ck_outcomes_status"),
        ),
        sa.CheckConstraint(
            "(value IS NULL OR value >= 0) AND (value_low IS NULL OR value_low >= 0) AND (value_high IS NULL OR value_high >= 0)",
            name=op.f("ck_outcomes_non_negative"),
        ),
        sa.CheckConstraint("period_start <= period_end", name=op.f("ck_outcomes_period_order")),
        sa.CheckConstraint(
            "share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100)",
            name=op.f("ck_outcomes_share_pct"),
        ),
        sa.CheckConstraint(
            "source_line IS NULL OR source_line > 0",
            name=op.f("ck_outcomes_source_line"),
        ),
        sa.CheckConstraint(
            "value IS NOT NULL OR value_low IS NOT NULL OR share_pct IS NOT NULL",
            name=op.f("ck_outcomes_has_value"),
        ),
        sa.CheckConstraint(
            "value_low IS NULL OR value_high IS NULL OR value_low <= value_high",
            name=op.f("ck_outcomes_range_order"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_outcomes_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_outcomes_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_outcomes_source_id_sources")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["outcomes.id"],
            name=op.f("fk_outcomes_supersedes_id_outcomes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
        sa.UniqueConstraint("key", name=op.f("uq_outcomes_key")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_outcomes_supersedes_id")),
    )
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_period_start"), ["period_start"], unique=False)

    op.create_table(
        "facility_criteria",
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "criterion IN ('prospects', 'women_only', 'vulnerable', 'none', 'return_cooperation', 'medical_indication', 'other')",
            name=op.f("ck_facility_criteria_criterion"),
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_facility_criteria_facility_id_facilities"),
        ),
        sa.PrimaryKeyConstraint("facility_id", "criterion", name=op.f("pk_facility_criteria")),
    )
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("value_low", sa.Integer(), nullable=True),
        sa.Column("value_high", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("period_note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=False),
        sa.Column(
            "entered_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("conflict_group", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(qualifier = 'range' AND value IS NULL AND value_low IS NOT NULL AND value_high IS NOT NULL AND value_low <= value_high) OR (qualifier <> 'range' AND value IS NOT NULL AND value_low IS NULL AND value_high IS NULL)",
            name=op.f("ck_figures_value_shape"),
        ),
        sa.CheckConstraint(
            "metric IN ('places', 'persons', 'families', 'family_places', 'waiting_list', 'municipalities', 'organisations', 'demand') AND metric NOT IN ('municipalities', 'organisations')",
            name=op.f("ck_figures_metric"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approximate', 'at_least', 'at_most', 'range')",
            name=op.f("ck_figures_qualifier"),
        ),
        sa.CheckConstraint(
            "status IN ('counted', 'estimated', 'self_reported', 'published_aggregate')",
            name=op.f("ck_figures_status"),
        ),
        sa.CheckConstraint(
            "(value IS NULL OR value >= 0) AND (value_low IS NULL OR value_low >= 0) AND (value_high IS NULL OR value_high >= 0)",
            name=op.f("ck_figures_non_negative"),
        ),
        sa.CheckConstraint("period_start <= period_end", name=op.f("ck_figures_period_order")),
        sa.CheckConstraint(
            "source_line IS NULL OR source_line > 0",
            name=op.f("ck_figures_source_line"),
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_figures_facility_id_facilities"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_figures_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_figures_source_id_sources")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["figures.id"],
            name=op.f("fk_figures_supersedes_id_figures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
        sa.UniqueConstraint("key", name=op.f("uq_figures_key")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_figures_supersedes_id")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_figures_municipality_code"),
            ["municipality_code"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_figures_period_start"), ["period_start"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figures_period_start"))
        batch_op.drop_index(batch_op.f("ix_figures_municipality_code"))
        batch_op.drop_index(batch_op.f("ix_figures_facility_id"))

    op.drop_table("figures")
    op.drop_table("facility_criteria")
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_period_start"))

    op.drop_table("outcomes")
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilities_municipality_code"))

    op.drop_table("facilities")
    with op.batch_alter_table("aggregates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aggregates_table_name"))
        batch_op.drop_index(batch_op.f("ix_aggregates_period_start"))

    op.drop_table("aggregates")
    with op.batch_alter_table("programme_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_memberships_municipality_code"))

    op.drop_table("programme_memberships")
    op.drop_table("organisations")
    op.drop_table("municipalities")
    op.drop_table("sources")
    op.drop_table("provinces")
