"""The CLI as a person runs it: a real process, a real database, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PG_URL, REPO


def run(args: list[str], db_url: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OPVANG_DATA_DIR"}}
    env.update(DATABASE_URL=db_url, **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "inventory", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def seeded_cli(seeded_url: str) -> str:
    """The session's seeded database; the commands using it only read."""
    return seeded_url


def test_init_seed_is_idempotent(db_url: str) -> None:
    assert run(["init"], db_url).returncode == 0
    first = run(["seed"], db_url)
    assert first.returncode == 0 and " new," in first.stdout
    second = run(["seed"], db_url)
    assert second.returncode == 0
    assert second.stdout.startswith(f"seeded from {REPO / 'data'}: 0 new, 0 updated")
    assert run(["init"], db_url).returncode == 0  # migrating an up-to-date database is a no-op


def test_stats_json_reproduces_the_2017_inventory(seeded_cli: str) -> None:
    result = run(["stats", "--json"], seeded_cli)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    national = {
        (r["metric"], r["table"]): r["value"] for r in payload["national_figures"] if r["reference_year"] == 2017
    }
    assert national[("persons", "inventory_2017_overview")] == 1435
    assert national[("families", "inventory_2017_overview")] == 25
    assert national[("municipalities", "inventory_2017_overview")] == 37
    overview = payload["tables"]["inventory_2017_overview"]
    total = next(row for row in overview if row[""] == "Total")
    assert total["Total"] == "37 municipalities, 1,435 persons, 25 families"
    coverage = [c for c in payload["coverage"] if c["metric"] == "persons" and c["reference_year"] == 2017]
    assert coverage and all(c["municipalities_with_records"] >= 1 for c in coverage)


def test_stats_text(seeded_cli: str) -> None:
    result = run(["stats"], seeded_cli)
    assert result.returncode == 0
    assert "inventory_2017_specialised" in result.stdout and "1,435 persons" in result.stdout


def test_export_csv_has_bom_and_provenance(seeded_cli: str, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    result = run(["export", "--format", "csv", "--out", str(out), "--year", "2017"], seeded_cli)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert {"source_file", "source_line", "quote", "filters", "licence"} <= set(frame.columns)
    assert (frame["reference_year"] == 2017).all() and len(frame) > 0
    assert frame["filters"].iloc[0] == "Peiljaar: 2017"


def test_export_xlsx_has_data_sources_and_filters_sheets(seeded_cli: str, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    result = run(
        ["export", "--format", "xlsx", "--out", str(out), "--form", "specialised_24h", "--lang", "en"], seeded_cli
    )
    assert result.returncode == 0, result.stderr
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"data", "sources", "filters", "facilities", "aggregates"} <= set(sheets)
    filters = sheets["filters"]
    assert "Shelter form: Specialised shelter (24-hour)" in filters.astype(str).to_numpy().ravel().tolist()
    assert len(sheets["sources"]) >= 1


def test_export_geojson_centroids(seeded_cli: str, tmp_path: Path) -> None:
    out = tmp_path / "m.geojson"
    assert run(["export", "--format", "geojson", "--out", str(out)], seeded_cli).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["features"]) == 342
    assert data["metadata"]["licence"].startswith("Opvangmonitor, CC BY 4.0")
    amsterdam = next(f for f in data["features"] if f["id"] == "GM0363")
    assert amsterdam["geometry"]["type"] == "Point"


def test_export_datapackage_zip(seeded_cli: str, tmp_path: Path) -> None:
    out = tmp_path / "dp.zip"
    assert run(["export", "--format", "datapackage", "--out", str(out)], seeded_cli).returncode == 0
    with zipfile.ZipFile(out) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        names = set(archive.namelist())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        assert resource["path"] in names
        assert resource["schema"]["fields"]
    assert {r["name"] for r in descriptor["resources"]} >= {"figures", "aggregates", "sources"}


@pytest.mark.skipif(bool(PG_URL), reason="backup is for the embedded SQLite database")
def test_backup_is_a_consistent_copy(seeded_cli: str, tmp_path: Path) -> None:
    target = tmp_path / "copy" / "backup.sqlite"
    result = run(["backup", str(target)], seeded_cli)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from municipalities").fetchone()[0] == 342
        assert conn.execute("select sum(value) from aggregates where key like 'inv2017-ov-total-total-persons%'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats"], "no database at"),
        (["export", "--format", "csv", "--out", "x.csv"], "no database at"),
        (["backup", "b.sqlite"], "no database at"),
    ],
)
def test_missing_database_is_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    url = f"sqlite:///{tmp_path / 'absent' / 'db.sqlite'}"
    result = run(args, url)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "pdf", "--out", "x"],
        ["export", "--format", "csv"],
        ["export", "--format", "csv", "--out", "x.csv", "--municipality", "Amsterdam"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_are_one_clear_line(tmp_path: Path, args: list[str]) -> None:
    result = run(args, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_bad_seed_data_is_one_clear_line_and_writes_nothing(db_url: str, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    lines = (data / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].split(",", 1)[0] + ",,,,,,,"  # a source without title
    (data / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["init"], db_url).returncode == 0
    result = run(["seed", "--data-dir", str(data)], db_url)
    assert result.returncode == 1
    assert result.stderr.startswith("error: sources.csv line 3") and "title" in result.stderr
    stats = json.loads(run(["stats", "--json"], db_url).stdout)
    assert all(v == 0 for v in stats["counts"].values())


@pytest.mark.parametrize("command", [[], ["init"], ["seed"], ["stats"], ["export"], ["backup"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from inventory.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m inventory" in capsys.readouterr().out
