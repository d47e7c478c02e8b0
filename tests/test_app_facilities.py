"""Offers added and closed from the editors' page (AppTest on a real seeded database): the new
offer is public at once, a label naming a street is refused in Dutch with nothing written, and
closing sets an end date without deleting anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from inventory import sessions, writes
from inventory.database import make_engine, session_scope
from inventory.i18n import t
from inventory.models import Account, Facility
from inventory.presentation import format_day
from tests.conftest import REPO
from tests.test_app_pages import _fresh_caches, assert_ok, open_page  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env
from views._shared import SESSION_TOKEN


@pytest.fixture(scope="module")
def db(app_env: str) -> Iterator[Engine]:
    assert_ok(open_page("overview"))  # the first start creates and seeds the database
    engine = make_engine(app_env)
    writes.add_account(
        engine,
        writes.Actor.command_line(),
        "ams",
        "municipality_editor",
        organisation_key="gemeente-amsterdam",
        municipalities=["GM0363"],
    )
    yield engine
    engine.dispose()


def editor_page(engine: Engine, username: str, lang: str = "nl") -> AppTest:
    with session_scope(engine) as session:
        account_id = session.scalar(select(Account.id).where(Account.username == username))
    assert account_id is not None
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["taal"] = lang
    at.session_state[SESSION_TOKEN] = sessions.start_session(engine, account_id)
    at.run()
    at.switch_page("views/edit.py").run()
    assert_ok(at)
    return at


def submit(at: AppTest, form: str) -> AppTest:
    button = next(b for b in at.get("form_submit_button") if b.proto.form_id == form)
    button.click()  # type: ignore[attr-defined]
    at.run()
    assert_ok(at)
    return at


def facilities(engine: Engine, code: str) -> list[Facility]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Facility).where(Facility.municipality_code == code).order_by(Facility.id)))


def test_an_editor_adds_an_offer_that_is_public_at_once_and_closes_it(db: Engine) -> None:
    before = facilities(db, "GM0363")
    at = editor_page(db, "ams")
    # A label that names a street: refused in Dutch, nothing written.
    label_input = next(w for w in at.text_input if w.label == "Naam van het aanbod")
    label_input.input("Nachtopvang Keizersgracht")
    submit(at, "facility_add_form")
    assert [e.value for e in at.error] and "publiceer geen adressen" in at.error[0].value, [e.value for e in at.error]
    assert "street" not in at.error[0].value
    assert len(facilities(db, "GM0363")) == len(before)

    label_input = next(w for w in at.text_input if w.label == "Naam van het aanbod")
    label_input.input("Winteropvang voor vrouwen")
    submit(at, "facility_add_form")
    assert not at.error, [e.value for e in at.error]
    assert at.success and "Winteropvang voor vrouwen" in at.success[-1].value
    added = facilities(db, "GM0363")[-1]
    assert (added.label, added.entered_by, added.closed_on) == ("Winteropvang voor vrouwen", "Gemeente Amsterdam", None)
    # The public municipality page lists it without a restart.
    public = open_page("municipality", gemeente="GM0363", taal="nl")
    shown = " ".join(df.value.to_csv() for df in public.dataframe)
    assert "Winteropvang voor vrouwen" in shown

    # Close it: an end date, nothing deleted.
    at = editor_page(db, "ams")
    offer = next(w for w in at.selectbox if w.label == "Aanbod")
    offer.set_value(added.id)
    submit(at, "facility_close_form")
    assert not at.error, [e.value for e in at.error]
    assert at.success and f"Gesloten per {format_day(dt.date.today(), 'nl')}:" in at.success[-1].value
    (closed,) = [f for f in facilities(db, "GM0363") if f.id == added.id]
    assert closed.closed_on == dt.date.today()
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(Facility).where(Facility.id == added.id)) == 1
    # A closed offer can no longer be chosen for figures or closed again.
    at = editor_page(db, "ams")
    assert all("Winteropvang" not in option for option in at.selectbox(key="edit_subject").options)


@pytest.mark.parametrize(("lang", "expected"), [("nl", "DD-MM-YYYY"), ("en", "DD/MM/YYYY")])
def test_date_pickers_take_dates_in_the_order_readers_of_the_language_write_them(
    db: Engine, lang: str, expected: str
) -> None:
    at = editor_page(db, "ams", lang)
    at.selectbox(key="edit_subject").set_value("municipality:GM0363").run()
    assert_ok(at)
    pickers = {d.label: d.proto.format for d in at.date_input}
    labels = {t(key, lang) for key in ("edit_reference_date", "field_opened_on", "field_closed_on")}
    assert labels <= set(pickers), pickers
    assert set(pickers.values()) == {expected}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_criteria_picker_invites_a_choice_in_the_page_language(db: Engine, lang: str) -> None:
    at = editor_page(db, "ams", lang)
    (criteria,) = [m for m in at.multiselect if m.label == t("field_criteria", lang)]
    assert criteria.proto.placeholder == t("field_criteria_placeholder", lang)
    assert criteria.proto.placeholder != "Choose options"
