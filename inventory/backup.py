"""A consistent copy of a live SQLite database (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inventory.database import sqlite_path


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy the database at `url` to `target` while readers and writers may be active.

    SQLite's backup API copies a consistent snapshot, unlike a file copy that can catch a
    half-written WAL. The copy is written next to the target and renamed into place."""
    source_path = sqlite_path(url)
    if source_path is None:
        raise ValueError("backup works on an SQLite database; for PostgreSQL use pg_dump")
    if not source_path.exists():
        raise FileNotFoundError(f"no database at {source_path}")
    target = target.resolve()
    if target == source_path.resolve():
        raise ValueError("the backup target is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        source.close()
    tmp.replace(target)
    return target
