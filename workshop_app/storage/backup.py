"""Automatic backups through SQLite's online backup API, and restoring from them.

A backup is taken when a database is opened, if it changed since the newest backup (the change
counter in the file's header, db.change_count, tells) and if no other connection has it open
(another window is editing: that one took its backup when it opened). Restore takes one of what
is there first. Copying a live database file can capture a half-written state; the backup API
cannot. Backups live in a `backups` folder beside the database, named `<stem>-<UTC
time>.sqlite3`; the newest KEEP are kept, and the safety copies restore makes
(`…-before-restore.sqlite3`) are kept until the user deletes them. Each backup is a
self-contained file (rollback journal, not WAL), so it can be copied or opened by any SQLite
tool without leaving `-wal`/`-shm` files behind. Backups are readable by their owner only.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from workshop_app.storage import access, db, migrate, probe
from workshop_app.storage.db import StorageError
from workshop_app.storage.files import create_private

KEEP = 10
_STAMP = r"\d{8}-\d{6}-\d{6}"
SAFETY = "-before-restore"
#: Pages copied per step of a backup (16 MB at SQLite's 4 KB pages): between steps a backup
#: running in the background can be stopped.
STEP_PAGES = 4096


class BackupStoppedError(Exception):
    """A backup was stopped because its database is closing; nothing was kept of it."""


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _stamp() -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}"


def _pattern(db_path: Path, tail: str) -> re.Pattern[str]:
    # Exact names only: the backups of `workshops-old.sqlite3` are not those of `workshops`.
    return re.compile(re.escape(db_path.stem) + f"-{_STAMP}({SAFETY})?\\.sqlite3" + tail)


def backups(db_path: Path) -> list[Path]:
    """Existing backups of this database (and no other), newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path, "")
    return sorted((p for p in folder.iterdir() if pattern.fullmatch(p.name)), reverse=True)


def remove_stale_parts(db_path: Path) -> None:
    """Delete what a backup interrupted by a crash or a kill left behind (`*.part*`).

    Call it only while holding the database alone (probe.exclusive): then no backup of it can
    be under way.
    """
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return
    pattern = _pattern(db_path, r"\.part.*")
    for stale in folder.iterdir():
        if pattern.fullmatch(stale.name):
            stale.unlink(missing_ok=True)


def copy_database(
    source: sqlite3.Connection, dest: Path, stop: threading.Event | None = None
) -> None:
    """Consistent copy of a live database via the online backup API, then fsync'd.

    `source` must be in autocommit mode (isolation_level None) and outside a transaction. Setting
    `stop` abandons the copy between two steps (BackupStoppedError).
    """
    tmp = dest.with_name(dest.name + ".part")
    try:
        create_private(tmp)  # SQLite gives the copy (and its journal) this file's mode
        target = sqlite3.connect(tmp)
        try:
            _copy_snapshot(source, target, stop)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_snapshot(
    source: sqlite3.Connection, target: sqlite3.Connection, stop: threading.Event | None
) -> None:
    """Copy the database as it is now, in steps. The read transaction held across the steps
    keeps one snapshot (WAL): writes by other connections meanwhile neither restart the copy
    (as they would between steps otherwise) nor enter it; they are in the next backup."""

    def between_steps(_status: int, _remaining: int, _total: int) -> None:
        if stop is not None and stop.is_set():
            raise BackupStoppedError

    source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot begins
        source.backup(target, pages=STEP_PAGES, progress=between_steps)
    finally:
        source.execute("ROLLBACK")


def _counter_in(backup_path: Path) -> int | None:
    """The change counter a backup was taken at (header bytes 60-63: PRAGMA user_version)."""
    try:
        with open(backup_path, "rb") as handle:
            header = handle.read(64)
    except OSError:
        return None
    return int.from_bytes(header[60:64], "big") if len(header) == 64 else None


