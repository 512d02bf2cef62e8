"""Noticing that the -wal file of a database went missing while it still held saved edits.

In WAL mode a saved edit lives in `<db>-wal` until a checkpoint copies it into the database
file; closing the last connection does that and removes both `-wal` and `-shm`. After a crash
they stay, and the next open replays the -wal. Delete the -wal in between (a cleaning tool, a
careless copy) and SQLite opens the older database file without a word. What is detectable:

- an `-shm` without its `-wal`: only a crash leaves the -shm behind, and never without the -wal;
- a process that saved edits and never closed, while no -wal with anything in it is left. A
  process registers in the `open_session` table before its first save and checkpoints that row
  into the database file itself (so it survives the loss of the -wal); a clean close removes it.
  A row found when the -wal held nothing before this open (so no other process is saving to the
  file, and no crash left edits in it) is one such process. A read-only look at the file (the
  window's list at start-up) leaves an empty -wal and -shm behind, which count as none.

The caller looks at the files before anything opens the database (`look`), then asks `problem`
once the schema is current.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

LOST_EDITS = (
    "Workshop App was not closed properly last time and the database's journal file "
    "({name}-wal) has gone missing since, so the most recent saved edits may be lost: "
    "check your latest workshops, and restore a backup if something is missing."
)


@dataclass(frozen=True)
class Companions:
    """The database's companion files as this process found them, before opening it."""

    wal: bool  # a -wal file holding something (a read-only look leaves an empty one behind)
    wal_file: bool
    shm: bool


def look(path: Path) -> Companions:
    wal = path.with_name(path.name + "-wal")
    size = wal.stat().st_size if wal.exists() else -1
    shm = path.with_name(path.name + "-shm")
    shm_size = shm.stat().st_size if shm.exists() else 0
    # A -shm shorter than its first 32 KiB region was never in use: a disk too full to grow it
    # leaves such a stub behind, and the database is then opened without it (storage/probe.py).
    return Companions(wal=size > 0, wal_file=size >= 0, shm=shm_size >= _SHM_REGION)


#: SQLite grows the -shm file in regions of this size; a -shm in use holds at least one.
_SHM_REGION = 32 * 1024


def problem(engine: Engine, path: Path, before: Companions) -> str | None:
    """One sentence when saved edits were lost with the -wal file, else None.

    Then forgets the processes that can no longer be running (without a -wal before this open,
    nobody else has the file open), so the warning is given once.
    """
    if before.wal:
        return None  # a crash's -wal was there and has been replayed: nothing was lost
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        lost = (before.shm and not before.wal_file) or _registered(connection) > 0
        if lost:
            _forget_all(connection)
    finally:
        raw.close()
    return LOST_EDITS.format(name=path.name) if lost else None


def _registered(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT COUNT(*) FROM open_session").fetchone()[0])


def _forget_all(connection: sqlite3.Connection) -> None:
    """Clear the register; a read-only file or a full disk only means it is tried again later."""
    try:
        with connection:
            connection.execute("DELETE FROM open_session")
    except sqlite3.Error:
        pass


def register(engine: Engine) -> str:
    """Note in the database file itself that this process is about to save; returns its id.

    Raises sqlite3.Error when it cannot (a full disk): the caller saves all the same."""
    session_id = uuid.uuid4().hex
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        # Autocommit (the driver's isolation level is off): the row is committed at once, then
        # copied into the database file, where it survives the -wal. A checkpoint that other
        # readers hold back only costs the detection, never an edit.
        connection.execute(
            "INSERT INTO open_session (id, opened_at) VALUES (?, datetime('now'))", (session_id,)
        )
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        raw.close()
    return session_id


def unregister(engine: Engine, path: Path, session_id: str | None) -> None:
    """A clean close: remove this process's row (and those of processes that died while another
    held the file open, when this one turns out to be the last), then close every connection."""
    others = 0
    if not path.exists():  # moved or deleted meanwhile: a new connection would create it anew
        engine.dispose()
        return
    try:
        raw = engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            if session_id is not None:
                connection.execute("DELETE FROM open_session WHERE id = ?", (session_id,))
            others = _registered(connection)
        finally:
            raw.close()
    except (sqlite3.Error, DBAPIError):
        pass  # damaged, full, read-only or never migrated: nothing to tidy
    finally:
        engine.dispose()  # the last connection to close checkpoints and removes the -wal
    if others and not path.with_name(path.name + "-wal").exists():
        with suppress(sqlite3.Error), closing(sqlite3.connect(path)) as plain:
            _forget_all(plain)
