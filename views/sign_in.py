"""Inloggen / Sign in: single sign-on (when configured) or a password, for editors only.

A password sign-in starts a session for this tab, then hands it to `POST /auth/sessie`
(api/auth.py), which puts it in an HttpOnly cookie so a reload or a second tab stays signed in."""

from __future__ import annotations

from html import escape
from typing import Any

import streamlit as st

from api.auth import HAND_OVER_FAILED, HAND_OVER_PATH, SIGN_OUT_PATH
from inventory import sessions
from inventory.accounts import LockedOut, SignInFailed
from inventory.clock import LOCAL_ZONE, as_utc
from inventory.i18n import t
from inventory.presentation import md_escape
from views._shared import SESSION_TOKEN, engine, lang, session_cookie, signed_in, single_sign_on

HAND_OVER = "sign_in_hand_over"  # session state: the token to hand to the cookie on this run
SIGNED_OUT = "sign_in_signed_out"  # session state: clear the cookie on this run


def providers() -> dict[str, str]:
    """The identity providers in the `[auth]` secrets: st.login's name for each -> its label.
    `[auth]` with its own server_metadata_url is the default provider, labelled by `provider_label`;
    each `[auth.<name>]` table with one is a named provider."""
    try:
        section: Any = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file at all: no single sign-on
        return {}
    if not hasattr(section, "get"):
        return {}
    found = {"default": str(section.get("provider_label", "SSO"))} if section.get("server_metadata_url") else {}
    for name, value in section.items():
        if hasattr(value, "get") and value.get("server_metadata_url"):
            found[name] = str(value.get("provider_label", name))
    return found


def post_form(action: str, fields: dict[str, str], label: str) -> None:
    """A form that the browser posts at once (a top-level request, so its answer may set the
    cookie); the button is there for a browser that runs no script."""
    hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items())
    st.html(
        f'<form id="opvang-auth" method="post" action="{escape(action)}">{hidden}'
        f'<button type="submit">{escape(label)}</button></form>'
        '<script>document.getElementById("opvang-auth").submit();</script>',
        unsafe_allow_javascript=True,
    )


def sign_out() -> None:
    """End this tab's and the cookie's sessions now; the next run clears the cookie itself."""
    for token in (st.session_state.pop(SESSION_TOKEN, None), session_cookie()):
        if token:
            sessions.end_session(engine(), token)
    st.session_state[SIGNED_OUT] = True


language = lang()
known = providers()
provider = next(iter(known.values()), "SSO")
scope = signed_in()
sso = single_sign_on() if known else None
# Signed in, this is where one sees one's account and signs out: "Inloggen" would misname it.
st.title(t("page_sign_in" if scope is None else "page_account_title", language))
if scope is None:
    st.caption(t("sign_in_intro", language))
if st.query_params.get("fout") == HAND_OVER_FAILED:
    st.error(t("sign_in_hand_over_failed", language))
if st.session_state.pop(SIGNED_OUT, False):
    post_form(SIGN_OUT_PATH, {"taal": language}, t("sign_out_continue", language))
if scope is not None:
    role = scope.role.label(language)
    st.success(t("signed_in_as", language, user=scope.username, role=role, organisation=scope.organisation or "—"))
    if sso is not None and sso.scope is not None:
        st.caption(t("sso_signed_in_as", language, provider=provider, email=md_escape(sso.email)))
        st.caption(t("sso_session_note", language, provider=provider))
    else:
        st.caption(t("session_note", language))
    token = st.session_state.pop(HAND_OVER, None)
    if token:
        post_form(HAND_OVER_PATH, {"code": token, "taal": language}, t("sign_in_continue", language))
    if st.button(t("sign_out", language), key="sign_out"):
        if sso is not None and sso.scope is not None:
            st.session_state.pop(SESSION_TOKEN, None)
            st.logout()  # the browser goes to /auth/logout, which clears Streamlit's identity cookie
        else:
            sign_out()
            st.rerun()
else:
    if sso is not None and sso.refusal is not None:
        email = md_escape(sso.email) if sso.email else t("sso_no_email", language)
        st.warning(t(f"sso_{sso.refusal.value}", language, provider=provider, email=email))
        if st.button(t("sign_out", language), key="sso_sign_out"):
            st.logout()
    elif known:
        for name, label in known.items():
            if st.button(t("sign_in_with", language, provider=label), key=f"sso_{name}", type="primary"):
                st.login(name)
        st.caption(t("sign_in_or_password", language))
    with st.form("sign_in_form"):
        username = st.text_input(t("username", language), key="sign_in_user")
        password = st.text_input(t("password", language), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in", language))
    if submitted:
        try:
            token, _ = sessions.sign_in(engine(), username, password)
        except LockedOut as locked:
            st.error(t("locked_out", language, until=f"{as_utc(locked.until).astimezone(LOCAL_ZONE):%H:%M}"))
        except SignInFailed:
            st.error(t("sign_in_failed", language))
        else:
            st.session_state[SESSION_TOKEN] = token
            st.session_state[HAND_OVER] = token
            st.rerun()
