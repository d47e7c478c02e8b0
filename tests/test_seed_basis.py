"""Every status, date and period in data/ has a basis in its source or is marked as inferred."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from inventory import validation as v
from inventory.database import session_scope
from inventory.enums import METHOD_STATUSES, Status
from inventory.models import Aggregate, Figure, Outcome, Source
from inventory.provenance import check_quotes
from inventory.seed import DATA_DIR, SeedError, seed
from tests.conftest import REPO

PERIOD_FILES = ("figures.csv", "aggregates.csv", "outcomes.csv", "programmes.csv")


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _copy_with(tmp_path: Path, file: str, key: str, **changes: str) -> tuple[Path, int]:
    """A copy of data/ where one row of `file` has `changes`; returns the folder and the row's line."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    fields, rows = _rows(data / file)
    index = next(i for i, row in enumerate(rows) if row["key"] == key)
    rows[index].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (data / file).write_text(out.getvalue(), encoding="utf-8")
    return data, index + 2  # the header is line 1 and no row of these files spans lines


@pytest.mark.parametrize("file", PERIOD_FILES)
def test_every_inferred_period_carries_the_flag_first(file: str) -> None:
    _, rows = _rows(DATA_DIR / file)
    for row in rows:
        note = row.get("period_note") or ""
        assert "inferred" not in note.lower() or note.startswith(v.INFERRED), (file, row["key"])


def test_a_period_is_stated_by_its_quote_or_note_or_flagged() -> None:
    quoted = {"period_start": "2013", "period_end": "2013", "quote": "In 2013 zijn nog maar 50 ... actief."}
    v.check_period_basis(quoted)
    noted = {"period_start": "2016-12", "period_end": "2017-02", "quote": "11 gemeenten"}
    v.check_period_basis({**noted, "period_note": "inventory 'tussen december 2016 en februari 2017' (l.862)"})
    v.check_period_basis({**noted, "period_note": "inferred: around the inventory"})
    with pytest.raises(ValueError, match="2016, 2017 is neither in the quote nor in period_note"):
        v.check_period_basis(noted)
    with pytest.raises(ValueError, match="starts with 'inferred:'"):
        v.check_period_basis({**noted, "period_note": "2016-2017, inferred from the publication year"})
    # a year inside a longer number is not the year
    with pytest.raises(ValueError, match="2013"):
        v.check_period_basis({"period_start": "2013", "quote": "120135 personen"})


def test_an_opening_date_is_one_its_quote_states() -> None:
    v.check_stated_date({"opened": "2015", "quote": "Amsterdam startte halverwege 2015 de BBB"}, "opened")
    v.check_stated_date({"opened": "", "quote": "Den Haag stelde de lokale nachtopvang open"}, "opened")
    with pytest.raises(ValueError, match="leave it empty and keep the inference in the note"):
        v.check_stated_date({"opened": "2015", "quote": "Den Haag stelde de lokale nachtopvang open"}, "opened")


@pytest.mark.parametrize(
    ("file", "key", "changes", "reason"),
    [
        # the date of the meeting is in the period note, not in the quote
        ("figures.csv", "ams-wereldhuis-capacity-2016-11", {"period_note": ""}, "neither in the quote"),
        ("aggregates.csv", "inv2017-ov-total-all-persons", {"period_note": ""}, "neither in the quote"),
        ("aggregates.csv", "los-2010-active-organisations-000", {"period_note": "'rond 2010', inferred"}, "inferred:"),
        ("outcomes.csv", "lvv-pilot-durable-solution", {"period_note": ""}, "neither in the quote"),
        ("programmes.csv", "lvv-pilot-amsterdam", {"period_note": ""}, "neither in the quote"),
        # 000 does not date Den Haag's opening; the inference belongs in the note
        ("facilities.csv", "dh-reguliere-nachtopvang", {"opened": "2015"}, "column 'opened'"),
    ],
)
def test_the_loader_refuses_an_unflagged_inferred_date(
    engine: Engine, tmp_path: Path, file: str, key: str, changes: dict[str, str], reason: str
) -> None:
    data, line = _copy_with(tmp_path, file, key, **changes)
    with pytest.raises(SeedError) as error:
        seed(engine, data)
    assert f"{file} line {line}" in str(error.value) and reason in str(error.value)


def test_a_flagged_inference_loads(engine: Engine, tmp_path: Path) -> None:
    data, _ = _copy_with(tmp_path, "figures.csv", "ams-wereldhuis-capacity-2016-11", period_note="inferred: test")
    assert seed(engine, data).inserted["figures.csv"] > 0


