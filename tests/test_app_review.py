"""Beheer through AppTest on the seeded database: a decision acts on the figure the admin ticked
(by key, whatever happened to the table since), and a stale selection gets one translated line
and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from inventory import writes
from inventory.accounts import find_account
from inventory.clock import local_today, utc_now
from inventory.database import session_scope
from inventory.i18n import t
from tests.test_app_editing import PASSWORD, db, submit_sign_in  # noqa: F401 - fixture
from tests.test_app_pages import _fresh_caches, assert_ok  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env

AMSTERDAM = writes.Subject.municipality("GM0363")


def enter(engine: Engine, value: int, days_ago: int) -> str:
    with session_scope(engine) as session:
        ams = find_account(session, "ams")
        version = writes.subject_state(session, AMSTERDAM).version
    assert ams is not None
    result = writes.save_figures(
        engine,
        writes.Actor(ams.id),
        AMSTERDAM,
        [writes.FigureInput("waiting_list", value)],
        reference_date=local_today(utc_now) - dt.timedelta(days=days_ago),
        how_obtained="counted",
        note="Geteld bij de intake.",
        seen_version=version,
    )
    return result.figure_keys[0]


def admin_id(engine: Engine) -> int:
    with session_scope(engine) as session:
        account = find_account(session, "admin")
        assert account is not None
        return account.id


def statuses(engine: Engine, *keys: str) -> list[str | None]:
    with engine.connect() as conn:
        found = dict(conn.execute(text("SELECT key, review_status FROM figures")).all())
    return [found[key] for key in keys]


def beheer(lang: str) -> AppTest:
    at = submit_sign_in("admin", PASSWORD, lang)
    at.switch_page("views/admin.py").run()
    assert_ok(at)
    return at


def tick(at: AppTest, key: str) -> None:
    """Tick the row of `key` as the browser would: its position in the table last shown."""
    row = list(at.session_state["review_shown"]).index(key)
    generation = at.session_state["review_generation"] if "review_generation" in at.session_state else 0  # noqa: SIM401
    at.session_state[f"review_table_{generation}"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert_ok(at)


def clean_up(engine: Engine, *keys: str) -> None:
    for key in keys:
        if statuses(engine, key) == ["pending"]:
            writes.reject_figure(engine, writes.Actor(admin_id(engine)), key, "Test over.")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_row_that_no_longer_exists_changes_nothing(db: Engine, lang: str) -> None:  # noqa: F811
    key = enter(db, 50, 1)
    at = beheer(lang)
    at.session_state["review_table_0"] = {"selection": {"rows": [7], "columns": []}}
    at.run()
    assert_ok(at)
    assert [w.value for w in at.warning] == [t("review_stale", lang)]
    assert not [b for b in at.button if b.key in ("review_verify", "review_reject")]
    assert statuses(db, key) == ["pending"]
    clean_up(db, key)


def test_a_figure_decided_meanwhile_names_who_and_changes_nothing(db: Engine) -> None:  # noqa: F811
    key = enter(db, 50, 2)
    at = beheer("nl")
    tick(at, key)
    assert at.markdown and any(
        "Gekozen: Amsterdam — gemeentetotaal, Wachtlijst (personen) 50" in m.value for m in at.markdown
    )
    writes.verify_figure(db, writes.Actor(admin_id(db)), key)  # another admin, another tab
    at.button(key="review_verify").click().run()
    assert_ok(at)
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Wachtlijst (personen) 50 · ") and "is al beoordeeld door Stichting LOS" in warning
    assert ": geverifieerd op " in warning and warning.endswith("Er is niets veranderd.")
    assert not at.error and not at.success
    assert not [b for b in at.button if b.key in ("review_verify", "review_reject")]
    with db.connect() as conn:
        reviews = conn.execute(
            text("SELECT count(*) FROM figure_reviews r JOIN figures f ON f.id = r.figure_id WHERE f.key = :k"),
            {"k": key},
        ).scalar()
    assert reviews == 1 and statuses(db, key) == ["verified"]


def test_a_decision_acts_on_the_ticked_figure_after_the_queue_moved(db: Engine) -> None:  # noqa: F811
    first, second = enter(db, 50, 3), enter(db, 44, 4)
    at = beheer("en")
    tick(at, second)
    newcomer = enter(db, 61, 5)  # lands on top of the queue: every row moves down
    at.run()
    assert_ok(at)
    assert any("Chosen: Amsterdam — municipality total, Waiting list (persons) 44" in m.value for m in at.markdown)
    at.button(key="review_verify").click().run()
    assert_ok(at)
    assert at.success[-1].value.startswith("Verified: Amsterdam — municipality total, Waiting list (persons) 44 · ")
    assert statuses(db, first, second, newcomer) == ["pending", "verified", "pending"]
    # The decided figure left the queue and nothing stays ticked or chosen.
    assert second not in at.session_state["review_shown"] and len(at.dataframe[0].value) == 2
    assert not [b for b in at.button if b.key == "review_verify"]
    assert t("review_pick", "en") in [c.value for c in at.caption]
    # Then the other one, with a reason: rejected, by key.
    tick(at, first)
    at.text_input(key=f"review_reason_{at.session_state['review_generation']}").input("Counted twice.")
    at.button(key="review_reject").click().run()
    assert_ok(at)
    assert at.success[-1].value.startswith("Rejected: Amsterdam — municipality total, Waiting list (persons) 50")
    assert statuses(db, first, second, newcomer) == ["rejected", "verified", "pending"]
    # A rejection without a reason is one translated line and changes nothing.
    tick(at, newcomer)
    at.button(key="review_reject").click().run()
    assert_ok(at)
    assert [e.value for e in at.error] == [f"{t('field_reason', 'en')}: {t('problem_required', 'en')}"]
    assert statuses(db, newcomer) == ["pending"]
    clean_up(db, newcomer)
