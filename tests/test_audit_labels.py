"""The audit log's targets in words, for the administration page: every kind of target the writes
record (by key when a write went through, by id when it was refused), in Dutch and English."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from inventory import accounts, audit, writes
from inventory.accounts import SignInFailed
from inventory.database import session_scope
from inventory.i18n import t
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
