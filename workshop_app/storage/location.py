"""Where a library lives, told from what --db or WORKSHOP_APP_DB says, without importing the
database machinery (the command line decides this before every command): a SQLite file, or a
team library on a PostgreSQL server (a postgresql:// address, storage/team.py; opened by
storage/engines.py)."""

from __future__ import annotations

from pathlib import Path

#: Said wherever a feature of library files (backups, restore) is asked of a team library.
SERVER_BACKUPS = (
    "A team library on a PostgreSQL server is backed up by the server itself (pg_dump), not by "
    "Workshop App: docs/team-library.md explains how."
)

#: What "Check database" says of a team library.
SERVER_CHECK = (
    "This team library lives on a PostgreSQL server, which checks its own storage; Workshop "
    "App has no file of it to check. Its backups are the server's own (pg_dump)."
)


def resolve(target: str | Path) -> str | Path:
    """A server's address as given; a file's path made absolute."""
    if isinstance(target, str) and "://" in target:  # perhaps an address: team.py tells
        from workshop_app.storage.team import is_team_url

        if is_team_url(target):
            return target
    return Path(target).expanduser().resolve()
