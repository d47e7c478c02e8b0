"""The seed dataset loads, reproduces the source, is idempotent, and rejects bad rows whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from inventory import queries, stats
from inventory.database import session_scope
from inventory.models import Aggregate, Figure, Municipality
from inventory.seed import DATA_DIR, SeedError, seed


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
