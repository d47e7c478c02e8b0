from inventory.filters import Filters


def test_query_params_round_trip() -> None:
    filters = Filters(
        year=2017, province="PV27", shelter_form="specialised_24h", programme="lvv", municipality="GM0363"
    )
    params = filters.to_params()
    assert params["jaar"] == "2017" and params["vorm"] == "specialised_24h"
    assert Filters.from_params(params) == filters


def test_invalid_params_are_dropped_not_fatal() -> None:
    params = {"jaar": "twenty", "vorm": "castle", "provincie": "XX99", "gemeente": "GM03", "programma": ["bbb"]}
    assert Filters.from_params(params) == Filters(programme="bbb")


def test_describe_names_filters_in_the_chosen_language() -> None:
    filters = Filters(shelter_form="specialised_24h")
    assert filters.describe("nl") == [("Opvangvorm", "Gespecialiseerde opvang (24-uurs)")]
    assert filters.describe("en") == [("Shelter form", "Specialised shelter (24-hour)")]
    assert Filters().is_empty and not filters.is_empty
