"""`python -m inventory template` and `import` as real processes on a real database: the report
line by line, exit codes, and no traceback for any bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, text

from inventory import bulk_import
from tests.test_bulk_import import MALFORMED, as_csv, csv_template_rows
from tests.test_cli_accounts import count, one_line_error, run
from tests.world import TODAY, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def template_file(world: World, db_url: str, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "template.csv"
    result = run(["template", "--as", "ams", "-o", str(out), "--lang", "en"], db_url)
    assert result.returncode == 0, result.stderr
    assert f"written to {out}" in result.stdout
    return csv_template_rows(out.read_text("utf-8-sig"))


def filled(
    rows: list[dict[str, str]], metric: str, value: str, facility: str = "", **more: str
) -> list[dict[str, str]]:
    for row in rows:
        if row["metric"] == metric and row["facility_key"] == facility:
            row.update(
                {"value": value, "reference_date": TODAY.isoformat(), "how_obtained": "counted", "note": "Counted."}
            )
            row.update(more)
    return rows


def test_template_formats_and_the_whole_country_without_an_account(world: World, db_url: str, tmp_path: Path) -> None:
    rows = template_file(world, db_url, tmp_path)
    assert {r["municipality_code"] for r in rows} == {"GM0363"} and len(rows) == 10
    xlsx = tmp_path / "t.xlsx"
    assert run(["template", "--as", "ams", "--format", "xlsx", "-o", str(xlsx)], db_url).returncode == 0
    assert load_workbook(xlsx).sheetnames == ["Uitleg", "import"]  # Dutch by default
    everything = run(["template"], db_url)  # standard output, every municipality and offer
    assert everything.returncode == 0 and "GM0599" in everything.stdout and "rdam-inlia" in everything.stdout
    one_line_error(run(["template", "--as", "viewer"], db_url), "may not change data")
    one_line_error(run(["template", "--as", "nobody"], db_url), "no account 'nobody'")


def test_dry_run_then_import(world: World, db_url: str, tmp_path: Path) -> None:
    rows = filled(filled(template_file(world, db_url, tmp_path), "places", "25"), "persons", "20", "ams-night")
    path = tmp_path / "filled.csv"
    path.write_bytes(as_csv(rows))
    dry = run(["import", str(path), "--dry-run", "--as", "ams"], db_url)
    assert dry.returncode == 0, dry.stderr
    assert "Dry run without problems: 2 figures to import, for 2 municipalities or offers;" in dry.stdout
    assert "line " in dry.stdout
    assert count(world.engine, "figures") == 0
    done = run(["import", str(path), "--as", "ams"], db_url)
    assert done.returncode == 0, done.stderr
    assert "Imported: 2 new figures for 2 municipalities or offers" in done.stdout
    assert count(world.engine, "figures") == 2
    with world.engine.connect() as conn:
        routes = conn.execute(text("SELECT DISTINCT route FROM audit_log WHERE action = 'figure_saved'")).scalars()
        assert list(routes) == ["import"]
    # The same file again: the template's version is now behind, so nothing is stored twice.
    again = run(["import", str(path), "--as", "ams"], db_url)
    assert again.returncode == 1 and "version" in again.stderr and count(world.engine, "figures") == 2


def test_every_problem_is_one_line_and_nothing_is_stored(world: World, db_url: str, tmp_path: Path) -> None:
    rows = filled(template_file(world, db_url, tmp_path), "places", "-3")
    rows = filled(rows, "persons", "4", note="Op de Dorpsstraat 12 geteld.")
    path = tmp_path / "bad.csv"
    path.write_bytes(as_csv(rows))
    result = run(["import", str(path), "--as", "ams", "--lang", "nl"], db_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    # Each column named by its header in the report's language, as a Dutch template shows it.
    assert lines[0].startswith("error: line 2, Waarde: ") and lines[1].startswith("error: line 3, Toelichting: ")
    assert lines[-1] == "error: 2 problemen gevonden. Er is niets opgeslagen."
    assert count(world.engine, "figures") == 0


def test_another_municipality_is_refused_and_audited(world: World, db_url: str, tmp_path: Path) -> None:
    rows = filled(template_file(world, db_url, tmp_path), "places", "5")
    rows.append(dict(rows[0], municipality_code="GM0599"))
    path = tmp_path / "intruder.csv"
    path.write_bytes(as_csv(rows))
    result = run(["import", str(path), "--as", "ams"], db_url)
    assert result.returncode == 1 and "may not write for Rotterdam" in result.stderr
    assert count(world.engine, "figures") == 0
    with world.engine.connect() as conn:
        refused = conn.execute(text("SELECT route, target FROM audit_log WHERE refused")).all()
    assert [tuple(r) for r in refused] == [("import", "import:intruder.csv")]


@pytest.mark.parametrize("name", ["binary", "latin-1", "empty", "huge", "formula", "merged cells"])
def test_a_bad_file_is_one_line_and_no_traceback(world: World, db_url: str, tmp_path: Path, name: str) -> None:
    data, words = MALFORMED[name]
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    one_line_error(run(["import", str(path), "--as", "ams"], db_url), words)
    assert count(world.engine, "figures") == 0


def test_a_missing_file_and_an_unknown_account(world: World, db_url: str, tmp_path: Path) -> None:
    one_line_error(run(["import", str(tmp_path / "nope.csv"), "--as", "ams"], db_url), "no such file")
    path = tmp_path / "x.csv"
    path.write_bytes(io.BytesIO(b"a;b\n").getvalue())
    one_line_error(run(["import", str(path), "--as", "nobody"], db_url), "no account 'nobody'")
    assert run(["import", str(path)], db_url).returncode == 2  # --as is required


def test_the_limits_are_stated_in_the_help(db_url: str) -> None:
    result = run(["import", "--help"], db_url)
    assert "2 MB and 5,000 rows" in result.stdout.replace("\n", " ")
    assert bulk_import.MAX_ROWS == 5_000
