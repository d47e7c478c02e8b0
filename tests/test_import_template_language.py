"""The import template speaks its reader's language: Dutch (or English) headers over a row of
machine keys, explanation lines in that language only, dates and words as people write them
("1-12-2026", "geteld"). A round trip per language, CSV and XLSX: the real template is written,
filled in as a person would, and read back through the real write functions."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from inventory import bulk_import, clock, writes
from inventory.database import session_scope
from inventory.models import Figure
from tests.test_bulk_import import scope
from tests.world import World, build_world

DUTCH_DAY = "2-3-2026"  # the world's today, 2 March 2026, as a Dutch spreadsheet writes it


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Comment lines, then the header rows and data rows exactly as a spreadsheet would keep them."""
    lines = data.decode("utf-8-sig").splitlines()
    comments = [line for line in lines if line.lstrip('"').startswith("#")]
    table = list(csv.reader([line for line in lines if line not in comments], delimiter=";"))
    return comments, table


def _write_csv(comments: list[str], table: list[list[str]]) -> bytes:
    out = io.StringIO()
    out.write("\r\n".join(comments) + "\r\n")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(table)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _fill(table: list[list[str]], header_row: int, wanted: dict[tuple[str, str], dict[str, str]]) -> None:
    """Fill cells of the data rows by (facility key or municipality code, metric), by header name."""
    header = table[header_row]
    keys = table[1]
    for row in table[2:]:
        where = row[keys.index("facility_key")] or row[keys.index("municipality_code")]
        cells = wanted.pop((where, row[keys.index("metric")]), None)
        for name, value in (cells or {}).items():
            row[header.index(name)] = value
    assert not wanted, wanted


def _stored(engine: Engine) -> list[tuple[object, ...]]:
    with session_scope(engine) as session:
        return [
            (
                f.facility_id is not None,
                f.metric,
                f.qualifier,
                f.value,
                f.value_low,
                f.value_high,
                f.how_obtained,
                f.period_end,
                f.note,
            )
            for f in session.scalars(select(Figure).order_by(Figure.id))
        ]


def _import(world: World, data: bytes, lang: str) -> bulk_import.Outcome:
    actor = writes.Actor(world.accounts["ams"])
    dry = bulk_import.run_import(world.engine, actor, data, dry_run=True, lang=lang, clock=world.clock)
    assert dry.ok, dry.lines(lang)
    return bulk_import.run_import(world.engine, actor, data, dry_run=False, lang=lang, clock=world.clock)


def test_a_dutch_csv_template_round_trips_with_dutch_words_and_dates(world: World) -> None:
    data = bulk_import.template(world.engine, scope(world, "ams"), "csv", "nl")
    comments, table = _csv_rows(data)
    assert table[0][:4] == ["Gemeentecode", "Gemeente", "Voorziening (sleutel)", "Voorziening"]
    assert table[1] == list(bulk_import.COLUMNS)  # the machine keys, readable below the headers
    text = "\n".join(comments)
    assert "Grenzen: hoogstens 2 MB" in text and "Limits" not in text and "To fill in" not in text
    assert "# - Peildatum = reference_date" in comments and "geteld (Geteld op de peildatum)" in text
    _fill(
        table,
        0,
        {
            ("GM0363", "places"): {"Waarde": "120", "Peildatum": DUTCH_DAY, "Hoe verkregen": "geteld"},
            ("GM0363", "waiting_list"): {
                "Kwalificatie": "bandbreedte",
                "Ondergrens": "10",
                "Bovengrens": "15",
                "Peildatum": "02-03-2026",
                "Hoe verkregen": "Uit de eigen registratie",
            },
            ("ams-night", "persons"): {
                "Kwalificatie": "ongeveer",
                "Waarde": "38",
                "Peildatum": "2026-03-02",
                "Hoe verkregen": "Schatting",
            },
        },
    )
    head = table[0]
    for row in table[2:]:
        if row[head.index("Waarde")] or row[head.index("Ondergrens")]:
            row[head.index("Toelichting")] = "Geteld bij de intake."
    done = _import(world, _write_csv(comments, table), "nl")
    assert done.ok, done.lines("nl")
    assert done.summary("nl").startswith("Geïmporteerd: 3 nieuwe cijfers voor 2 gemeenten of voorzieningen,")
    day, note = dt.date(2026, 3, 2), "Geteld bij de intake."
    assert sorted(_stored(world.engine), key=str) == sorted(
        [
            (False, "places", "exact", 120, None, None, "counted", day, note),
            (False, "waiting_list", "range", None, 10, 15, "records", day, note),
            (True, "persons", "approximate", 38, None, None, "estimated", day, note),
        ],
        key=str,
    )


