"""Every status, date and period in data/ has a basis in its source or is marked as inferred."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from inventory import validation as v
from inventory.seed import DATA_DIR, SeedError, seed

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
