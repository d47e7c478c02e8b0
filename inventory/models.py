"""The data model: SQLAlchemy 2.0 declarative classes.

Constraints live in the schema (CHECK, UNIQUE, FOREIGN KEY) so that a record written by
any client, not only through this package, stays valid.
Figures, aggregates and outcomes are append-only: a correction is a new row whose
`supersedes_id` points at the row it replaces.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    extract,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inventory.enums import (
    AuditAction,
    Criterion,
    Hours,
    HowObtained,
    LabelledEnum,
    Metric,
    OrganisationKind,
    OutcomeCategory,
    Programme,
    Qualifier,
    ReviewStatus,
    Role,
    Route,
    SessionEnd,
    ShelterCategory,
    ShelterForm,
    Status,
    TargetGroup,
    TitleKind,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _in(column: str, enum: type[LabelledEnum], nullable: bool = False) -> str:
    values = ", ".join(f"'{v}'" for v in enum.values())
    check = f"{column} IN ({values})"
    return f"{column} IS NULL OR {check}" if nullable else check


def _code_check(prefix: str, digits: int) -> str:
    """`code` is the prefix plus `digits` digits, with plain SQL both SQLite and PostgreSQL run."""
    parts = [f"length(code) = {len(prefix) + digits}", f"substr(code, 1, {len(prefix)}) = '{prefix}'"]
    parts += [f"substr(code, {len(prefix) + i}, 1) BETWEEN '0' AND '9'" for i in range(1, digits + 1)]
    return " AND ".join(parts)


GM_CODE_CHECK = _code_check("GM", 4)
PV_CODE_CHECK = _code_check("PV", 2)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(_in("title_kind", TitleKind, nullable=True), name="title_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(Text)
    # Whether the title is the document's own, as another source cites it, or ours (descriptive).
    title_kind: Mapped[str | None] = mapped_column(String(20))
    publisher: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    seed_file: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(Text)
    # Keys of sources (`;`-separated) whose figures this one restates: not independent confirmation.
    restates: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # When the database first held it (a snapshot at an earlier `stand` does not cite it yet).
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Province(Base):
    __tablename__ = "provinces"
    __table_args__ = (CheckConstraint(PV_CODE_CHECK, name="code_format"),)

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Municipality(Base):
    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint(GM_CODE_CHECK, name="code_format"),
        CheckConstraint("lon BETWEEN 3 AND 8 AND lat BETWEEN 50 AND 54", name="in_netherlands"),
    )

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    # Bumped by every save of municipality-level figures: a save names the version its editor saw.
    edit_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    province: Mapped[Province] = relationship()


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(_in("kind", OrganisationKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_line: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class Facility(Base):
    """A shelter offer. Never an address: it is named by operator, form and target group."""

    __tablename__ = "facilities"
    __table_args__ = (
        CheckConstraint(_in("shelter_form", ShelterForm), name="shelter_form"),
        CheckConstraint(_in("target_group", TargetGroup), name="target_group"),
        CheckConstraint(_in("programme", Programme), name="programme"),
        CheckConstraint("max_stay_months IS NULL OR max_stay_months > 0", name="max_stay"),
        CheckConstraint("closed_on IS NULL OR opened_on IS NULL OR opened_on <= closed_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    label: Mapped[str] = mapped_column(Text)
    shelter_form: Mapped[str] = mapped_column(String(40))
    target_group: Mapped[str] = mapped_column(String(20), default=TargetGroup.UNKNOWN.value)
    legal_guidance: Mapped[bool | None]
    legal_guidance_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    social_guidance: Mapped[bool | None]
    day_activities: Mapped[bool | None]
    living_allowance: Mapped[bool | None]
    max_stay_months: Mapped[int | None] = mapped_column(Integer)
    regional_binding: Mapped[bool | None]
    programme: Mapped[str] = mapped_column(String(20), default=Programme.NONE.value)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_line: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # The organisation that added the offer through an editor (empty for the seed dataset).
    entered_by: Mapped[str | None] = mapped_column(Text)
    # Bumped by every save for this facility, so a save made on an outdated view is refused.
    edit_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When the database first listed the offer (seeded or added by an editor): a snapshot at an
    # earlier `stand` does not list it. Not `opened_on`, which is when the shelter itself opened.
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    municipality: Mapped[Municipality] = relationship()
    operator: Mapped[Organisation | None] = relationship(foreign_keys=[operator_id])
    legal_guidance_by: Mapped[Organisation | None] = relationship(foreign_keys=[legal_guidance_by_id])
    criteria: Mapped[list[FacilityCriterion]] = relationship(
        cascade="all, delete-orphan", order_by="FacilityCriterion.criterion"
    )


class FacilityCriterion(Base):
    __tablename__ = "facility_criteria"
    __table_args__ = (CheckConstraint(_in("criterion", Criterion), name="criterion"),)

    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), primary_key=True)
    criterion: Mapped[str] = mapped_column(String(40), primary_key=True)


class _Valued:
    """A count with its qualifier: exact, approximate, at least/most, or a low–high range."""

    qualifier: Mapped[str] = mapped_column(String(20), default=Qualifier.EXACT.value)
    value: Mapped[int | None] = mapped_column(Integer)
    value_low: Mapped[int | None] = mapped_column(Integer)
    value_high: Mapped[int | None] = mapped_column(Integer)


def _value_checks(*, shape: bool = True) -> tuple[CheckConstraint, ...]:
    """Qualifier and non-negative counts; with `shape`, a range has low <= high and no single value,
    any other qualifier exactly one value."""
    common = (
        CheckConstraint(_in("qualifier", Qualifier), name="qualifier"),
        CheckConstraint(
            "(value IS NULL OR value >= 0) AND (value_low IS NULL OR value_low >= 0)"
            " AND (value_high IS NULL OR value_high >= 0)",
            name="non_negative",
        ),
    )
    if not shape:
        return common
    return (
        *common,
        CheckConstraint(
            "(qualifier = 'range' AND value IS NULL AND value_low IS NOT NULL"
            " AND value_high IS NOT NULL AND value_low <= value_high)"
            " OR (qualifier <> 'range' AND value IS NOT NULL AND value_low IS NULL AND value_high IS NULL)",
            name="value_shape",
        ),
    )


class _Provenance:
    """Where a figure comes from, when and by whom it was entered, and what it replaces."""

    period_start: Mapped[dt.date] = mapped_column(Date, index=True)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))
    # For a status that claims a method (counted, estimated, self-reported): the source's own words
    # for how the figure was obtained, with their line.
    basis: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_line: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(Text)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    conflict_group: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)


def _provenance_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint(_in("status", Status), name="status"),
        CheckConstraint("period_start <= period_end", name="period_order"),
        CheckConstraint("source_line IS NULL OR source_line > 0", name="source_line"),
    )


class Figure(_Valued, _Provenance, Base):
    """A dated figure for one facility or one municipality."""

    __tablename__ = "figures"
    __table_args__ = (
        *_value_checks(),
        *_provenance_checks(),
        CheckConstraint(
            _in("metric", Metric) + " AND metric NOT IN ('municipalities', 'organisations')", name="metric"
        ),
        # The newest figure per subject and metric is the map's main question, over all periods or
        # within one year: both indexes cover that grouped MAX without touching the table (the
        # review status too, which decides whether the public sees a figure).
        Index(
            "ix_figures_subject_metric_period",
            "municipality_code",
            "facility_id",
            "metric",
            "period_end",
            "review_status",
        ),
        Index("ix_figures_period_subject", "period_end", "municipality_code", "facility_id", "metric", "review_status"),
        CheckConstraint(_in("how_obtained", HowObtained, nullable=True), name="how_obtained"),
        CheckConstraint(_in("review_status", ReviewStatus, nullable=True), name="review_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), index=True)
    # Always set, also for facility figures, so municipality queries need no join.
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    metric: Mapped[str] = mapped_column(String(30))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"), unique=True)
    # Self-reported figures (through `inventory.writes`): how they were obtained, the review,
    # the confirmed explanation of occupancy above places, and for "no change since last time"
    # the figure whose value they repeat.
    how_obtained: Mapped[str | None] = mapped_column(String(20))
    review_status: Mapped[str | None] = mapped_column(String(20))
    explanation: Mapped[str | None] = mapped_column(Text)
    same_as_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"))

    facility: Mapped[Facility | None] = relationship()
    source: Mapped[Source | None] = relationship()


# The figure tables in id order (API pages, CSV, the Tables preview) filtered by year: the first
# rows of a year are a range of this index, not a sort of every figure of that year. Queries
# write the year exactly so (`figure_queries.year_of_period`), or the database cannot match it.
Index("ix_figures_year_id", extract("year", Figure.period_end), Figure.id)


class Aggregate(_Valued, _Provenance, Base):
    """A national or grouped figure exactly as a source printed it, with its breakdown."""

    __tablename__ = "aggregates"
    __table_args__ = (
        *_value_checks(),
        *_provenance_checks(),
        CheckConstraint(_in("metric", Metric), name="metric"),
        CheckConstraint(_in("category", ShelterCategory, nullable=True), name="category"),
        CheckConstraint(_in("hours", Hours, nullable=True), name="hours"),
        CheckConstraint(_in("criterion", Criterion, nullable=True), name="criterion"),
        CheckConstraint(_in("target_group", TargetGroup, nullable=True), name="target_group"),
        CheckConstraint(_in("programme", Programme, nullable=True), name="programme"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    table_name: Mapped[str] = mapped_column(String(80), index=True)
    population: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(30))
    hours: Mapped[str | None] = mapped_column(String(10))
    criterion: Mapped[str | None] = mapped_column(String(40))
    target_group: Mapped[str | None] = mapped_column(String(20))
    programme: Mapped[str | None] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    metric: Mapped[str] = mapped_column(String(30))
    also_lines: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("aggregates.id"), unique=True)

    source: Mapped[Source | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Outcome(_Valued, _Provenance, Base):
    """Outflow of residents by category, for an organisation, programme, municipality or the nation."""

    __tablename__ = "outcomes"
    __table_args__ = (
        # An outcome may be a printed share without a count, so its value shape is looser.
        *_value_checks(shape=False),
        CheckConstraint("value_low IS NULL OR value_high IS NULL OR value_low <= value_high", name="range_order"),
        CheckConstraint("value IS NOT NULL OR value_low IS NOT NULL OR share_pct IS NOT NULL", name="has_value"),
        CheckConstraint("share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100)", name="share_pct"),
        *_provenance_checks(),
        CheckConstraint("scope IN ('national', 'organisation', 'programme', 'municipality')", name="scope"),
        CheckConstraint(_in("category", OutcomeCategory), name="category"),
        CheckConstraint(_in("programme", Programme, nullable=True), name="programme"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    scope: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    programme: Mapped[str | None] = mapped_column(String(20))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    population: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(Text)
    share_pct: Mapped[float | None] = mapped_column(Float)
    share_base: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id"), unique=True)

    source: Mapped[Source | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class ProgrammeMembership(Base):
    __tablename__ = "programme_memberships"
    __table_args__ = (
        CheckConstraint(_in("programme", Programme), name="programme"),
        CheckConstraint("period_end IS NULL OR period_start <= period_end", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    programme: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(40))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    period_note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    source_line: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # When the database first held the membership: a snapshot at an earlier `stand` leaves it out.
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    source: Mapped[Source | None] = relationship()


# --- accounts and signing in ---------------------------------------------------------------

# Lower-case ASCII login names; the code checks the full pattern, the schema what SQL can say.
USERNAME_CHECK = "length(username) BETWEEN 2 AND 80 AND username = lower(username) AND username NOT LIKE '% %'"


class Account(Base):
    """A person who may sign in. Never published: public data names only the organisation.

    An organisation editor's scope is the facilities its organisation operates; a municipality
    editor's scope is its rows in `account_municipalities`. No account has a default password:
    a password is set by the command line (or not at all, for single sign-on only)."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(_in("role", Role), name="role"),
        CheckConstraint(USERNAME_CHECK, name="username_format"),
        CheckConstraint("email IS NULL OR (email = lower(email) AND email LIKE '%_@_%')", name="email_format"),
        # Whatever writes the table, a password is stored only as an argon2id hash.
        CheckConstraint("password_hash IS NULL OR password_hash LIKE '$argon2id$%'", name="argon2id"),
        # Public figures name the account's organisation, so every account that can write has one.
        CheckConstraint("role = 'viewer' OR organisation_id IS NOT NULL", name="organisation_required"),
        CheckConstraint("disabled_at IS NULL OR disabled_at >= created_at", name="disabled_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(30))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    password_hash: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation | None] = relationship()
    municipalities: Mapped[list[AccountMunicipality]] = relationship(
        cascade="all, delete-orphan", order_by="AccountMunicipality.municipality_code"
    )


class AccountMunicipality(Base):
    """One CBS municipality a municipality editor may write for."""

    __tablename__ = "account_municipalities"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), primary_key=True)


