"""The CLI as a person runs it: a real process, a real database, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
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
    # Every cell of the printed tables as numbers with their source lines, not as a sentence.
    overview = payload["tables"]["inventory_2017_overview"]
    total = next(cell for cell in overview if cell["category"] is None and cell["hours"] is None)
    assert (total["municipalities"], total["persons"], total["families"]) == (37, 1435, 25)
    lines = {"municipalities": 936, "persons": 937, "families": 938}
    assert total["source"] == {"key": "amnesty-los-2017", "lines": lines}
    assert total["text"] == "37 municipalities, 1,435 persons, 25 families"
    night = next(c for c in overview if c["category"] == "regular" and c["hours"] == "night")
    assert (night["municipalities"], night["persons"], night["families"]) == (11, 77, None)
    specialised = payload["tables"]["inventory_2017_specialised"]
    women = next(c for c in specialised if c["criterion"] == "women_only" and c["hours"] is None)
    assert (women["municipalities"], women["persons"]) == (3, 52)
    for cell in overview + specialised:
        assert all(cell[m] is None or type(cell[m]) is int for m in ("municipalities", "persons", "families", "places"))
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
    # Dutch by default: Dutch headers and labels, with the row key under its machine name.
    assert {"key", "Bronbestand", "Regel", "Citaat", "Filters", "Licentie"} <= set(frame.columns)
    assert (frame["Peiljaar"] == 2017).all() and len(frame) > 0
    assert frame["Filters"].iloc[0] == "Peiljaar: 2017"
    english = tmp_path / "figures-en.csv"
    result = run(["export", "--format", "csv", "--out", str(english), "--year", "2017", "--lang", "en"], seeded_cli)
    assert result.returncode == 0, result.stderr
    back = pd.read_csv(english, encoding="utf-8-sig")
    assert {"key", "Source file", "Line", "Quote", "Filters", "Licence"} <= set(back.columns)
    assert back["key"].tolist() == frame["key"].tolist()


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
    path = tmp_path / "absent" / "db.sqlite"
    result = run(args, f"sqlite:///{path}")
    assert_one_line_error(result, path, message)
    assert not path.parent.exists()  # asking for a missing database does not create one


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
    assert result.stderr.startswith(f"error: {data / 'sources.csv'} line 3") and "title" in result.stderr
    stats = json.loads(run(["stats", "--json"], db_url).stdout)
    assert all(v == 0 for v in stats["counts"].values())


# --- bad paths: one line naming the user's path and the cause, nothing written -------------


def assert_one_line_error(result: subprocess.CompletedProcess[str], path: Path | str, *causes: str) -> None:
    """Exit ≠ 0 and one stderr line that names `path` and one of `causes`, with no traceback and
    no temp-file name (a name the user never gave)."""
    assert result.returncode != 0, result.stdout
    line = result.stderr.strip()
    assert line.count("\n") == 0, result.stderr
    assert line.startswith("error: "), line
    assert str(path) in line, line
    assert any(cause in line for cause in causes), line
    assert "Traceback" not in line and ".tmp" not in line, line


def assert_no_temp_files(folder: Path) -> None:
    if folder.is_dir():
        assert not [p.name for p in folder.iterdir() if ".tmp" in p.name], list(folder.iterdir())


@pytest.fixture
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot create files in. Root ignores permission bits, so as root
    it is /sys, which refuses new files to anyone."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    folder = Path("/sys")
    try:
        (folder / "opvangmonitor-probe").open("xb").close()
    except OSError:
        yield folder
        return
    (folder / "opvangmonitor-probe").unlink()
    pytest.skip("no folder this process cannot write to")


UNWRITABLE = ("permission denied", "operation not permitted", "read-only file system")


@pytest.fixture
def sqlite_seeded(seeded_cli: str) -> str:
    if PG_URL:
        pytest.skip("backup and the database file checks are for the embedded SQLite database")
    return seeded_cli


def _municipality_count(url: str) -> int:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("select count(*) from municipalities").fetchone()[0]


def test_backup_to_a_folder_is_refused(sqlite_seeded: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    result = run(["backup", str(folder)], sqlite_seeded)
    assert_one_line_error(result, folder, "is a folder")
    assert list(folder.iterdir()) == []
    assert_no_temp_files(tmp_path)


def test_backup_under_a_file_names_the_file(sqlite_seeded: str, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "sub" / "backup.sqlite"
    result = run(["backup", str(target)], sqlite_seeded)
    assert_one_line_error(result, target, f"{blocker} is not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert_no_temp_files(tmp_path)


def test_backup_into_an_unwritable_folder(sqlite_seeded: str, unwritable_folder: Path) -> None:
    target = unwritable_folder / "opvangmonitor-backup.sqlite"
    result = run(["backup", str(target)], sqlite_seeded)
    assert_one_line_error(result, target, *UNWRITABLE)
    assert not target.exists()


@pytest.mark.parametrize(("suffix", "cause"), [("", "the database itself"), ("-wal", "wal file")])
def test_backup_never_overwrites_the_live_database(sqlite_seeded: str, suffix: str, cause: str) -> None:
    live = Path(sqlite_seeded.removeprefix("sqlite:///"))
    target = live.with_name(live.name + suffix)
    result = run(["backup", str(target)], sqlite_seeded)
    assert_one_line_error(result, target, cause)
    assert _municipality_count(sqlite_seeded) == 342
    assert_no_temp_files(live.parent)


def test_backup_of_a_file_that_is_no_database(tmp_path: Path) -> None:
    fake = tmp_path / "figures.csv"
    fake.write_text("key,value\na,1\n", encoding="utf-8")
    target = tmp_path / "out" / "backup.sqlite"
    result = run(["backup", str(target)], f"sqlite:///{fake}")
    assert_one_line_error(result, fake, "not a database")
    assert not target.exists()
    assert_no_temp_files(target.parent)


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL")
def test_backup_on_postgresql_points_to_pg_dump(seeded_cli: str, tmp_path: Path) -> None:
    result = run(["backup", str(tmp_path / "b.sqlite")], seeded_cli)
    assert result.returncode != 0 and "pg_dump" in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_export_to_a_folder_is_refused(seeded_cli: str, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    result = run(["export", "--format", fmt, "--out", str(folder)], seeded_cli)
    assert_one_line_error(result, folder, "is a folder")
    assert list(folder.iterdir()) == []
    assert_no_temp_files(tmp_path)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "f.csv"), ("datapackage", "dp"), ("datapackage", "dp.zip")])
def test_export_under_a_file_names_the_file(seeded_cli: str, tmp_path: Path, fmt: str, name: str) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / name
    result = run(["export", "--format", fmt, "--out", str(out)], seeded_cli)
    assert_one_line_error(result, out, f"{blocker} is not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert_no_temp_files(tmp_path)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "f.csv"), ("xlsx", "f.xlsx"), ("datapackage", "dp")])
def test_export_into_an_unwritable_folder(seeded_cli: str, unwritable_folder: Path, fmt: str, name: str) -> None:
    out = unwritable_folder / f"opvangmonitor-{name}"
    result = run(["export", "--format", fmt, "--out", str(out)], seeded_cli)
    assert_one_line_error(result, out, *UNWRITABLE)
    assert not out.exists()


def test_datapackage_onto_a_file_or_a_full_folder_is_refused(seeded_cli: str, tmp_path: Path) -> None:
    existing = tmp_path / "package"
    existing.write_text("keep me", encoding="utf-8")
    result = run(["export", "--format", "datapackage", "--out", str(existing)], seeded_cli)
    assert_one_line_error(result, existing, "is not a folder")
    assert existing.read_text(encoding="utf-8") == "keep me"
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run(["export", "--format", "datapackage", "--out", str(full)], seeded_cli)
    assert_one_line_error(result, full, "not empty")
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    assert_no_temp_files(tmp_path)


def test_datapackage_into_an_empty_folder_replaces_it_whole(seeded_cli: str, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    folder.mkdir()
    result = run(["export", "--format", "datapackage", "--out", str(folder)], seeded_cli)
    assert result.returncode == 0, result.stderr
    assert (folder / "datapackage.json").is_file() and (folder / "data" / "figures.csv").is_file()
    assert_no_temp_files(tmp_path)


def test_export_never_overwrites_the_live_database(sqlite_seeded: str) -> None:
    live = Path(sqlite_seeded.removeprefix("sqlite:///"))
    result = run(["export", "--format", "csv", "--out", str(live)], sqlite_seeded)
    assert_one_line_error(result, live, "the database itself")
    assert _municipality_count(sqlite_seeded) == 342


@pytest.mark.parametrize(("fmt", "name"), [("csv", "e.csv"), ("xlsx", "e.xlsx"), ("geojson", "e.geojson")])
def test_an_export_matching_no_rows_says_so(seeded_cli: str, tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    result = run(["export", "--format", fmt, "--out", str(out), "--year", "1990", "--lang", "en"], seeded_cli)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "export matched no rows for filters: Reference year: 1990"
    assert out.is_file()  # still a valid file: the headers, filters and licence
    if fmt == "csv":
        frame = pd.read_csv(out, encoding="utf-8-sig")
        assert frame.empty and len(frame.columns) > 2
    elif fmt == "xlsx":
        assert pd.read_excel(out, sheet_name="data").empty
    else:
        features = json.loads(out.read_text(encoding="utf-8"))["features"]
        assert not any(f["properties"]["reported"] for f in features)


def test_an_export_with_rows_says_nothing_on_stderr(seeded_cli: str, tmp_path: Path) -> None:
    result = run(["export", "--format", "csv", "--out", str(tmp_path / "f.csv"), "--year", "2017"], seeded_cli)
    assert result.returncode == 0 and result.stderr == ""


def _broken_data(tmp_path: Path, name: str, content: bytes | None) -> Path:
    """A copy of data/ with `name` replaced by `content` (None: a folder of that name)."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / name).unlink()
    if content is None:
        (data / name).mkdir()
    else:
        (data / name).write_bytes(content)
    return data