def test_a_method_status_names_its_basis() -> None:
    assert v.parse_basis("'geschat wordt' (l.174)", Status.ESTIMATED) == "'geschat wordt' (l.174)"
    assert v.parse_basis(None, Status.STATED) is None
    with pytest.raises(ValueError, match="needs a basis"):
        v.parse_basis(None, Status.COUNTED)
    with pytest.raises(ValueError, match=r"as 'words' \(l\.N\)"):
        v.parse_basis("the report says it was counted", Status.COUNTED)
    with pytest.raises(ValueError, match="not to 'stated'"):
        v.parse_basis("'geschat wordt' (l.174)", Status.STATED)


@pytest.mark.parametrize("file", ["figures.csv", "aggregates.csv", "outcomes.csv"])
def test_every_counted_or_estimated_row_in_data_has_a_basis(file: str) -> None:
    _, rows = _rows(DATA_DIR / file)
    methods = {m.value for m in METHOD_STATUSES}
    for row in rows:
        assert (row["status"] in methods) == bool(row["basis"].strip()), (file, row["key"])


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": "counted"}, "status 'counted' needs a basis"),
        ({"status": "estimated", "basis": "an estimate, surely"}, "as 'words' (l.N)"),
        ({"basis": "'Tijdens het afnemen van de interviews' (l.1311)"}, "not to 'stated'"),
    ],
)
def test_the_loader_refuses_a_method_status_without_its_basis(
    engine: Engine, tmp_path: Path, changes: dict[str, str], reason: str
) -> None:
    data, line = _copy_with(tmp_path, "figures.csv", "ams-hvo-querido-nachtopvang-places-2016", **changes)
    with pytest.raises(SeedError) as error:
        seed(engine, data)
    assert f"figures.csv line {line}" in str(error.value) and reason in str(error.value)


def test_the_stated_status_and_the_basis_are_stored(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        places = session.scalars(select(Figure).where(Figure.key == "ams-hvo-querido-nachtopvang-places-2016")).one()
        estimate = session.scalars(
            select(Aggregate).where(Aggregate.key == "national-estimate-dependent-on-shelter")
        ).one()
        restating = session.scalars(select(Source).where(Source.key == "zorg-ongedocumenteerden-2022")).one()
    assert (places.status, places.basis) == ("stated", None)
    assert Status(places.status).label("en") == "Stated by the source (method unknown)"
    assert (estimate.status, estimate.basis) == ("estimated", "'geschat wordt' (l.174)")
    assert (restating.title_kind, restating.restates) == ("descriptive", "amnesty-los-2017")
    assert restating.title.startswith(v.DESCRIPTIVE_MARK)


def test_a_basis_the_seed_does_not_say_is_reported(tmp_path: Path) -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed texts not found at {seeds}")
    data, _ = _copy_with(tmp_path, "figures.csv", "rot-places-2016", basis="'Gegevens zijn geteld' (l.1411)")
    problems = check_quotes(data, seeds)
    assert len(problems) == 1 and "(key rot-places-2016): basis words not found" in problems[0], problems


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title_kind": "document"}, "title_kind is 'document'"),
        ({"title": "Noodopvang in 2013"}, "a descriptive title starts with"),
        ({"title_kind": ""}, "column 'title_kind' is required"),
        ({"restates": "no-such-source"}, "restates unknown source 'no-such-source'"),
    ],
)
def test_a_source_says_where_its_title_comes_from_and_what_it_restates(
    engine: Engine, tmp_path: Path, changes: dict[str, str], reason: str
) -> None:
    data, line = _copy_with(tmp_path, "sources.csv", "los-noodopvang-2013", **changes)
    with pytest.raises(SeedError) as error:
        seed(engine, data)
    assert f"sources.csv line {line}" in str(error.value) and reason in str(error.value)


def test_the_dtv_departures_stay_national_and_add_up_to_the_printed_totals(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        rows = session.scalars(select(Outcome).where(Outcome.key.like("dtv-departures-%"))).all()
        permits = session.scalars(select(Outcome).where(Outcome.key == "we-are-here-residence-permits-2012-2017")).one()
    assert {r.scope for r in rows} == {"national"} and {r.municipality_code for r in rows} == {None}
    # 004 prints 'Totaal DT&V 8.150' (Jan-Oct 2015) and '9.800' (2014); the totals are not stored as rows
    by_year = {year: sum(r.value or 0 for r in rows if r.period_start.year == year) for year in (2014, 2015)}
    assert by_year == {2014: 9800, 2015: 8150}
    assert (permits.value, permits.status, permits.municipality_code) == (84, "self_reported", "GM0363")
