"""The session cookie's server side: handing a page's session to the cookie (single use, within
60 s), the /auth routes (same-origin only, HttpOnly cookie, sign-out ends the session), resuming
in one query, and single sign-on's mapping of a verified e-mail to an account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import api.routes
from api.auth import AFTER_SIGN_IN, HAND_OVER_FAILED, HAND_OVER_PATH, SIGN_IN_PAGE, SIGN_OUT_PATH, auth_routes
from inventory import accounts, sessions, writes
from inventory.accounts import SsoRefusal
from inventory.database import session_scope
from inventory.enums import Role
from inventory.models import LoginSession
from tests.world import World, build_world

PASSWORD = "correct horse battery staple"
ORIGIN = "http://testserver"


@pytest.fixture
def world(engine: Engine) -> World:
    built = build_world(engine)
    writes.reset_password(engine, writes.Actor.command_line(), "ams", PASSWORD, clock=built.clock)
    return built


@pytest.fixture
def client(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The auth routes on the test database (the routes take the engine from api.routes)."""
    monkeypatch.setattr(api.routes, "engine", lambda: world.engine)
    with TestClient(Starlette(routes=auth_routes()), follow_redirects=False) as test_client:
        yield test_client


def _page_sign_in(world: World) -> str:
    return sessions.sign_in(world.engine, "ams", PASSWORD)[0]


# --- hand-over ------------------------------------------------------------------------------


def test_hand_over_gives_a_new_token_and_the_old_one_stops_working(world: World) -> None:
    old, scope = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    new = sessions.hand_over(world.engine, old, clock=world.clock)
    assert new is not None and new != old
    resumed = sessions.resume_session(world.engine, new, clock=world.clock)
    assert resumed is not None and resumed.account_id == scope.account_id
    assert sessions.resume_session(world.engine, old, clock=world.clock) is None
    assert sessions.hand_over(world.engine, old, clock=world.clock) is None  # single use
    with session_scope(world.engine) as session:
        assert len(session.scalars(select(LoginSession)).all()) == 1  # the same session, re-keyed


def test_hand_over_refuses_after_a_minute_an_ended_session_and_an_unknown_token(world: World) -> None:
    late, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    world.clock.advance(seconds=61)
    assert sessions.hand_over(world.engine, late, clock=world.clock) is None
    assert sessions.resume_session(world.engine, late, clock=world.clock) is not None  # the tab keeps it
    ended, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    sessions.end_session(world.engine, ended, clock=world.clock)
    assert sessions.hand_over(world.engine, ended, clock=world.clock) is None
    assert sessions.hand_over(world.engine, "not-a-token", clock=world.clock) is None


def test_resuming_a_session_is_one_query(world: World) -> None:
    token, _ = sessions.sign_in(world.engine, "ams", PASSWORD, clock=world.clock)
    sessions.resume_session(world.engine, token, clock=world.clock)  # warm up: the first may touch last_seen_at
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(world.engine, "before_cursor_execute", count)
    try:
        scope = sessions.resume_session(world.engine, token, clock=world.clock)
    finally:
        event.remove(world.engine, "before_cursor_execute", count)
    assert scope is not None and scope.municipalities == {"GM0363"} and scope.organisation
    queries = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))]
    assert len(queries) == 1 and "login_sessions" in queries[0] and "account_municipalities" in queries[0]


# --- routes ---------------------------------------------------------------------------------


def test_the_hand_over_route_sets_an_http_only_cookie_and_goes_to_my_figures(world: World, client: TestClient) -> None:
    token = _page_sign_in(world)
    answer = client.post(HAND_OVER_PATH, data={"code": token, "taal": "en"}, headers={"Origin": ORIGIN})
    assert answer.status_code == 303 and answer.headers["location"] == f"{AFTER_SIGN_IN}?taal=en"
    set_cookie = answer.headers["set-cookie"]
    assert set_cookie.startswith(f"{sessions.SESSION_COOKIE}=")
    assert {"httponly", "path=/", "samesite=lax"} <= {part.strip().lower() for part in set_cookie.split(";")}
    cookie = client.cookies[sessions.SESSION_COOKIE]
    assert cookie != token and sessions.resume_session(world.engine, cookie) is not None
    assert token not in set_cookie and sessions.resume_session(world.engine, token) is None


