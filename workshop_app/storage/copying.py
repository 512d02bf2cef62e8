"""Copying a whole library into an empty one: a SQLite file into a team library on PostgreSQL
(moving a CIO's laptop library to the office's server) or back (`workshop-app copy-library`).

Every stored row is copied as it is, table by table in the order their references need:
workshops and every revision, their items, signatures, rating rounds, results (with their
seals), the audit log with its numbering, and the library's capacity. What each engine keeps
for itself is not copied but made again by the target as the rows arrive: the search index and
row seals of a file (its triggers), the server's trigram indexes. So a workshop's JSON export
from the copy is byte for byte the source's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, func, insert, select, text

from workshop_app.storage import db
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library
from workshop_app.storage.tables import metadata

#: Kept by each engine for itself (storage/engines.py), never copied.
ENGINE_OWN = frozenset({"row_seal", "open_session"})

#: Rows per INSERT: a library of 20,000 workshops is millions of rows.
BATCH = 2000


@dataclass(frozen=True)
class Copied:
    workshops: int
    rows: int


def _tables() -> list[Table]:
    return [table for table in metadata.sorted_tables if table.name not in ENGINE_OWN]


def copy_library(source: Library, target: Library) -> Copied:
    """Copy everything in `source` into `target`, which must hold no workshop yet. One
    transaction on the target: a failure leaves it as empty as it was."""
    tables = _tables()
    with (
        source.read() as read,
        target.backend.errors(),
        db.session(target.engine) as s,
        s.begin(),
    ):
        for table in tables:
            if s.execute(select(func.count()).select_from(table)).scalar_one():
                raise StorageError(
                    f"{target.location} already holds a library. Copy into a new, empty "
                    "library file or team library database."
                )
        mark = target.backend.mark(s)
        rows = 0
        for table in tables:
            order = list(table.primary_key.columns)
            result = read.execute(select(table).order_by(*order))
            while batch := result.mappings().fetchmany(BATCH):
                s.execute(insert(table), [dict(row) for row in batch])
                rows += len(batch)
        if target.backend.server:
            # audit_entry numbers its entries: the server's counter continues after them.
            s.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), "
                    "COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM audit_entry"
                )
            )
        s.flush()
        target.backend.after_write(s, mark)
        workshops = s.execute(text("SELECT count(*) FROM workshop")).scalar_one()
    target.writes += 1
    return Copied(int(workshops), rows)
