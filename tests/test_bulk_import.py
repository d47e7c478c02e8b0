"""Bulk import, called as the page and the CLI call it: the template of an account's scope, a
real file (CSV or XLSX) read back, one transaction for the whole file, scope refused and audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, select

from inventory import audit, bulk_import, writes
from inventory.accounts import Scope, load_scope
from inventory.database import session_scope
from inventory.enums import AuditAction
from inventory.models import Figure
from tests.world import TODAY, World, build_world

DAY = TODAY.isoformat()


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def scope(world: World, name: str) -> Scope:
    with session_scope(world.engine) as session:
        found = load_scope(session, world.accounts[name])
    assert found is not None
    return found


def template_rows(world: World, name: str) -> list[dict[str, str]]:
    """The account's CSV template as dicts by machine key (comment lines and the English header
    row dropped: the second header row holds the keys)."""
    data = bulk_import.template(world.engine, scope(world, name), "csv", "en")
    assert data.startswith("\ufeff".encode())
    return csv_template_rows(data.decode("utf-8-sig"))


def csv_template_rows(text: str) -> list[dict[str, str]]:
    """A CSV template's rows by machine key: comments and the first (language) header row dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip('"').startswith("#")]
    assert lines[1].split(";") == list(bulk_import.COLUMNS), lines[:2]
    return list(csv.DictReader(lines[1:], delimiter=";"))


def fill(rows: list[dict[str, str]], **wanted: dict[str, str]) -> list[dict[str, str]]:
    """Fill in the rows named `<municipality_code or facility_key>__<metric>`."""
    for row in rows:
        key = f"{row['facility_key'] or row['municipality_code']}__{row['metric']}"
        if key in wanted:
            row.update({"reference_date": DAY, "how_obtained": "counted", "note": "Counted.", **wanted.pop(key)})
    assert not wanted, f"not in the template: {wanted}"
    return rows


def as_csv(rows: list[dict[str, str]], delimiter: str = ";", bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(bulk_import.COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def run(world: World, who: str, data: bytes, *, dry_run: bool = False, lang: str = "en") -> bulk_import.Outcome:
    actor = writes.Actor(world.accounts[who])
    return bulk_import.run_import(world.engine, actor, data, dry_run=dry_run, lang=lang, clock=world.clock)


def stored(engine: Engine) -> list[Figure]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Figure).order_by(Figure.id)))


def test_the_template_holds_every_subject_of_the_scope_and_nothing_else(world: World) -> None:
    ams = template_rows(world, "ams")
    assert {(r["municipality_code"], r["facility_key"]) for r in ams} == {("GM0363", ""), ("GM0363", "ams-night")}
    assert len(ams) == 2 * 5 and all(r["version"] == "0" for r in ams)
    hvo = template_rows(world, "hvo")  # an organisation's offers, wherever they are; no municipality as a whole
    assert {(r["municipality_code"], r["facility_key"]) for r in hvo} == {
        ("GM0363", "ams-night"),
        ("GM0599", "rdam-hvo"),
    }
    text = bulk_import.template(world.engine, scope(world, "ams"), "csv", "nl").decode("utf-8-sig")
    assert "2 MB" in text and "5.000 rijen" in text and "5,000 rows" not in text  # in the template's language


