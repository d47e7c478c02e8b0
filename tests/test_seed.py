"""The seed dataset loads, reproduces the source, is idempotent, and rejects bad rows whole."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select, update

from inventory import queries, stats
from inventory import validation as v
from inventory.database import make_engine, session_scope
from inventory.dataversion import data_version
from inventory.models import Aggregate, Base, Facility, Figure, Municipality, Organisation
from inventory.schema import alembic_config, upgrade
from inventory.seed import DATA_DIR, SeedError, seed
from tests.conftest import SHARED


def _counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return queries.counts(session)


def _national(engine: Engine, metric: str) -> int:
    with session_scope(engine) as session:
        frame = stats.national_figures(session, 2017)
        rows = frame[(frame["metric"] == metric) & (frame["table"] == stats.OVERVIEW_TABLE)]
        assert len(rows) == 1, rows
        return int(rows.iloc[0]["value"])


def test_national_totals_equal_the_source(seeded_engine: Engine) -> None:
    # 000_…: "met 37 gemeenten, waar 1.435 personen werden opgevangen plus 25 gezinnen"
    assert _national(seeded_engine, "persons") == 1435
    assert _national(seeded_engine, "families") == 25
    assert _national(seeded_engine, "municipalities") == 37


def test_2017_tables_are_rebuilt_cell_by_cell(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        overview = stats.published_table(session, stats.OVERVIEW_TABLE, "en")
        specialised = stats.published_table(session, stats.SPECIALISED_TABLE, "en")
    cells = dict(zip(overview[""], overview["24-hour"], strict=True))
    assert cells["Specialised shelter for people without residence rights"] == (
        "23 municipalities, 811 persons, 20 families"
    )
    assert cells["Regular homeless shelter"] == "11 municipalities, 64 persons"
    totals = dict(zip(overview[""], overview["Total"], strict=True))
    assert totals["Total"] == "37 municipalities, 1,435 persons, 25 families"
    night = dict(zip(specialised[""], specialised["Night only"], strict=True))
    assert night["No special criteria"] == "4 municipalities, 300 persons"
    assert night["Prospects (chance of legalisation or working on return)"] == ""  # empty in the source


def test_all_342_municipalities_in_12_provinces(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        munis = queries.municipalities(session)
    assert len(munis) == 342
    assert munis["province"].nunique() == 12
    assert munis.set_index("code").loc["GM0363", "name"] == "Amsterdam"


def test_every_figure_has_a_source_line_and_quote(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        for model in (Figure, Aggregate):
            missing = session.scalar(
                select(func.count())
                .select_from(model)
                .where((model.source_id.is_(None)) | (model.source_line.is_(None)) | (model.quote.is_(None)))
            )
            assert missing == 0, model.__tablename__


def test_seeding_twice_changes_nothing(engine: Engine) -> None:
    first = seed(engine)
    before = _counts(engine)
    second = seed(engine)
    assert first.total_inserted == sum(before.values()) - 0 or first.total_inserted > 500
    assert second.total_inserted == 0 and second.total_updated == 0
    assert _counts(engine) == before


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _break_line(path: Path, line_no: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_no - 1], lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def _line_with(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line and number > 1:
            return number
    raise AssertionError(f"{needle} not in {path}")


@pytest.mark.parametrize(
    ("file", "needle", "old", "new", "reason"),
    [
        ("aggregates.csv", ",1435,", ",1435,", ",-1435,", "value"),
        ("aggregates.csv", ",1435,", ",exact,", ",roughly,", "qualifier"),
        ("municipalities.csv", "GM0363", "GM0363", "GM363", "GM0363"),
        ("figures.csv", ",", ",", ",", "source"),
    ],
)
def test_a_broken_row_is_rejected_with_its_line_and_nothing_is_written(
    engine: Engine, tmp_path: Path, file: str, needle: str, old: str, new: str, reason: str
) -> None:
    data = _copy_data(tmp_path)
    path = data / file
    if file == "figures.csv":
        # Drop the source of the first figure row: a figure without a source must not load.
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        line_no = 2
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        import csv
        import io

        row = next(csv.reader(io.StringIO(lines[1])))
        row[header.index("source")] = ""
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(row)
        lines[1] = out.getvalue()
        path.write_text("".join(lines), encoding="utf-8")
    else:
        line_no = _line_with(path, needle)
        _break_line(path, line_no, old, new)
    with pytest.raises(SeedError) as error:
        seed(engine, data)
    message = str(error.value)
    assert f"{file} line {line_no}" in message
    assert reason in message
    assert _counts(engine) == dict.fromkeys(_counts(engine), 0)


def test_a_changed_published_figure_is_refused_and_history_kept(engine: Engine, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    seed(engine, data)
    path = data / "aggregates.csv"
    line_no = _line_with(path, ",1435,")
    _break_line(path, line_no, ",1435,", ",1436,")
    with pytest.raises(SeedError, match="never overwritten"):
        seed(engine, data)
    assert _national(engine, "persons") == 1435


def test_a_correction_supersedes_and_the_old_record_stays_readable(engine: Engine, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    seed(engine, data)
    path = data / "figures.csv"
    import csv

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    original = rows[0]
    correction = dict(original, key=original["key"] + "-corrected", supersedes=original["key"], note="test correction")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(original)).writerow(correction)
    report = seed(engine, data)
    assert report.inserted == {"figures.csv": 1}
    with session_scope(engine) as session:
        current = queries.figures(session)
        history = queries.figures(session, include_superseded=True)
    assert original["key"] not in set(current["key"])
    assert {original["key"], correction["key"]} <= set(history["key"])
    old = history.set_index("key").loc[original["key"]]
    assert old["superseded_by"] == correction["key"]


def test_missing_file_is_a_clear_error(engine: Engine, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "aggregates.csv").unlink()
    with pytest.raises(SeedError, match=r"missing aggregates\.csv"):
        seed(engine, data)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Municipality)) == 0


def test_addresses_are_refused(engine: Engine, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "facilities.csv"
    import csv

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["label"] = "Nachtopvang aan de Kerkstraat 12"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(SeedError, match=r"facilities.csv line 2.*no addresses"):
        seed(engine, data)


# --- withheld building names -------------------------------------------------------------------

SEED_000 = SHARED / "seeds" / "000_5e40dfbf1966c174.txt"


def _withheld_word() -> str:
    """The building name 000 prints in fn 27 (l.355), found by its hash: the tests name it no more
    than the code does."""
    if not SEED_000.is_file():
        pytest.skip(f"seed text not found at {SEED_000} (shared material outside the repository)")
    line = SEED_000.read_text(encoding="utf-8").splitlines()[354]
    return next(word for word in re.findall(r"\w+", line) if v.name_hash(word) in v._WITHHELD_NAME_HASHES)


@pytest.mark.parametrize(
    "text",
    ["De Voorbeeldkerk opent", "rot-voorbeeldkerk-x", "voorbeeldkerk_2", "Voorbeeldkerkgebouw", "VOORBEELDKERK."],
)
def test_a_withheld_name_is_refused_in_keys_compounds_and_any_case(text: str) -> None:
    withheld = frozenset({v.name_hash("voorbeeldkerk")})
    with pytest.raises(v.Invalid) as refused:
        v.check_no_location(text, withheld)
    assert refused.value.code == "problem_building"
    v.check_no_location(text.replace("oorbeeldk", "oorbeeld k").replace("rot-v", "rot-x"), frozenset())
    for free in ("Voorbeeld kerk", "rot-voorbeeld-kerk", "Ridderkerk"):
        v.check_no_location(free, withheld)


def test_a_withheld_name_is_refused_with_accents() -> None:
    with pytest.raises(v.Invalid):
        v.check_no_location("de Vóórbeeldkerk", frozenset({v.name_hash("voorbeeldkerk")}))


def test_no_cell_of_data_names_a_street_or_withheld_building() -> None:
    problems = []
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                for column, value in row.items():
                    # Municipality names too: an editor's note may name any of them ('Moerdijk').
                    try:
                        v.check_no_location(value)
                    except ValueError as error:
                        problems.append(f"{path.name} line {number} {column}: {error}")
    assert problems == []


@pytest.mark.parametrize("column", ["label", "key"])
def test_the_seed_refuses_the_building_name_in_a_label_or_a_key(engine: Engine, tmp_path: Path, column: str) -> None:
    name = _withheld_word()
    data = _copy_data(tmp_path)
    path = data / "facilities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or ()), list(reader)
    index = next(i for i, row in enumerate(rows) if row["key"] == "rot-diaconaal-centrum-sobere-nachtopvang")
    rows[index][column] = f"{name} nachtopvang" if column == "label" else f"rot-{name.lower()}-nachtopvang"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(SeedError, match=rf"facilities.csv line {index + 2} .*publish no building names"):
        seed(engine, data)
    assert _counts(engine) == dict.fromkeys(_counts(engine), 0)


def _data_before_0007(tmp_path: Path, name: str) -> Path:
    """data/ as it was before the name was withheld (git 3eae4be): the name where data/ now says less."""
    back = [
        ("diaconaal-centrum-rotterdam", f"{name.lower()}-rotterdam"),
        ("rot-diaconaal-centrum-", f"rot-{name.lower()}-"),
        ("Diaconaal centrum (Rotterdam)", f"Stichting Diaconaal Centrum {name}"),
        (" Its own name is withheld: it names the building of its shelter (privacy rule).", ""),
        ("Nachtopvang met dagvoorziening van het diaconaal centrum", f"{name} nachtopvang met dagvoorziening"),
        ("Sobere nachtopvang in eigen beheer van het diaconaal centrum", f"{name} sobere nachtopvang in eigen beheer"),
        ("[…]", name),
        ("managed by the diaconal centre, ROS", f"managed by {name}, ROS"),
        ("the same policy as the diaconal centre", f"the same policy as the {name}"),
        ("locations of the diaconal centre, ROS", f"locations of {name}, ROS"),
    ]
    data = _copy_data(tmp_path)
    for file in ("organisations.csv", "facilities.csv", "figures.csv"):
        text = (data / file).read_text(encoding="utf-8")
        for new, old in back:
            text = text.replace(new, old)
        (data / file).write_text(text, encoding="utf-8")
    return data


def _cells_naming(engine: Engine, name: str) -> list[str]:
    """Every stored value that contains the name, as 'table.column', outside the audit log."""
    found = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            for row in conn.execute(select(table)).mappings():
                found += [f"{table.name}.{c}" for c, value in row.items() if name.lower() in str(value).lower()]
    return found


def test_0007_redacts_a_database_seeded_before_the_name_was_withheld(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _withheld_word()
    old_data = _data_before_0007(tmp_path, name)
    engine = make_engine(db_url)
    config = alembic_config()
    # The loader writes today's models, so the database is seeded at head and then taken back to
    # 0006 (0007's downgrade changes nothing; later ones drop only their own columns).
    upgrade(engine)
    # Seeded as the code before 0007 did, when the name was not yet withheld; an editor then typed it too.
    monkeypatch.setattr(v, "_WITHHELD_NAME_HASHES", v._WITHHELD_NAME_HASHES - {v.name_hash(name)})
    seed(engine, old_data)
    monkeypatch.undo()
    with session_scope(engine) as session:
        session.execute(update(Facility).where(Facility.key == "rot-lvv").values(note=f"Naast de {name}zaal."))
        version = data_version(session)
    assert {"organisations.key", "organisations.name", "facilities.label", "figures.quote", "figures.note"} <= set(
        _cells_naming(engine, name)
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")

    upgrade(engine)

    assert _cells_naming(engine, name) == []
    with session_scope(engine) as session:
        assert data_version(session) == version + 1
        organisation = session.scalars(
            select(Organisation).where(Organisation.key == "diaconaal-centrum-rotterdam")
        ).one()
        assert organisation.name == "Diaconaal centrum (Rotterdam)"
        labels = {key: label for key, label in session.execute(select(Facility.key, Facility.label))}
        assert labels["rot-diaconaal-centrum-sobere-nachtopvang"] == (
            "Sobere nachtopvang in eigen beheer van het diaconaal centrum"
        )
        assert session.scalars(select(Facility.note).where(Facility.key == "rot-lvv")).one() == "Naast de […]zaal."
        quote = session.scalars(
            select(Figure.quote).where(Figure.key == "rot-diaconaal-centrum-sobere-nachtopvang-persons")
        ).one()
        assert quote == "In Rotterdam bood de […] in eigen beheer sobere nachtopvang aan 25 mensen."
    # Today's data/ finds the published figures unchanged and adds no second copy under the new keys;
    # it only brings back the organisation's note and the offer note the "editor" changed.
    report = seed(engine)
    assert report.inserted == {}
    assert report.updated == {"organisations.csv": 1, "facilities.csv": 1}
    engine.dispose()
    if engine.url.get_backend_name() == "sqlite":
        database = Path(str(engine.url.database))
        for file in (database, database.with_name(database.name + "-wal")):
            assert not file.exists() or name.lower().encode() not in file.read_bytes().lower()
