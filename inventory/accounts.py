"""Accounts: password hashing, the scope an account may write in, and password sign-in.

Passwords are stored only as argon2id hashes (the schema refuses anything else). Sign-in gives
one message for an unknown name, a wrong password and a disabled account, and throttles per
name typed: after `MAX_FAILURES` failures within `LOCKOUT`, further attempts are refused for
`LOCKOUT`. The counts live in the database, so every app instance on it shares them.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from inventory import audit, transactions
from inventory.clock import Clock, as_utc, utc_now
from inventory.enums import AuditAction, Role, Route
from inventory.models import Account, AccountMunicipality, Facility, SignInThrottle

MIN_PASSWORD_LENGTH = 12
# argon2 hashes any length, but a megabyte "password" is only a way to spend our CPU.
MAX_PASSWORD_LENGTH = 1024
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# argon2-cffi's defaults are argon2id with the RFC 9106 low-memory profile.
_hasher = PasswordHasher()
# Verified against when the name is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of any account")


def normalise_username(raw: str) -> str:
    return raw.strip().lower()


def normalise_email(raw: str) -> str:
    return raw.strip().lower()


def username_problem(username: str) -> str | None:
    if not USERNAME.match(username):
        return (
            f"username '{username}' must be 2 to 80 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return None


def email_problem(email: str) -> str | None:
    if len(email) > 254 or not EMAIL.match(email):
        return f"'{email}' is not an e-mail address"
    return None


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters long"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must be at most {MAX_PASSWORD_LENGTH} characters long"
    if not password.strip():
        return "the password must not be only spaces"
    if username and username.lower() in password.lower():
        return "the password must not contain the username"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What an account may write, read fresh from the database for each write."""

    account_id: int
    username: str
    role: Role
    organisation_id: int | None
    organisation: str | None
    municipalities: frozenset[str]
    disabled: bool

    @property
    def can_edit(self) -> bool:
        return not self.disabled and self.role is not Role.VIEWER

    def may_write_municipality(self, code: str) -> bool:
        """Municipality-level figures: an organisation editor has no municipality of its own."""
        if not self.can_edit:
            return False
        return self.role is Role.ADMIN or (self.role is Role.MUNICIPALITY_EDITOR and code in self.municipalities)

    def may_write_facility(self, municipality_code: str, operator_id: int | None) -> bool:
        if not self.can_edit:
            return False
        if self.role is Role.ADMIN:
            return True
        if self.role is Role.MUNICIPALITY_EDITOR:
            return municipality_code in self.municipalities
        return self.organisation_id is not None and operator_id == self.organisation_id

    def who(self) -> audit.Who:
        return audit.Who(self.account_id, self.username, self.organisation)


def scope_of(account: Account) -> Scope:
    return Scope(
        account_id=account.id,
        username=account.username,
        role=Role(account.role),
        organisation_id=account.organisation_id,
        organisation=account.organisation.name if account.organisation else None,
        municipalities=frozenset(m.municipality_code for m in account.municipalities),
        disabled=account.disabled_at is not None,
    )


def load_scope(session: Session, account_id: int) -> Scope | None:
    account = session.get(Account, account_id)
    return scope_of(account) if account is not None else None


def _account_by_email(session: Session, email: str) -> Account | None:
    # One query (every page view of a single sign-on user asks): organisation and municipalities joined.
    stmt = (
        select(Account)
        .where(Account.email == normalise_email(email))
        .options(joinedload(Account.organisation), joinedload(Account.municipalities))
    )
    return session.scalars(stmt).unique().one_or_none()


def scope_for_email(session: Session, email: str) -> Scope | None:
    """Single sign-on: the account of a verified e-mail address; None means a viewer."""
    account = _account_by_email(session, email)
    if account is None or account.disabled_at is not None:
        return None
    return scope_of(account)


class SsoRefusal(enum.Enum):
    """Why a person signed in with the identity provider is only a viewer here."""

    UNVERIFIED = "unverified"  # no e-mail, or the provider says it has not been verified
    UNKNOWN = "unknown"  # no account has this e-mail address
    DISABLED = "disabled"


@dataclass(frozen=True)
class SingleSignOn:
    email: str | None
    scope: Scope | None
    refusal: SsoRefusal | None


