"""A refused save reads in the editor's language: every problem the write layer names is a text
key with a Dutch and an English wording, and the Dutch page shows no English reason."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from inventory import editing, writes
from inventory.i18n import TEXT
from inventory.writes import FigureInput as F
from tests.test_writes import TODAY, save
from tests.world import World, build_world

REPO = Path(__file__).resolve().parents[1]
# Words of the English wordings that have no business in a Dutch sentence.
ENGLISH = re.compile(r"\b(must|the|and|not|given|required|future|before|after|more than|text names|typing|give)\b")


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def refusal(world: World, *figures: F, **overrides: object) -> writes.WriteError:
    with pytest.raises(writes.WriteError) as refused:
        save(world, "ams", world.facility("ams-night"), *figures, **overrides)
    return refused.value


def test_every_problem_code_in_the_code_has_both_wordings() -> None:
    used = {
        code
        for path in (REPO / "inventory").rglob("*.py")
        if "texts" not in path.parts
        for code in re.findall(r'"(problem_[a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert len(used) > 15, used
    missing = sorted(code for code in used if code not in TEXT)
    assert not missing, missing


@pytest.mark.parametrize(
    ("figures", "overrides", "dutch"),
    [
        ([F("places", "veertig")], {}, "moet een heel getal van 0 of meer zijn, niet 'veertig'"),
        ([F("places", 4.5)], {}, "moet een heel getal van 0 of meer zijn"),
        ([F("places", 100_001)], {}, "100001 is meer dan 100.000; is het een tikfout?"),
        ([F("places", 3), F("places", 4)], {}, "staat er twee keer"),
        ([], {}, "vul ten minste één cijfer in"),
        ([F("places", 3)], {"reference_date": TODAY + dt.timedelta(days=3)}, "ligt in de toekomst"),
        ([F("places", 3)], {"reference_date": dt.date(1999, 12, 31)}, "31-12-1999 ligt vóór 01-01-2000"),
        ([F("places", 3)], {"reference_date": "31/12/2020"}, "moet een datum zijn, zoals 1-12-2026 of 2026-12-01"),
        ([F("places", 3)], {"note": "Geteld aan de Dorpsstraat 3"}, "noemt een straat of adres"),
        ([F("places", 3)], {"note": "x" * 2001}, "is langer dan 2000 tekens"),
        ([F("places", 3)], {"note": ""}, "is verplicht"),
    ],
)
def test_a_refused_save_is_explained_in_dutch(
    world: World, figures: list[F], overrides: dict[str, object], dutch: str
) -> None:
    error = refusal(world, *figures, **overrides)
    lines = editing.explain(error, "nl")
    assert any(dutch in line for line in lines), lines
    for line in lines:
        # The field label and the reason are Dutch; only what the editor typed may be in another language.
        assert not ENGLISH.search(line.replace("veertig", "")), line
        assert line.split(":")[0] in {"Plaatsen", "Cijfers", "Peildatum", "Toelichting (verplicht)"}, line
    # The same refusal in English, for the English page, the command line and the log.
    english = editing.explain(error, "en")
    assert english != lines and all(ENGLISH.search(line) for line in english), english


def test_over_capacity_and_conflict_are_explained_in_dutch(world: World) -> None:
    error = refusal(world, F("places", 40), F("persons", 45))
    assert editing.explain(error, "nl") == [
        "Bezetting boven capaciteit (Opgevangen personen (45) is meer dan plaatsen (40)). Niets opgeslagen: "
        "geef een uitleg en sla opnieuw op."
    ]
    subject = world.facility("ams-night")
    seen = world.version(subject)
    save(world, "ams", subject, F("places", 40))
    stale = refusal(world, F("places", 41), seen_version=seen)
    assert isinstance(stale, writes.Conflict)
    (line,) = editing.explain(stale, "nl")
    assert "Uw cijfers: plaatsen 41" in line, line
    assert "Yours" not in line and "places" not in line


def test_numbers_in_an_over_capacity_refusal_follow_the_language(world: World) -> None:
    error = refusal(world, F("places", 1000), F("persons", 1200))
    assert "(1.200) is meer dan plaatsen (1.000)" in editing.explain(error, "nl")[0]
    assert "(1,200) is more than places (1,000)" in editing.explain(error, "en")[0]
