"""Accounts are constrained in the schema: a row written by any client keeps to the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inventory.database import session_scope
from inventory.models import Account, AccountMunicipality, LoginSession, Municipality, Organisation, Province

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def _base(session: Session) -> int:
    session.add(Province(code="PV27", name="Noord-Holland"))
    session.flush()
    session.add(Municipality(code="GM0363", name="Amsterdam", province_code="PV27", lon=4.9, lat=52.37))
    organisation = Organisation(key="gemeente-amsterdam", name="Gemeente Amsterdam", kind="municipality")
    session.add(organisation)
    session.flush()
    return organisation.id


def _account(organisation_id: int | None, **overrides: object) -> Account:
    values: dict[str, object] = {
        "username": "editor",
        "email": "editor@example.org",
        "role": "municipality_editor",
        "organisation_id": organisation_id,
        "password_hash": HASH,
        "created_at": NOW,
    }
    values.update(overrides)
    return Account(**values)


def test_a_valid_account_with_scope_is_stored(engine: Engine) -> None:
    with session_scope(engine) as session:
        account = _account(_base(session))
        account.municipalities = [AccountMunicipality(municipality_code="GM0363")]
        session.add(account)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM account_municipalities")).scalar() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"role": "superuser"},
        {"username": "Editor"},
        {"username": "two words"},
        {"username": "x"},
        {"email": "Editor@Example.org"},
        {"email": "not-an-address"},
        {"password_hash": "plain-text-password"},
        {"password_hash": "$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"},
        {"organisation_id": None},
        {"disabled_at": NOW - dt.timedelta(days=1)},
    ],
)
def test_invalid_accounts_are_refused_by_the_database(engine: Engine, overrides: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        values = {"organisation_id": _base(session), **overrides}
        session.add(_account(**values))  # type: ignore[arg-type]
        session.flush()


def test_a_viewer_needs_no_organisation(engine: Engine) -> None:
    with session_scope(engine) as session:
        _base(session)
        session.add(_account(None, role="viewer", password_hash=None))


@pytest.mark.parametrize("column", ["username", "email"])
def test_username_and_email_are_unique(engine: Engine, column: str) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        organisation_id = _base(session)
        session.add(_account(organisation_id))
        session.flush()
        other = {"username": "other", "email": "other@example.org"}
        other.pop(column)
        session.add(_account(organisation_id, **other))
        session.flush()


def test_scope_names_a_known_municipality(engine: Engine) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        account = _account(_base(session))
        account.municipalities = [AccountMunicipality(municipality_code="GM9999")]
        session.add(account)
        session.flush()


@pytest.mark.parametrize(
    "overrides",
    [
        {"token_hash": "short"},
        {"ended_at": NOW},
        {"ended_reason": "logout"},
        {"ended_at": NOW, "ended_reason": "forgotten"},
    ],
)
def test_invalid_sessions_are_refused_by_the_database(engine: Engine, overrides: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        account = _account(_base(session))
        session.add(account)
        session.flush()
        values: dict[str, object] = {
            "token_hash": "a" * 64,
            "account_id": account.id,
            "created_at": NOW,
            "last_seen_at": NOW,
        }
        values.update(overrides)
        session.add(LoginSession(**values))
        session.flush()


def test_migrations_0003_and_0004_go_down_and_up_again(engine: Engine) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from inventory.schema import alembic_config, current_revision, head_revision, upgrade

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    tables = set(inspect(engine).get_table_names())
    assert current_revision(engine) == "0002"
    assert not tables & {"accounts", "login_sessions", "audit_log", "data_version", "figure_reviews"}
    assert "edit_version" not in {c["name"] for c in inspect(engine).get_columns("facilities")}
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar() == 0