def _verified(claim: object) -> bool:
    """`email_verified` as providers send it: absent (trusted, as OIDC leaves it optional),
    a boolean, or now and then the string "true"."""
    return claim is None or claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


def single_sign_on(engine: Engine, email: object, email_verified: object) -> SingleSignOn:
    """The scope for the identity provider's claims: only a verified e-mail of an enabled
    account gets that account's role and scope; anyone else is a viewer, with the reason."""
    if not isinstance(email, str) or email_problem(normalise_email(email)) or not _verified(email_verified):
        return SingleSignOn(email if isinstance(email, str) else None, None, SsoRefusal.UNVERIFIED)
    address = normalise_email(email)

    def work(session: Session) -> SingleSignOn:
        account = _account_by_email(session, address)
        if account is None:
            return SingleSignOn(address, None, SsoRefusal.UNKNOWN)
        if account.disabled_at is not None:
            return SingleSignOn(address, None, SsoRefusal.DISABLED)
        return SingleSignOn(address, scope_of(account), None)

    return transactions.run(engine, work)


def find_account(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == normalise_username(username)))


def editable_facility_ids(session: Session, scope: Scope) -> list[int]:
    """The facilities the account may write figures for (an editing page lists these)."""
    if not scope.can_edit:
        return []
    stmt = select(Facility.id).order_by(Facility.id)
    if scope.role is Role.MUNICIPALITY_EDITOR:
        stmt = stmt.where(Facility.municipality_code.in_(sorted(scope.municipalities)))
    elif scope.role is Role.ORGANISATION_EDITOR:
        stmt = stmt.where(Facility.operator_id == scope.organisation_id)
    return list(session.scalars(stmt))


def municipality_codes(session: Session, account_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AccountMunicipality.municipality_code)
            .where(AccountMunicipality.account_id == account_id)
            .order_by(AccountMunicipality.municipality_code)
        )
    )


# --- sign-in -------------------------------------------------------------------------------


class SignInFailed(Exception):
    """Wrong name or password; deliberately the same words whichever it was."""

    MESSAGE = "Unknown username or wrong password."

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


class LockedOut(SignInFailed):
    """Too many failures for this name: refused until `until`, whatever the password."""

    def __init__(self, until: dt.datetime, *, now_blocked: bool = False) -> None:
        self.until = until
        minutes = LOCKOUT.total_seconds() / 60
        prefix = f"{SignInFailed.MESSAGE} " if now_blocked else ""
        super().__init__(
            f"{prefix}Too many failed sign-in attempts: signing in as this user is blocked for "
            f"{minutes:.0f} minutes, until {until:%H:%M} UTC. Try again later or ask an administrator "
            "to reset the password."
        )


def throttle_key(name: str) -> str:
    """The throttle row's key: a hash, since the name typed may be a password typed in the
    wrong field, which is then not stored in readable form."""
    return hashlib.sha256(name.encode()).hexdigest()