@pytest.mark.parametrize("delimiter,bom", [(";", True), (",", False)])
def test_a_valid_file_stores_every_row_in_one_go(world: World, delimiter: str, bom: bool) -> None:
    rows = fill(
        template_rows(world, "ams"),
        GM0363__places={"value": "120"},
        GM0363__waiting_list={"qualifier": "range", "value_low": "10", "value_high": "15"},
        **{"ams-night__places": {"value": "40"}, "ams-night__persons": {"value": "38"}},
    )
    before, audited = world.snapshot(), world.audit_count(refused=False)
    dry = run(world, "ams", as_csv(rows, delimiter, bom), dry_run=True)
    assert dry.ok and dry.result is not None and len(dry.result.figures) == 4
    assert world.snapshot() == before and world.audit_count(refused=False) == audited  # data version too
    assert dry.skipped == 6
    done = run(world, "ams", as_csv(rows, delimiter, bom))
    assert done.ok and done.result is not None, done.problems
    figures = stored(world.engine)
    assert [f.id for f in figures] == sorted(done.result.figure_ids) and len(figures) == 4
    values = {(f.facility_id, f.metric): (f.value, f.value_low, f.value_high) for f in figures}
    assert values[(None, "places")] == (120, None, None) and values[(None, "waiting_list")] == (None, 10, 15)
    assert {(f.status, f.review_status, f.entered_by) for f in figures} == {
        ("self_reported", "pending", "Gemeente Amsterdam")
    }
    with session_scope(world.engine) as session:
        log = audit.entries(session, action=AuditAction.FIGURE_SAVED)
    assert len(log) == 4 and set(log["route"]) == {"import"} and not log["refused"].any()
    assert "4 new figures for 2" in done.summary("en")


def test_one_bad_row_stores_nothing_and_names_line_and_column(world: World) -> None:
    rows = fill(
        template_rows(world, "ams"),
        GM0363__places={"value": "120"},
        GM0363__persons={"value": "12.5"},
        **{"ams-night__places": {"value": "40", "reference_date": "2999-01-01"}},
    )
    before = world.snapshot()
    outcome = run(world, "ams", as_csv(rows), lang="nl")
    assert not outcome.ok and world.snapshot() == before
    # The file's line numbers: the header is line 1, the template's rows follow in order.
    lines = {r["municipality_code"] + r["facility_key"] + r["metric"]: n for n, r in enumerate(rows, start=2)}
    problems = {(line, column): text for line, column, text in outcome.problems}
    assert set(problems) == {(lines["GM0363persons"], "value"), (lines["GM0363ams-nightplaces"], "reference_date")}
    assert "heel getal" in problems[(lines["GM0363persons"], "value")]
    assert "toekomst" in problems[(lines["GM0363ams-nightplaces"], "reference_date")]
    report = outcome.report("nl")
    assert list(report.columns) == ["Regel", "Kolom", "Probleem"] and len(report) == 2


def test_over_capacity_needs_an_explanation_which_is_published(world: World) -> None:
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "10"}, GM0363__persons={"value": "14"})
    outcome = run(world, "ams", as_csv(rows))
    assert not outcome.ok and [c for _, c, _ in outcome.problems] == ["explanation"]
    assert stored(world.engine) == []
    fill(rows, GM0363__persons={"value": "14", "explanation": "Four extra beds in the winter."})
    assert run(world, "ams", as_csv(rows)).ok
    assert {f.metric: f.explanation for f in stored(world.engine)} == {
        "places": "Four extra beds in the winter.",
        "persons": "Four extra beds in the winter.",
    }


@pytest.mark.parametrize(
    "who,code,key",
    [
        ("ams", "GM0599", ""),
        ("ams", "GM0599", "rdam-inlia"),
        ("ams", "GM0363", "rdam-inlia"),  # another municipality's offer, filed under one's own code
        ("hvo", "GM0599", "rdam-inlia"),
        ("hvo", "GM0363", ""),
    ],
    ids=[
        "other-municipality",
        "facility-elsewhere",
        "facility-under-own-code",
        "other-organisation",
        "org-editor-municipality",
    ],
)
def test_a_row_outside_the_scope_refuses_the_whole_file_and_is_audited(
    world: World, who: str, code: str, key: str
) -> None:
    rows = template_rows(world, who)[:1]
    rows[0].update(value="5", reference_date=DAY, how_obtained="counted", note="Counted.")
    intruder = dict(rows[0], municipality_code=code, facility_key=key, metric="places")
    before = world.snapshot()
    refused_before = world.audit_count(refused=True)
    for dry_run in (True, False):
        outcome = run(world, who, as_csv([rows[0], intruder]), dry_run=dry_run)
        assert not outcome.ok and [line for line, _, _ in outcome.problems] == [3]
        assert "may not write" in outcome.problems[0][2]
    assert world.snapshot() == before
    assert world.audit_count(refused=True) == refused_before + 2
    with session_scope(world.engine) as session:
        log = audit.entries(session, refused=True)
    assert set(log["route"]) == {"import"} and log["detail"].str.contains("outside the account's scope").all()


