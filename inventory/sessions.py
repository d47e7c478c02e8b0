"""Server-side sign-in sessions for password sign-in.

The browser keeps a random token; the database keeps only its SHA-256, so a copy of the
database does not let anyone in. A session ends after `IDLE_TIMEOUT` without use, after
`MAX_AGE` in any case, on sign-out, on a password reset and when the account is disabled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, joinedload

from inventory import audit, transactions
from inventory.accounts import Scope, authenticate, scope_of
from inventory.clock import Clock, as_utc, utc_now
from inventory.enums import AuditAction, Route, SessionEnd
from inventory.models import Account, LoginSession

IDLE_TIMEOUT = dt.timedelta(minutes=30)
MAX_AGE = dt.timedelta(hours=12)
# Each page rerun resumes the session; writing last_seen_at on every rerun would be a write
# per click, so it moves at most this often (the idle expiry is this much less exact).
TOUCH_EVERY = dt.timedelta(minutes=1)
# The browser keeps the token in this HttpOnly cookie, so a reload or a second tab stays signed in.
SESSION_COOKIE = "opvang_sessie"
# A session signed in on the page may be handed to the cookie only this soon after it started.
HANDOVER_WINDOW = dt.timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(engine: Engine, account_id: int, *, route: Route = Route.PAGE, clock: Clock = utc_now) -> str:
    """A new session for an account that has just signed in; returns the token to hand out."""
    token = secrets.token_urlsafe(32)
    now = clock()

    def work(session: Session) -> None:
        session.add(
            LoginSession(
                token_hash=token_hash(token), account_id=account_id, route=route.value, created_at=now, last_seen_at=now
            )
        )

    transactions.run(engine, work)
    return token


def sign_in(
    engine: Engine, username: str, password: str, *, route: Route = Route.PAGE, clock: Clock = utc_now
) -> tuple[str, Scope]:
    """Password sign-in: the session token and the account's scope (see `authenticate`)."""
    scope = authenticate(engine, username, password, route=route, clock=clock)
    return start_session(engine, scope.account_id, route=route, clock=clock), scope


def _live(row: LoginSession, now: dt.datetime) -> bool:
    return (
        row.ended_at is None
        and now - as_utc(row.last_seen_at) < IDLE_TIMEOUT
        and now - as_utc(row.created_at) < MAX_AGE
    )


def resume_session(engine: Engine, token: str | None, *, clock: Clock = utc_now) -> Scope | None:
    """The scope of a live session's account, or None (unknown, ended, expired or disabled).

    Every page view calls this, so the session, its account, organisation and municipalities
    come in one query (plus an update of last_seen_at at most once per `TOUCH_EVERY`)."""
    if not token:
        return None
    now = clock()
    stmt = (
        select(LoginSession, Account)
        .join(Account, Account.id == LoginSession.account_id)
        .where(LoginSession.token_hash == token_hash(token))
        .options(joinedload(Account.organisation), joinedload(Account.municipalities))
    )

    def work(session: Session) -> Scope | None:
        found = session.execute(stmt).unique().first()
        if found is None:
            return None
        row, account = found
        if not _live(row, now) or account.disabled_at is not None:
            return None
        if now - as_utc(row.last_seen_at) >= TOUCH_EVERY:
            row.last_seen_at = now
        return scope_of(account)

    return transactions.run(engine, work)


def hand_over(engine: Engine, token: str, *, clock: Clock = utc_now) -> str | None:
    """Give a session that was just signed in on the page a new token for the browser's cookie.

    The page's token has been in the page's HTML, where a script could read it; after this it
    no longer works, so only the HttpOnly cookie's token opens the session. None (nothing
    changed) when the token is unknown, ended, expired, older than `HANDOVER_WINDOW` or was
    handed over already: the UPDATE matches the old hash only once, also when two arrive at once."""
    now = clock()
    new = secrets.token_urlsafe(32)

    def work(session: Session) -> bool:
        row = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
        if row is None or not _live(row, now) or now - as_utc(row.created_at) >= HANDOVER_WINDOW:
            return False
        result = session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == token_hash(token), LoginSession.ended_at.is_(None))
            .values(token_hash=token_hash(new), last_seen_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    return new if transactions.run(engine, work) else None


def end_session(engine: Engine, token: str, *, clock: Clock = utc_now) -> bool:
    """Sign out: the session ends now. False when there was no live session for the token."""
    now = clock()

    def work(session: Session) -> bool:
        row = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
        if row is None or row.ended_at is not None:
            return False
        row.ended_at, row.ended_reason = now, SessionEnd.LOGOUT.value
        account = session.get(Account, row.account_id)
        assert account is not None
        scope = scope_of(account)
        audit.record(
            session,
            who=scope.who(),
            route=Route(row.route),
            action=AuditAction.SIGNED_OUT,
            at=now,
            target=f"account:{account.username}",
        )
        return True

    return transactions.run(engine, work)


def end_all_sessions(session: Session, account_id: int, reason: SessionEnd, now: dt.datetime) -> int:
    """End every open session of an account, in the caller's transaction; returns how many."""
    result = session.execute(
        update(LoginSession)
        .where(LoginSession.account_id == account_id, LoginSession.ended_at.is_(None))
        .values(ended_at=now, ended_reason=reason.value)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]