def _sources_with(extra: bytes) -> bytes:
    return (REPO / "data" / "sources.csv").read_bytes() + extra


@pytest.mark.parametrize(
    ("name", "content", "causes"),
    [
        pytest.param(
            "sources.csv", _sources_with(b"new-source,Caf\xe9 (latin-1),x,2020,,,,\n"), ("not UTF-8",), id="latin1"
        ),
        pytest.param(
            "sources.csv",
            (REPO / "data" / "sources.csv").read_text(encoding="utf-8").encode("utf-16"),
            ("not UTF-8", "UTF-16"),
            id="utf16",
        ),
        pytest.param("outcomes.csv", b'key,scope\nx,"national\ny,national\n', ("never closed",), id="open-quote"),
        pytest.param("outcomes.csv", b'key,scope\nx,"nat"ional\n', ("not valid CSV",), id="stray-quote"),
        pytest.param("organisations.csv", b"a,b,c\n1,2,3\n", ("no 'key' column",), id="wrong-header"),
        pytest.param("sources.csv", _sources_with(b"x,y,z,1,2,3,4,5,6,7,8\n"), ("more fields",), id="extra-fields"),
        pytest.param("aggregates.csv", b"", ("empty",), id="empty"),
        pytest.param("aggregates.csv", b"\n\n", ("empty",), id="blank-lines"),
        pytest.param("sources.csv", None, ("is a folder",), id="folder"),
    ],
)
def test_a_bad_seed_file_is_one_line_naming_it_and_writes_nothing(
    db_url: str, tmp_path: Path, name: str, content: bytes | None, causes: tuple[str, ...]
) -> None:
    data = _broken_data(tmp_path, name, content)
    assert run(["init"], db_url).returncode == 0
    result = run(["seed", "--data-dir", str(data)], db_url)
    assert_one_line_error(result, data / name, *causes)
    stats = json.loads(run(["stats", "--json"], db_url).stdout)
    assert all(v == 0 for v in stats["counts"].values()), stats["counts"]