def test_a_viewer_and_a_disabled_account_import_nothing(world: World) -> None:
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "7"})
    for who in ("viewer", "gone"):
        outcome = run(world, who, as_csv(rows))
        assert not outcome.ok and stored(world.engine) == []


def test_a_template_made_before_someone_else_saved_is_refused_for_that_subject(world: World) -> None:
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "100"})
    assert run(world, "admin", as_csv(fill(template_rows(world, "ams"), GM0363__persons={"value": "1"}))).ok
    outcome = run(world, "ams", as_csv(rows))
    assert not outcome.ok and [c for _, c, _ in outcome.problems] == ["version"]
    # Importing the same file twice is refused the same way: the first import moved the version on.
    fresh = fill(template_rows(world, "ams"), GM0363__places={"value": "100"})
    assert run(world, "ams", as_csv(fresh)).ok and not run(world, "ams", as_csv(fresh)).ok


def test_history_is_appended_never_overwritten(world: World) -> None:
    assert run(world, "ams", as_csv(fill(template_rows(world, "ams"), GM0363__places={"value": "30"}))).ok
    world.clock.advance(days=1)
    later = fill(template_rows(world, "ams"), GM0363__places={"value": "31", "reference_date": "2026-03-03"})
    assert run(world, "ams", as_csv(later)).ok
    assert [(f.value, f.period_end.isoformat()) for f in stored(world.engine)] == [(30, DAY), (31, "2026-03-03")]


def test_formula_text_is_stored_as_typed_and_neutralised_in_the_template(world: World) -> None:
    payload = '=HYPERLINK("http://evil.example","klik")'
    rows = fill(template_rows(world, "ams"), GM0363__places={"value": "5", "note": payload})
    for start in ("+1", "-1", "@SUM(A1)"):
        rows = fill(rows, GM0363__families={"value": "1", "note": start})
        assert run(world, "ams", as_csv(rows)).ok
        rows = fill(template_rows(world, "ams"), GM0363__places={"value": "5", "note": payload})
    assert run(world, "ams", as_csv(rows)).ok
    assert {f.note for f in stored(world.engine)} >= {payload, "+1", "-1", "@SUM(A1)"}
    again = template_rows(world, "ams")
    assert next(r for r in again if r["metric"] == "places" and not r["facility_key"])["current_note"] == "'" + payload
    assert next(r for r in again if r["metric"] == "families" and not r["facility_key"])["current_note"] == "'@SUM(A1)"
    sheet = load_workbook(io.BytesIO(bulk_import.template(world.engine, scope(world, "ams"), "xlsx", "en")))["import"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"] and "'" + payload in {c.value for c in cells}


def test_the_xlsx_template_round_trips(world: World) -> None:
    data = bulk_import.template(world.engine, scope(world, "ams"), "xlsx", "nl")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Uitleg", "import"] and any("2 MB" in str(c.value) for c in book["Uitleg"]["A"])
    sheet = book["import"]
    assert [c.value for c in sheet[1]][:3] == ["Gemeentecode", "Gemeente", "Voorziening (sleutel)"]
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[header.index("metric")].value == "places")
    for name, value in [
        ("value", 55),
        ("reference_date", TODAY),
        ("how_obtained", "records"),
        ("note", "Registratie."),
    ]:
        row[header.index(name)].value = value
    out = io.BytesIO()
    book.save(out)
    outcome = run(world, "ams", out.getvalue())
    assert outcome.ok, outcome.problems
    assert [(f.metric, f.value, f.how_obtained) for f in stored(world.engine)] == [("places", 55, "records")]


