"""What opening a large library leaves for later: the quick check and the backup.

Both read the whole file (seconds for a library of thousands of workshops), so a library opened
with `check_later` accepts edits as soon as it is migrated, and the window runs `Upkeep.run` on
a worker afterwards. A migration is never deferred: when the schema must change, opening checks
and backs up first, as always, so a failed upgrade can be undone from the backup.

The deferred backup copies one snapshot of the database (a read transaction held across the
backup's steps), so edits made meanwhile neither restart it nor slip into it half-done: they
move the change counter past the backup's, and the next open backs them up. Damage found
afterwards is told in the same sentence as damage found by "Check database…".
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from workshop_app.storage import backup, db, migrate, schema_version


def up_to_date(connection: sqlite3.Connection) -> bool:
    """The database is at the newest schema, so opening it migrates nothing."""
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:
        return False  # no such table: a new database, created now
    head = schema_version.declared_head(migrate.script_location())
    return head is not None and len(rows) == 1 and rows[0][0] == head


class Upkeep:
    """The checks and the backup that one open of a library still owes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: Checks still owed: the quick check (deferred by opening), the backup, and the full
        #: integrity check that follows any backup taken by this open.
        self.quick_check = False
        self.backup = False
        self.thorough = False
        #: The newest backup, and whether this open took it (set when the backup ran).
        self.last_backup: Path | None = None
        self.took_backup = False
        self._stop = threading.Event()
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def pending(self) -> bool:
        return self.quick_check or self.backup or self.thorough

    def run(self) -> str | None:
        """Do what is owed, on a worker: one sentence when the database is damaged, else None.

        Other connections go on reading and writing meanwhile. Raises what is not a finding
        about the file (busy, full disk, closed); the next open, or "Check database…", tries
        again.
        """
        if not self.pending():
            return None
        connection = sqlite3.connect(
            f"{self.path.as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            timeout=db.BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # stop() interrupts it from the closing thread
        )
        with self._lock:
            self._connection = connection
        try:
            return self._run(connection)
        except backup.BackupStoppedError:
            return None
        except sqlite3.Error:
            if self._stop.is_set():
                return None  # interrupted by stop()
            raise
        finally:
            with self._lock:
                self._connection = None
            connection.close()

    def _run(self, connection: sqlite3.Connection) -> str | None:
        if self.quick_check:
            self.quick_check = False
            found = db.problems(connection)
            if self._stop.is_set():
                return None
            if found:
                db.log_details("The quick check of a workshop database failed", found[:50])
                return db.damaged(self.path, refused=False).message
        if self.backup:
            self.backup = False
            newest = backup.backups(self.path)[:1]
            self.last_backup = backup.backup_if_changed(connection, self.path, stop=self._stop)
            self.took_backup = self.last_backup not in (None, *newest)
            self.thorough = self.thorough or self.took_backup
        if self.thorough and not self._stop.is_set():
            # The database changed since the last backup: check every page and index too.
            self.thorough = False
            found = db.problems(connection, thorough=True)
            if found and not self._stop.is_set():
                db.log_details("The integrity check of a workshop database failed", found[:50])
                return db.damaged(self.path, refused=False).message
        return None

    def stop(self) -> None:
        """Abandon what is under way (the library is closing); the next open does it again."""
        self._stop.set()
        with self._lock:
            if self._connection is not None:
                self._connection.interrupt()
