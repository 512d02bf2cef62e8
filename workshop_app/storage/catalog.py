"""The library's list of workshops, read with Python's own sqlite3 module.

The window shows this list the moment it opens, while the database is opened properly (checked,
backed up, migrated) on a worker thread: importing SQLAlchemy alone takes a third of a second.
`peek` reads the file read-only and gives up, rather than guess, whenever the full open has
something to say (no file yet, an older schema, damage, a lock). `Library.workshops()` runs the
same query on its own connection, so the list has one definition.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from workshop_app.core.terms import CARRIED_OVER, COMMITMENTS, Status
from workshop_app.storage import schema_version, search

# The request count is looked up workshop by workshop (its index): a count of all workshops'
# requests at once would be made in full even when only the first rows are wanted (LIMIT).
_LIST = (
    "SELECT w.id, w.lineage_id, w.revision, w.title, w.division, w.date, w.status, "
    "w.updated_at, (SELECT count(*) FROM request AS r WHERE r.workshop_id = w.id) "
    "FROM workshop AS w {where} ORDER BY w.updated_at DESC"
)

T = TypeVar("T")


class Connection(Protocol):
    """What the list needs of a connection: sqlite3's, or a team library's (storage/engines.py,
    which names its `dialect`; sqlite3's has none)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


def dialect(connection: Connection) -> str:
    return str(getattr(connection, "dialect", "sqlite"))


class WorkshopSummary(NamedTuple):
    """One line of the workshops library."""

    id: str
    lineage_id: str
    revision: int
    title: str
    division: str
    date: str
    status: Status
    updated_at: str
    request_count: int


def list_workshops(
    connection: Connection, text: str = "", limit: int | None = None
) -> list[WorkshopSummary]:
    """The library, most recently changed first; `text` keeps the workshops that contain it,
    `limit` the first so many."""
    where, parameters = "", dict[str, str | int]()
    if text.strip():
        matching, found = search.matching_workshop_ids(text, dialect(connection))
        where, parameters = f"WHERE w.id IN ({matching})", {**found}
    query = _LIST.format(where=where)
    if limit is not None:
        query, parameters["limit"] = f"{query} LIMIT :limit", limit
    rows = connection.execute(query, parameters).fetchall()
    return [
        WorkshopSummary(id_, lineage, revision, title, division, date, Status(status), at, n)
        for id_, lineage, revision, title, division, date, status, at, n in rows
    ]


def matching_ids(connection: Connection, text: str) -> set[str]:
    """The ids of the workshops that contain `text` (storage/search.py): what a search in the
    window needs, which filters the list it already holds rather than read it again."""
    matching, parameters = search.matching_workshop_ids(text, dialect(connection))
    return {id_ for (id_,) in connection.execute(matching, parameters)}


def ids_starting_with(connection: Connection, prefix: str) -> list[str]:
    """The workshop ids that begin with `prefix` (a whole id matches only itself), compared as
    plain text: no LIKE wildcards, so `_` and `%` typed by a person match nothing special."""
    rows = connection.execute(
        "SELECT id FROM workshop WHERE substr(id, 1, ?) = ? ORDER BY id", (len(prefix), prefix)
    ).fetchall()
    return [id_ for (id_,) in rows]


def carried_over(connection: Connection, workshop_id: str) -> int:
    """How many requests of a workshop a follow-up would take up again (commitments to review,
    and requests deferred or needing information), counted without loading the workshop."""
    kinds = [kind.value for kind in (*COMMITMENTS, *CARRIED_OVER)]
    marks = ", ".join("?" * len(kinds))
    query = f"SELECT count(*) FROM decision WHERE workshop_id = ? AND kind IN ({marks})"
    (count,) = connection.execute(query, [workshop_id, *kinds]).fetchone()
    return int(count)


def peek(path: Path, text: str = "", limit: int | None = None) -> list[WorkshopSummary] | None:
    """The list as it is on disk (the workshops containing `text`, the first `limit`), or None
    when only the full open can tell (see above)."""
    return _peek(path, lambda connection: list_workshops(connection, text, limit))


def peek_matching(path: Path, text: str) -> set[str] | None:
    """The ids of the workshops on disk containing `text`, or None (as for peek)."""
    return _peek(path, lambda connection: matching_ids(connection, text))


def _peek(path: Path, read: Callable[[sqlite3.Connection], T]) -> T | None:
    if not path.is_file():
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(f"{path.name}-wal").exists():
        # Closed cleanly, so nothing is mid-write: read the file as it stands. A read-only open
        # in WAL mode would otherwise create the -wal and -shm files, and on a full disk a
        # half-made -shm stops the full open that follows. A writer arriving meanwhile changes
        # the file itself only at a checkpoint, long after this read of milliseconds.
        uri += "&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if versions != [schema_version.declared_head(schema_version.migrations_folder())]:
            return None
        return read(connection)
    except (sqlite3.Error, ValueError):  # ValueError: a status this version does not know
        return None
    finally:
        connection.close()