def _xlsx(build: object) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "import"
    sheet.append(list(bulk_import.COLUMNS))
    sheet.append(["GM0363", "", "", "", "places", "", "", "", "", "0", "", "5", "", "", DAY, "counted", "n", ""])
    build(book, sheet)  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MALFORMED: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "latin-1": ("municipality_code;note\nGM0363;Café".encode("latin-1"), "not UTF-8"),
    "huge": (b"x" * (bulk_import.MAX_BYTES + 1), "more than the limit of 2 MB"),
    "missing column": (
        b"municipality_code;metric;value\nGM0363;places;4\n",
        "missing Municipality (municipality), Offer key (facility_key)",
    ),
    "extra column": (
        (";".join(bulk_import.COLUMNS) + ";colour\n").encode()
        + b"GM0363;;;;places;;;;;0;;4;;;2026-03-02;counted;n;;red\n",
        "unknown or twice colour",
    ),
    "no header": (b"\n\n", "no header"),
    "nothing filled": ((";".join(bulk_import.COLUMNS) + "\nGM0363;;;;places\n").encode(), "No row has a new figure"),
    "too many rows": (
        (";".join(bulk_import.COLUMNS) + "\n" + "GM0363;;;;places;;;;;0;;4;;;2026-03-02;counted;n;\n" * 5001).encode(),
        "too many rows",
    ),
    "broken zip": (b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
    "formula": (_xlsx(lambda book, sheet: sheet.__setitem__("L2", "=2+3")), "formulas (L2)"),
    "merged cells": (_xlsx(lambda book, sheet: sheet.merge_cells("A2:B2")), "merged cells (A2:B2)"),
    "two data sheets": (_xlsx(lambda book, sheet: book.create_sheet("more")), "exactly one data sheet"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_file_gets_one_clear_message_and_writes_nothing(world: World, name: str) -> None:
    data, words = MALFORMED[name]
    before = world.snapshot()
    outcome = run(world, "ams", data)
    assert not outcome.ok and len(outcome.problems) == 1 and outcome.problems[0][0] is None
    assert words in outcome.problems[0][2], outcome.problems
    assert world.snapshot() == before
    dutch = run(world, "ams", data, lang="nl").problems[0][2]
    assert dutch != outcome.problems[0][2] and "niets opgeslagen" in dutch


def test_the_readme_lines_contain_no_separator_that_would_split_them() -> None:
    for lang in ("nl", "en"):
        assert not [line for line in bulk_import.readme_lines(lang) if ";" in line or '"' in line]


def test_rows_naming_no_known_subject_or_a_measure_twice_are_reported(world: World) -> None:
    base = fill(template_rows(world, "admin"), GM0363__places={"value": "5"})
    good = next(r for r in base if r["value"])
    rows = [
        good,
        dict(good, municipality_code="GM9999"),
        dict(good, facility_key="no-such-offer"),
        dict(good, facility_key="rdam-inlia"),  # an offer in Rotterdam filed under Amsterdam
        dict(good, metric="places"),  # the same measure, subject and date again
        dict(good, metric="municipalities"),  # only for the published national tables
    ]
    outcome = run(world, "admin", as_csv(rows))
    assert not outcome.ok and stored(world.engine) == []
    assert [(line, column) for line, column, _ in outcome.problems] == [
        (3, "municipality_code"),
        (4, "facility_key"),
        (5, "municipality_code"),
        (6, "metric"),
        (7, "value"),
    ]
    texts = [text for _, _, text in outcome.problems]
    assert "GM9999" in texts[0] and "no-such-offer" in texts[1] and "belongs to GM0599" in texts[2]
    assert "line 2" in texts[3]