def test_a_bad_seed_file_after_a_good_seed_changes_nothing(db_url: str, tmp_path: Path) -> None:
    assert run(["init"], db_url).returncode == 0
    assert run(["seed"], db_url).returncode == 0
    before = json.loads(run(["stats", "--json"], db_url).stdout)["counts"]
    extra = b"\nnew-org,New,ngo,,,,\n"
    data = _broken_data(tmp_path, "organisations.csv", (REPO / "data" / "organisations.csv").read_bytes() + extra)
    (data / "outcomes.csv").write_bytes(b'key,scope\nx,"national\n')  # a later file is broken
    result = run(["seed", "--data-dir", str(data)], db_url)
    assert_one_line_error(result, data / "outcomes.csv", "never closed")
    assert json.loads(run(["stats", "--json"], db_url).stdout)["counts"] == before


@pytest.mark.parametrize(("kind", "cause"), [("missing", "no such folder"), ("file", "is a file, not a folder")])
def test_a_bad_seed_folder_is_one_line(db_url: str, tmp_path: Path, kind: str, cause: str) -> None:
    data = tmp_path / "seed-data"
    if kind == "file":
        data.write_text("key\n", encoding="utf-8")
    assert run(["init"], db_url).returncode == 0
    assert_one_line_error(run(["seed", "--data-dir", str(data)], db_url), data, cause)


def test_database_path_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("", encoding="utf-8")
    path = blocker / "var" / "db.sqlite"
    assert_one_line_error(run(["init"], f"sqlite:///{path}"), path, f"{blocker} is not a folder")


def test_database_in_an_unwritable_folder(unwritable_folder: Path) -> None:
    path = unwritable_folder / "opvangmonitor-test.sqlite"
    assert_one_line_error(run(["init"], f"sqlite:///{path}"), path, *UNWRITABLE)
    assert not path.exists()


@pytest.mark.parametrize("command", [["init"], ["stats"], ["seed"], ["export", "--format", "csv", "--out", "x.csv"]])
def test_database_path_that_is_a_folder_or_no_database(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    assert_one_line_error(run(command, f"sqlite:///{folder}"), folder, "is a folder")
    fake = tmp_path / "notes.txt"
    fake.write_text("key,value\na,1\n", encoding="utf-8")
    assert_one_line_error(run(command, f"sqlite:///{fake}"), fake, "not a database")
    assert fake.read_text(encoding="utf-8") == "key,value\na,1\n"


@pytest.mark.parametrize("command", [[], ["init"], ["seed"], ["stats"], ["export"], ["backup"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from inventory.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m inventory" in capsys.readouterr().out
