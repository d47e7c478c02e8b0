"""The target-group filter finds the shelter that takes the group: `doelgroep=women` finds
shelters for women only and for men and women, `women_only` only the first; the published 2017
tables keep their own "alleen vrouwen" rows (an admission criterion there)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.routes import api_routes
from inventory import queries, tallies, writes
from inventory.applicability import not_applied
from inventory.database import session_scope
from inventory.enums import TargetGroup, TargetGroupFilter
from inventory.filters import Filters, target_group_note, unknown_values
from inventory.i18n import t
from tests.conftest import open_app_page
from tests.world import build_world

HVO_NIGHT = "ams-hvo-querido-nachtopvang"  # data/facilities.csv: men and women, on two sites


def test_every_choice_finds_the_groups_it_names() -> None:
    assert TargetGroupFilter("women").groups == (TargetGroup.WOMEN, TargetGroup.MIXED)
    assert TargetGroupFilter("women_only").groups == (TargetGroup.WOMEN,)
    assert TargetGroupFilter("men").groups == (TargetGroup.MEN, TargetGroup.MIXED)
    # Every offer's group is found by the choice of the same name, so no offer is unreachable.
    for group in TargetGroup:
        assert group in TargetGroupFilter(group.value).groups
    assert Filters.from_params({"doelgroep": "women_only"}).target_group == "women_only"
    assert unknown_values({"doelgroep": "vrouwen"}, [], [], []) == [("value", "doelgroep", "vrouwen")]


def test_women_on_the_seed_finds_the_night_shelter_for_men_and_women(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        women = queries.municipality_overview(session, Filters(target_group="women")).set_index("municipality_code")
        only = queries.municipality_overview(session, Filters(target_group="women_only"))
        offers = queries.facilities(session, Filters(target_group="women"))
        figures = queries.figures(session, Filters(target_group="women"))
    assert tallies.offers_known(women.reset_index()) > 0 and bool(women.loc["GM0363", "has_shelter"])
    assert HVO_NIGHT in set(offers["key"])
    assert set(figures["facility_key"]) == {HVO_NIGHT} and len(figures) > 0
    # No seeded offer is for women only: that choice finds nothing, and says nothing else.
    assert tallies.offers_known(only) == 0


def test_the_2017_tables_keep_their_women_only_rows(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        everything = queries.aggregates(session)
        only = queries.aggregates(session, Filters(target_group="women_only"))
        women = queries.aggregates(session, Filters(target_group="women"))
        families = queries.aggregates(session, Filters(target_group="families"))
    # Their "alleen vrouwen" rows are an admission criterion: 52 persons in 3 municipalities.
    assert set(only["criterion"]) == {"women_only"} and len(only) == 6
    assert sorted(only[only["hours"].isna()]["value"].tolist()) == [3, 52]
    assert not not_applied("aggregates", Filters(target_group="women_only"))
    # They do not say which other shelters take women: named as not applied, every row shown.
    assert not_applied("aggregates", Filters(target_group="women")) == ["target_group"]
    assert len(women) == len(everything)
    assert set(families["target_group"]) == {"families"} and len(families) > 0


@pytest.fixture
def groups(engine: Engine) -> Engine:
    """Four offers in Amsterdam, one per target group, added as an editor would."""
    world = build_world(engine)
    for label, group in [("Women", "women"), ("Mixed", "mixed"), ("Men", "men"), ("Families", "families")]:
        new = writes.NewFacility(
            municipality_code="GM0363", label=f"{label} night", shelter_form="regular_night", target_group=group
        )
        writes.add_facility(engine, world.actor("ams"), new, clock=world.clock)
    return engine


@pytest.mark.parametrize(
    ("choice", "found"),
    [
        ("women", {"Women night", "Mixed night"}),
        ("women_only", {"Women night"}),
        ("men", {"Men night", "Mixed night"}),
        ("men_only", {"Men night"}),
        ("mixed", {"Mixed night"}),
        ("families", {"Families night"}),
    ],
)
def test_women_and_women_only_are_different_choices(groups: Engine, choice: str, found: set[str]) -> None:
    with session_scope(groups) as session:
        labels = set(queries.facilities(session, Filters(target_group=choice))["label"])
    assert labels == found


def test_the_api_finds_the_same_offers(groups: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with TestClient(Starlette(routes=api_routes())) as client:
        women = client.get("/api/v1/facilities.json?doelgroep=women").json()
        only = client.get("/api/v1/facilities.json?doelgroep=women_only&taal=en").json()
        bad = client.get("/api/v1/facilities.json?doelgroep=vrouwen")
        spec = client.get("/api/v1/openapi.json").json()
    assert {r["label"] for r in women["rows"]} == {"Women night", "Mixed night"}
    assert {r["target_group"] for r in women["rows"]} == {"women", "mixed"}
    assert [r["label"] for r in only["rows"]] == ["Women night"]
    assert TargetGroupFilter.WOMEN_ONLY.label("en") in only["filter_text"]
    assert bad.status_code == 400 and bad.json()["parameter"] == "doelgroep"
    assert "women_only" in bad.json()["allowed"]
    schema = spec["components"]["parameters"]["doelgroep"]
    assert schema["schema"]["enum"] == TargetGroupFilter.values()
    assert "women_only = Women only" in schema["description"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_for_women_counts_amsterdam_and_says_which_choice(seeded_app: str, lang: str) -> None:
    page = open_app_page("map", doelgroep="women", maat="forms", taal=lang)
    captions = [c.value for c in page.caption]
    note = target_group_note(Filters(target_group="women"), lang)
    assert note and TargetGroupFilter.WOMEN_ONLY.label(lang) in note
    count = t("count_offers_known", lang, n=1, total=342)
    assert any(c.startswith(count) and note in c for c in captions), captions
    assert page.sidebar.selectbox[4].value == "women"  # the filter shown is the filter applied
    only = open_app_page("map", doelgroep="women_only", maat="forms", taal=lang)
    note = target_group_note(Filters(target_group="women_only"), lang)
    assert note and TargetGroupFilter.WOMEN.label(lang) in note
    assert any(note in c.value for c in only.caption)
