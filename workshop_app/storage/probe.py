"""Looking at a database file before anything writes to it, and holding it alone.

`inspect` decides "is this ours?" read-only, before any pragma runs: a database of another
program (or of a newer Workshop App) must stay byte-identical, so it is never switched to WAL,
never migrated and never given a backups folder. `exclusive` tells whether another connection
(in any process) has the database open, and if not, holds it so that nobody else can while a
backup, a clean-up or a restore runs.
"""

from __future__ import annotations

import contextlib
import enum
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from workshop_app.storage import db, schema_version
from workshop_app.storage.db import StorageError

#: The tables each schema revision adds (revisions sort by name); a database at a revision we
#: know but without one of these was damaged, or emptied by hand.
TABLES_SINCE = {
    "0001": frozenset(
        {
            "audit_entry",
            "workshop",
            "agenda_item",
            "goal",
            "need",
            "participant",
            "request",
            "action_item",
            "alignment_link",
            "decision",
            "need_request",
            "signature",
        }
    ),
    "0002": frozenset({"search_text", "search_fts"}),
    "0003": frozenset({"row_seal", "open_session"}),
    "0005": frozenset({"rating_round", "rating", "need_adoption"}),
    "0006": frozenset({"result"}),
    "0008": frozenset({"search_chunk", "search_grams", "search_stale", "search_words"}),
    "0009": frozenset({"capacity"}),
    "0010": frozenset({"company_goal", "company_goal_version"}),
    "0012": frozenset({"row_version"}),
    "0013": frozenset({"check_out", "offline_copy"}),
    "0014": frozenset({"kept_goal_words"}),
}
#: The tables a revision drops.
TABLES_UNTIL = {"0008": frozenset({"search_fts"})}


class Kind(enum.Enum):
    NEW = "new"  # no file, an empty file, or an SQLite file without any table: ours to create
    OURS = "ours"  # a Workshop App database at a revision this version knows


def inspect(path: Path) -> Kind:
    """What the file at path is, decided without writing; refuses what is not ours to open."""
    if not path.exists() or path.stat().st_size == 0:
        return Kind.NEW
    try:
        tables, versions = _read_schema(path)
    except sqlite3.Error as exc:
        error = db.user_error(exc, path, writing=False)
        if error is None:
            raise
        raise error from exc
    return _judge(path, tables, versions)


def _read_schema(path: Path) -> tuple[set[str], list[str] | None]:
    with open(path, "rb") as handle:
        header = handle.read(100)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if len(header) == 100 and header[18] == 2 and not Path(f"{path}-wal").exists():
        # A WAL database with no -wal file holds everything in the main file; immutable reads
        # it without creating the -wal/-shm files even a read-only connection would leave.
        uri = f"{path.resolve().as_uri()}?immutable=1"
    connection = sqlite3.connect(uri, uri=True, timeout=db.BUSY_TIMEOUT_MS / 1000)
    try:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        versions = None
        if "alembic_version" in tables:
            versions = [
                str(r[0]) for r in connection.execute("SELECT version_num FROM alembic_version")
            ]
        return tables, versions
    finally:
        connection.close()


def _judge(path: Path, tables: set[str], versions: list[str] | None) -> Kind:
    if versions is None:
        if not tables:
            return Kind.NEW
        raise _foreign(path)
    if not versions:
        if tables == {"alembic_version"}:
            return Kind.NEW  # a first migration that never got further: nothing to lose
        db.log_details("A workshop database could not be opened", ["alembic_version is empty"])
        raise db.damaged(path)
    known = schema_version.declared_revisions(schema_version.migrations_folder()) or frozenset()
    if len(versions) > 1 or versions[0] not in known:
        if "workshop" in tables and len(versions) == 1:
            raise StorageError(
                f"{path} was saved by a newer version of Workshop App. "
                "Update Workshop App to open it; the file was left untouched."
            )
        raise _foreign(path)
    expected = set().union(*(t for rev, t in TABLES_SINCE.items() if rev <= versions[0]))
    expected -= set().union(*(t for rev, t in TABLES_UNTIL.items() if rev <= versions[0]))
    missing = expected - tables
    if missing:
        db.log_details(
            "A workshop database could not be opened",
            [f"revision {versions[0]} lacks tables: {', '.join(sorted(missing))}"],
        )
        raise db.damaged(path)
    return Kind.OURS


def _foreign(path: Path) -> StorageError:
    return StorageError(
        f"{path} is a database of another program, not a Workshop App database. "
        "Choose another file; this one was left untouched."
    )


@contextlib.contextmanager
def exclusive(path: Path, wait: float = 0.2) -> Iterator[sqlite3.Connection | None]:
    """A connection that has the database to itself, or None when another connection (in this
    process or another) has it open and did not let go within `wait` seconds.

    In WAL mode every open connection keeps a shared lock on the file; with
    locking_mode=EXCLUSIVE the first read asks for an exclusive one, which SQLite refuses at
    once while any other connection exists. It also keeps the WAL index in memory, so this
    works on a disk too full for a -shm file.
    """
    deadline = time.monotonic() + wait
    while True:
        connection = _try_exclusive(path)
        if connection is not None or time.monotonic() >= deadline:
            break
        time.sleep(0.02)  # another connection is about to close (a start-up peek, a CLI read)
    try:
        yield connection
    finally:
        if connection is not None:
            connection.close()


def _try_exclusive(path: Path) -> sqlite3.Connection | None:
    # mode=rw: a file SQLite could only open read-only is refused (CANTOPEN) rather than
    # opened in a way that fails later with a less telling error.
    uri = f"{path.resolve().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # A rollback-journal file: a read takes a shared lock only; an exclusive
            # transaction takes the exclusive one, which this locking mode then keeps.
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        connection.close()
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return None
        raise
    except BaseException:
        connection.close()
        raise
    return connection
