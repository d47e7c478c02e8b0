"""Mijn cijfers after a save, through AppTest on a real seeded database: the table shows the stored
figure at once (not "geen gegevens" and the typed value), a success line names what was stored,
the reference date defaults to today on the Dutch calendar, and a new offer can be chosen at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from inventory import clock, writes
from inventory.database import session_scope
from inventory.i18n import t
from tests.test_app_editing import PASSWORD, submit_sign_in
from tests.test_app_editing import db as db  # the module's seeded database with accounts
from tests.test_app_pages import _fresh_caches, assert_ok  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env

TARGET = "municipality:GM0363"
ROWS = ["places", "persons", "families", "family_places", "waiting_list"]


def edit_page(lang: str, target: str = TARGET) -> AppTest:
    at = submit_sign_in("ams", PASSWORD, lang)
    at.switch_page("views/edit.py").run()
    assert_ok(at)
    at.selectbox(key="edit_subject").set_value(target).run()
    assert_ok(at)
    return at


def version(db: Engine, subject: writes.Subject) -> int:
    with session_scope(db) as session:
        return writes.subject_state(session, subject).version


def type_and_save(at: AppTest, key: str, row: int, value: str, note: str) -> None:
    """Type `value` into the new-value cell of `row` (the editor keeps its edits in session state)."""
    at.session_state[key] = {"edited_rows": {row: {"new_value": value}}, "added_rows": [], "deleted_rows": []}
    at.text_area[0].input(note)
    at.get("form_submit_button")[0].click()  # type: ignore[attr-defined]
    at.run()
    assert_ok(at)


@pytest.mark.parametrize(("lang", "value"), [("nl", "44"), ("en", "45")])
def test_the_table_shows_the_stored_figure_right_after_a_save(db: Engine, lang: str, value: str) -> None:
    subject = writes.Subject.municipality("GM0363")
    before = version(db, subject)
    at = edit_page(lang)
    editor = at.data_editor[0]
    assert editor.proto.id.endswith(f"edit_table_{TARGET}_{before}")
    type_and_save(at, f"edit_table_{TARGET}_{before}", ROWS.index("waiting_list"), value, "Geteld bij de intake.")
    after = version(db, subject)
    assert after == before + 1
    # A new table, made from the database: its key names the new version, no typed edits are left in it.
    editor = at.data_editor[0]
    assert editor.proto.id.endswith(f"edit_table_{TARGET}_{after}")
    assert f"edit_table_{TARGET}_{after}" not in at.session_state or not at.session_state[
        f"edit_table_{TARGET}_{after}"
    ].get("edited_rows")
    shown = editor.value.set_index("metric")
    assert shown.loc["waiting_list", "current"] == value
    assert shown.loc["waiting_list", "current"] != t("no_data", lang)
    assert shown.loc["waiting_list", "status"] == ("Nog niet beoordeeld" if lang == "nl" else "Not yet reviewed")
    assert set(shown["new_value"]) == {""}
    # One success line, naming the subject, how many, the day and the stored value.
    [success] = [s.value for s in at.success if s.value.startswith(("Opgeslagen", "Saved"))]
    day = clock.today_in_amsterdam()
    if lang == "nl":
        months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
        assert success.startswith(
            f"Opgeslagen voor Amsterdam — gemeentetotaal: 1 nieuw cijfer per {day.day} {months[day.month - 1]} "
            f"{day.year}: Wachtlijst (personen) {value}."
        ), success
    else:
        assert success.startswith("Saved for Amsterdam — municipality total: 1 new figure as of "), success
        assert f": Waiting list (persons) {value}." in success
    # The form is a new one too: the note typed for the stored figures is gone.
    assert at.text_area[0].value == ""
    # The next rerun (any click) does not show the line again.
    at.run()
    assert not [s for s in at.success if s.value.startswith(("Opgeslagen", "Saved"))]


def test_saving_again_from_the_rebuilt_table_needs_no_reload(db: Engine) -> None:
    """The rebuilt table carries the new version, so a second save is not refused as a conflict."""
    subject = writes.Subject.municipality("GM0363")
    at = edit_page("nl")
    first = version(db, subject)
    type_and_save(at, f"edit_table_{TARGET}_{first}", ROWS.index("places"), "180", "Bedden geteld.")
    type_and_save(at, f"edit_table_{TARGET}_{first + 1}", ROWS.index("persons"), "170", "Personen geteld.")
    assert not at.error, [e.value for e in at.error]
    assert version(db, subject) == first + 2
    shown = at.data_editor[0].value.set_index("metric")
    assert (shown.loc["places", "current"], shown.loc["persons", "current"]) == ("180", "170")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_reference_date_defaults_to_today_in_amsterdam(
    db: Engine, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 UTC on 7 December is 00:30 on 8 December in Amsterdam: the UTC date would be a day behind.
    monkeypatch.setattr(clock, "utc_now", lambda: dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC))
    at = edit_page(lang)
    assert at.date_input[0].label == t("edit_reference_date", lang)
    assert at.date_input[0].value == dt.date(2026, 12, 8)


def test_a_new_offer_can_be_chosen_at_once(db: Engine) -> None:
    at = edit_page("nl")
    at.text_input[0].input("Nachtopvang voor gezinnen")
    submit = [b for b in at.get("form_submit_button") if b.proto.label == t("facility_add", "nl")]  # type: ignore[attr-defined]
    submit[0].click()
    at.run()
    assert_ok(at)
    assert any(s.value.startswith("Toegevoegd: Nachtopvang voor gezinnen in Amsterdam") for s in at.success)
    options = at.selectbox(key="edit_subject").options
    assert "Amsterdam — Nachtopvang voor gezinnen" in options
