"""Beheer / Administration: review self-reported figures and read the audit log (admins only)."""

from __future__ import annotations

import streamlit as st

from inventory import audit, editing, writes
from inventory.database import session_scope
from inventory.enums import Role
from inventory.i18n import t
from views._shared import engine, lang, signed_in, stop_page

language = lang()
st.title(t("page_admin", language))
scope = signed_in()
if scope is None or scope.role is not Role.ADMIN or not scope.can_edit:
    st.warning(t("admin_only", language))
    stop_page()

st.subheader(t("review_title", language))
with session_scope(engine()) as session:
    pending = editing.pending_figures(session)
if pending.empty:
    st.info(t("review_none", language))
else:
    picked = st.dataframe(
        editing.pending_display(pending, language),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="review_table",
    )
    rows = picked.selection.rows if picked else []
    if not rows:
        st.caption(t("review_pick", language))
    else:
        figure_id = int(pending.iloc[rows[0]]["id"])
        reason = st.text_input(t("review_reason", language), key="review_reason")
        left, right = st.columns(2)
        try:
            if left.button(t("review_verify", language), type="primary", key="review_verify"):
                writes.verify_figure(engine(), writes.Actor(scope.account_id), figure_id)
                st.success(t("review_done", language))
            if right.button(t("review_reject", language), key="review_reject"):
                writes.reject_figure(engine(), writes.Actor(scope.account_id), figure_id, reason)
                st.success(t("review_done", language))
        except writes.WriteError as error:
            for line in editing.explain(error, language):
                st.error(line)

st.subheader(t("audit_title", language))
st.caption(t("audit_intro", language))
user = st.text_input(t("audit_user", language), key="audit_user") or None
with session_scope(engine()) as session:
    log = audit.entries(session, username=user, limit=1000)
    targets = audit.target_labels(session, log["target"], language)
    names = audit.value_names(session, log)
change = t("audit_col_change", language)
st.dataframe(
    audit.entries_display(log, language, targets, names),
    hide_index=True,
    column_config={change: st.column_config.TextColumn(change, width="large")},
)
st.download_button(t("audit_download", language), audit.entries_csv(log), "opvangmonitor_audit.csv", "text/csv")
