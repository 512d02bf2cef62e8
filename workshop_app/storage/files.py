"""Database files only their owner can read (writing user-visible files: core/files.py)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def create_private(path: Path) -> None:
    """Create an empty file only its owner can read (unless it exists already).

    SQLite gives the -wal and -shm files, and a backup's files, the mode of the file they
    belong to, so creating the database this way keeps all of them private.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def keep_private(*paths: Path) -> None:
    """Take read and write access away from group and others (files made by older versions)."""
    for path in paths:
        try:
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(path, mode & 0o700)
        except OSError:  # gone meanwhile, or not ours to change: SQLite reports what matters
            continue
