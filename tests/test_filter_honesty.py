"""A filter shown is a filter applied: each table applies what it has a dimension for and
names the rest; the published national tables narrow by form, criterion and target group."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from inventory import queries
from inventory.applicability import aggregate_form_cells, applied_filters, not_applied
from inventory.database import session_scope
from inventory.enums import ShelterForm
from inventory.filters import Filters, unknown_values
from inventory.presentation import format_partial_date, format_period


def test_shelter_form_narrows_the_national_tables_to_its_cell(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        everything = queries.aggregates(session)
        form = queries.aggregates(session, Filters(shelter_form="specialised_24h"))
        own = queries.aggregates(session, Filters(shelter_form="own_network"))
    assert 0 < len(form) < len(everything)
    assert set(form["category"]) == {"specialised"} and set(form["hours"]) == {"24h"}
    # the 2017 headline of 24-hour specialised shelter is in it: 811 persons in 23 municipalities
    persons = form[(form["table"] == "inventory_2017_overview") & (form["metric"] == "persons")]
    assert persons["value"].tolist() == [811]
    # own network has no hours split in the source: its rows are the form's rows
    assert set(own["category"]) == {"own_network"} and len(own) > 0
    assert not not_applied("aggregates", Filters(shelter_form="specialised_24h"))


def test_criterion_and_target_group_narrow_the_national_tables(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        women = queries.aggregates(session, Filters(criterion="women_only"))
        families = queries.aggregates(session, Filters(target_group="families"))
    assert set(women["criterion"]) == {"women_only"} and len(women) > 0
    assert set(families["target_group"]) == {"families"} and len(families) > 0


@pytest.mark.parametrize("form", ["family", "day_centre", "other", "day_night_combination"])
def test_a_form_the_national_tables_do_not_tell_apart_is_named_not_applied(seeded_engine: Engine, form: str) -> None:
    filters = Filters(shelter_form=form)
    assert aggregate_form_cells(form) is None
    assert not_applied("aggregates", filters) == ["shelter_form"]
    with session_scope(seeded_engine) as session:
        assert len(queries.aggregates(session, filters)) == len(queries.aggregates(session))


def test_every_table_names_the_filters_it_cannot_apply() -> None:
    filters = Filters(year=2017, province="PV27", shelter_form="specialised_24h", metric="places")
    assert not_applied("figures", filters) == []
    assert not_applied("facilities", filters) == ["year", "metric"]
    assert not_applied("aggregates", filters) == ["province"]
    assert set(not_applied("outcomes", filters)) == {"province", "shelter_form", "metric"}
    assert applied_filters("facilities", filters) == Filters(province="PV27", shelter_form="specialised_24h")


def test_outcomes_follow_the_year(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        outcomes = queries.outcomes(session, Filters(year=2013))
    assert len(outcomes) > 0 and {d.year for d in outcomes["period_end"]} == {2013}


def test_unknown_link_values_are_named() -> None:
    found = unknown_values(
        {"gemeente": "GM9999", "jaar": "abc", "provincie": "PV27", "vorm": "bogus", "maat": "x"},
        municipalities={"GM0363"},
        provinces={"PV27"},
        years={2017},
        choices={"maat": ("places",)},
    )
    assert found == [
        ("year", "jaar", "abc"),
        ("value", "vorm", "bogus"),
        ("municipality", "gemeente", "GM9999"),
        ("value", "maat", "x"),
    ]
    assert unknown_values({"gemeente": "GM0363", "jaar": "2017"}, {"GM0363"}, set(), {2017}) == []


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (dt.date(2016, 1, 1), dt.date(2016, 12, 31), "nl", "2016"),
        (dt.date(2011, 1, 1), dt.date(2013, 12, 31), "en", "2011–2013"),
        (dt.date(2016, 10, 1), dt.date(2017, 1, 31), "nl", "okt 2016 – jan 2017"),
        (dt.date(2016, 10, 1), dt.date(2017, 1, 31), "en", "Oct 2016 – Jan 2017"),
        (dt.date(2016, 11, 17), dt.date(2016, 11, 17), "nl", "17 nov 2016"),
        (dt.date(2015, 7, 1), dt.date(2015, 7, 31), "nl", "jul 2015"),
    ],
)
def test_periods_read_as_a_person_writes_them(start: dt.date, end: dt.date, lang: str, expected: str) -> None:
    assert format_period(start, end, lang) == expected


def test_form_cells_follow_the_enum() -> None:
    assert aggregate_form_cells(ShelterForm.REGULAR_NIGHT.value) == ("regular", "night")
    assert aggregate_form_cells(ShelterForm.OWN_NETWORK.value) == ("own_network", None)


def test_a_year_or_month_from_the_source_is_not_shown_as_a_day() -> None:
    assert format_partial_date(dt.date(2015, 1, 1), "nl") == "2015"
    assert format_partial_date(dt.date(2015, 7, 1), "en") == "Jul 2015"
    assert format_partial_date(dt.date(2015, 7, 16), "nl") == "16 jul 2015"
    assert format_partial_date(None) is None
