"""After a save, the public pages show the new figure at once: the query cache is keyed on the
data version read from the database, not only on a time-to-live."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from inventory import writes
from inventory.database import make_engine, session_scope
from inventory.i18n import t
from inventory.models import Account
from tests.test_app_pages import _fresh_caches, assert_ok, open_page  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env

REFERENCE = dt.date(2026, 11, 2)


def test_a_saved_figure_shows_on_the_municipality_page_without_clearing_caches(app_env: str) -> None:
    at = open_page("municipality", gemeente="GM0363", taal="en")  # the first start seeds the database
    assert at.metric[2].value == t("no_data", "en")  # Amsterdam reports no waiting list in the seed
    engine: Engine = make_engine(app_env)
    cli = writes.Actor.command_line()
    writes.add_account(
        engine,
        cli,
        "ams-editor",
        "municipality_editor",
        organisation_key="gemeente-amsterdam",
        municipalities=["GM0363"],
    )
    editor = writes.Actor(next(iter(_account_ids(engine))))
    with_version = _version(engine)
    writes.save_figures(
        engine,
        editor,
        writes.Subject.municipality("GM0363"),
        [writes.FigureInput("waiting_list", 14)],
        reference_date=REFERENCE,
        how_obtained="counted",
        note="Counted at the intake desk.",
        seen_version=with_version,
    )
    at.run()  # same app session, caches untouched
    assert_ok(at)
    assert at.metric[2].value == "14"
    engine.dispose()


def _account_ids(engine: Engine) -> list[int]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Account.id).where(Account.username == "ams-editor")))


def _version(engine: Engine) -> int:
    with session_scope(engine) as session:
        return writes.subject_state(session, writes.Subject.municipality("GM0363")).version
