"""Beheer / Administration: review self-reported figures and read the audit log (admins only).

A decision names the figure by its key, read from the table the admin actually saw and checked
against the fresh queue (inventory/review_queue.py); the write compares the review status the
admin saw inside its transaction, so a stale choice changes nothing and says so in one line."""

from __future__ import annotations

import logging

import streamlit as st

from inventory import audit, editing, review_queue, writes
from inventory.database import session_scope
from inventory.enums import ReviewStatus, Role
from inventory.i18n import t
from inventory.presentation import md_escape
from views._shared import engine, lang, signed_in, stop_page

log = logging.getLogger(__name__)
FLASH = "review_flash"

language = lang()
st.title(t("page_admin", language))
scope = signed_in()
if scope is None or scope.role is not Role.ADMIN or not scope.can_edit:
    st.warning(t("admin_only", language))
    stop_page()


def decide(entry: review_queue.Entry, decision: ReviewStatus, reason: str | None) -> bool:
    """Store one decision on `entry` by its key; False (after saying why in one line) when refused."""
    actor = writes.Actor(scope.account_id)
    try:
        if decision is ReviewStatus.VERIFIED:
            writes.verify_figure(engine(), actor, entry.key, seen_status=ReviewStatus.PENDING)
        else:
            writes.reject_figure(engine(), actor, entry.key, reason or "", seen_status=ReviewStatus.PENDING)
    except writes.WriteError as error:
        for line in editing.explain(error, language):
            st.error(line)
        return False
    except Exception:  # a bug, not the admin's mistake: the detail goes to the server log only
        log.exception("review of figure %s failed", entry.key)
        st.error(t("review_failed", language))
        return False
    done = "review_verified_done" if decision is ReviewStatus.VERIFIED else "review_rejected_done"
    st.session_state[FLASH] = t(done, language, subject=entry.subject(language), figure=entry.label(language))
    review_queue.new_table(st.session_state)  # the decided row leaves the queue; nothing stays ticked
    return True


st.subheader(t("review_title", language))
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))
with session_scope(engine()) as session:
    queue = review_queue.pending(session)
    chosen = review_queue.pick(st.session_state, [entry.key for entry in queue])
    stale = review_queue.stale_notice(session, chosen.stale, language) if chosen.stale else None
if stale:
    st.warning(stale)
if not queue:
    st.info(t("review_none", language))
else:
    st.caption(t("review_queue_intro", language))
    st.dataframe(
        review_queue.display(queue, language),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=chosen.table_key,
    )
    entry = next((e for e in queue if e.key == chosen.key), None)
    if entry is None:
        st.caption(t("review_pick", language))
    elif not entry.decidable:
        st.info(t("review_superseded_chosen", language, value=entry.superseded_value.format(language)))
    else:
        subject, label = md_escape(entry.subject(language)), entry.label(language)
        st.markdown(t("review_chosen", language, subject=subject, figure=label, figure_key=entry.key))
        for line in review_queue.details(entry, language):
            st.caption(md_escape(line))
        generation = st.session_state.get(review_queue.GENERATION, 0)  # a new table: an empty reason field
        reason = st.text_input(t("review_reason", language), key=f"review_reason_{generation}")
        left, right = st.columns(2)
        verify = left.button(t("review_verify", language), type="primary", key="review_verify")
        reject = right.button(t("review_reject", language), key="review_reject")
        if verify or reject:
            decision = ReviewStatus.VERIFIED if verify else ReviewStatus.REJECTED
            if decide(entry, decision, reason):
                st.rerun()

st.subheader(t("audit_title", language))
st.caption(t("audit_intro", language))
user = st.text_input(t("audit_user", language), key="audit_user") or None
with session_scope(engine()) as session:
    log_rows = audit.entries(session, username=user, limit=1000)
    targets = audit.target_labels(session, log_rows["target"], language)
    names = audit.value_names(session, log_rows)
change = t("audit_col_change", language)
st.dataframe(
    audit.entries_display(log_rows, language, targets, names),
    hide_index=True,
    column_config={change: st.column_config.TextColumn(change, width="large")},
)
st.download_button(t("audit_download", language), audit.entries_csv(log_rows), "opvangmonitor_audit.csv", "text/csv")
