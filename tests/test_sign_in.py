"""Password sign-in, throttling and server-side sessions, with an injected clock."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text

from inventory import accounts, audit, sessions, writes
from inventory.database import session_scope
from inventory.enums import AuditAction, Role
from inventory.models import Account, LoginSession
from tests.world import World, build_world

PASSWORD = "correct horse battery staple"


@pytest.fixture
def world(engine: Engine) -> World:
    built = build_world(engine)
    cli = writes.Actor.command_line()
    writes.reset_password(engine, cli, "ams", PASSWORD, clock=built.clock)
    writes.reset_password(engine, cli, "gone", PASSWORD, clock=built.clock)
    return built


def sign_in(world: World, username: str = "ams", password: str = PASSWORD) -> accounts.Scope:
    return accounts.authenticate(world.engine, username, password, clock=world.clock)


def test_passwords_are_stored_as_argon2id_only(world: World) -> None:
    with session_scope(world.engine) as session:
        stored = session.scalar(select(Account.password_hash).where(Account.username == "ams"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "at least 12"),
        (" " * 20, "only spaces"),
        ("my name is ams, ok?", "username"),
        ("x" * 2000, "at most"),
    ],
)
def test_weak_passwords_are_refused(world: World, password: str, message: str) -> None:
    with pytest.raises(writes.InvalidInput, match=message):
        writes.reset_password(world.engine, writes.Actor.command_line(), "ams", password)
    assert sign_in(world).username == "ams"  # the old password still works


def test_the_right_password_signs_in_with_the_accounts_scope(world: World) -> None:
    scope = sign_in(world, " AMS ")
    assert (scope.username, scope.role, scope.municipalities, scope.organisation) == (
        "ams",
        Role.MUNICIPALITY_EDITOR,
        frozenset({"GM0363"}),
        "Gemeente Amsterdam",
    )
    with session_scope(world.engine) as session:
        assert list(audit.entries(session, action=AuditAction.SIGNED_IN)["username"]) == ["ams"]


def test_unknown_name_wrong_password_and_disabled_account_get_the_same_message(world: World) -> None:
    messages = set()
    for username, password in [
        ("nobody", PASSWORD),
        ("ams", "wrong password!!"),
        ("gone", PASSWORD),
        ("hvo", PASSWORD),
    ]:
        with pytest.raises(accounts.SignInFailed) as failed:
            sign_in(world, username, password)
        assert not isinstance(failed.value, accounts.LockedOut)
        messages.add(str(failed.value))
    assert messages == {"Unknown username or wrong password."}


def test_five_failures_lock_the_name_for_fifteen_minutes(world: World) -> None:
    for _ in range(4):
        with pytest.raises(accounts.SignInFailed) as failed:
            sign_in(world, password="wrong password!!")
        assert not isinstance(failed.value, accounts.LockedOut)
    with pytest.raises(accounts.LockedOut, match="blocked for 15 minutes"):
        sign_in(world, password="wrong password!!")
    # Refused while locked, even with the right password.
    world.clock.advance(minutes=14, seconds=59)
    with pytest.raises(accounts.LockedOut, match="until 09:15 UTC"):
        sign_in(world)
    world.clock.advance(seconds=1)
    assert sign_in(world).username == "ams"
    with session_scope(world.engine) as session:
        log = audit.entries(session, target="account:ams")
    actions = list(reversed(log["action"]))
    assert actions[-7:] == ["sign_in_failed"] * 4 + ["locked_out", "sign_in_blocked", "signed_in"]
    assert set(log["route"][:7]) == {"page"}  # the older entries are the command line's account set-up


def test_failures_spread_over_time_do_not_lock(world: World) -> None:
    for _ in range(8):
        with pytest.raises(accounts.SignInFailed) as failed:
            sign_in(world, password="wrong password!!")
        assert not isinstance(failed.value, accounts.LockedOut)
        world.clock.advance(minutes=16)


def test_a_success_resets_the_count(world: World) -> None:
    for _ in range(4):
        with pytest.raises(accounts.SignInFailed):
            sign_in(world, password="wrong password!!")
    sign_in(world)
    for _ in range(4):
        with pytest.raises(accounts.SignInFailed) as failed:
            sign_in(world, password="wrong password!!")
        assert not isinstance(failed.value, accounts.LockedOut)


def test_an_unknown_name_is_locked_like_a_known_one_and_not_written_down(world: World) -> None:
    for _ in range(5):
        with pytest.raises(accounts.SignInFailed):
            sign_in(world, "hunter2-typed-as-name", "whatever it is")
    with pytest.raises(accounts.LockedOut):
        sign_in(world, "hunter2-typed-as-name", "whatever it is")
    with session_scope(world.engine) as session:
        log = audit.entries(session, target="unknown name")
        everything = audit.entries_csv(audit.entries(session)).decode("utf-8-sig")
    assert len(log) == 6 and not log["username"].notna().any()
    assert "hunter2" not in everything


def test_a_password_reset_lifts_the_lock(world: World) -> None:
    for _ in range(5):
        with pytest.raises(accounts.SignInFailed):
            sign_in(world, password="wrong password!!")
    writes.reset_password(world.engine, writes.Actor.command_line(), "ams", "another long password")
    assert sign_in(world, password="another long password").username == "ams"


def test_the_throttle_is_shared_through_the_database(world: World) -> None:
    """A second engine stands for a second app instance on the same database."""
    from inventory.database import make_engine

    other = make_engine(world.engine.url.render_as_string(hide_password=False))
    try:
        for engine in [world.engine, other] * 2 + [other]:
            with pytest.raises(accounts.SignInFailed):
                accounts.authenticate(engine, "ams", "wrong password!!", clock=world.clock)
        with pytest.raises(accounts.LockedOut):
            accounts.authenticate(world.engine, "ams", PASSWORD, clock=world.clock)
    finally:
        other.dispose()


# --- sessions -------------------------------------------------------------------------------


def test_a_session_stores_only_a_hash_and_expires_when_idle(world: World) -> None:
    token, scope = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    with world.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM login_sessions")).scalars().all()
    assert stored == [sessions.token_hash(token)] and token not in stored[0]
    world.clock.advance(minutes=29)
    resumed = sessions.resume_session(world.engine, token, clock=world.clock)
    assert resumed is not None and resumed.account_id == scope.account_id
    world.clock.advance(minutes=29)  # used 29 minutes ago: still live
    assert sessions.resume_session(world.engine, token, clock=world.clock) is not None
    world.clock.advance(minutes=30)
    assert sessions.resume_session(world.engine, token, clock=world.clock) is None
    assert sessions.resume_session(world.engine, "not-a-token", clock=world.clock) is None
    assert sessions.resume_session(world.engine, None, clock=world.clock) is None


def test_a_session_ends_after_its_maximum_age_even_when_used(world: World) -> None:
    token, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    for _ in range(24):
        world.clock.advance(minutes=29)
        assert sessions.resume_session(world.engine, token, clock=world.clock) is not None
    world.clock.advance(minutes=29)  # 12 h 5 min after signing in
    assert sessions.resume_session(world.engine, token, clock=world.clock) is None


def test_sign_out_ends_only_that_session(world: World) -> None:
    first, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    second, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    assert sessions.end_session(world.engine, first, clock=world.clock)
    assert not sessions.end_session(world.engine, first, clock=world.clock)
    assert sessions.resume_session(world.engine, first, clock=world.clock) is None
    assert sessions.resume_session(world.engine, second, clock=world.clock) is not None
    with session_scope(world.engine) as session:
        assert len(audit.entries(session, action=AuditAction.SIGNED_OUT)) == 1


@pytest.mark.parametrize("how", ["password_reset", "disabled"])
def test_a_password_reset_or_disabling_ends_every_session(world: World, how: str) -> None:
    tokens = [sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)[0] for _ in range(2)]
    cli = writes.Actor.command_line()
    if how == "password_reset":
        writes.reset_password(world.engine, cli, "ams", "a brand new password", clock=world.clock)
    else:
        writes.set_account_disabled(world.engine, cli, "ams", True, clock=world.clock)
    assert [sessions.resume_session(world.engine, t, clock=world.clock) for t in tokens] == [None, None]
    with session_scope(world.engine) as session:
        reasons = set(session.scalars(select(LoginSession.ended_reason)))
    assert reasons == {how}


def test_a_disabled_account_cannot_resume_even_if_a_session_was_left_open(world: World) -> None:
    token, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    with world.engine.begin() as conn:  # as if disabled by a client that skips inventory.writes
        conn.execute(text("UPDATE accounts SET disabled_at = created_at WHERE username = 'ams'"))
    assert sessions.resume_session(world.engine, token, clock=world.clock) is None


def test_single_sign_on_finds_the_account_by_verified_email(world: World) -> None:
    with session_scope(world.engine) as session:
        scope = accounts.scope_for_email(session, "AMS@Example.org")
        assert scope is not None and scope.username == "ams"
        assert accounts.scope_for_email(session, "stranger@example.org") is None  # a viewer


def test_a_name_typed_at_sign_in_is_stored_only_as_a_hash(world: World) -> None:
    with pytest.raises(accounts.SignInFailed):
        sign_in(world, "my-secret-typed-here", "whatever it is")
    with world.engine.connect() as conn:
        keys = conn.execute(text("SELECT username FROM sign_in_throttles")).scalars().all()
    assert keys == [accounts.throttle_key("my-secret-typed-here")]
