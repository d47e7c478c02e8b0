"""Exports that hold up: every column typed from the declared schema, every data package valid for
frictionless, the CSV and XLSX downloads valid against the same Table Schema, counts whole numbers
everywhere, DCAT-AP-NL metadata in the package, and the CLI's export of every table."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from sqlalchemy import Engine

from inventory import catalog, columns, exports, queries, tables
from inventory.database import session_scope
from inventory.filters import Filters
from tests.test_cli import run

FILTER_SETS = [
    Filters(),
    Filters(year=2017),
    Filters(province="PV27", shelter_form="specialised_24h"),
    Filters(year=1990),  # nothing matches: still a valid package
]


def _kind(values: list[object]) -> str | None:
    """The Table Schema type the values themselves show, or None when they do not tell."""
    if not values:
        return None
    if all(isinstance(v, bool) for v in values):
        return columns.BOOLEAN
    if all(isinstance(v, dt.datetime) for v in values):
        return columns.DATETIME
    if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
        return columns.DATE
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return columns.INTEGER
    if all(isinstance(v, float) for v in values):
        return columns.NUMBER
    return columns.STRING


@pytest.mark.parametrize("table", columns.TABLES)
def test_every_column_has_the_type_its_values_show(seeded_engine: Engine, table: str) -> None:
    with session_scope(seeded_engine) as session:
        frame = tables.load(session, table, Filters())
    assert list(frame.columns) == columns.table_columns(table) and len(frame) > 0
    for column in frame.columns:
        shown = _kind([v.item() if hasattr(v, "item") else v for v in frame[column].dropna().tolist()])
        declared = columns.column_type(column)
        if shown is not None and not (shown == columns.INTEGER and declared == columns.NUMBER):
            assert declared == shown, f"{table}.{column}: declared {declared}, values are {shown}"


def _validate_folder(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / "datapackage.json"))


def _errors(report: frictionless.Report) -> list[str]:
    return [e.message for e in report.errors] + [e.message for task in report.tasks for e in task.errors]


@pytest.mark.parametrize("filters", FILTER_SETS, ids=["all", "2017", "nh-form", "empty"])
def test_every_data_package_validates(seeded_engine: Engine, tmp_path: Path, filters: Filters) -> None:
    with session_scope(seeded_engine) as session:
        folder, rows = exports.write(session, "datapackage", tmp_path / "package", filters, "en")
        archive, _ = exports.write(session, "datapackage", tmp_path / "package.zip", filters, "en")
    report = _validate_folder(folder)
    assert report.valid, _errors(report)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    report = _validate_folder(tmp_path / "unzipped")
    assert report.valid, _errors(report)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    types = {f["name"]: f["type"] for f in figures["schema"]["fields"]}
    assert types["value"] == types["source_line"] == "integer" and types["period_end"] == "date"
    assert types["entered_at"] == "datetime"
    assert figures["schema"]["foreignKeys"][0]["reference"] == {"resource": "sources", "fields": ["key"]}
    assert (rows == 0) == (filters == Filters(year=1990))


def test_a_package_with_a_float_count_is_rejected(seeded_engine: Engine, tmp_path: Path) -> None:
    """The validation above can fail: a count written the old way (120.0) does not pass."""
    with session_scope(seeded_engine) as session:
        folder, _ = exports.write(session, "datapackage", tmp_path / "package", Filters(), "en")
    path = folder / "data" / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["value"] != "", "value"] = frame.loc[frame["value"] != "", "value"] + ".0"
    frame.to_csv(path, index=False)
    report = _validate_folder(folder)
    assert not report.valid and any(e.type == "type-error" for task in report.tasks for e in task.errors)


def test_the_package_carries_dcat_ap_nl_metadata(seeded_engine: Engine, tmp_path: Path) -> None:
    with session_scope(seeded_engine) as session:
        folder, _ = exports.write(session, "datapackage", tmp_path / "package", Filters(), "nl")
    document = json.loads((folder / catalog.PACKAGE_FILE).read_text(encoding="utf-8"))
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert document["@type"] == "dcat:Catalog" and "dcat" in document["@context"]
    dataset = document["dcat:dataset"][0]
    assert {t["@language"] for t in dataset["dct:title"]} == {"nl", "en"}
    assert dataset["dct:license"]["@id"].endswith("/licence/CC_BY_4_0")
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] <= dataset["dct:temporal"]["dcat:endDate"]["@value"]
    # One distribution per file of the package, each pointing at a file that is there.
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert urls == [r["path"] for r in descriptor["resources"]]
    assert all((folder / url).is_file() for url in urls)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("table", columns.TABLES)
def test_csv_and_xlsx_downloads_validate_against_the_table_schema(
    seeded_engine: Engine, tmp_path: Path, table: str, lang: str
) -> None:
    with session_scope(seeded_engine) as session:
        export = exports.table_export(session, table, Filters(), lang)
    schema = export.csv_schema()
    (tmp_path / "data.csv").write_bytes(exports.csv_bytes(export))
    resource = frictionless.Resource(
        path="data.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schema)
    )
    report = frictionless.validate(resource)
    assert report.valid, _errors(report)
    assert report.tasks[0].stats["rows"] == len(export.data) > 0
    # The workbook's data sheet holds the same columns, without the per-row filters and licence.
    (tmp_path / "data.xlsx").write_bytes(exports.xlsx_bytes(export))
    sheet = {**schema, "fields": schema["fields"][:-2]}
    resource = frictionless.Resource(
        path="data.xlsx",
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(sheet),
        control=frictionless.formats.ExcelControl(sheet="data"),
    )
    report = frictionless.validate(resource)
    assert report.valid, _errors(report)


def test_counts_are_whole_numbers_in_every_csv(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        for table in columns.TABLES:
            export = exports.table_export(session, table, Filters(), "en")
            cells = pd.read_csv(io.BytesIO(exports.csv_bytes(export)), dtype=str, keep_default_na=False)
            for column in export.data.columns:
                if columns.column_type(column) == columns.INTEGER:
                    header = columns.export_label(column, "en", table)
                    assert cells[header].str.fullmatch(r"\d*").all(), f"{table}.{column}"
        figures = queries.figures(session)
    assert str(figures["value"].dtype) == "Int64" and figures["value"].isna().any()


def test_cli_exports_any_table_as_csv(seeded_url: str, seeded_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "national.csv"
    args = ["export", "--format", "csv", "--table", "aggregates", "--year", "2017", "--out", str(out)]
    result = run(args, seeded_url)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    with session_scope(seeded_engine) as session:
        expected = queries.aggregates(session, Filters(year=2017))
    assert frame["key"].tolist() == expected["key"].tolist() and len(frame) > 40
    assert frame["Filters"].iloc[0] == "Peiljaar: 2017"
    refused = run(["export", "--format", "geojson", "--table", "aggregates", "--out", str(tmp_path / "x")], seeded_url)
    assert refused.returncode == 1 and refused.stderr.startswith("error: --table aggregates is for csv and xlsx")