@pytest.mark.parametrize("origin", ["http://evil.example", None, "https://testserver"])
def test_the_routes_refuse_another_origin(world: World, client: TestClient, origin: str | None) -> None:
    token = _page_sign_in(world)
    headers = {"Origin": origin} if origin else {}
    answer = client.post(HAND_OVER_PATH, data={"code": token, "taal": "nl"}, headers=headers)
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    assert answer.text == "Geweigerd: dit formulier is niet verstuurd vanaf deze site."
    assert sessions.hand_over(world.engine, token) is not None  # nothing was used up
    client.cookies.set(sessions.SESSION_COOKIE, token)
    assert client.post(SIGN_OUT_PATH, data={"taal": "nl"}, headers=headers).status_code == 403
    assert client.get(HAND_OVER_PATH).status_code == 405


def test_a_used_or_unknown_code_goes_back_to_sign_in_with_the_reason(world: World, client: TestClient) -> None:
    token = _page_sign_in(world)
    assert client.post(HAND_OVER_PATH, data={"code": token}, headers={"Origin": ORIGIN}).status_code == 303
    client.cookies.clear()
    for code in (token, "made-up", ""):
        answer = client.post(HAND_OVER_PATH, data={"code": code, "taal": "xx"}, headers={"Origin": ORIGIN})
        assert answer.headers["location"] == f"{SIGN_IN_PAGE}?taal=nl&fout={HAND_OVER_FAILED}"
        assert "set-cookie" not in answer.headers


def test_sign_out_ends_the_cookie_session_and_clears_the_cookie(world: World, client: TestClient) -> None:
    client.post(HAND_OVER_PATH, data={"code": _page_sign_in(world)}, headers={"Origin": ORIGIN})
    cookie = client.cookies[sessions.SESSION_COOKIE]
    answer = client.post(SIGN_OUT_PATH, data={"taal": "en"}, headers={"Origin": ORIGIN})
    assert answer.status_code == 303 and answer.headers["location"] == f"{SIGN_IN_PAGE}?taal=en"
    assert 'opvang_sessie=""' in answer.headers["set-cookie"] and "Max-Age=0" in answer.headers["set-cookie"]
    assert sessions.resume_session(world.engine, cookie) is None
    assert sessions.SESSION_COOKIE not in client.cookies


# --- single sign-on -------------------------------------------------------------------------


@pytest.mark.parametrize("verified", [True, None, "true"])
def test_a_verified_email_gets_its_accounts_role_and_scope(world: World, verified: object) -> None:
    outcome = accounts.single_sign_on(world.engine, " AMS@example.org", verified)
    assert outcome.refusal is None and outcome.scope is not None
    assert (outcome.scope.username, outcome.scope.role, outcome.scope.municipalities) == (
        "ams",
        Role.MUNICIPALITY_EDITOR,
        {"GM0363"},
    )


@pytest.mark.parametrize(
    ("email", "verified", "refusal"),
    [
        ("ams@example.org", False, SsoRefusal.UNVERIFIED),
        ("ams@example.org", "false", SsoRefusal.UNVERIFIED),
        (None, True, SsoRefusal.UNVERIFIED),
        ("not an address", True, SsoRefusal.UNVERIFIED),
        ("stranger@example.org", True, SsoRefusal.UNKNOWN),
        ("gone@example.org", True, SsoRefusal.DISABLED),
    ],
)
def test_anyone_else_is_a_viewer_with_the_reason(
    world: World, email: object, verified: object, refusal: SsoRefusal
) -> None:
    cli = writes.Actor.command_line()
    writes.add_account(world.engine, cli, "gone2", "municipality_editor", organisation_key="gemeente-amsterdam",
                       municipalities=["GM0363"], email="gone@example.org")  # fmt: skip
    writes.set_account_disabled(world.engine, cli, "gone2", True)
    outcome = accounts.single_sign_on(world.engine, email, verified)
    assert outcome.scope is None and outcome.refusal is refusal
