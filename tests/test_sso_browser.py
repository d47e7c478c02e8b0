"""Single sign-on end to end: a real OIDC provider (oidc-provider-mock) on a free localhost port, the
app started as `make run` starts it with a secrets file in a temporary folder
(STREAMLIT_SECRETS_FILES), and Chromium signing in through st.login. The role and scope come from
the accounts table by the provider's verified e-mail; anyone else stays a viewer and is told why."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from inventory import writes
from tests.browser_support import (
    RunningApp,
    _free_port,
    chromium,
    prepared_database,
    running_app,
    skip_without_browser,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
PROVIDER = "Testprovider"
EDITOR_EMAIL = "ams.sso@example.org"
# Predefined users of the provider: one click on the provider's page signs in as one of them.
USERS = {
    "editor": {"email": EDITOR_EMAIL, "email_verified": True},
    "stranger": {"email": "stranger@example.org", "email_verified": True},
    "unverified": {"email": EDITOR_EMAIL, "email_verified": False},
}


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningApp, Engine]]:
    skip_without_browser()
    try:
        from oidc_provider_mock import User, run_server_in_thread
    except ImportError:  # pragma: no cover - depends on the machine
        pytest.skip("oidc-provider-mock is not installed (requirements-dev.txt)")
    tmp = tmp_path_factory.mktemp("sso")
    engine = prepared_database(tmp / "data")
    writes.add_account(
        engine, writes.Actor.command_line(), "ams", "municipality_editor",
        organisation_key="gemeente-amsterdam", municipalities=["GM0363"], email=EDITOR_EMAIL,
    )  # fmt: skip
    users = [User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    with run_server_in_thread(user_claims=users) as provider:
        port = _free_port()
        secrets_file = tmp / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            'client_id = "opvangmonitor-test"\n'
            f'client_secret = "{secrets.token_urlsafe(16)}"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n'
            f'provider_label = "{PROVIDER}"\n',
            encoding="utf-8",
        )
        env = {"STREAMLIT_SECRETS_FILES": str(secrets_file)}
        try:
            with running_app(tmp, tmp / "data", env, port=port) as server:
                yield server, engine
        finally:
            engine.dispose()


def _sign_in_with_provider(page, server: RunningApp, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
    page.get_by_role("button", name=f"Inloggen met {PROVIDER}").click(timeout=TIMEOUT_MS)
    page.wait_for_url(re.compile(r"^http://localhost:\d+/oauth2/authorize"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=user, exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(server.base)}/"), timeout=TIMEOUT_MS)
    page.goto(f"{server.base}/inloggen?taal=nl", timeout=TIMEOUT_MS)


def test_an_editor_signs_in_with_the_provider_and_gets_their_municipality(
    sso_app: tuple[RunningApp, Engine],
) -> None:
    from playwright.sync_api import expect

    server, _ = sso_app
    with chromium() as browser:
        page = browser.new_page()
        _sign_in_with_provider(page, server, "editor")
        expect(page.get_by_text("Ingelogd als ams (")).to_contain_text("Gemeente Amsterdam", timeout=TIMEOUT_MS)
        expect(page.get_by_text(f"Via {PROVIDER} ingelogd als {EDITOR_EMAIL}.")).to_be_visible()
        expect(page.get_by_text("blijft 30 dagen bewaard")).to_be_visible()

        page.goto(f"{server.base}/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        expect(page.get_by_role("heading", name="Mijn cijfers")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Gemeente Amsterdam").first).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Log eerst in")).to_have_count(0)
        page.reload()  # the identity cookie carries the sign-in across a reload
        expect(page.get_by_text("Gemeente Amsterdam").first).to_be_visible(timeout=TIMEOUT_MS)

        page.goto(f"{server.base}/inloggen?taal=nl", timeout=TIMEOUT_MS)
        page.get_by_role("button", name="Uitloggen").click(timeout=TIMEOUT_MS)
        page.wait_for_url(lambda url: "/inloggen" not in url, timeout=TIMEOUT_MS)  # st.logout's redirect
        page.goto(f"{server.base}/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        expect(page.get_by_text("Log eerst in om cijfers bij te houden.")).to_be_visible(timeout=TIMEOUT_MS)
    assert server.trap.seen == []


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ("stranger", "Er is geen account met het e-mailadres stranger@example.org."),
        ("unverified", f"{PROVIDER} heeft het e-mailadres {EDITOR_EMAIL} niet bevestigd."),
    ],
)
def test_an_unknown_or_unverified_email_is_a_viewer_and_told_why(
    sso_app: tuple[RunningApp, Engine], user: str, message: str
) -> None:
    from playwright.sync_api import expect

    server, _ = sso_app
    with chromium() as browser:
        page = browser.new_page()
        _sign_in_with_provider(page, server, user)
        expect(page.get_by_text(message)).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("Ingelogd als")).to_have_count(0)
        page.goto(f"{server.base}/mijn-cijfers?taal=nl", timeout=TIMEOUT_MS)
        expect(page.get_by_text("Log eerst in om cijfers bij te houden.")).to_be_visible(timeout=TIMEOUT_MS)
