"""The backups of a database as a person chooses among them: when, how big, how many workshops.

Read-only: each backup is looked at with an immutable connection, so listing never changes or
locks a file (a backup is a finished, self-contained file, never written again).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workshop_app.storage.backup import backups

_BEFORE_RESTORE = "-before-restore"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # UTC
    size: int  # bytes
    workshops: int | None  # None: the file cannot be read as a workshop database
    before_restore: bool  # what was there before a restore (kept until deleted)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of this database, newest first."""
    return [_info(path) for path in backups(db_path)]


def size_text(size: int) -> str:
    """A file size as a person reads it: "840 kB", "12.3 MB"."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1e6:.1f} MB"


def _info(path: Path) -> BackupInfo:
    stem = path.name.removesuffix(".sqlite3")
    before_restore = stem.endswith(_BEFORE_RESTORE)
    stamp = "-".join(stem.removesuffix(_BEFORE_RESTORE).split("-")[-3:])
    taken_at = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
    return BackupInfo(path, taken_at, path.stat().st_size, _count_workshops(path), before_restore)


def _count_workshops(path: Path) -> int | None:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(connection.execute("SELECT COUNT(*) FROM workshop").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()
