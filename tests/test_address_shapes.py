"""The privacy rule refuses the shapes of an address, not only the street names it knows (issue 17),
through every write that stores text, and lets the numbers legitimate notes carry pass."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from inventory import validation as v
from inventory import writes
from inventory.writes import FigureInput as F
from tests.test_bulk_import import as_csv, fill, run, template_rows
from tests.test_writes import figures
from tests.world import TODAY, World, build_world

# The probe's cases (issue 17), stored before this rule, then our own.
PROBE = [
    "Kalverstr. 12",
    "Kalverstr 12",
    "K a l v e r s t r a a t 12",
    "Kalverstr\u0430at 12",  # a Cyrillic а
    "Damrak 1",
    "Dam 1",
    "Overtoom 301",
    "Weesperzijde 4",
    "Nieuwezijds Voorburgwal 147",
    "1012 AB Amsterdam",
    "postcode 1012AB, nr 12",
]
OURS = [
    "Dorpsstraat 3b",
    "Postbus 123",  # a PO box is an address shape too; no note needs one
    "Plein 1945 5",
    "3011AB",
    "3011ab Rotterdam",
    "Overtoom 301-3",
    "Damrak 147 hs",
    "Damrak 12a",
    "\uff24\uff41\uff4d\uff52\uff41\uff4b 1",  # full-width letters
    "Ov\u0435rtoom 301",  # a Cyrillic е
    "De opvang zit op de Dam 1, Amsterdam.",
    "Van Baerlestraat 3",
    "Opvang aan de Coolsingel",
    "Weesperzijde 4-2 te Amsterdam",
]
LEGITIMATE = [
    "24 uur",
    "7 dagen",
    "2017",
    "GGD-indicatie",
    "30 plaatsen",
    "1 dec 2026",
    "artikel 3",
    "Artikel 3 lid 1",
    "BBB 2015",
    "Gemeente Amsterdam 2017",
    "Moerdijk",
    "Amsterdam 30 plaatsen",
    "Rotterdam 40 bedden",
    "Den Haag 50 personen",
    "Amsterdam 12%",
    "Stand 1 januari 2024",
    "Per 1 dec 2026 zijn er 30 plaatsen.",
    "Tabel 2",
    "Bijlage 1",
    "Fase 2",
    "Week 12",
    "In 2017 en 2018",
    "Sinds 2015 op 3 locaties",
    "Kamerstukken II 2019/20, 19637, nr. 2345",
    "Groningen 2016-2017",
    "De 24-uursopvang",
    "COA 2",
    "Of the 23, four refer elsewhere.",
    "Footnote 308 to 'In vijf gemeenten'.",
    "Plaatsen 180 is de som van de opvang.",
    "Extra bedden aan de achterzijde van het gebouw.",
]


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def save_note(world: World, note: str) -> writes.SaveResult:
    subject = world.facility("ams-night")
    return writes.save_figures(
        world.engine,
        world.actor("ams"),
        subject,
        [F("places", 40)],
        reference_date=TODAY,
        how_obtained="counted",
        note=note,
        seen_version=world.version(subject),
        clock=world.clock,
    )


@pytest.mark.parametrize("text", PROBE + OURS)
def test_an_address_shape_is_refused(text: str) -> None:
    with pytest.raises(v.Invalid) as refused:
        v.check_no_location(text)
    assert refused.value.code in {"problem_street", "problem_address"}


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_numbers_pass(text: str) -> None:
    v.check_no_location(text)


@pytest.mark.parametrize("text", PROBE + OURS)
def test_a_figure_note_with_an_address_is_refused_and_nothing_is_written(world: World, text: str) -> None:
    before = world.snapshot()
    with pytest.raises(writes.InvalidInput) as refused:
        save_note(world, f"Geteld. {text}")
    assert len(refused.value.problems) == 1
    message = str(refused.value)
    assert "\n" not in message and ("address" in message or "street" in message)
    assert world.snapshot() == before


@pytest.mark.parametrize("field", ["label", "note"])
@pytest.mark.parametrize("text", PROBE)
def test_a_facility_label_or_note_with_an_address_is_refused(world: World, field: str, text: str) -> None:
    values = {"label": "Nachtopvang", "note": None, field: f"Nachtopvang {text}" if field == "label" else text}
    before = world.snapshot()
    with pytest.raises(writes.InvalidInput):
        writes.add_facility(
            world.engine,
            world.actor("ams"),
            writes.NewFacility("GM0363", values["label"], "other", note=values["note"]),
            clock=world.clock,
        )
    assert world.snapshot() == before


@pytest.mark.parametrize("text", PROBE)
def test_an_import_note_with_an_address_is_refused_in_one_dutch_line(world: World, text: str) -> None:
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "120", "note": text})
    before = world.snapshot()
    outcome = run(world, "ams", as_csv(rows), lang="nl")
    assert not outcome.ok and world.snapshot() == before
    [(_, column, problem)] = outcome.problems
    assert column == "note" and "adres" in problem and "\n" not in problem


def test_legitimate_notes_are_stored(world: World) -> None:
    save_note(world, " ".join(LEGITIMATE))
    [stored] = figures(world.engine)
    assert stored.note == " ".join(LEGITIMATE)
