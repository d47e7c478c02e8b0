"""Organisations and accounts: created, disabled, re-scoped and given passwords by an admin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from inventory import accounts
from inventory import validation as v
from inventory.clock import Clock, utc_now
from inventory.enums import (
    AuditAction,
    OrganisationKind,
    Role,
    SessionEnd,
)
from inventory.models import (
    Account,
    AccountMunicipality,
    Municipality,
    Organisation,
)
from inventory.sessions import end_all_sessions
from inventory.writes.core import (
    MAX_LABEL,
    Actor,
    InvalidInput,
    NotAllowed,
    NotFound,
    Problem,
    _Ctx,
    _enum,
    _Problems,
    _text,
    _write,
)


def add_organisation(
    engine: Engine,
    actor: Actor,
    key: str,
    name: str,
    kind: OrganisationKind | str,
    *,
    municipality_code: str | None = None,
    clock: Clock = utc_now,
) -> int:
    """An organisation that accounts can belong to (its name is what public figures show)."""

    def work(ctx: _Ctx) -> int:
        ctx.admin("add an organisation", operator=True)
        problems = _Problems()
        try:
            v.parse_key(key)
        except ValueError as error:
            problems.add_error("key", error)
        clean_name = _text(name, "name", problems, required=True, limit=MAX_LABEL)
        parsed_kind = _enum(OrganisationKind, kind, "kind", problems)
        if municipality_code is not None and ctx.session.get(Municipality, municipality_code) is None:
            problems.add_raw("municipality_code", f"no municipality {municipality_code}")
        if ctx.session.scalar(select(Organisation.id).where(Organisation.key == key)) is not None:
            problems.add_raw("key", f"an organisation '{key}' already exists")
        problems.raise_any()
        assert parsed_kind is not None
        organisation = Organisation(
            key=key, name=clean_name, kind=parsed_kind.value, municipality_code=municipality_code
        )
        ctx.session.add(organisation)
        ctx.session.flush()
        ctx.log(
            AuditAction.ORGANISATION_ADDED,
            f"organisation:{key}",
            new={"key": key, "name": clean_name, "kind": parsed_kind.value, "municipality_code": municipality_code},
        )
        return organisation.id

    return _write(engine, actor, AuditAction.ORGANISATION_ADDED, f"organisation:{key}", work, clock)


def _account_record(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "email": account.email,
        "role": account.role,
        "organisation": account.organisation.key if account.organisation else None,
        "municipalities": sorted(m.municipality_code for m in account.municipalities),
        "disabled_at": account.disabled_at,
        "has_password": account.password_hash is not None,
    }


def _account(session: Session, username: str) -> Account:
    account = accounts.find_account(session, username)
    if account is None:
        raise NotFound(f"no account '{username}'; nothing was written")
    return account


def _municipality_codes(session: Session, codes: Iterable[str], problems: _Problems) -> list[str]:
    wanted = sorted(set(codes))
    known = set(session.scalars(select(Municipality.code).where(Municipality.code.in_(wanted))))
    for code in wanted:
        if code not in known:
            problems.add_raw("municipalities", f"no municipality {code}")
    return wanted


def _new_password_hash(password: str | None, username: str) -> str | None:
    """Checked and hashed before any transaction opens: hashing is slow and needs no lock."""
    if password is None:
        return None
    problem = accounts.password_problem(password, username)
    if problem:
        raise InvalidInput([Problem.raw("password", problem)])
    return accounts.hash_password(password)


def add_account(
    engine: Engine,
    actor: Actor,
    username: str,
    role: Role | str,
    *,
    organisation_key: str | None = None,
    email: str | None = None,
    municipalities: Sequence[str] = (),
    password: str | None = None,
    clock: Clock = utc_now,
) -> int:
    """A new account. Without a password it can sign in only by single sign-on (its e-mail)."""
    name = accounts.normalise_username(username)
    problem = accounts.username_problem(name)
    if problem:
        raise InvalidInput([Problem.raw("username", problem)])
    password_hash = _new_password_hash(password, name)

    def work(ctx: _Ctx) -> int:
        ctx.admin("add accounts", operator=True)
        session = ctx.session
        problems = _Problems()
        parsed_role = _enum(Role, role, "role", problems)
        address = accounts.normalise_email(email) if email else None
        if address is not None and (bad := accounts.email_problem(address)):
            problems.add_raw("email", bad)
        organisation = None
        if organisation_key is not None:
            organisation = session.scalar(select(Organisation).where(Organisation.key == organisation_key))
            if organisation is None:
                problems.add_raw("organisation", f"no organisation '{organisation_key}' (add it first)")
        elif parsed_role is not None and parsed_role is not Role.VIEWER:
            problems.add_raw("organisation", "is required: public figures name the account's organisation")
        codes = _municipality_codes(session, municipalities, problems)
        if parsed_role is Role.MUNICIPALITY_EDITOR and not codes:
            problems.add_raw("municipalities", "a municipality editor needs at least one municipality")
        if parsed_role not in (None, Role.MUNICIPALITY_EDITOR) and codes:
            problems.add_raw("municipalities", "only a municipality editor has municipalities")
        if accounts.find_account(session, name) is not None:
            problems.add_raw("username", f"an account '{name}' already exists")
        if address is not None and session.scalar(select(Account.id).where(Account.email == address)) is not None:
            problems.add_raw("email", f"another account already has {address}")
        problems.raise_any()
        assert parsed_role is not None
        account = Account(
            username=name,
            email=address,
            role=parsed_role.value,
            organisation_id=organisation.id if organisation else None,
            password_hash=password_hash,
            created_at=ctx.now,
            password_changed_at=ctx.now if password_hash else None,
        )
        account.municipalities = [AccountMunicipality(municipality_code=c) for c in codes]
        session.add(account)
        session.flush()
        ctx.log(AuditAction.ACCOUNT_ADDED, f"account:{name}", new=_account_record(account))
        return account.id

    return _write(engine, actor, AuditAction.ACCOUNT_ADDED, f"account:{name}", work, clock)


def set_account_disabled(
    engine: Engine, actor: Actor, username: str, disabled: bool, *, clock: Clock = utc_now
) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    action = AuditAction.ACCOUNT_DISABLED if disabled else AuditAction.ACCOUNT_ENABLED

    def work(ctx: _Ctx) -> None:
        scope = ctx.admin("disable or enable accounts", operator=True)
        account = _account(ctx.session, username)
        if scope is not None and account.id == scope.account_id:
            raise InvalidInput([Problem.raw("username", "you cannot disable or enable your own account")])
        if (account.disabled_at is not None) == disabled:
            raise InvalidInput(
                [Problem.raw("username", f"'{account.username}' is already {'dis' if disabled else 'en'}abled")]
            )
        old = _account_record(account)
        account.disabled_at = ctx.now if disabled else None
        ended = end_all_sessions(ctx.session, account.id, SessionEnd.DISABLED, ctx.now) if disabled else 0
        ctx.log(
            action, f"account:{account.username}", old=old, new={**_account_record(account), "sessions_ended": ended}
        )

    _write(engine, actor, action, f"account:{username}", work, clock)


def reset_password(engine: Engine, actor: Actor, username: str, password: str, *, clock: Clock = utc_now) -> None:
    """A new password (by an administrator, or by the account itself): every session of the
    account ends and a sign-in lock on its name is lifted."""
    name = accounts.normalise_username(username)
    password_hash = _new_password_hash(password, name)

    def work(ctx: _Ctx) -> None:
        if ctx.scope is None or ctx.scope.role is Role.ADMIN:
            pass
        elif ctx.scope.username != name:
            raise NotAllowed(f"account '{ctx.scope.username}' may change only its own password; nothing was written")
        account = _account(ctx.session, name)
        account.password_hash = password_hash
        account.password_changed_at = ctx.now
        ended = end_all_sessions(ctx.session, account.id, SessionEnd.PASSWORD_RESET, ctx.now)
        accounts.clear_throttle(ctx.session, name)
        ctx.log(
            AuditAction.PASSWORD_RESET,
            f"account:{name}",
            old={"password": "replaced"},
            new={"password": "set", "sessions_ended": ended},
        )

    _write(engine, actor, AuditAction.PASSWORD_RESET, f"account:{name}", work, clock)


def change_scope(
    engine: Engine,
    actor: Actor,
    username: str,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    clock: Clock = utc_now,
) -> list[str]:
    """Add or remove municipalities of a municipality editor; returns the new list."""

    def work(ctx: _Ctx) -> list[str]:
        ctx.admin("change an account's scope", operator=True)
        account = _account(ctx.session, username)
        problems = _Problems()
        if account.role != Role.MUNICIPALITY_EDITOR.value:
            problems.add_raw(
                "role", f"'{account.username}' is a {Role(account.role).label('en').lower()}, not a municipality editor"
            )
        added = _municipality_codes(ctx.session, add, problems)
        problems.raise_any()
        old = sorted(m.municipality_code for m in account.municipalities)
        new = sorted((set(old) | set(added)) - set(remove))
        account.municipalities = [m for m in account.municipalities if m.municipality_code in new] + [
            AccountMunicipality(municipality_code=c) for c in new if c not in old
        ]
        ctx.session.flush()
        ctx.log(
            AuditAction.SCOPE_CHANGED,
            f"account:{account.username}",
            old={"municipalities": old},
            new={"municipalities": new},
        )
        return new

    return _write(engine, actor, AuditAction.SCOPE_CHANGED, f"account:{username}", work, clock)