def _register_attempt(session: Session, username: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Count this attempt as a failure before the password is checked, in one statement, so
    that parallel guesses on several app instances cannot get past the limit. Returns the
    count and the lock in force, if any (a locked name's count does not move)."""
    table = SignInThrottle.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    locked = table.c.locked_until.is_not(None) & (table.c.locked_until > now)
    expired = table.c.locked_until.is_not(None) & (table.c.locked_until <= now)
    restart = (table.c.last_failure_at < now - LOCKOUT) | expired
    stmt = (
        dialect.insert(table)
        .values(username=username, failures=1, last_failure_at=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[table.c.username],
            set_={
                "failures": case((locked, table.c.failures), (restart, 1), else_=table.c.failures + 1),
                "last_failure_at": case((locked, table.c.last_failure_at), else_=now),
                "locked_until": case((locked, table.c.locked_until), else_=None),
            },
        )
        .returning(table.c.failures, table.c.locked_until)
    )
    failures, locked_until = session.execute(stmt).one()
    return failures, as_utc(locked_until) if locked_until is not None else None


@dataclass(frozen=True)
class _Attempt:
    failures: int
    locked_until: dt.datetime | None
    account_id: int | None
    password_hash: str | None
    disabled: bool
    who: audit.Who


def _begin_attempt(session: Session, name: str, now: dt.datetime) -> _Attempt:
    failures, locked_until = _register_attempt(session, throttle_key(name), now)
    account = find_account(session, name)
    if account is None:
        return _Attempt(failures, locked_until, None, None, False, audit.Who(None, None, None))
    organisation = account.organisation.name if account.organisation else None
    return _Attempt(
        failures,
        locked_until,
        account.id,
        account.password_hash,
        account.disabled_at is not None,
        audit.Who(account.id, account.username, organisation),
    )


def authenticate(
    engine: Engine, username: str, password: str, *, route: Route = Route.PAGE, clock: Clock = utc_now
) -> Scope:
    """The account's scope when name and password match; raises SignInFailed (the same for an
    unknown name, a wrong password and a disabled account) or LockedOut."""
    name = normalise_username(username)[:254]
    now = clock()
    attempt = transactions.run(engine, lambda session: _begin_attempt(session, name, now))
    known = attempt.account_id is not None
    if attempt.locked_until is not None:
        _log(engine, attempt.who, route, AuditAction.SIGN_IN_BLOCKED, now, name, known)
        raise LockedOut(attempt.locked_until)
    if attempt.failures > MAX_FAILURES:  # parallel attempts beyond the limit, before the lock was set
        raise LockedOut(_lock(engine, name, now))
    # Checked outside any transaction: hashing is slow and needs no lock.
    stored = attempt.password_hash
    ok = _verify(stored or _DUMMY_HASH, password) and stored is not None and not attempt.disabled
    if ok:
        return transactions.run(engine, lambda session: _signed_in(session, attempt, name, password, route, now))
    if attempt.failures >= MAX_FAILURES:
        until = _lock(engine, name, now)
        _log(engine, attempt.who, route, AuditAction.LOCKED_OUT, now, name, known)
        raise LockedOut(until, now_blocked=True)
    _log(engine, attempt.who, route, AuditAction.SIGN_IN_FAILED, now, name, known, failures=attempt.failures)
    raise SignInFailed()


def _signed_in(session: Session, attempt: _Attempt, name: str, password: str, route: Route, now: dt.datetime) -> Scope:
    session.execute(delete(SignInThrottle).where(SignInThrottle.username == throttle_key(name)))
    account = session.get(Account, attempt.account_id)
    assert account is not None and attempt.password_hash is not None
    if _hasher.check_needs_rehash(attempt.password_hash):
        account.password_hash = hash_password(password)
    audit.record(session, who=attempt.who, route=route, action=AuditAction.SIGNED_IN, at=now, target=_target(name))
    return scope_of(account)


def _lock(engine: Engine, name: str, now: dt.datetime) -> dt.datetime:
    def work(session: Session) -> dt.datetime:
        session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.username == throttle_key(name), SignInThrottle.locked_until.is_(None))
            .values(locked_until=now + LOCKOUT)
        )
        until = session.scalar(select(SignInThrottle.locked_until).where(SignInThrottle.username == throttle_key(name)))
        return as_utc(until) if until is not None else now + LOCKOUT

    return transactions.run(engine, work)


def clear_throttle(session: Session, username: str) -> None:
    """A new password lifts the lock on its name."""
    key = throttle_key(normalise_username(username))
    session.execute(delete(SignInThrottle).where(SignInThrottle.username == key))


def _target(name: str) -> str:
    return f"account:{name}"


def _log(
    engine: Engine,
    who: audit.Who,
    route: Route,
    action: AuditAction,
    now: dt.datetime,
    name: str,
    known: bool,
    **detail: object,
) -> None:
    # An unknown name may be a password typed into the wrong field: it is not written down.
    target = _target(name) if known else "account:(unknown name)"

    def work(session: Session) -> None:
        audit.record(session, who=who, route=route, action=action, at=now, target=target, new=detail or None)

    transactions.run(engine, work)


def account_list(session: Session) -> list[dict[str, object]]:
    """Every account for an administrator's overview (never the password hash)."""
    rows = []
    for account in session.scalars(select(Account).order_by(Account.username)):
        rows.append(
            {
                "username": account.username,
                "role": account.role,
                "organisation": account.organisation.key if account.organisation else None,
                "email": account.email,
                "municipalities": [m.municipality_code for m in account.municipalities],
                "has_password": account.password_hash is not None,
                "created_at": as_utc(account.created_at).isoformat(),
                "disabled_at": as_utc(account.disabled_at).isoformat() if account.disabled_at else None,
            }
        )
    return rows
