"""What editors read: counts in the singular and the plural ("1 nieuw cijfer"), today on the Dutch
calendar at 23:30 UTC, and refusals that name the field as a person knows it, never an internal
column ("column 'value'"), in Dutch and English, through the real write functions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import Engine

from inventory import clock, editing, validation, writes
from inventory.bulk_import import Outcome
from inventory.i18n import TEXT, t, tn
from inventory.writes import FigureInput as F
from tests.test_writes import save
from tests.world import World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.mark.parametrize(
    ("key", "n", "nl", "en"),
    [
        ("count_new_figures", 1, "1 nieuw cijfer", "1 new figure"),
        ("count_new_figures", 2, "2 nieuwe cijfers", "2 new figures"),
        ("count_new_figures", 0, "0 nieuwe cijfers", "0 new figures"),
        ("count_new_figures", 1435, "1.435 nieuwe cijfers", "1,435 new figures"),
        ("count_subjects", 1, "1 gemeente of voorziening", "1 municipality or offer"),
        ("count_subjects", 3, "3 gemeenten of voorzieningen", "3 municipalities or offers"),
        ("import_failed", 1, "1 probleem gevonden. Er is niets opgeslagen.", "1 problem found. Nothing was stored."),
        ("stand_newer", 1, "Er is sindsdien 1 nieuwer of gecorrigeerd cijfer.", None),
    ],
)
def test_counts_agree_with_their_number(key: str, n: int, nl: str, en: str | None) -> None:
    assert tn(key, n, "nl") == nl
    if en is not None:
        assert tn(key, n, "en") == en


def test_every_singular_text_has_its_plural_and_no_text_hedges_a_plural() -> None:
    for key in TEXT:
        if key.endswith("_1"):
            assert key.removesuffix("_1") in TEXT, key
    hedged = re.compile(r"\w\((n|en|s|e)\)")  # "gemeente(n)", "figure(s)"
    assert not [(key, text) for key, texts in TEXT.items() for text in texts if hedged.search(text)]


def test_a_failed_import_counts_its_problems_in_words() -> None:
    assert Outcome(False, True, [(2, "value", "x")]).summary("nl") == "1 probleem gevonden. Er is niets opgeslagen."
    assert Outcome(False, True, [(2, "value", "x")] * 2).summary("en") == "2 problems found. Nothing was stored."


@pytest.mark.parametrize(
    ("utc", "amsterdam"),
    [
        (dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC), dt.date(2026, 12, 8)),  # winter: UTC+1
        (dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC), dt.date(2026, 7, 1)),  # summer: UTC+2
        (dt.datetime(2026, 12, 7, 22, 30, tzinfo=dt.UTC), dt.date(2026, 12, 7)),
    ],
)
def test_today_is_the_dutch_calendar_day(monkeypatch: pytest.MonkeyPatch, utc: dt.datetime, amsterdam: dt.date) -> None:
    assert clock.today_in_amsterdam(lambda: utc) == amsterdam
    monkeypatch.setattr(clock, "utc_now", lambda: utc)  # what the pages and the template call
    assert clock.today_in_amsterdam() == amsterdam


@pytest.mark.parametrize(
    ("figure", "nl", "en"),
    [
        (
            F("places", "abc"),
            "Plaatsen: moet een heel getal van 0 of meer zijn, niet 'abc'",
            "Places: must be a whole number of 0 or more, not 'abc'",
        ),
        (
            F("persons", 12.5),
            "Opgevangen personen: moet een heel getal van 0 of meer zijn, niet '12.5'",
            "Persons sheltered: must be a whole number of 0 or more, not '12.5'",
        ),
        (
            F("waiting_list", None, qualifier="range", low=9, high=4),
            "Wachtlijst (personen): de laagste waarde 9 is groter dan de hoogste 4",
            "Waiting list (persons): the lowest value 9 is greater than the highest 4",
        ),
        (
            F("places", 5, qualifier="range", low=1, high=9),
            "Plaatsen: een bereik heeft een laagste en een hoogste waarde en geen losse waarde",
            "Places: a range has a lowest and a highest value and no single value",
        ),
        (
            F("places", None, qualifier="approximate"),
            "Plaatsen: een waarde is verplicht",
            "Places: a value is required",
        ),
        (
            F("places", 5, qualifier="roughly"),
            "Plaatsen: 'roughly' is geen van de mogelijke waarden (exact, ongeveer, ruim / minstens, "
            "hooguit / minder dan, bandbreedte)",
            "Places: 'roughly' is not one of the possible values (exact, approximately, at least, at most, range)",
        ),
    ],
)
def test_a_refused_value_names_the_measure_not_a_column(world: World, figure: F, nl: str, en: str) -> None:
    before = world.snapshot()
    with pytest.raises(writes.InvalidInput) as refused:
        save(world, "ams", writes.Subject.municipality("GM0363"), figure)
    assert world.snapshot() == before
    assert editing.explain(refused.value, "nl") == [nl]
    assert editing.explain(refused.value, "en") == [en]


def test_no_refusal_text_names_an_internal_column() -> None:
    internal = re.compile(r"column '|\bvalue_(low|high)\b|\bqualifier\b|\bhow_obtained\b|\breference_date\b")
    for key, texts in TEXT.items():
        if key.startswith("problem_"):
            assert not [text for text in texts if internal.search(text)], key


def test_the_loaders_message_still_names_the_column() -> None:
    """data/ files are read by their columns: the seed loader's and the CLI's error say which."""
    with pytest.raises(ValueError, match=r"column 'value': must be a whole number of 0 or more, not 'x'"):
        validation.parse_int("x", "value")
    with pytest.raises(ValueError, match=r"column 'status': 'guessed' is not one of counted, estimated"):
        validation.parse_enum(validation.Status, "guessed", "status")
    assert t("problem_choice", "nl", value="x", allowed_nl="a, b", allowed_en="") == (
        "'x' is geen van de mogelijke waarden (a, b)"
    )


@pytest.mark.parametrize(
    ("raw", "day"),
    [("2026-12-01", dt.date(2026, 12, 1)), ("1-12-2026", dt.date(2026, 12, 1)), ("01-02-2026", dt.date(2026, 2, 1))],
)
def test_a_day_is_read_as_iso_or_the_dutch_way(raw: str, day: dt.date) -> None:
    assert validation.parse_day(raw) == day


@pytest.mark.parametrize("raw", ["12/1/2026", "31-2-2026", "1.12.2026", "2026-13-01", "gisteren"])
def test_an_ambiguous_or_impossible_day_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        validation.parse_day(raw)
