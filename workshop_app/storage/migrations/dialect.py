"""Which database a migration runs on: SQLite (a library file) or PostgreSQL (a team library).

The same migrations build both. What only SQLite has — FTS5 tables, triggers calling the
Python functions the app registers on each SQLite connection (seals, casefold, search grams),
PRAGMA — runs on SQLite alone, so SQLite's schema stays exactly what it always was; a migration
gives PostgreSQL its own statements where it needs any (storage/engines.py explains the
choices: docs/team-library.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from alembic import op


def on_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def execute_on_sqlite(statements: Iterable[str]) -> None:
    """Run these statements on SQLite; on PostgreSQL nothing (seal triggers, search triggers)."""
    if on_sqlite():
        for statement in statements:
            op.execute(statement)
