"""Inloggen / Sign in: password sign-in for editors (the public pages need none)."""

from __future__ import annotations

import streamlit as st

from inventory import sessions
from inventory.accounts import LockedOut, SignInFailed
from inventory.i18n import t
from views._shared import SESSION_TOKEN, engine, lang, signed_in

language = lang()
st.title(t("page_sign_in", language))
st.caption(t("sign_in_intro", language))

scope = signed_in()
if scope is not None:
    role = scope.role.label(language)
    st.success(t("signed_in_as", language, user=scope.username, role=role, organisation=scope.organisation or "—"))
    st.caption(t("session_note", language))
    if st.button(t("sign_out", language), key="sign_out"):
        sessions.end_session(engine(), st.session_state.pop(SESSION_TOKEN))
        st.rerun()
else:
    with st.form("sign_in_form"):
        username = st.text_input(t("username", language), key="sign_in_user")
        password = st.text_input(t("password", language), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in", language))
    if submitted:
        try:
            token, _ = sessions.sign_in(engine(), username, password)
        except LockedOut as locked:
            st.error(t("locked_out", language, until=f"{locked.until:%H:%M}"))
        except SignInFailed:
            st.error(t("sign_in_failed", language))
        else:
            st.session_state[SESSION_TOKEN] = token
            st.rerun()
