"""server search documents: a team library keeps its searchable text casefolded

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:00:00

PostgreSQL only; a library file is unchanged. Migration 0002 gave a team library trigram
indexes over `casefold(column)`. The index finds candidate rows quickly, but PostgreSQL then
checks each candidate against the pattern again, which computed `casefold` anew for every one:
at 20,000 workshops a common word searched for seconds. Now each searchable row keeps its
folded text in a stored generated column, `search_folded`, that the server writes with the row
and the trigram index covers, so the check reads it instead of folding again.

A workshop's four searchable fields make one text, joined by line breaks: a query without a
line break matches it exactly where it matches one of the fields (storage/search.py asks the
fields themselves for the rare query that holds one).
"""

from collections.abc import Sequence

from alembic import op

from workshop_app.storage.migrations.dialect import on_sqlite

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The searchable fields of each table; migration 0002 indexed each as `casefold(field)`.
_FIELDS = {
    "workshop": ("title", "division", "company", "facilitator"),
    "request": ("text",),
    "need": ("statement",),
}


def _folded(fields: tuple[str, ...]) -> str:
    """A row's searchable fields joined by line breaks, casefolded."""
    return "casefold(" + " || E'\\n' || ".join(f"coalesce({f}, '')" for f in fields) + ")"


def _old_indexes() -> list[tuple[str, str, str]]:
    return [
        (f"search_trgm_{table}_{field}", table, field)
        for table, fields in _FIELDS.items()
        for field in fields
    ]


def upgrade() -> None:
    if on_sqlite():
        return
    for name, _table, _field in _old_indexes():
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for table, fields in _FIELDS.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_folded text "
            f"GENERATED ALWAYS AS ({_folded(fields)}) STORED"
        )
        op.execute(
            f"CREATE INDEX search_trgm_{table} ON {table} USING gin (search_folded gin_trgm_ops)"
        )


def downgrade() -> None:
    if on_sqlite():
        return
    for table in _FIELDS:
        op.execute(f"DROP INDEX IF EXISTS search_trgm_{table}")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_folded")
    for name, table, field in _old_indexes():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (casefold({field}) gin_trgm_ops)")
