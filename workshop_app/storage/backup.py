"""Automatic backups through SQLite's online backup API, and restoring from them.

A backup is taken when a database is opened (if it changed since the last one) and before a
restore. Copying a live database file can capture a half-written state; the backup API cannot.
Backups live in a `backups` folder beside the database, named `<stem>-<UTC time>.sqlite3`; the
newest KEEP are kept. Each backup is a self-contained file (rollback journal, not WAL), so it can
be copied or opened by any SQLite tool without leaving `-wal`/`-shm` files behind.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import re
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workshop_app.storage import db, migrate
from workshop_app.storage.db import StorageError, make_engine

KEEP = 10
_STAMP = r"\d{8}-\d{6}-\d{6}"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _stamp() -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}"


def backups(db_path: Path) -> list[Path]:
    """Existing backups of this database (and no other), newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    # Exact names only: the backups of `workshops-old.sqlite3` are not those of `workshops`.
    pattern = re.compile(re.escape(db_path.stem) + f"-{_STAMP}(-before-restore)?\\.sqlite3")
    return sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), reverse=True)


def _last_write_ns(db_path: Path) -> int:
    latest = db_path.stat().st_mtime_ns
    with contextlib.suppress(FileNotFoundError):  # the WAL goes when the last connection closes
        latest = max(latest, db_path.with_name(db_path.name + "-wal").stat().st_mtime_ns)
    return latest


def copy_database(engine: Engine, dest: Path) -> None:
    """Consistent copy of a live database via the online backup API, then fsync'd."""
    tmp = dest.with_name(dest.name + ".part")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(dest)


def backup_on_open(engine: Engine, db_path: Path) -> Path | None:
    """Back up if the database changed since the newest backup; prune old ones."""
    existing = backups(db_path)
    if existing and _last_write_ns(db_path) < existing[0].stat().st_mtime_ns:
        return existing[0]  # nothing was written since the newest backup was taken
    try:
        folder = backup_dir(db_path)
        folder.mkdir(exist_ok=True)
        dest = folder / f"{db_path.stem}-{_stamp()}.sqlite3"
        copy_database(engine, dest)
        # File times are coarse (a clock tick): a write in the same tick as the newest backup
        # looks "not older". Comparing content settles it; identical backups are not kept twice.
        if existing and filecmp.cmp(dest, existing[0], shallow=False):
            dest.unlink()
            return existing[0]
    except OSError:
        # A read-only folder or full disk must not stop the facilitator from opening their
        # workshops; the next open tries again.
        return None
    for old in backups(db_path)[KEEP:]:
        old.unlink(missing_ok=True)
    return dest


def _is_damage(exc: BaseException) -> bool:
    """A file SQLite cannot use at all (not a database, or corrupt), as opposed to busy etc."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    name = getattr(original, "sqlite_errorname", "") or ""
    text = str(original).lower()
    return (
        name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "not a database" in text
        or "malformed" in text
    )


def _copy_into(source: sqlite3.Connection, db_path: Path) -> None:
    """Overwrite db_path's content with source's, giving up after busy_timeout if it is in use.

    Python's backup() retries a busy destination forever; the progress callback stops that.
    """
    timeout = db.BUSY_TIMEOUT_MS / 1000
    deadline = time.monotonic() + timeout

    def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    target = sqlite3.connect(db_path, timeout=timeout)
    try:
        source.backup(target, progress=give_up_when_busy, sleep=0.05)
    finally:
        target.close()


def _check_backup(source: sqlite3.Connection, backup_path: Path) -> None:
    try:
        check = [r[0] for r in source.execute("PRAGMA integrity_check").fetchall()]
        tables = {
            r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        version = None
        if "alembic_version" in tables:
            row = source.execute("SELECT version_num FROM alembic_version").fetchone()
            version = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"The backup {backup_path} is damaged or unreadable. Try an older one."
        ) from exc
    if check != ["ok"]:
        raise StorageError(f"The backup {backup_path} is itself damaged. Try an older one.")
    if version is None or "workshop" not in tables:
        raise StorageError(
            f"{backup_path} is not a Workshop App backup. Choose a file from the backups folder "
            "(`workshop-app backups` lists them)."
        )
    if version not in migrate.known_revisions():
        raise StorageError(
            f"The backup {backup_path} was made by a newer version of Workshop App. "
            "Update Workshop App to restore it."
        )


def restore(backup_path: Path, db_path: Path) -> Path | None:
    """Replace the database's content with a backup's; the current content is backed up first.

    Returns where what was there before is kept (a safety backup, or the damaged file moved
    aside), if there was anything.
    """
    backup_path = backup_path.expanduser().resolve()
    if backup_path.is_dir():
        raise StorageError(
            f"{backup_path} is a folder, not a backup file; give the path of one of the "
            "backup files (`workshop-app backups` lists them)."
        )
    if not backup_path.is_file():
        raise StorageError(f"There is no backup file at {backup_path}.")
    if not db_path.parent.is_dir():
        raise StorageError(
            f"The folder {db_path.parent} does not exist. Create it or choose another location."
        )
    with open(backup_path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StorageError(f"{backup_path} is not a Workshop App backup.")
    source = sqlite3.connect(f"{backup_path.as_uri()}?mode=ro", uri=True)
    try:
        _check_backup(source, backup_path)
        with db.user_facing_errors(db_path):
            return _restore_from(source, db_path)
    finally:
        source.close()


def _restore_from(source: sqlite3.Connection, db_path: Path) -> Path | None:
    kept = None
    if db_path.exists():
        folder = backup_dir(db_path)
        folder.mkdir(exist_ok=True)
        safety = folder / f"{db_path.stem}-{_stamp()}-before-restore.sqlite3"
        engine = make_engine(db_path)
        try:
            copy_database(engine, safety)
            kept = safety
        except (sqlite3.DatabaseError, DBAPIError) as exc:
            if not _is_damage(exc):
                raise  # busy, read-only…: reported as such, and nothing was changed
            # Unreadable: keep the damaged file itself (a specialist may still recover from it).
            kept = _move_aside(db_path)
        finally:
            engine.dispose()
    try:
        _copy_into(source, db_path)
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc):
            raise
        moved = _move_aside(db_path)  # damaged beyond overwriting: set it aside, start clean
        kept = kept or moved
        _copy_into(source, db_path)
    return kept


def _move_aside(db_path: Path) -> Path:
    """Rename a damaged database and its -wal/-shm to `<name>.damaged-<time>`; returns the main."""
    stamp = _stamp()
    for suffix in ("-wal", "-shm", ""):
        damaged = db_path.with_name(db_path.name + suffix)
        if damaged.exists():
            damaged.replace(damaged.with_name(f"{damaged.name}.damaged-{stamp}"))
    return db_path.with_name(f"{db_path.name}.damaged-{stamp}")
