"""Opening a workshop database safely: pragmas, integrity, migrations, errors a user can act on.

Durability choice: WAL with synchronous=FULL. Every edit that returned survives an application
crash *and* a power loss; the extra fsync per commit costs a few milliseconds, which nobody in
the room notices because edits are saved off the typing path.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import QueuePool, StaticPool
from sqlmodel import Session

from workshop_app.core.errors import UserError
from workshop_app.storage import seal, search

BUSY_TIMEOUT_MS = 5000


class StorageError(UserError):
    """A database problem the user can do something about (disk full, locked, damaged…)."""


class DamagedDatabaseError(StorageError):
    """The database cannot be trusted any more; the way out is restoring a backup."""


#: How a damage message ends: the way out, for the command line (the window offers the same).
RESTORE_OFFER = (
    "Restore the latest backup: `workshop-app backups` lists them and "
    "`workshop-app restore BACKUP` puts one back."
)


def damaged(path: Path, *, refused: bool = True) -> DamagedDatabaseError:
    """One sentence and the restore offer; what exactly is wrong goes to the log only.

    `refused`: said when opening stopped (rather than when a check of an open one found it).
    """
    outcome = ", so it was left untouched" if refused else ""
    return DamagedDatabaseError(
        f"The workshop database {path} is damaged{outcome}. {RESTORE_OFFER}"
    )


def casefold(text: str | None) -> str | None:
    """Unicode-aware case folding for search; SQLite's lower() and LIKE only fold ASCII."""
    return None if text is None else text.casefold()


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN, so DDL in migrations is transactional too.
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("casefold", 1, casefold, deterministic=True)
    seal.register(dbapi_connection)  # the triggers that seal every saved row call it
    search.register(dbapi_connection)  # indexing what a write changed calls it
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _on_connect_exclusive(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Before the first read: SQLite then keeps the WAL index in memory instead of the -shm file,
    # which a full disk cannot make room for.
    dbapi_connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    _on_connect(dbapi_connection, record)


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # A library its reader may not change (storage/access.py): opened read-only by SQLite
    # itself, so no write can reach it, whoever runs the app.
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("casefold", 1, casefold, deterministic=True)
    seal.register(dbapi_connection)
    search.register(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


_READ_ONLY = "workshop_app_read_only"


def _on_begin(connection: Any) -> None:
    if connection.get_execution_options().get(_READ_ONLY):
        # Readers begin deferred: in WAL mode they neither wait for a writer nor hold one up.
        connection.exec_driver_sql("BEGIN")
        return
    # IMMEDIATE takes the write lock up front, so two processes never deadlock mid-transaction;
    # the second one waits up to busy_timeout instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def reader(engine: Engine) -> Engine:
    """The same database for reading only: transactions begin without taking the write lock."""
    return engine.execution_options(**{_READ_ONLY: True})


def make_engine(path: Path, *, exclusive: bool = False, read_only: bool = False) -> Engine:
    # A small pool: operations reuse open connections. Opening one per operation cost more than
    # the edit itself (the pragmas above on every connect, and closing the last connection
    # checkpoints the WAL into the database each time). An idle connection holds no lock, so a
    # second process is not held up, and after a crash SQLite recovers the WAL as it always
    # does. `Library.close()` closes them (engine.dispose), which also checkpoints the WAL.
    #
    # `exclusive`: the one connection holds the file for itself (see _on_connect_exclusive); used
    # to read a database when the disk is too full for the shared index of WAL mode.
    #
    # `read_only`: SQLite's own read-only open, for a library its reader may not change.
    #
    # hide_parameters: an error's text must never carry workshop content into a log.
    url = (
        f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"
    )
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=1 if exclusive else 2,
        max_overflow=0 if exclusive else 10,
        hide_parameters=True,
    )
    if read_only:
        event.listen(engine, "connect", _on_connect_read_only)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    event.listen(engine, "connect", _on_connect_exclusive if exclusive else _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def make_memory_engine() -> Engine:
    """A private database in memory, connected as a library file is (functions, events)."""
    engine = create_engine("sqlite://", poolclass=StaticPool, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def describe(exc: BaseException, path: Path, *, writing: bool = True) -> str | None:
    """One sentence for a SQLite failure the user can act on, or None when it is a bug.

    Following SQLite's own result codes: busy, read-only, I/O error, corrupt, full, cannot open.
    """
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(original, "sqlite_errorname", "") or ""
    text = str(original).lower()
    name = str(path)
    if code.startswith("SQLITE_BUSY") or code.startswith("SQLITE_LOCKED") or "locked" in text:
        return (
            f"The workshop database {name} is busy in another Workshop App window or process. "
            "Close the other one and try again."
        )
    if code.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return (
            f"The workshop database {name} is read-only. Move it to a folder you can write to, "
            "or check its permissions."
        )
    io_error = code.startswith("SQLITE_IOERR") or "disk i/o error" in text
    if code.startswith("SQLITE_FULL") or "disk is full" in text or (io_error and disk_full(path)):
        if writing:
            return (
                "The disk is full, so the change could not be saved. Free some space and try again."
            )
        return f"The disk holding {name} is full. Free some space and try again."
    if code.startswith("SQLITE_NOTADB") or "not a database" in text:
        return (
            f"{name} is not a Workshop App database, or it is damaged. "
            "Choose another file, or restore the latest backup with `workshop-app restore`."
        )
    if code.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return damaged(path, refused=False).message
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return (
            f"The workshop database {name} cannot be opened. "
            "Check that its folder exists and that you may write to it."
        )
    if io_error:
        return (
            f"The disk reported an error while using {name}. "
            "Check the drive, then restore the latest backup if the problem persists."
        )
    return None


def disk_full(path: Path) -> bool:
    """Whether the disk holding path has no room left worth speaking of (SQLite reports some
    full-disk failures, such as growing the -shm index, as I/O errors)."""
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL
    except OSError:
        return False


_NEARLY_FULL = 1024 * 1024


def is_disk_full(exc: BaseException, path: Path) -> bool:
    """A failure that only more free space would cure."""
    message = describe(exc, path)
    return message is not None and message.startswith("The disk is full")


@contextlib.contextmanager
def user_facing_errors(path: Path, *, writing: bool = True) -> Iterator[None]:
    """Turn SQLite failures a user can act on into StorageError; let bugs through untouched."""
    try:
        yield
    except (OperationalError, DBAPIError, sqlite3.Error) as exc:
        error = user_error(exc, path, writing=writing)
        if error is None:
            raise
        raise error from exc


def user_error(exc: BaseException, path: Path, *, writing: bool = True) -> StorageError | None:
    """The StorageError to raise for a SQLite failure, or None when it is a bug."""
    message = describe(exc, path, writing=writing)
    if message is None:
        return None
    is_damage = message == damaged(path, refused=False).message
    return (DamagedDatabaseError if is_damage else StorageError)(message)


def log_details(summary: str, details: Sequence[str]) -> None:
    """Technical details for the log file, never for the user (who gets one sentence)."""
    from workshop_app import crashlog

    crashlog.note(summary, details)


def check_openable(path: Path) -> None:
    """Refuse early, and in plain words, what SQLite would report cryptically."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder. Give the path of a workshop database file.")
    if not path.parent.exists():
        raise StorageError(
            f"The folder {path.parent} does not exist. Create it or choose another location."
        )
    if path.exists():
        with open(path, "rb") as handle:
            header = handle.read(16)
        if header and header != b"SQLite format 3\x00":
            raise StorageError(
                f"{path} is not a Workshop App database. Choose another file, or restore a "
                "backup with `workshop-app restore`."
            )
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StorageError(
                f"The workshop database {path} is read-only. Move it to a folder you can write "
                "to, or check its permissions."
            )
    elif not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"Cannot create a workshop database in {path.parent}: the folder is read-only. "
            "Choose another location."
        )


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction, for queries written for sqlite3."""
    connection = session.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection


def problems(connection: sqlite3.Connection, *, thorough: bool = False) -> list[str]:
    """What SQLite's own check finds wrong ([] when nothing): `quick_check` reads every page
    and is what opening runs; `integrity_check` also matches every index against its table."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorname", "")
        if not code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise  # busy, full…: not a finding about the file
        return [f"{code}: {exc}"]  # so damaged that the check itself stopped
    return [] if rows == ["ok"] else rows


#: PRAGMA user_version is the database's change counter: every write transaction that changes
#: a row moves it on (Library.edit), so "changed since the last backup" compares two numbers
#: and never depends on file times or on the -wal file that opening itself creates. It lives in
#: the file's header, so the backup API copies it into each backup with the content.
COUNTER_LIMIT = 2**31 - 1


def change_count(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def next_count(value: int) -> int:
    """The change counter after one more change from `value`."""
    return value % COUNTER_LIMIT + 1


def count_change(connection: sqlite3.Connection, at_least: int = 0) -> None:
    """Move the change counter on (inside the caller's transaction), past `at_least` too."""
    value = next_count(max(change_count(connection), at_least))
    connection.execute(f"PRAGMA user_version = {value}")


def session(engine: Engine) -> Session:
    # Objects leave the session as plain values, so they must not expire on commit.
    return Session(engine, expire_on_commit=False)
