"""The write functions, called directly: scope, validation, no lost update, history kept."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from inventory import audit, writes
from inventory.database import session_scope
from inventory.dataversion import data_version
from inventory.enums import AuditAction, Role
from inventory.models import Facility, Figure, FigureReview
from inventory.writes import FigureInput as F
from tests.world import TODAY, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def save(world: World, who: str, subject: writes.Subject, *figures: F, **overrides: object) -> writes.SaveResult:
    args: dict[str, object] = {
        "reference_date": TODAY,
        "how_obtained": "counted",
        "note": "Counted at the evening intake.",
        "seen_version": world.version(subject),
        "clock": world.clock,
    }
    args.update(overrides)
    return writes.save_figures(world.engine, world.actor(who), subject, list(figures), **args)  # type: ignore[arg-type]


def figures(engine: Engine) -> list[Figure]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Figure).order_by(Figure.id)))


def test_an_editor_saves_new_self_reported_figures_for_its_municipality(world: World) -> None:
    before = world.snapshot()["data_version"]
    result = save(world, "ams", world.facility("ams-night"), F("places", 40), F("persons", "38"))
    stored = figures(world.engine)
    assert [f.id for f in stored] == list(result.figure_ids)
    places = next(f for f in stored if f.metric == "places")
    assert (places.value, places.qualifier, places.period_start, places.period_end) == (40, "exact", TODAY, TODAY)
    assert (places.status, places.review_status, places.how_obtained) == ("self_reported", "pending", "counted")
    # Public data names the organisation, never the person.
    assert places.entered_by == "Gemeente Amsterdam"
    assert places.note == "Counted at the evening intake."
    assert result.version == 1 == world.version(world.facility("ams-night"))
    assert result.data_version == before + 1  # type: ignore[operator]
    with session_scope(world.engine) as session:
        assert data_version(session) == result.data_version
        log = audit.entries(session, action=AuditAction.FIGURE_SAVED)
    assert len(log) == 2 and set(log["username"]) == {"ams"} and set(log["organisation"]) == {"Gemeente Amsterdam"}
    assert set(log["route"]) == {"page"} and not log["refused"].any()
    assert json.loads(log.iloc[0]["new_value"])["reference_date"] == TODAY.isoformat()


def test_municipality_level_figures_and_an_organisation_editor_in_another_municipality(world: World) -> None:
    save(world, "ams", writes.Subject.municipality("GM0363"), F("waiting_list", 12, "approximate"))
    # HVO edits its own facility in Rotterdam, a municipality it has no other role in.
    save(world, "hvo", world.facility("rdam-hvo"), F("places", 20))
    save(world, "admin", world.facility("rdam-inlia"), F("places", 5))
    assert [(f.metric, f.entered_by) for f in figures(world.engine)] == [
        ("waiting_list", "Gemeente Amsterdam"),
        ("places", "HVO-Querido"),
        ("places", "Stichting LOS"),
    ]


REFUSALS = [
    ("ams", "rdam-inlia", "may not write for facility"),  # another municipality
    ("rdam", "ams-night", "may not write for facility"),
    ("hvo", "rdam-inlia", "may not write for facility"),  # a facility of another organisation
    ("hvo", "GM0363", "may not write for municipality"),  # an organisation has no municipality figures
    ("ams", "GM0599", "may not write for municipality"),
    ("viewer", "ams-night", "is a viewer"),
    ("gone", "ams-night", "is disabled"),  # a disabled account, even in its own municipality
]


@pytest.mark.parametrize(("who", "where", "message"), REFUSALS)
def test_out_of_scope_saves_are_refused_with_nothing_written(world: World, who: str, where: str, message: str) -> None:
    subject = writes.Subject.municipality(where) if where.startswith("GM") else world.facility(where)
    before = world.snapshot()
    with pytest.raises(writes.NotAllowed, match=message):
        save(world, who, subject, F("places", 10))
    assert world.snapshot() == before
    with session_scope(world.engine) as session:
        refused = audit.entries(session, refused=True)
    assert len(refused) == 1
    assert refused.iloc[0]["username"] == who and refused.iloc[0]["action"] == "figure_saved"
    assert message in refused.iloc[0]["detail"]


def test_unknown_accounts_and_the_command_line_enter_no_figures(world: World) -> None:
    before = world.snapshot()
    subject = world.facility("ams-night")
    for actor, message in [
        (writes.Actor(99999), "unknown account #99999"),
        (writes.Actor.command_line(), "needs an account"),
        (writes.Actor(None), "sign in first"),  # no operator outside the command line
    ]:
        with pytest.raises(writes.NotAllowed, match=message):
            writes.save_figures(
                world.engine,
                actor,
                subject,
                [F("places", 1)],
                reference_date=TODAY,
                how_obtained="counted",
                note="n",
                seen_version=0,
                clock=world.clock,
            )
    assert world.snapshot() == before
    with session_scope(world.engine) as session:
        assert "#99999 (unknown account)" in set(audit.entries(session, refused=True)["username"])


def test_other_writes_are_refused_out_of_scope(world: World) -> None:
    save(world, "ams", world.facility("ams-night"), F("places", 40))
    figure_id = figures(world.engine)[0].id
    before = world.snapshot()
    new = writes.NewFacility("GM0599", "Night shelter", "specialised_night")
    attempts = [
        lambda: writes.add_facility(world.engine, world.actor("ams"), new, clock=world.clock),
        lambda: writes.add_facility(world.engine, world.actor("viewer"), new, clock=world.clock),
        lambda: writes.add_facility(
            world.engine,
            world.actor("hvo"),
            writes.NewFacility(
                "GM0599", "Night shelter", "specialised_night", operator_id=world.organisations["inlia"]
            ),
            clock=world.clock,
        ),
        lambda: writes.close_facility(
            world.engine,
            world.actor("ams"),
            world.facilities["rdam-inlia"],
            closed_on=TODAY,
            seen_version=0,
            clock=world.clock,
        ),
        lambda: writes.close_facility(
            world.engine,
            world.actor("hvo"),
            world.facilities["rdam-inlia"],
            closed_on=TODAY,
            seen_version=0,
            clock=world.clock,
        ),
        lambda: writes.verify_figure(world.engine, world.actor("ams"), figure_id, clock=world.clock),
        lambda: writes.reject_figure(world.engine, world.actor("hvo"), figure_id, "no", clock=world.clock),
        lambda: writes.verify_figure(world.engine, writes.Actor.command_line(), figure_id, clock=world.clock),
        lambda: writes.add_account(world.engine, world.actor("ams"), "newbie", "viewer", clock=world.clock),
        lambda: writes.change_scope(world.engine, world.actor("ams"), "ams", add=["GM0599"], clock=world.clock),
        lambda: writes.set_account_disabled(world.engine, world.actor("rdam"), "ams", True, clock=world.clock),
        lambda: writes.reset_password(
            world.engine, world.actor("rdam"), "ams", "a long new password", clock=world.clock
        ),
        lambda: writes.add_organisation(world.engine, world.actor("ams"), "x", "X", "ngo", clock=world.clock),
    ]
    for attempt in attempts:
        with pytest.raises(writes.NotAllowed):
            attempt()
    assert world.snapshot() == before
    assert world.audit_count(refused=True) == len(attempts)


@pytest.mark.parametrize(
    ("figure", "overrides", "field"),
    [
        (F("places", -1), {}, "places"),
        (F("places", 2.5), {}, "places"),
        (F("places", "12 beds"), {}, "places"),
        (F("places", True), {}, "places"),
        (F("places", None), {}, "places"),
        (F("places", qualifier="range", low=30, high=20), {}, "places"),
        (F("places", 5, qualifier="range", low=1, high=9), {}, "places"),
        (F("places", 1_000_000), {}, "places"),
        (F("municipalities", 1), {}, "municipalities"),
        (F("beds", 1), {}, "metric"),
        (F("places", 10), {"reference_date": TODAY + dt.timedelta(days=1)}, "reference_date"),
        (F("places", 10), {"reference_date": dt.date(1999, 12, 31)}, "reference_date"),
        (F("places", 10), {"reference_date": "yesterday"}, "reference_date"),
        (F("places", 10), {"note": "  "}, "note"),
        (F("places", 10), {"note": "Opvang aan de Kerkstraat 12"}, "note"),
        (F("places", 10), {"how_obtained": "guessed"}, "how_obtained"),
    ],
)
def test_invalid_input_is_refused_on_the_server(
    world: World, figure: F, overrides: dict[str, object], field: str
) -> None:
    before = world.snapshot()
    with pytest.raises(writes.InvalidInput) as refused:
        save(world, "ams", world.facility("ams-night"), figure, **overrides)
    assert field in {p.field for p in refused.value.problems}, refused.value.problems
    assert world.snapshot() == before


def test_a_save_needs_figures_given_once(world: World) -> None:
    with pytest.raises(writes.InvalidInput, match="at least one figure"):
        save(world, "ams", world.facility("ams-night"))
    with pytest.raises(writes.InvalidInput, match="given twice"):
        save(world, "ams", world.facility("ams-night"), F("places", 1), F("places", 2))
    assert figures(world.engine) == []


def test_whole_numbers_from_a_form_are_accepted(world: World) -> None:
    save(world, "ams", world.facility("ams-night"), F("places", 40.0), F("persons", " 7 "), F("families", "0"))
    assert sorted((f.metric, f.value) for f in figures(world.engine)) == [
        ("families", 0),
        ("persons", 7),
        ("places", 40),
    ]


def test_occupancy_above_places_must_be_explained_and_the_explanation_is_kept(world: World) -> None:
    subject = world.facility("ams-night")
    with pytest.raises(writes.NeedsConfirmation, match=r"Persons sheltered \(45\) is more than places \(40\)"):
        save(world, "ams", subject, F("places", 40), F("persons", 45))
    assert figures(world.engine) == []
    with pytest.raises(writes.InvalidInput, match="street-like"):
        save(world, "ams", subject, F("places", 40), F("persons", 45), explanation="Extra beds at Dorpsstraat 3")
    save(world, "ams", subject, F("places", 40), F("persons", 45), explanation="Five extra beds during the frost.")
    assert {f.metric: f.explanation for f in figures(world.engine)} == {
        "places": "Five extra beds during the frost.",
        "persons": "Five extra beds during the frost.",
    }
    # A later save of persons alone is compared with the stored places.
    world.clock.advance(days=1)
    with pytest.raises(writes.NeedsConfirmation):
        save(world, "ams", subject, F("persons", 41), reference_date=TODAY + dt.timedelta(days=1))


def test_a_save_on_an_outdated_view_is_refused_showing_both_versions(world: World) -> None:
    subject = world.facility("ams-night")
    seen = world.version(subject)
    save(world, "hvo", subject, F("places", 40), seen_version=seen)
    before = world.snapshot()
    with pytest.raises(writes.Conflict) as conflict:
        save(world, "ams", subject, F("places", 44), seen_version=seen)
    message = str(conflict.value)
    assert "version 0" in message and "version 1" in message
    assert "places 40" in message and "places 44" in message and "HVO-Querido" in message
    assert (conflict.value.seen, conflict.value.current) == (0, 1)
    assert world.snapshot() == before
    # Reloaded, the same save goes through.
    save(world, "ams", subject, F("places", 44))
    assert [f.value for f in figures(world.engine)] == [40, 44]


def test_history_is_never_overwritten(world: World) -> None:
    subject = world.facility("ams-night")
    first = save(world, "ams", subject, F("places", 40))
    correction = save(world, "ams", subject, F("places", 42), note="Recounted: two beds were missed.")
    world.clock.advance(days=30)
    later = save(world, "ams", subject, F("places", 50), reference_date=TODAY + dt.timedelta(days=30))
    rows = {f.id: f for f in figures(world.engine)}
    assert len(rows) == 3
    old = rows[first.figure_ids[0]]
    assert (old.value, old.note, old.review_status) == (40, "Counted at the evening intake.", "pending")
    # A second save for the same date supersedes the first; a later date is a new record.
    assert rows[correction.figure_ids[0]].supersedes_id == old.id
    assert rows[later.figure_ids[0]].supersedes_id is None
    with session_scope(world.engine) as session:
        state = writes.subject_state(session, subject)
    assert state.figures["places"].value == 50 and state.version == 3


def test_no_change_since_last_time_repeats_the_newest_value_for_a_new_date(world: World) -> None:
    subject = world.facility("ams-night")
    save(world, "ams", subject, F("places", 40), F("persons", 30, "approximate"))
    world.clock.advance(days=7)
    next_week = TODAY + dt.timedelta(days=7)
    with pytest.raises(writes.InvalidInput, match="later date"):
        writes.confirm_unchanged(
            world.engine,
            world.actor("ams"),
            subject,
            reference_date=TODAY,
            seen_version=world.version(subject),
            clock=world.clock,
        )
    result = writes.confirm_unchanged(
        world.engine,
        world.actor("ams"),
        subject,
        reference_date=next_week,
        seen_version=world.version(subject),
        clock=world.clock,
    )
    rows = figures(world.engine)
    repeated = [f for f in rows if f.id in result.figure_ids]
    assert sorted((f.metric, f.qualifier, f.value, f.period_end) for f in repeated) == [
        ("persons", "approximate", 30, next_week),
        ("places", "exact", 40, next_week),
    ]
    assert {f.same_as_id for f in repeated} == {f.id for f in rows if f.period_end == TODAY}
    with pytest.raises(writes.InvalidInput, match="no figures to repeat"):
        writes.confirm_unchanged(
            world.engine,
            world.actor("rdam"),
            world.facility("rdam-inlia"),
            reference_date=next_week,
            seen_version=0,
            clock=world.clock,
        )


def test_an_admin_verifies_or_rejects_and_the_public_history_names_organisations(world: World) -> None:
    subject = world.facility("ams-night")
    # A week apart: a second entry for the same day would correct the first, which then is not decided.
    first = save(world, "ams", subject, F("places", 40), reference_date=TODAY - dt.timedelta(days=7)).figure_ids[0]
    second = save(world, "ams", subject, F("places", 400)).figure_ids[0]
    world.clock.advance(hours=2)
    writes.verify_figure(world.engine, world.actor("admin"), first, clock=world.clock)
    with pytest.raises(writes.InvalidInput, match="reason"):
        writes.reject_figure(world.engine, world.actor("admin"), second, "  ", clock=world.clock)
    with pytest.raises(writes.InvalidInput, match="already verified"):
        writes.verify_figure(world.engine, world.actor("admin"), first, clock=world.clock)
    writes.reject_figure(
        world.engine, world.actor("admin"), second, "Ten times the places of last year.", clock=world.clock
    )
    with session_scope(world.engine) as session:
        reviews = session.scalars(select(FigureReview).order_by(FigureReview.id)).all()
        history = audit.figure_history(session, second)
        state = writes.subject_state(session, subject)
    assert [(r.decision, r.organisation) for r in reviews] == [
        ("verified", "Stichting LOS"),
        ("rejected", "Stichting LOS"),
    ]
    assert [(e.kind, e.organisation, e.value) for e in history] == [
        (AuditAction.FIGURE_SAVED, "Gemeente Amsterdam", 40),
        (AuditAction.FIGURE_SAVED, "Gemeente Amsterdam", 400),
        (AuditAction.FIGURE_VERIFIED, "Stichting LOS", 40),
        (AuditAction.FIGURE_REJECTED, "Stichting LOS", 400),
    ]
    assert history[-1].reason == "Ten times the places of last year." and history[1].supersedes is None
    # No person's name anywhere in the public history.
    assert not {"ams", "admin"} & {value for e in history for value in vars(e).values() if isinstance(value, str)}
    # A rejected figure is not what the editing page shows as the newest: the verified one before it is.
    assert state.figures["places"].value == 40
    with session_scope(world.engine) as session:
        updated = audit.last_update(session, "GM0363")
    assert updated is not None and updated.organisation == "Stichting LOS"


def test_facilities_are_added_and_closed_never_deleted(world: World) -> None:
    added = writes.add_facility(
        world.engine,
        world.actor("hvo"),
        writes.NewFacility("GM0599", "Nachtopvang voor vrouwen", "specialised_night", "women", criteria=["women_only"]),
        clock=world.clock,
    )
    with pytest.raises(writes.InvalidInput, match="street-like"):
        writes.add_facility(
            world.engine,
            world.actor("ams"),
            writes.NewFacility("GM0363", "Opvang Keizersgracht", "other"),
            clock=world.clock,
        )
    subject = writes.Subject.facility(added.facility_id)
    save(world, "hvo", subject, F("places", 12))
    closed_on = TODAY - dt.timedelta(days=1)
    with pytest.raises(writes.Conflict):
        writes.close_facility(
            world.engine, world.actor("rdam"), added.facility_id, closed_on=closed_on, seen_version=0, clock=world.clock
        )
    writes.close_facility(
        world.engine,
        world.actor("rdam"),
        added.facility_id,
        closed_on=closed_on,
        seen_version=world.version(subject),
        clock=world.clock,
    )
    with session_scope(world.engine) as session:
        facility = session.get(Facility, added.facility_id)
        assert facility is not None
        assert (facility.key, facility.operator_id, facility.closed_on, facility.entered_by) == (
            "gm0599-nachtopvang-voor-vrouwen",
            world.organisations["hvo"],
            closed_on,
            "HVO-Querido",
        )
        assert [c.criterion for c in facility.criteria] == ["women_only"]
    assert len(figures(world.engine)) == 1  # its figures stay published
    with pytest.raises(writes.InvalidInput, match="after the facility closed"):
        save(world, "hvo", subject, F("places", 12))
    with pytest.raises(writes.InvalidInput, match="already closed"):
        writes.close_facility(
            world.engine,
            world.actor("admin"),
            added.facility_id,
            closed_on=TODAY,
            seen_version=world.version(subject),
            clock=world.clock,
        )


def test_every_write_bumps_the_data_version_once_and_a_refusal_not_at_all(world: World) -> None:
    with session_scope(world.engine) as session:
        start = data_version(session)
    save(world, "ams", world.facility("ams-night"), F("places", 40))
    with pytest.raises(writes.NotAllowed):
        save(world, "rdam", world.facility("ams-night"), F("places", 40))
    writes.add_facility(world.engine, world.actor("ams"), writes.NewFacility("GM0363", "Dagopvang", "day_centre"))
    with session_scope(world.engine) as session:
        assert data_version(session) == start + 2


def test_accounts_are_validated_and_managed(world: World) -> None:
    cli = writes.Actor.command_line()
    for kwargs, message in [
        ({"username": "Two Words", "role": "viewer"}, "username"),
        ({"username": "newbie", "role": "superuser", "organisation_key": "los"}, "role"),
        ({"username": "newbie", "role": "municipality_editor", "organisation_key": "los"}, "at least one"),
        ({"username": "newbie", "role": "organisation_editor"}, "organisation"),
        ({"username": "newbie", "role": "admin", "organisation_key": "los", "password": "short"}, "12 characters"),
        ({"username": "ams", "role": "viewer"}, "already exists"),
        ({"username": "newbie", "role": "viewer", "email": "AMS@example.org"}, "already has"),
        (
            {
                "username": "newbie",
                "role": "municipality_editor",
                "organisation_key": "los",
                "municipalities": ["GM9999"],
            },
            "no municipality GM9999",
        ),
    ]:
        with pytest.raises(writes.InvalidInput, match=message):
            writes.add_account(world.engine, cli, clock=world.clock, **kwargs)  # type: ignore[arg-type]
    assert writes.change_scope(world.engine, cli, "ams", add=["GM0599"], clock=world.clock) == ["GM0363", "GM0599"]
    save(world, "ams", world.facility("rdam-inlia"), F("places", 3))  # the new scope counts at once
    assert writes.change_scope(world.engine, cli, "ams", remove=["GM0599"], clock=world.clock) == ["GM0363"]
    with pytest.raises(writes.NotAllowed):
        save(world, "ams", world.facility("rdam-inlia"), F("places", 4))
    with pytest.raises(writes.InvalidInput, match="not a municipality editor"):
        writes.change_scope(world.engine, cli, "hvo", add=["GM0599"], clock=world.clock)
    with pytest.raises(writes.InvalidInput, match="own account"):
        writes.set_account_disabled(world.engine, world.actor("admin"), "admin", True, clock=world.clock)
    writes.set_account_disabled(world.engine, world.actor("admin"), "gone", False, clock=world.clock)
    save(world, "gone", world.facility("ams-night"), F("places", 1))
    with session_scope(world.engine) as session:
        log = audit.entries(session, target="account:gone")
    assert list(log["action"]) == ["account_enabled", "account_disabled", "account_added"]
    assert "password_hash" not in " ".join(log["new_value"].dropna())


def test_the_audit_log_is_append_only_in_the_database(world: World) -> None:
    for statement in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), world.engine.begin() as conn:
            conn.execute(text(statement))
    assert world.audit_count(refused=False) > 0


def test_audit_entries_filter_and_export_without_formulas(world: World) -> None:
    save(world, "ams", world.facility("ams-night"), F("places", 40), note='=HYPERLINK("http://x")')
    with session_scope(world.engine) as session:
        frame = audit.entries(session, username="ams", action=AuditAction.FIGURE_SAVED, since=TODAY)
        assert audit.entries(session, until=TODAY - dt.timedelta(days=1)).empty
    assert len(frame) == 1
    exported = audit.entries_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" not in exported  # inside JSON the note does not start a cell
    frame.loc[0, "detail"] = "=1+1"
    assert "'=1+1" in audit.entries_csv(frame).decode("utf-8-sig")
    assert audit.entries_records(frame)[0]["new_value"]["note"] == '=HYPERLINK("http://x")'


def test_roles_have_labels_in_both_languages() -> None:
    assert Role.ORGANISATION_EDITOR.label("nl") == "Organisatie-redacteur"
    assert Role.ORGANISATION_EDITOR.label("en") == "Organisation editor"