def test_an_english_csv_template_round_trips(world: World) -> None:
    data = bulk_import.template(world.engine, scope(world, "ams"), "csv", "en")
    comments, table = _csv_rows(data)
    assert table[0][:4] == ["Municipality code", "Municipality", "Offer key", "Offer"]
    text = "\n".join(comments)
    assert "Limits: at most 2 MB" in text and "Grenzen" not in text and "In te vullen" not in text
    _fill(
        table,
        0,
        {
            ("GM0363", "places"): {
                "Value": "90",
                "Qualifier": "at least",
                "Reference date": "2026-03-02",
                "How obtained": "records",
                "Note": "From the intake list.",
            },
        },
    )
    done = _import(world, _write_csv(comments, table), "en")
    assert done.ok and done.summary("en").startswith("Imported: 1 new figure for 1 municipality or offer,")
    assert _stored(world.engine) == [
        (False, "places", "at_least", 90, None, None, "records", dt.date(2026, 3, 2), "From the intake list.")
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_xlsx_template_round_trips_in_its_language(world: World, lang: str) -> None:
    book = load_workbook(io.BytesIO(bulk_import.template(world.engine, scope(world, "ams"), "xlsx", lang)))
    readme = {"nl": "Uitleg", "en": "README"}[lang]
    assert book.sheetnames == [readme, "import"]
    lines = [str(c.value) for c in book[readme]["A"]]
    assert any(line.startswith(("Grenzen:", "Limits:")[lang == "en"]) for line in lines)
    assert not any(line.startswith(("Limits:", "Grenzen:")[lang == "en"]) for line in lines)
    sheet = book["import"]
    headers, keys = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert keys == list(bulk_import.COLUMNS) and headers[keys.index("value")] == ("Waarde", "Value")[lang == "en"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[keys.index("metric")].value == "places")
    typed = {"nl": ("geteld", "Geteld."), "en": ("Counted on the reference date", "Counted.")}[lang]
    row[keys.index("value")].value = 55
    row[keys.index("reference_date")].value = dt.datetime(2026, 3, 2)  # a date cell, as Excel keeps it
    row[keys.index("how_obtained")].value = typed[0]
    row[keys.index("note")].value = typed[1]
    out = io.BytesIO()
    book.save(out)
    done = _import(world, out.getvalue(), lang)
    assert done.ok
    assert _stored(world.engine) == [
        (False, "places", "exact", 55, None, None, "counted", dt.date(2026, 3, 2), typed[1])
    ]


def test_a_file_with_dutch_headers_only_is_read_too(world: World) -> None:
    data = bulk_import.template(world.engine, scope(world, "ams"), "csv", "nl")
    comments, table = _csv_rows(data)
    del table[1]  # someone removed the row of keys
    table[0] = [cell.upper() for cell in table[0]]  # and shouted the headers
    keys = list(bulk_import.COLUMNS)
    for row in table[1:]:
        if row[keys.index("metric")] == "families" and not row[keys.index("facility_key")]:
            row[keys.index("value")], row[keys.index("reference_date")] = "4", DUTCH_DAY
            row[keys.index("how_obtained")], row[keys.index("note")] = "afspraak", "Volgens contract."
    assert _import(world, _write_csv(comments, table), "nl").ok
    assert [(r[1], r[3], r[6]) for r in _stored(world.engine)] == [("families", 4, "agreed")]


@pytest.mark.parametrize(
    ("cells", "column", "nl", "en"),
    [
        (
            {"Hoe verkregen": "gezien"},
            "Hoe verkregen",
            "'gezien' is geen van de mogelijke waarden (Geteld op de peildatum, Uit de eigen registratie, "
            "Volgens afspraak of contract, Schatting)",
            "'gezien' is not one of the possible values (Counted on the reference date, From our own records, "
            "As agreed or contracted, Estimate)",
        ),
        (
            {"Peildatum": "3/2/2026"},
            "Peildatum",
            "moet een datum zijn, zoals 1-12-2026 of 2026-12-01, niet '3/2/2026'",
            "must be a date, such as 2026-12-01 or 1-12-2026 (day-month-year), not '3/2/2026'",
        ),
        (
            {"Waarde": "veel"},
            "Waarde",
            "moet een heel getal van 0 of meer zijn, niet 'veel'",
            "must be a whole number of 0 or more, not 'veel'",
        ),
    ],
)
def test_a_bad_cell_is_one_translated_line_and_nothing_is_written(
    world: World, cells: dict[str, str], column: str, nl: str, en: str
) -> None:
    data = bulk_import.template(world.engine, scope(world, "ams"), "csv", "nl")
    comments, table = _csv_rows(data)
    filled = {"Waarde": "5", "Peildatum": DUTCH_DAY, "Hoe verkregen": "geteld", "Toelichting": "Geteld."}
    _fill(table, 0, {("GM0363", "places"): {**filled, **cells}})
    before = world.snapshot()
    file = _write_csv(comments, table)
    actor = writes.Actor(world.accounts["ams"])
    for lang, text in (("nl", nl), ("en", en)):
        outcome = bulk_import.run_import(world.engine, actor, file, dry_run=False, lang=lang, clock=world.clock)
        assert not outcome.ok and world.snapshot() == before
        line = len(comments) + 3  # the explanation, both header rows, then the first row: Amsterdam's places
        shown = column if lang == "nl" else _english(column)
        assert outcome.lines(lang) == [(line, shown, text)]
        assert list(outcome.report(lang).iloc[0]) == [str(line), shown, text]


def _english(dutch: str) -> str:
    return {"Hoe verkregen": "How obtained", "Peildatum": "Reference date", "Waarde": "Value"}[dutch]


@pytest.mark.parametrize(("lang", "cell"), [("nl", "8-12-2026"), ("en", "2026-12-08")])
def test_the_template_is_dated_today_in_amsterdam(
    world: World, monkeypatch: pytest.MonkeyPatch, lang: str, cell: str
) -> None:
    # 23:30 UTC on 7 December: already 8 December in Amsterdam.
    monkeypatch.setattr(clock, "utc_now", lambda: dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC))
    _, table = _csv_rows(bulk_import.template(world.engine, scope(world, "ams"), "csv", lang))
    dates = {row[list(bulk_import.COLUMNS).index("reference_date")] for row in table[2:]}
    assert dates == {cell}
