"""The offers part of the editors' page: add an offer, or close one (an end date; nothing is
deleted). Every write goes through inventory.writes, which checks the account's scope again."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from inventory import editing, writes
from inventory.accounts import Scope
from inventory.clock import today_in_amsterdam
from inventory.database import session_scope
from inventory.enums import Criterion, LabelledEnum, ShelterForm, TargetGroup
from inventory.i18n import t
from inventory.presentation import date_input_format, format_day
from views._shared import engine


def _label(language: str) -> Callable[[LabelledEnum], str]:
    return lambda member: member.label(language)


def _refused(error: writes.WriteError, language: str) -> None:
    for line in editing.explain(error, language):
        st.error(line)


def _add(scope: Scope, language: str) -> None:
    with session_scope(engine()) as session:
        places = dict(editing.facility_municipalities(session, scope))
    if not places:
        return
    with st.expander(t("facility_add_title", language)), st.form("facility_add_form", clear_on_submit=False):
        code = st.selectbox(t("field_municipality", language), list(places), format_func=places.__getitem__)
        label = st.text_input(t("field_label", language), help=t("facility_label_help", language))
        form = st.selectbox(
            t("field_shelter_form", language), list(ShelterForm), format_func=lambda f: f.label(language)
        )
        group = st.selectbox(t("field_target_group", language), list(TargetGroup), format_func=_label(language))
        criteria = st.multiselect(
            t("field_criteria", language),
            list(Criterion),
            format_func=lambda c: c.label(language),
            placeholder=t("field_criteria_placeholder", language),  # Streamlit's own reads "Choose options"
        )
        opened = st.date_input(t("field_opened_on", language), value=None, format=date_input_format(language))
        stay = st.number_input(t("field_max_stay_months", language), min_value=0, step=1, value=0)
        note = st.text_area(t("edit_note_optional", language), key="facility_add_note")
        submitted = st.form_submit_button(t("facility_add", language))
    if not submitted:
        return
    new = writes.NewFacility(
        municipality_code=code,
        label=label,
        shelter_form=form,
        target_group=group,
        criteria=criteria,
        opened_on=opened,
        max_stay_months=int(stay) or None,  # 0 is the form's "unknown"
        note=note or None,
    )
    try:
        writes.add_facility(engine(), writes.Actor(scope.account_id), new)
    except writes.WriteError as error:
        _refused(error, language)
    else:
        _done(t("facility_added", language, label=label.strip(), municipality=places[code]))


def _close(scope: Scope, language: str) -> None:
    with session_scope(engine()) as session:
        offers = {
            choice.subject.facility_id: (choice, version)
            for choice, version in editing.closable_facilities(session, scope)
        }
    if not offers:
        return
    with st.expander(t("facility_close_title", language)), st.form("facility_close_form"):
        chosen = st.selectbox(t("facility_choose", language), list(offers), format_func=lambda i: offers[i][0].label)
        day = st.date_input(
            t("field_closed_on", language), value=today_in_amsterdam(), format=date_input_format(language)
        )
        note = st.text_area(t("edit_note_optional", language), key="facility_close_note")
        st.caption(t("facility_close_help", language))
        submitted = st.form_submit_button(t("facility_close", language))
    if not submitted:
        return
    choice, version = offers[chosen]
    try:
        writes.close_facility(
            engine(), writes.Actor(scope.account_id), chosen, closed_on=day, seen_version=version, note=note or None
        )
    except writes.WriteError as error:
        _refused(error, language)
    else:
        _done(t("facility_closed", language, label=choice.label, day=format_day(day, language)))


def _done(message: str) -> None:
    """Run the page again, so the offers to choose above (and to close here) are as stored now."""
    st.session_state["facility_done"] = message
    st.rerun()


def draw(scope: Scope, language: str) -> None:
    st.subheader(t("facility_title", language))
    done = st.session_state.pop("facility_done", None)
    if done:
        st.success(done)
    _add(scope, language)
    _close(scope, language)