def backup_if_changed(
    connection: sqlite3.Connection, db_path: Path, stop: threading.Event | None = None
) -> Path | None:
    """Back up if the database changed since the newest backup; prune old ones.

    Returns the newest backup. Never raises for a full disk, a read-only folder or SQLite
    refusing: a failed backup must not stop anyone from reading their workshops; the next
    open tries again. Raises BackupStoppedError when `stop` is set while it copies.
    """
    existing = backups(db_path)
    try:
        counter = db.change_count(connection)
        if counter and existing and _counter_in(existing[0]) == counter:
            return existing[0]  # nothing was written since the newest backup was taken
        if counter == 0:
            # Written by a version that kept no count: start counting, so that the next open
            # can tell whether anything changed.
            db.count_change(connection)
        folder = backup_dir(db_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        dest = folder / f"{db_path.stem}-{_stamp()}.sqlite3"
        copy_database(connection, dest, stop)
    except (OSError, sqlite3.Error) as exc:
        db.log_details("The automatic backup failed", [_what_failed(exc)])
        return existing[0] if existing else None
    _prune(db_path)
    return dest


def _what_failed(exc: BaseException) -> str:
    # The kind of failure only: an OSError's text names the user's folders.
    code = getattr(exc, "sqlite_errorname", None) or getattr(exc, "errno", None)
    return f"{type(exc).__name__} {code}"


def _prune(db_path: Path) -> None:
    """Keep the newest KEEP automatic backups; safety copies stay until the user deletes them."""
    automatic = [p for p in backups(db_path) if not p.stem.endswith(SAFETY)]
    for old in automatic[KEEP:]:
        old.unlink(missing_ok=True)


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
    """Overwrite a new or set-aside database with source's content, giving up after
    busy_timeout if something else opened it meanwhile.

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
        raise StorageError(
            f"There is no backup file at {backup_path}; `workshop-app backups` lists the backups."
        )
    if not db_path.parent.is_dir():
        raise StorageError(
            f"The folder {db_path.parent} does not exist. Create it or choose another location."
        )
    if db_path.exists() and not access.may_write_file(db_path):
        raise StorageError(access.READ_ONLY)  # a viewer's library: nothing replaces it
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
    if not db_path.exists() or db_path.stat().st_size == 0:
        create_private(db_path)
        _copy_into(source, db_path)
        return None
    try:
        with probe.exclusive(db_path, wait=db.BUSY_TIMEOUT_MS / 1000) as held:
            if held is None:
                raise StorageError(
                    f"The workshop database {db_path} is open in another Workshop App window or "
                    "another program, so nothing was restored: close it there and try again."
                )
            return _replace_content(source, held, db_path)
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc):
            raise  # read-only, full…: reported as such, and nothing was changed
        # Unreadable: keep the damaged file itself (a specialist may still recover from it),
        # set it aside and start clean.
        moved = _move_aside(db_path)
        create_private(db_path)
        _copy_into(source, db_path)
        return moved


def _replace_content(source: sqlite3.Connection, held: sqlite3.Connection, db_path: Path) -> Path:
    """With the database held alone, so no edit can slip in between: keep a safety copy of
    what is there, then overwrite it with the backup's content."""
    folder = backup_dir(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    safety = folder / f"{db_path.stem}-{_stamp()}{SAFETY}.sqlite3"
    copy_database(held, safety)
    before = db.change_count(held)
    source.backup(held)
    # A restore is a change: the next open backs the restored content up, whatever counts the
    # backup and the replaced content had.
    db.count_change(held, at_least=before)
    return safety


def _move_aside(db_path: Path) -> Path:
    """Rename a damaged database and its -wal/-shm to `<name>.damaged-<time>`; returns the main."""
    stamp = _stamp()
    for suffix in ("-wal", "-shm", ""):
        damaged = db_path.with_name(db_path.name + suffix)
        if damaged.exists():
            damaged.replace(damaged.with_name(f"{damaged.name}.damaged-{stamp}"))
    return db_path.with_name(f"{db_path.name}.damaged-{stamp}")
