"""One workshop read straight from the file with Python's sqlite3, for commands that only read it.

`workshop-app export-pdf` reads one workshop and writes nothing to the library, yet opening
it through the operations layer imports SQLAlchemy and sqlmodel: a third of a second, most of
a small export's own time. `peek_workshop` reads the workshop with sqlite3 alone when the full
open (`Library`) would have nothing to repair, migrate or report, and otherwise gives up
(None) so that the full open does it, in its own words. That is, it reads only when:

- the file is there, private to its owner, with no `-wal` or `-shm` beside it (open elsewhere,
  or not closed cleanly), and no process is registered as saving to it (storage/journal.py);
- its schema is the newest (nothing to migrate, nothing newer to refuse);
- SQLite's quick check finds nothing wrong, as the full open's does, so damage anywhere in
  the file is still reported by the first command that meets it;
- the id, or its beginning, names exactly one workshop, whose rows match their seals.

Like `list`, it takes no backup: reading changes nothing a backup would keep, and the next
full open (the window, any command that writes) backs up what changed since the last one.

The rows become a workshop through `assembly.assemble`, as `repository.load_workshop` makes
them, so the workshop is the same whichever way it was read. SQLAlchemy turns the few boolean
and JSON columns into Python values; here `_CONVERTED` does it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage import catalog, schema_version, seal
from workshop_app.storage.assembly import assemble

#: The table of each positioned kind.
_TABLES: dict[Kind, str] = {
    Kind.PARTICIPANT: "participant",
    Kind.AGENDA_ITEM: "agenda_item",
    Kind.GOAL: "goal",
    Kind.REQUEST: "request",
    Kind.NEED: "need",
    Kind.ACTION: "action_item",
    Kind.SIGNATURE: "signature",
}
#: Columns SQLAlchemy hands over as other than what SQLite stores (tables.py: Boolean, JSON).
_CONVERTED: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("participant", "decision_maker"): bool,
    ("need", "alignment_acknowledged"): bool,
    ("action_item", "done"): bool,
    ("goal", "placeholder"): bool,
    ("need", "why_ladder"): json.loads,
    # Not part of a workshop's revision, so not read here today; listed so that any read of
    # them gets what SQLAlchemy would give.
    ("rating_round", "anonymous"): bool,
    ("rating_round", "criteria"): json.loads,
    ("rating_round", "adopted"): json.loads,
}


def peek_workshop(path: Path, typed_id: str) -> m.Workshop | None:
    """The workshop whose id is or begins with `typed_id`, read from the file as it stands, or
    None when the full open has something to do or say (see above)."""
    try:
        if path.stat().st_mode & 0o077 or not path.is_file():
            return None  # the full open makes it private again
    except OSError:
        return None
    if any(path.with_name(f"{path.name}{end}").exists() for end in ("-wal", "-shm")):
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        seal.register(connection)  # the seal check computes the rows' digests in SQL
        return _read(connection, typed_id)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        # ValueError: a value this version does not know (a status), or a damaged JSON cell.
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, typed_id: str) -> m.Workshop | None:
    versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if versions != [schema_version.declared_head(schema_version.migrations_folder())]:
        return None
    if connection.execute("SELECT COUNT(*) FROM open_session").fetchone()[0]:
        return None  # a process saved and never closed: the full open tells what was lost
    if [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]:
        return None
    matches = catalog.ids_starting_with(connection, typed_id) if typed_id else []
    if len(matches) != 1:
        return None
    (workshop_id,) = matches
    if seal.problems(connection, workshop_id):
        return None
    (head,) = _rows(connection, "workshop", "SELECT * FROM workshop WHERE id = ?", workshop_id)
    results = "SELECT COUNT(*) FROM result WHERE lineage_id = ?"
    if connection.execute(results, (head.lineage_id,)).fetchone()[0]:
        return None  # results keep seals of their own, which the full open checks
    need_requests = connection.execute(
        "SELECT need_request.need_id, need_request.request_id, need_request.serves "
        "FROM need_request "
        "JOIN need ON need.id = need_request.need_id WHERE need.workshop_id = ? "
        "ORDER BY need_request.position",
        (workshop_id,),
    ).fetchall()
    return assemble(
        head,
        lambda kind: _rows(
            connection,
            _TABLES[kind],
            f"SELECT * FROM {_TABLES[kind]} WHERE workshop_id = ? ORDER BY position",
            workshop_id,
        ),
        need_requests,
        _rows(connection, "alignment_link", _ALL_OF_WORKSHOP.format("alignment_link"), workshop_id),
        _rows(connection, "decision", _ALL_OF_WORKSHOP.format("decision"), workshop_id),
        _rows(
            connection,
            "need_adoption",
            f"{_ALL_OF_WORKSHOP.format('need_adoption')} ORDER BY position",
            workshop_id,
        ),
    )


_ALL_OF_WORKSHOP = "SELECT * FROM {} WHERE workshop_id = ?"


def _rows(connection: sqlite3.Connection, table: str, query: str, workshop_id: str) -> list[Any]:
    """The rows of a query on one table as tuples with the columns as attributes, as
    SQLAlchemy gives them (booleans and JSON converted)."""
    cursor = connection.execute(query, (workshop_id,))
    names = [column[0] for column in cursor.description]
    row = namedtuple(f"{table}_row", names, rename=True)  # type: ignore[misc]
    converted = [
        (i, convert) for i, name in enumerate(names) if (convert := _CONVERTED.get((table, name)))
    ]
    rows = cursor.fetchall()
    if converted:
        rows = [list(r) for r in rows]
        for values in rows:
            for i, convert in converted:
                if values[i] is not None:
                    values[i] = convert(values[i])
    return [row._make(r) for r in rows]
