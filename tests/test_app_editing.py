"""The editors' pages through AppTest on a real seeded database: password sign-in with the
same message for an unknown name and a wrong password, lockout, and an editor saving figures
for their own municipality that then show on the public municipality page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from inventory import writes
from inventory.database import make_engine, session_scope
from inventory.i18n import t
from inventory.models import Account, Figure
from tests.conftest import REPO
from tests.test_app_pages import _fresh_caches, assert_ok, open_page  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def db(app_env: str) -> Iterator[Engine]:
    assert_ok(open_page("overview"))  # the first start creates and seeds the database
    engine = make_engine(app_env)
    cli = writes.Actor.command_line()
    for name, role, org, munis in [
        ("ams", "municipality_editor", "gemeente-amsterdam", ["GM0363"]),
        ("reader", "viewer", None, []),
        ("locked", "municipality_editor", "gemeente-rotterdam", ["GM0599"]),
        ("admin", "admin", "stichting-los", []),
    ]:
        writes.add_account(engine, cli, name, role, organisation_key=org, municipalities=munis, password=PASSWORD)
    yield engine
    engine.dispose()


def submit_sign_in(username: str, password: str, lang: str = "nl") -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["taal"] = lang
    at.run()
    at.switch_page("views/sign_in.py").run()
    at.text_input(key="sign_in_user").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.get("form_submit_button")[0].click()  # type: ignore[attr-defined]
    at.run()
    assert_ok(at)
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unknown_name_and_wrong_password_read_the_same(db: Engine, lang: str) -> None:
    unknown = submit_sign_in("nobody", PASSWORD, lang)
    wrong = submit_sign_in("ams", "not the password at all", lang)
    assert [e.value for e in unknown.error] == [e.value for e in wrong.error] == [t("sign_in_failed", lang)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sign_in_page_is_titled_account_once_signed_in(db: Engine, lang: str) -> None:
    signed_out = open_page("sign_in", taal=lang)
    assert [e.value for e in signed_out.title] == [("Inloggen", "Sign in")[lang == "en"]]
    assert t("sign_in_intro", lang) in [c.value for c in signed_out.caption]
    at = submit_sign_in("ams", PASSWORD, lang)
    assert at.success and "ams" in at.success[0].value
    assert [e.value for e in at.title] == ["Account"]
    assert t("sign_in_intro", lang) not in [c.value for c in at.caption]
    at.button(key="sign_out").click().run()
    assert_ok(at)
    assert [e.value for e in at.title] == [("Inloggen", "Sign in")[lang == "en"]]
    labels = {link.proto.label for link in at.get("page_link")}
    assert ("Inloggen", "Sign in")[lang == "en"] in labels and not any(x.startswith("Account") for x in labels)


def test_five_wrong_passwords_lock_the_name(db: Engine) -> None:
    for _ in range(5):
        submit_sign_in("locked", "wrong password here")
    at = submit_sign_in("locked", PASSWORD)  # even the right password is refused now
    assert at.error and "Te veel mislukte pogingen" in at.error[0].value


def test_an_editor_saves_figures_that_show_on_the_public_page(db: Engine) -> None:
    at = submit_sign_in("ams", PASSWORD, "en")
    assert at.success and "ams" in at.success[0].value and "Gemeente Amsterdam" in at.success[0].value
    labels = {link.proto.label for link in at.get("page_link")}
    assert "My figures" in labels and "Account ams · sign out" in labels and "Sign in" not in labels
    at.switch_page("views/edit.py").run()
    assert_ok(at)
    choices = at.selectbox(key="edit_subject").options
    # Only Amsterdam and its offers: nothing of another municipality can be chosen.
    assert choices and all(option.startswith("Amsterdam") for option in choices)
    at.selectbox(key="edit_subject").set_value("municipality:GM0363").run()
    with session_scope(db) as session:
        before = session.scalar(select(func.count()).select_from(Figure))
        version = writes.subject_state(session, writes.Subject.municipality("GM0363")).version
    # The data editor's edits are session state: type a waiting list of 9 into the new-value column.
    table_key = f"edit_table_municipality:GM0363_{version}"
    at.session_state[table_key] = {"edited_rows": {4: {"new_value": "9"}}, "added_rows": [], "deleted_rows": []}
    at.text_area[0].input("Counted at the intake desk.")
    at.get("form_submit_button")[0].click()  # type: ignore[attr-defined]
    at.run()
    assert_ok(at)
    assert at.success and at.success[-1].value.startswith(
        "Saved for Amsterdam — municipality total: 1 new figure as of "
    ), [e.value for e in at.error]
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(Figure)) == before + 1
    public = open_page("municipality", gemeente="GM0363", taal="en")
    assert public.metric[2].value == "9"
    shown = next(df.value for df in public.dataframe if "Review" in df.value.columns)
    assert "Not yet reviewed" in set(shown["Review"])
    # An administrator rejects it: the public pages no longer count it.
    with session_scope(db) as session:
        newest = session.scalars(
            select(Figure).where(Figure.metric == "waiting_list").order_by(Figure.id.desc())
        ).first()
        admin = session.scalar(select(Account.id).where(Account.username == "admin"))
    assert newest is not None and admin is not None
    writes.reject_figure(db, writes.Actor(admin), newest.id, "Counted twice.")
    again = open_page("municipality", gemeente="GM0363", taal="en")
    assert again.metric[2].value == t("no_data", "en")


def test_a_viewer_and_a_signed_out_visitor_cannot_edit(db: Engine) -> None:
    at = submit_sign_in("reader", PASSWORD, "en")
    at.switch_page("views/edit.py").run()
    assert at.warning[0].value == t("viewer_cannot_edit", "en")
    anonymous = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    anonymous.run()
    anonymous.switch_page("views/edit.py").run()
    assert anonymous.info[0].value == t("sign_in_first", "nl")


def test_an_admin_verifies_a_figure_and_sees_the_audit_entry(db: Engine) -> None:
    at = submit_sign_in("ams", PASSWORD, "en")
    at.switch_page("views/edit.py").run()
    at.selectbox(key="edit_subject").set_value("municipality:GM0363").run()
    with session_scope(db) as session:
        version = writes.subject_state(session, writes.Subject.municipality("GM0363")).version
    at.session_state[f"edit_table_municipality:GM0363_{version}"] = {
        "edited_rows": {0: {"new_value": "30"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_area[0].input("Beds counted on the night of the reference date.")
    at.get("form_submit_button")[0].click()  # type: ignore[attr-defined]
    at.run()
    assert_ok(at)
    admin = submit_sign_in("admin", PASSWORD, "en")
    assert "Administration" in {link.proto.label for link in admin.get("page_link")}
    admin.switch_page("views/admin.py").run()
    assert_ok(admin)
    pending = admin.dataframe[0].value
    assert "30" in set(pending["New figure"])
    row = list(pending["New figure"]).index("30")
    admin.session_state["review_table_0"] = {"selection": {"rows": [row], "columns": []}}
    admin.run()
    admin.button(key="review_verify").click().run()
    assert_ok(admin)
    assert admin.success[-1].value.startswith("Verified: Amsterdam — municipality total, Places 30 · ")
    with session_scope(db) as session:
        places = session.scalars(select(Figure).where(Figure.value == 30).order_by(Figure.id.desc())).first()
    assert places is not None and places.review_status == "verified"
    log = admin.dataframe[-1].value
    assert {"Figure saved", "Figure verified"} <= set(log["Action"]) and "ams" in set(log["Account"])
    assert "None" not in log.astype(str).to_numpy() and "page" not in set(log["Route"])
    # The target in words, never a table name and key such as 'figure:gm0363-places-…'.
    targets = set(log["Target"])
    assert {"Account ams", "Account admin", "Figure: Places, Amsterdam"} <= targets, targets
    codes = ("account:", "figure:", "facility:", "municipality:", "organisation:", "import:")
    assert not any(x.startswith(codes) for x in targets), targets
    # Old and new values as one change in words; the accounts made at the command line say so.
    assert "Review: Not yet reviewed → Verified" in set(log["Change"]), set(log["Change"])
    assert not any("{" in text for text in log["Change"])
    assert any(name.startswith("command line (") for name in log["Account"]), set(log["Account"])


def test_an_editor_is_no_admin(db: Engine) -> None:
    at = submit_sign_in("ams", PASSWORD, "en")
    assert "Administration" not in {link.proto.label for link in at.get("page_link")}
    at.switch_page("views/admin.py").run()
    assert at.warning[0].value == t("admin_only", "en")
