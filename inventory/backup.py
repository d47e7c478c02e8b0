"""A consistent copy of a live SQLite database (SQLite's online backup API), and the atomic
file writing that backups and exports share."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from inventory.database import sqlite_path

# Files SQLite keeps beside a database; overwriting one of them damages the live database.
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_files(path: Path) -> dict[Path, str]:
    """The database file `path` and the files SQLite keeps beside it, resolved, with what each is."""
    live = path.resolve()
    return {
        live.with_name(live.name + suffix): f"the live database's {suffix[1:]} file"
        if suffix
        else "the database itself"
        for suffix in _SQLITE_COMPANIONS
    }


class BackupError(Exception):
    """A backup that cannot be made: the message names the path and the reason."""


def make_parent_folder(target: Path) -> None:
    """Create the folders above `target`; when a file stands where a folder is needed, the
    error names that file (mkdir alone says "File exists", which hides the real cause)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for ancestor in (target.parent, *target.parent.parents):
            if ancestor.exists():
                if not ancestor.is_dir():
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(ancestor)) from None
                break
        raise


def _temp_beside(target: Path) -> Path:
    # Random, so two runs writing the same target never share (or delete) each other's temp file;
    # hidden, so a file listing never shows a half-written export.
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _named_for_user(error: OSError, tmp: Path, target: Path) -> OSError:
    """The same error, naming the user's path instead of the temp file (a name they never gave)."""
    name = error.filename
    if error.errno is None or not isinstance(name, str) or not name.startswith(str(tmp)):
        return error
    # Only the first name is kept: os.replace adds the target as a second name, already said.
    return OSError(error.errno, error.strerror, str(target) + name[len(str(tmp)) :])


def write_atomically(target: Path, fill: Callable[[Path], None]) -> Path:
    """Let `fill` write a new file beside `target`, then rename it into place.

    A reader never sees a half-written file and a failure leaves neither a temp file nor a
    changed target. An OSError names `target` (or the part of its path at fault), never the
    temp file."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    make_parent_folder(target)
    tmp = _temp_beside(target)
    try:
        # Created here rather than by `fill`, so an unwritable folder is an OSError with a
        # reason (SQLite would only say "unable to open database file"); "x" never clobbers.
        with open(tmp, "xb"):
            pass
        fill(tmp)
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise _named_for_user(error, tmp, target) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_folder_atomically(target: Path, fill: Callable[[Path], None]) -> Path:
    """Like `write_atomically` for a folder: `fill` writes into a new folder beside `target`,
    which then takes the place of `target` (absent or empty)."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target))
    make_parent_folder(target)
    tmp = _temp_beside(target)
    try:
        tmp.mkdir()
        fill(tmp)
        if target.exists():
            target.rmdir()  # empty, checked by the caller; rmdir refuses anything else
        os.replace(tmp, target)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _named_for_user(error, tmp, target) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy the database at `url` to `target` while readers and writers may be active.

    SQLite's backup API copies a consistent snapshot, unlike a file copy that can catch a
    half-written WAL. The copy is written next to the target and renamed into place.
    Raises BackupError for a missing or unreadable database or a forbidden target, OSError
    (naming `target`) when the target cannot be written."""
    source_path = sqlite_path(url)
    if source_path is None:
        raise BackupError("backup works on an SQLite database; for PostgreSQL use pg_dump")
    if not source_path.exists():
        raise BackupError(f"no database at {source_path}")
    if source_path.is_dir():
        raise BackupError(f"the database path {source_path} is a folder, not an SQLite file")
    resolved = target.resolve()
    live = sqlite_files(source_path)
    if resolved in live:
        raise BackupError(f"the backup target {target} is {live[resolved]}")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"cannot open the database {source_path}: {error}") from None
    try:
        try:
            # Read before writing anything, so a damaged or foreign file is named as the cause
            # rather than a failure to write the copy.
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            raise BackupError(f"cannot read the database {source_path}: {error}") from None

        def fill(tmp: Path) -> None:
            try:
                dest = sqlite3.connect(tmp)
                try:
                    source.backup(dest)
                    dest.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dest.close()
            except sqlite3.Error as error:
                for suffix in _SQLITE_COMPANIONS[1:]:  # what SQLite left beside the temp copy
                    tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
                raise BackupError(f"cannot write the backup to {target}: {error}") from None

        write_atomically(target, fill)
    finally:
        source.close()
    return resolved
