"""Automatic backups through SQLite's online backup API, and restoring from them.

A backup is taken when a database is opened (if it changed since the last one) and before a
restore. Copying a live database file can capture a half-written state; the backup API cannot.
Backups live in a `backups` folder beside the database; the newest KEEP are kept.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from workshop_app.storage.db import StorageError, make_engine

KEEP = 10


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backups(db_path: Path) -> list[Path]:
    """Existing backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.sqlite3"), reverse=True)


def _changed_since(db_path: Path, newest: Path) -> bool:
    wal = db_path.with_name(db_path.name + "-wal")
    latest = max(db_path.stat().st_mtime, wal.stat().st_mtime if wal.exists() else 0.0)
    return latest > newest.stat().st_mtime


def copy_database(engine: Engine, dest: Path) -> None:
    """Consistent copy of a live database via the online backup API, then fsync'd."""
    tmp = dest.with_name(dest.name + ".part")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        raw.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(dest)


def backup_on_open(engine: Engine, db_path: Path) -> Path | None:
    """Back up if the database changed since the newest backup; prune old ones."""
    existing = backups(db_path)
    if existing and not _changed_since(db_path, existing[0]):
        return existing[0]
    try:
        folder = backup_dir(db_path)
        folder.mkdir(exist_ok=True)
        dest = folder / f"{db_path.stem}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.sqlite3"
        copy_database(engine, dest)
    except OSError:
        # A read-only folder or full disk must not stop the facilitator from opening their
        # workshops; the next open tries again.
        return None
    for old in backups(db_path)[KEEP:]:
        old.unlink(missing_ok=True)
    return dest


def _copy_into(source: sqlite3.Connection, db_path: Path) -> None:
    target = sqlite3.connect(db_path)
    try:
        source.backup(target)
    finally:
        target.close()


def restore(backup_path: Path, db_path: Path) -> Path | None:
    """Replace the database's content with a backup's; the current content is backed up first.

    Returns the safety backup of what was there before, if there was anything.
    """
    backup_path = backup_path.expanduser().resolve()
    if not backup_path.is_file():
        raise StorageError(f"There is no backup file at {backup_path}.")
    with open(backup_path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StorageError(f"{backup_path} is not a Workshop App backup.")
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in check] != ["ok"]:
            raise StorageError(f"The backup {backup_path} is itself damaged. Try an older one.")
        safety = None
        if db_path.exists():
            folder = backup_dir(db_path)
            folder.mkdir(exist_ok=True)
            safety = (
                folder
                / f"{db_path.stem}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-before-restore.sqlite3"
            )
            try:
                copy_database(make_engine(db_path), safety)
            except sqlite3.DatabaseError:
                safety = None  # the current file is unreadable: nothing worth keeping
        try:
            _copy_into(source, db_path)
        except sqlite3.DatabaseError:
            # The current file is damaged beyond use: keep it aside for inspection, start clean.
            stamp = f"{datetime.now(UTC):%Y%m%d-%H%M%S}"
            for suffix in ("", "-wal", "-shm"):
                damaged = db_path.with_name(db_path.name + suffix)
                if damaged.exists():
                    damaged.replace(damaged.with_name(f"{damaged.name}.damaged-{stamp}"))
            _copy_into(source, db_path)
    finally:
        source.close()
    return safety
