"""The audit log's targets in words, for the administration page: every kind of target the writes
record (by key when a write went through, by id when it was refused), in Dutch and English."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from inventory import accounts, audit, writes
from inventory.accounts import SignInFailed
from inventory.database import session_scope
from inventory.i18n import t
from inventory.models import Figure
from inventory.writes import FigureInput as F
from tests.test_writes import save
from tests.world import World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    built = build_world(engine)
    save(built, "ams", built.facility("ams-night"), F("places", 40))
    save(built, "ams", writes.Subject.municipality("GM0363"), F("waiting_list", 3))
    with pytest.raises(writes.WriteError):  # Amsterdam's editor on a Rotterdam offer: refused, logged by id
        save(built, "ams", built.facility("rdam-inlia"), F("places", 5))
    with pytest.raises(SignInFailed):
        accounts.authenticate(engine, "nobody-here", "a wrong password", clock=built.clock)
    return built


def _shown(world: World, lang: str) -> dict[str, str]:
    with session_scope(world.engine) as session:
        log = audit.entries(session)
        labels = audit.target_labels(session, log["target"], lang)
    shown = audit.entries_display(log, lang, labels)
    return dict(zip(log["target"], shown[t("audit_col_target", lang)], strict=True))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            {
                "account:ams": "Account ams",
                "account:(unknown name)": "Onbekende gebruikersnaam",
                "facility:rdam-inlia": "Voorziening Offer rdam-inlia (Rotterdam)",
                "figure:places@ams-night": "Cijfer: Plaatsen, Offer ams-night (Amsterdam)",
                "figure:waiting_list@GM0363": "Cijfer: Wachtlijst (personen), Amsterdam",
            },
        ),
        (
            "en",
            {
                "account:ams": "Account ams",
                "account:(unknown name)": "Unknown username",
                "facility:rdam-inlia": "Facility Offer rdam-inlia (Rotterdam)",
                "figure:places@ams-night": "Figure: Places, Offer ams-night (Amsterdam)",
                "figure:waiting_list@GM0363": "Figure: Waiting list (persons), Amsterdam",
            },
        ),
    ],
)
def test_every_target_reads_as_words(world: World, lang: str, expected: dict[str, str]) -> None:
    shown = _shown(world, lang)
    raw = set(shown)
    # The refused save names the Rotterdam offer by its id; the saved figures by their keys.
    assert f"facility:{world.facilities['rdam-inlia']}" in raw
    assert any(target.startswith("figure:") for target in raw)
    by_kind: dict[str, set[str]] = {}
    for target, label in shown.items():
        by_kind.setdefault(target.split(":")[0], set()).add(label)
    assert expected["account:ams"] in by_kind["account"]
    assert expected["account:(unknown name)"] in by_kind["account"]
    assert by_kind["facility"] == {expected["facility:rdam-inlia"]}
    assert by_kind["figure"] == {expected["figure:places@ams-night"], expected["figure:waiting_list@GM0363"]}
    for target, label in shown.items():
        kind, rest = target.split(":", 1)
        assert label and not label.startswith(f"{kind}:") and "_" not in label, (target, label)
        if kind in ("facility", "figure"):
            assert rest not in label, (target, label)  # no key, no database id


def test_a_subject_that_is_not_found_keeps_its_code_and_other_kinds_read_as_words(world: World) -> None:
    targets = ["municipality:GM0363", "municipality:GM9999", "organisation:hvo", "import:figures.csv", "other:x"]
    with session_scope(world.engine) as session:
        nl = audit.target_labels(session, [*targets, None], "nl")
        en = audit.target_labels(session, targets, "en")
    assert nl == {
        "municipality:GM0363": "Gemeente Amsterdam",
        "organisation:hvo": "Organisatie HVO-Querido",
        "import:figures.csv": "Import van bestand figures.csv",
    }
    assert en["municipality:GM0363"] == "Municipality of Amsterdam"
    assert en["import:figures.csv"] == "Import of file figures.csv"


# --- old and new values, and the acting account, as a person reads them ----------------------


@pytest.fixture
def busy_world(world: World) -> World:
    """Every kind of recorded value: a figure changed, an offer closed, an organisation and an
    account added, disabled and enabled, a password set, a scope changed, a review, a failed
    sign-in; by the command line and by accounts."""
    cli = writes.Actor.command_line()
    world.clock.advance(days=1)
    save(world, "ams", world.facility("ams-night"), F("places", 45))
    save(world, "ams", world.facility("ams-night"), F("persons", 30, qualifier="approximate"))
    with session_scope(world.engine) as session:
        newest = session.scalars(select(Figure).order_by(Figure.id.desc())).first()
        assert newest is not None
        figure_id = newest.id
    writes.reject_figure(world.engine, world.actor("admin"), figure_id, "Counted twice.", clock=world.clock)
    offer = world.facility("ams-night")
    writes.close_facility(
        world.engine,
        world.actor("ams"),
        world.facilities["ams-night"],
        closed_on=dt.date(2026, 3, 1),
        seen_version=world.version(offer),
        clock=world.clock,
    )
    writes.add_organisation(world.engine, cli, "noodbed", "Stichting Noodbed", "ngo", clock=world.clock)
    writes.set_account_disabled(world.engine, cli, "gone", False, clock=world.clock)
    writes.reset_password(world.engine, cli, "rdam", "a long enough new password", clock=world.clock)
    writes.change_scope(world.engine, cli, "rdam", add=["GM0363"], clock=world.clock)
    with pytest.raises(SignInFailed):
        accounts.authenticate(world.engine, "ams", "not the password", clock=world.clock)
    return world


def _log(world: World, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with session_scope(world.engine) as session:
        log = audit.entries(session)
        shown = audit.entries_display(
            log, lang, audit.target_labels(session, log["target"], lang), audit.value_names(session, log)
        )
    return log, shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_old_and_new_values_read_as_a_change_in_words(busy_world: World, lang: str) -> None:
    log, shown = _log(busy_world, lang)
    change = shown[t("audit_col_change", lang)]
    assert t("audit_col_old_value", lang) not in shown.columns and t("audit_col_new_value", lang) not in shown.columns
    by_action: dict[str, str] = {}
    for action, target, text in zip(log["action"], log["target"].fillna(""), change, strict=True):
        # Newest first: the latest entry of each kind; figures by measure, not by their keys.
        by_action.setdefault(f"{action}|{target}", text)
        for metric in ("places", "persons"):
            if target.startswith("figure:ams-night-") and f"-{metric}-" in target:
                by_action.setdefault(f"{action}|{metric}@ams-night", text)
    nl = lang == "nl"
    assert by_action["figure_saved|places@ams-night"] == ("Plaatsen: 40 → 45" if nl else "Places: 40 → 45")
    persons = by_action["figure_saved|persons@ams-night"]
    assert persons.startswith(
        "Opgevangen personen: ca. 30; Peildatum: " if nl else "Persons sheltered: about 30; Reference date: "
    )
    assert ("Geteld op de peildatum" if nl else "Counted on the reference date") in persons
    rejected = by_action["figure_rejected|persons@ams-night"]
    assert rejected == (
        "Controle: Nog niet beoordeeld → Afgewezen; Reden: Counted twice."
        if nl
        else "Review: Not yet reviewed → Rejected; Reason: Counted twice."
    )
    assert by_action["facility_closed|facility:ams-night"] == (
        "Gesloten: — → 1 mrt 2026" if nl else "Closed: — → 1 Mar 2026"
    )
    organisation = by_action["organisation_added|organisation:noodbed"]
    assert organisation == (
        "Naam: Stichting Noodbed; Soort: Maatschappelijke organisatie" if nl else "Name: Stichting Noodbed; Kind: NGO"
    )
    enabled = by_action["account_enabled|account:gone"]
    assert enabled.startswith(
        "Uitgeschakeld op: 2 mrt 2026 " if nl else "Disabled on: 2 Mar 2026 "
    ) and enabled.endswith(" → —; " + ("Sessies beëindigd: 0" if nl else "Sessions ended: 0"))
    assert by_action["password_reset|account:rdam"].startswith(
        "Wachtwoord: nieuw ingesteld" if nl else "Password: newly set"
    )
    assert by_action["scope_changed|account:rdam"] == (
        "Gemeenten: Rotterdam → Amsterdam, Rotterdam" if nl else "Municipalities: Rotterdam → Amsterdam, Rotterdam"
    )
    assert by_action["sign_in_failed|account:ams"] == ("Mislukte pogingen: 1" if nl else "Failed attempts: 1")
    account = by_action["account_added|account:ams"]
    assert account.startswith(
        "Gebruikersnaam: ams; E-mail: ams@example.org; Rol: Gemeente-redacteur; Organisatie: "
        if nl
        else "Username: ams; Email: ams@example.org; Role: Municipality editor; Organisation: "
    )
    for text in change:
        assert (
            not any(c in text for c in '{}"_') and "None" not in text and not re.search(r"\d{4}-\d{2}-\d{2}", text)
        ), text
    # The download keeps every value as recorded, for programs and audits.
    csv = pd.read_csv(io.BytesIO(audit.entries_csv(log)), encoding="utf-8-sig", dtype=str)
    assert csv["old_value"].dropna().str.startswith("{").all() and csv["new_value"].dropna().str.startswith("{").all()
    assert '"value": 45' in " ".join(csv["new_value"].dropna())


@pytest.mark.parametrize(("lang", "expected"), [("nl", "opdrachtregel ({})"), ("en", "command line ({})")])
def test_the_command_line_reads_as_words_in_the_account_column(busy_world: World, lang: str, expected: str) -> None:
    log, shown = _log(busy_world, lang)
    operators = {name for name in log["username"] if isinstance(name, str) and name.startswith("cli:")}
    assert operators
    accounts_shown = set(shown[t("audit_col_username", lang)])
    assert {expected.format(name.removeprefix("cli:")) for name in operators} <= accounts_shown
    assert not any(str(name).startswith("cli:") for name in accounts_shown)
    assert audit.account_text("#7 (unknown account)", lang) == (
        "onbekend account nr. 7" if lang == "nl" else "unknown account no. 7"
    )
