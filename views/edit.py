"""Mijn cijfers / My figures: an editor keeps the figures of their own municipality or offers
current. Every save goes through inventory.writes, which checks the account's scope again."""

from __future__ import annotations

import streamlit as st

from inventory import editing, writes
from inventory.clock import today_in_amsterdam
from inventory.database import session_scope
from inventory.enums import HowObtained
from inventory.i18n import column_label, t
from inventory.presentation import date_input_format
from views import facility_panel, import_panel
from views._shared import engine, lang, signed_in, stop_page

language = lang()
st.title(t("page_edit", language))
scope = signed_in()
if scope is None:
    st.info(t("sign_in_first", language))
    stop_page()
if not scope.can_edit:
    st.warning(t("viewer_cannot_edit", language))
    stop_page()

with session_scope(engine()) as session:
    choices = editing.editable_subjects(session, scope, language)
if not choices:
    st.info(t("edit_nothing", language))
    facility_panel.draw(scope, language)  # an organisation editor's first offer starts here
    stop_page()
labels = {c.subject.target(): c for c in choices}
target = st.selectbox(
    t("edit_choose", language), list(labels), format_func=lambda k: labels[k].label, key="edit_subject"
)
subject = labels[target].subject
with session_scope(engine()) as session:
    state = writes.subject_state(session, subject)
# The version this editor saw: a save is refused if someone else saved since (no lost update).
seen_key = f"edit_seen_{target}"
st.session_state.setdefault(seen_key, state.version)

st.caption(t("edit_intro", language, organisation=scope.organisation or "—"))
if subject.facility_id is None:
    st.caption(t("edit_municipality_total", language))
frame = editing.editor_frame(state, language)
# The table's key names the version it was made from: after a save the page runs again with the
# new version, so the table is made anew from the database and no typed value is left in it.
edited = st.data_editor(
    frame,
    key=f"edit_table_{target}_{st.session_state[seen_key]}",
    hide_index=True,
    disabled=["measure", "current", "period", "status"],
    column_order=["measure", "current", "period", "status", editing.NEW_VALUE],
    column_config={
        "measure": column_label("metric", language),
        "current": t("edit_current", language),
        "period": column_label("period", language),
        "status": column_label("status", language),
        # Text, not a number column: the editor's min/max would drop bad input silently; the server says why.
        editing.NEW_VALUE: st.column_config.TextColumn(t("edit_new", language)),
    },
)
saved = st.session_state.pop("edit_saved", None)
if saved is not None and saved[0] == target:
    st.success(saved[1])
# A new form after each save: its note and explanation were for the figures just stored.
with st.form(f"edit_form_{st.session_state[seen_key]}"):
    reference = st.date_input(
        t("edit_reference_date", language), value=today_in_amsterdam(), format=date_input_format(language)
    )
    how = st.selectbox(t("edit_how", language), list(HowObtained), format_func=lambda h: h.label(language))
    note = st.text_area(t("edit_note", language))
    explanation = st.text_area(t("edit_explanation", language))
    save = st.form_submit_button(t("edit_save", language), type="primary")
    unchanged = st.form_submit_button(t("edit_unchanged", language))

actor = writes.Actor(scope.account_id)
try:
    if save:
        result = writes.save_figures(
            engine(),
            actor,
            subject,
            editing.figure_inputs(edited),
            reference_date=reference,
            how_obtained=how,
            note=note,
            explanation=explanation or None,
            seen_version=st.session_state[seen_key],
        )
    elif unchanged:
        result = writes.confirm_unchanged(
            engine(),
            actor,
            subject,
            reference_date=reference,
            note=note or None,
            seen_version=st.session_state[seen_key],
        )
    else:
        result = None
except writes.WriteError as error:
    for line in editing.explain(error, language):
        st.error(line)
    if isinstance(error, writes.Conflict) and st.button(t("edit_reload", language)):
        del st.session_state[seen_key]
        st.rerun()
else:
    if result is not None:
        st.session_state[seen_key] = result.version
        with session_scope(engine()) as session:
            stored = writes.subject_state(session, subject)
        summary = editing.saved_summary(stored, result, labels[target].label, language, confirmed=not save)
        st.session_state["edit_saved"] = (target, summary)
        st.rerun()  # the table above shows the stored figures, not what was typed

st.divider()
facility_panel.draw(scope, language)
st.divider()
import_panel.draw(scope, language)