class SignInThrottle(Base):
    """Failed sign-ins per login name, shared by every app instance on the database.

    Keyed by the name typed, not by account, so an unknown name is throttled like a known one
    and the lockout message does not tell which names exist; `username` holds the SHA-256 of
    that name, as it may be a password typed into the wrong field."""

    __tablename__ = "sign_in_throttles"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures"),)

    username: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A server-side sign-in session. Only the SHA-256 of its token is stored, so a copy of the
    database does not let anyone sign in."""

    __tablename__ = "login_sessions"
    __table_args__ = (
        CheckConstraint("length(token_hash) = 64", name="token_hash"),
        CheckConstraint(_in("route", Route), name="route"),
        CheckConstraint(_in("ended_reason", SessionEnd, nullable=True), name="ended_reason"),
        CheckConstraint("(ended_at IS NULL) = (ended_reason IS NULL)", name="ended_with_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    route: Mapped[str] = mapped_column(String(10), default=Route.PAGE.value)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_reason: Mapped[str | None] = mapped_column(String(20))


# --- editing: reviews, the data version and the audit trail --------------------------------


class FigureReview(Base):
    """An administrator's decision on a self-reported figure; append-only, shown publicly with
    the reviewing organisation (never the person)."""

    __tablename__ = "figure_reviews"
    __table_args__ = (
        CheckConstraint(_in("decision", ReviewStatus) + " AND decision <> 'pending'", name="decision"),
        CheckConstraint("decision <> 'rejected' OR reason IS NOT NULL", name="rejection_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DataVersion(Base):
    """One row whose version grows with every write, in the write's own transaction: query
    caches of every app instance on the database key on it."""

    __tablename__ = "data_version"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("version >= 0", name="version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what, when, through which route, with the old and new value (JSON text).

    Append-only: triggers (migration 0004) refuse UPDATE and DELETE. Internal: it names
    accounts, so only administrators see it; public history comes from figures and reviews."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_in("route", Route), name="route"),
        CheckConstraint(_in("action", AuditAction), name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    # Snapshots, so an entry still says who it was after an account or organisation changes.
    username: Mapped[str | None] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(30), index=True)
    refused: Mapped[bool] = mapped_column(default=False)
    target: Mapped[str | None] = mapped_column(String(200))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
