"""The audit trail after every kind of entry (every AuditAction): `python -m inventory audit` as
text and as JSON, and the administration page's table in Dutch and English, with no `nan`, no
`None` and no raw code. Also migration 0008, which lets the log say 'import_refused'."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError

from inventory import accounts, audit, bulk_import, sessions, writes
from inventory.accounts import LockedOut, SignInFailed
from inventory.database import make_engine, session_scope
from inventory.enums import AuditAction
from inventory.i18n import t
from inventory.models import Figure
from inventory.schema import current_revision, head_revision, upgrade
from inventory.writes import FigureInput as F
from tests.test_bulk_import import as_csv, fill, template_rows
from tests.test_cli_accounts import run
from tests.test_status_schema import _alembic
from tests.test_writes import save
from tests.world import TODAY, World, build_world

PASSWORD = "a long enough new password"


def _newest_figure_id(world: World) -> int:
    with session_scope(world.engine) as session:
        found = session.scalar(select(Figure.id).order_by(Figure.id.desc()).limit(1))
    assert found is not None
    return found


@pytest.fixture
def every_action(engine: Engine) -> World:
    """A log with at least one entry of every AuditAction (account_added and account_disabled come
    from building the world), by accounts and by the command line, refused writes included."""
    world = build_world(engine)
    cli = writes.Actor.command_line()
    save(world, "ams", world.facility("ams-night"), F("places", 40))
    writes.verify_figure(engine, world.actor("admin"), _newest_figure_id(world), clock=world.clock)
    save(world, "ams", writes.Subject.municipality("GM0363"), F("waiting_list", 3))
    writes.reject_figure(engine, world.actor("admin"), _newest_figure_id(world), "Counted twice.", clock=world.clock)
    world.clock.advance(days=1)
    subject = world.facility("ams-night")
    writes.confirm_unchanged(
        engine,
        world.actor("ams"),
        subject,
        reference_date=TODAY + dt.timedelta(days=1),
        seen_version=world.version(subject),
        clock=world.clock,
    )
    writes.add_facility(
        engine,
        world.actor("ams"),
        writes.NewFacility("GM0363", "Nachtopvang voor vrouwen", "specialised_night"),
        clock=world.clock,
    )
    writes.close_facility(
        engine,
        world.actor("ams"),
        world.facilities["ams-night"],
        closed_on=TODAY + dt.timedelta(days=1),
        seen_version=world.version(subject),
        clock=world.clock,
    )
    writes.add_organisation(engine, cli, "noodbed", "Stichting Noodbed", "ngo", clock=world.clock)
    writes.set_account_disabled(engine, cli, "gone", False, clock=world.clock)
    writes.reset_password(engine, cli, "rdam", PASSWORD, clock=world.clock)
    writes.change_scope(engine, cli, "rdam", add=["GM0363"], clock=world.clock)
    token, _ = sessions.sign_in(engine, "rdam", PASSWORD, clock=world.clock)  # signed_in
    sessions.end_session(engine, token, clock=world.clock)  # signed_out
    with pytest.raises(SignInFailed):
        accounts.authenticate(engine, "nobody-here", "a wrong password", clock=world.clock)
    for _ in range(accounts.MAX_FAILURES - 1):
        with pytest.raises(SignInFailed):
            accounts.authenticate(engine, "viewer", "not the password", clock=world.clock)
    for _ in range(2):  # the fifth failure locks the name (locked_out), the next attempt is blocked
        with pytest.raises(LockedOut):
            accounts.authenticate(engine, "viewer", "not the password", clock=world.clock)
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "5"})
    intruder = dict(next(r for r in rows if r["value"]), municipality_code="GM0599")  # Rotterdam: refused
    refused = bulk_import.run_import(
        engine, world.actor("ams"), as_csv([intruder]), dry_run=False, source="rotterdam.csv", clock=world.clock
    )
    assert not refused.ok
    return world


def _log(world: World):  # type: ignore[no-untyped-def]
    with session_scope(world.engine) as session:
        return audit.entries(session)


def test_the_fixture_logs_every_kind_of_entry(every_action: World) -> None:
    # A new AuditAction without an entry here fails this test: add it to the fixture.
    assert set(_log(every_action)["action"]) == set(AuditAction.values())


def test_a_refused_import_is_logged_as_a_refused_import_not_as_a_saved_figure(every_action: World) -> None:
    with session_scope(every_action.engine) as session:
        refused = audit.entries(session, target="import:")
    assert list(refused["action"]) == ["import_refused"] and refused["refused"].all()
    assert list(refused["route"]) == ["import"] and "outside the account's scope" in refused["detail"].iloc[0]
    assert AuditAction.IMPORT_REFUSED.label("nl") == "Import van een bestand geweigerd"
    assert AuditAction.IMPORT_REFUSED.label("en") == "File import refused"


def _strict_json(raw: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in the JSON")

    return json.loads(raw, parse_constant=refuse)


def test_audit_json_after_every_action(every_action: World, db_url: str) -> None:
    result = run(["audit", "--json"], db_url)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    entries = _strict_json(result.stdout)
    assert isinstance(entries, list) and {e["action"] for e in entries} == set(AuditAction.values())
    for entry in entries:
        for column in ("username", "organisation", "target", "detail"):
            assert entry[column] is None or isinstance(entry[column], str), (column, entry)
        for column in ("old_value", "new_value"):
            assert entry[column] is None or isinstance(entry[column], dict), (column, entry)
    disabled = next(e for e in entries if e["action"] == "account_disabled")
    # The command line has no organisation: null, where pandas would have made it NaN.
    assert disabled["organisation"] is None and disabled["old_value"]["disabled_at"] is None
    assert disabled["new_value"]["disabled_at"] is not None
    for action in AuditAction:  # every action can be asked for by itself
        only = _strict_json(run(["audit", "--json", "--action", action.value], db_url).stdout)
        assert only and {e["action"] for e in only} == {action.value}  # type: ignore[union-attr]


def test_audit_text_after_every_action(every_action: World, db_url: str) -> None:
    result = run(["audit"], db_url)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(_log(every_action))
    for line in lines:
        assert "nan" not in line.split() and "(nan)" not in line and "None" not in line, line
    for action in AuditAction:
        assert any(f" {action.value} " in line for line in lines), action
    root = [line for line in lines if "cli:root" in line]
    assert root and all("cli:root (" not in line for line in root)  # the command line has no organisation
    refused = [line for line in lines if " import_refused " in line]
    assert len(refused) == 1 and "import:rotterdam.csv  REFUSED: " in refused[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_admin_table_reads_every_action_as_words(every_action: World, lang: str) -> None:
    log = _log(every_action)
    with session_scope(every_action.engine) as session:
        shown = audit.entries_display(
            log, lang, audit.target_labels(session, log["target"], lang), audit.value_names(session, log)
        )
    actions = shown[t("audit_col_action", lang)]
    assert set(actions) == {action.label(lang) for action in AuditAction}
    for column in shown.columns:
        cells = [str(cell) for cell in shown[column]]
        assert not [c for c in cells if c in ("nan", "None", "NaT") or "(nan)" in c], (column, cells)
    refused = shown[actions == AuditAction.IMPORT_REFUSED.label(lang)]
    assert list(refused[t("audit_col_refused", lang)]) == [t("yes", lang)]
    expected_target = "Import van bestand rotterdam.csv" if lang == "nl" else "Import of file rotterdam.csv"
    assert list(refused[t("audit_col_target", lang)]) == [expected_target]


# --- migration 0008 -------------------------------------------------------------------------

AUDIT = (
    "INSERT INTO audit_log (at, username, route, action, refused, target)"
    " VALUES ('2026-12-01 10:00:00+00', 'cli:root', 'import', :action, :refused, 'import:a.csv')"
)


def test_0008_adds_import_refused_to_an_append_only_log(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        _alembic(engine, "upgrade", "0007")
        with engine.begin() as conn:  # an old refused import, logged the old way: it stays as it was
            conn.execute(text(AUDIT), {"action": "figure_saved", "refused": True})
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(AUDIT), {"action": "import_refused", "refused": True})
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.begin() as conn:
            conn.execute(text(AUDIT), {"action": "import_refused", "refused": True})
            assert conn.execute(text("SELECT action FROM audit_log ORDER BY id")).scalars().all() == [
                "figure_saved",
                "import_refused",
            ]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(AUDIT), {"action": "import_guessed", "refused": True})
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))  # the triggers of 0004 are still there
        # A downgrade cannot rename the new entry in an append-only log: refused, nothing changed.
        with pytest.raises(RuntimeError, match="import_refused"):
            _alembic(engine, "downgrade", "0007")
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_0008_downgrades_and_upgrades_again_without_new_entries(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        _alembic(engine, "downgrade", "0007")
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(AUDIT), {"action": "import_refused", "refused": True})
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text(AUDIT), {"action": "import_refused", "refused": True})
    finally:
        engine.dispose()
