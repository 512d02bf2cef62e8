"""Opening a workshop database safely: pragmas, integrity, migrations, errors a user can act on.

Durability choice: WAL with synchronous=FULL. Every edit that returned survives an application
crash *and* a power loss; the extra fsync per commit costs a few milliseconds, which nobody in
the room notices because edits are saved off the typing path.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from workshop_app.core.errors import UserError
from workshop_app.storage import seal

BUSY_TIMEOUT_MS = 5000


class StorageError(UserError):
    """A database problem the user can do something about (disk full, locked, damaged…)."""


def casefold(text: str | None) -> str | None:
    """Unicode-aware case folding for search; SQLite's lower() and LIKE only fold ASCII."""
    return None if text is None else text.casefold()


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN, so DDL in migrations is transactional too.
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("casefold", 1, casefold, deterministic=True)
    seal.register(dbapi_connection)  # the triggers that seal every saved row call it
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
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


def make_engine(path: Path) -> Engine:
    # A small pool: operations reuse open connections. Opening one per operation cost more than
    # the edit itself (the pragmas above on every connect, and closing the last connection
    # checkpoints the WAL into the database each time). An idle connection holds no lock, so a
    # second process is not held up, and after a crash SQLite recovers the WAL as it always
    # does. `Library.close()` closes them (engine.dispose), which also checkpoints the WAL.
    engine = create_engine(f"sqlite:///{path}", poolclass=QueuePool, pool_size=2)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def describe(exc: BaseException, path: Path) -> str | None:
    """One sentence for a SQLite failure the user can act on, or None when it is a bug.

    Following SQLite's own result codes: busy, read-only, I/O error, corrupt, full, cannot open.
    """
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(original, "sqlite_errorname", "")
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
    if (
        code.startswith("SQLITE_FULL")
        or "disk is full" in text
        or "database or disk is full" in text
    ):
        return "The disk is full, so the change could not be saved. Free some space and try again."
    if code.startswith("SQLITE_NOTADB") or "not a database" in text:
        return (
            f"{name} is not a Workshop App database, or it is damaged. "
            "Choose another file, or restore the latest backup with `workshop-app restore`."
        )
    if code.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return (
            f"The workshop database {name} is damaged. "
            "Restore the latest backup with `workshop-app restore`."
        )
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return (
            f"The workshop database {name} cannot be opened. "
            "Check that its folder exists and that you may write to it."
        )
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return (
            f"The disk reported an error while using {name}. "
            "Check the drive, then restore the latest backup if the problem persists."
        )
    return None


@contextlib.contextmanager
def user_facing_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures a user can act on into StorageError; let bugs through untouched."""
    try:
        yield
    except (OperationalError, DBAPIError, sqlite3.Error) as exc:
        message = describe(exc, path)
        if message is None:
            raise
        raise StorageError(message) from exc


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
        if header and _foreign_tables(path):
            raise StorageError(
                f"{path} is a database of another program, not a Workshop App database. "
                "Choose another file; this one was left untouched."
            )
    elif not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"Cannot create a workshop database in {path.parent}: the folder is read-only. "
            "Choose another location."
        )


def _foreign_tables(path: Path) -> bool:
    """True for an SQLite file that holds tables but was never a Workshop App database.

    Looked at read-only and before any pragma runs, so such a file is never converted to WAL or
    given our tables. Problems reading it (damage, a lock) are left to the normal open to report.
    """
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return False
    try:
        names = {
            row[0]
            for row in probe.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return bool(names) and "alembic_version" not in names


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction, for queries written for sqlite3."""
    connection = session.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection


def integrity_problem(engine: Engine) -> str | None:
    with reader(engine).connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
    result = [str(r[0]) for r in rows]
    return None if result == ["ok"] else "; ".join(result[:3])


def session(engine: Engine) -> Session:
    # Objects leave the session as plain values, so they must not expire on commit.
    return Session(engine, expire_on_commit=False)
