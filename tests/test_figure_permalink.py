"""A figure's permalink (`/cijfer?sleutel=` and `/api/v1/figures/<key>.json`): its value, source and
full public history; with a `stand` the same value after a correction has been entered."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.routes import api_routes
from inventory import writes
from inventory.i18n import t
from tests.test_snapshot import LATER, Corrected, D, _figure_id, open_page
from tests.test_snapshot import app_env as app_env
from tests.test_snapshot import corrected as corrected


@pytest.fixture
def client(corrected: Corrected) -> Iterator[TestClient]:
    with TestClient(Starlette(routes=api_routes())) as test_client:
        yield test_client


def test_the_permalink_with_a_stand_keeps_its_value_after_a_correction(
    client: TestClient, corrected: Corrected
) -> None:
    answer = client.get(f"/api/v1/figures/{corrected.old_key}.json?stand={D}")
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["etag"] and answer.headers["last-modified"]
    body = answer.json()
    assert body["figure"]["key"] == corrected.old_key and body["figure"]["value"] == 40
    assert type(body["figure"]["value"]) is int and body["stand"] == D.isoformat()
    # At the stand nobody had corrected it yet; today there is a newer version, and the body says so.
    assert body["superseded"] is False and body["newest"]["value"] == 45
    assert [e["figure_key"] for e in body["history"]] == [corrected.old_key]
    # A correction's own key, asked for as of a day before it was entered, shows what stood then.
    then = client.get(f"/api/v1/figures/{corrected.new_key}.json?stand={D}").json()
    assert then["figure"]["key"] == corrected.old_key and then["figure"]["value"] == 40
    now = client.get(f"/api/v1/figures/{corrected.old_key}.json").json()
    assert now["figure"]["value"] == 40 and now["superseded"] is True and now["newest"]["key"] == corrected.new_key
    assert [(e["figure_key"], e["supersedes"]) for e in now["history"]] == [
        (corrected.old_key, None),
        (corrected.new_key, corrected.old_key),
    ]
    assert client.get(f"/api/v1/figures/{corrected.new_key}.json").json()["newest"] is None


def test_the_history_shows_reviews_and_names_organisations_never_people(
    client: TestClient, corrected: Corrected
) -> None:
    world = corrected.world
    world.clock.advance(days=1)
    writes.verify_figure(
        world.engine, world.actor("admin"), _figure_id(world.engine, corrected.new_key), clock=world.clock
    )
    body = client.get(f"/api/v1/figures/{corrected.new_key}.json").json()
    kinds = [(e["kind"], e["organisation"]) for e in body["history"]]
    assert kinds == [
        ("figure_saved", "Gemeente Amsterdam"),
        ("figure_saved", "Gemeente Amsterdam"),
        ("figure_verified", "Stichting LOS"),
    ]
    assert body["figure"]["review_status"] == "verified" and body["figure"]["entered_by"] == "Gemeente Amsterdam"
    before = client.get(f"/api/v1/figures/{corrected.new_key}.json?stand={LATER}").json()
    assert before["figure"]["review_status"] == "pending" and len(before["history"]) == 2
    text = json.dumps(body)
    assert '"ams"' not in text and "admin" not in text and "ams@example.org" not in text


def test_unknown_keys_and_parameters(client: TestClient, corrected: Corrected) -> None:
    missing = client.get("/api/v1/figures/no-such-figure.json")
    assert missing.status_code == 404 and "no-such-figure" in missing.json()["error"]
    bad = client.get(f"/api/v1/figures/{corrected.old_key}.json?jaar=2017")
    assert bad.status_code == 400 and bad.json()["parameter"] == "jaar"
    twice = client.get(f"/api/v1/figures/{corrected.old_key}.json?stand={D}&stand={D}")
    assert twice.status_code == 400 and twice.json()["parameter"] == "stand"
    assert client.get(f"/api/v1/figures/{corrected.old_key}.json?taal=fr").status_code == 400
    early = client.get(f"/api/v1/figures/{corrected.old_key}.json?stand=2020-01-01").json()
    assert early["figure"] is None and early["newest"]["key"] == corrected.new_key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_permalink_page_shows_the_value_source_and_history(app_env: Corrected, lang: str) -> None:
    page = open_page("figure", sleutel=app_env.old_key, stand=D.isoformat(), taal=lang)
    assert [m.value for m in page.metric] == ["40"]
    warnings = [w.value for w in page.warning]
    assert len(warnings) == 1 and app_env.new_key in warnings[0] and "45" in warnings[0]
    assert t("figure_newer_version", lang, figure="", value="")[:20] in warnings[0]
    facts = "\n".join(m.value for m in page.markdown)
    assert "Gemeente Amsterdam" in facts and "ams " not in facts and app_env.old_key in facts
    history = page.dataframe[0].value
    assert len(history) == 1
    now = open_page("figure", sleutel=app_env.old_key, taal=lang)
    assert [m.value for m in now.metric] == ["40"] and len(now.dataframe[0].value) == 2
    assert t("figure_superseded", lang, figure="", value="")[:20] in now.warning[0].value


def test_the_permalink_page_of_an_unknown_key_says_so(app_env: Corrected) -> None:
    page = open_page("figure", sleutel="no-such-figure", taal="en")
    assert [w.value for w in page.warning] == [t("figure_unknown", "en", figure="no-such-figure")]
    assert not page.metric


def test_the_municipality_page_links_each_figure_to_its_permalink(app_env: Corrected) -> None:
    page = open_page("municipality", gemeente="GM0363", stand=D.isoformat())
    tables = [d.value for d in page.dataframe if "Sleutel" in d.value.columns]
    assert tables and tables[0]["Sleutel"].tolist() == [f"/cijfer?sleutel={app_env.old_key}&stand={D}&taal=nl"]
