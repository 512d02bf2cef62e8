"""search index: workshop, request and need text in an FTS5 trigram index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00

Library search looks for a piece of text anywhere in a workshop's title, division, company,
facilitator, requests and needs, ignoring case beyond ASCII (Python's casefold). Over years of
workshops (5,000 and more) scanning those tables took a third of a second, mostly reading the
long texts that share their rows. So the searchable text is kept, casefolded, in a narrow table,
`search_text`, one row per item and field, indexed by an FTS5 table with the trigram tokenizer,
`search_fts`, which answers substring queries of three or more characters from its index.

Triggers keep both in step with every write, whoever makes it, so no operation has to
remember. They call `casefold()`, which the app registers on every connection it opens
(storage/db.py); another program writing these tables without it fails instead of leaving the
index stale.

These tables are not SQLModel models (SQLAlchemy has no notion of virtual tables or triggers):
schema comparisons leave them out explicitly (storage/search.py, `include_name`). A later batch
migration that rebuilds workshop, request or need drops that table's triggers with it: it must
create them again (copy them from here) — tests/unit/test_search_index.py checks they exist.
"""

from collections.abc import Sequence

from alembic import op

from workshop_app.storage.migrations.dialect import on_sqlite
from workshop_app.storage.search import server_casefold

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORKSHOP_FIELDS = ("title", "division", "company", "facilitator")

_STATEMENTS = [
    """
    CREATE TABLE search_text (
        id INTEGER PRIMARY KEY,
        workshop_id VARCHAR NOT NULL,
        item_id VARCHAR NOT NULL,
        field VARCHAR NOT NULL,
        body TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX ix_search_text_item_field ON search_text (item_id, field)",
    "CREATE INDEX ix_search_text_workshop_id ON search_text (workshop_id)",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        body, content='search_text', content_rowid='id', tokenize='trigram case_sensitive 1'
    )
    """,
    # The FTS index follows search_text (SQLite's "external content" pattern).
    """
    CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
        INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
    END
    """,
    """
    CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END
    """,
    """
    CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
    END
    """,
    # search_text follows the tables the library searches.
    """
    CREATE TRIGGER request_search_ai AFTER INSERT ON request BEGIN
        INSERT INTO search_text (workshop_id, item_id, field, body)
        VALUES (new.workshop_id, new.id, 'text', casefold(new.text));
    END
    """,
    """
    CREATE TRIGGER request_search_au AFTER UPDATE OF text ON request BEGIN
        UPDATE search_text SET body = casefold(new.text)
        WHERE item_id = new.id AND field = 'text';
    END
    """,
    """
    CREATE TRIGGER request_search_ad AFTER DELETE ON request BEGIN
        DELETE FROM search_text WHERE item_id = old.id AND field = 'text';
    END
    """,
    """
    CREATE TRIGGER need_search_ai AFTER INSERT ON need BEGIN
        INSERT INTO search_text (workshop_id, item_id, field, body)
        VALUES (new.workshop_id, new.id, 'statement', casefold(new.statement));
    END
    """,
    """
    CREATE TRIGGER need_search_au AFTER UPDATE OF statement ON need BEGIN
        UPDATE search_text SET body = casefold(new.statement)
        WHERE item_id = new.id AND field = 'statement';
    END
    """,
    """
    CREATE TRIGGER need_search_ad AFTER DELETE ON need BEGIN
        DELETE FROM search_text WHERE item_id = old.id AND field = 'statement';
    END
    """,
    """
    CREATE TRIGGER workshop_search_ai AFTER INSERT ON workshop BEGIN
        INSERT INTO search_text (workshop_id, item_id, field, body) VALUES
    """
    + ",\n".join(
        f"            (new.id, new.id, '{name}', casefold(new.{name}))" for name in _WORKSHOP_FIELDS
    )
    + """;
    END
    """,
    """
    CREATE TRIGGER workshop_search_au AFTER UPDATE OF title, division, company, facilitator
    ON workshop BEGIN
    """
    + "\n".join(
        f"        UPDATE search_text SET body = casefold(new.{name}) "
        f"WHERE item_id = new.id AND field = '{name}';"
        for name in _WORKSHOP_FIELDS
    )
    + """
    END
    """,
    # Requests and needs go with their workshop by cascade; their own triggers remove their
    # rows, and this catches anything left over.
    """
    CREATE TRIGGER workshop_search_ad AFTER DELETE ON workshop BEGIN
        DELETE FROM search_text WHERE workshop_id = old.id;
    END
    """,
    # What is already there.
    """
    INSERT INTO search_text (workshop_id, item_id, field, body)
    SELECT workshop_id, id, 'text', casefold(text) FROM request
    """,
    """
    INSERT INTO search_text (workshop_id, item_id, field, body)
    SELECT workshop_id, id, 'statement', casefold(statement) FROM need
    """,
    *(
        f"""
    INSERT INTO search_text (workshop_id, item_id, field, body)
    SELECT id, id, '{name}', casefold({name}) FROM workshop
    """
        for name in _WORKSHOP_FIELDS
    ),
]


# PostgreSQL (a team library) answers the same question, "which texts contain this, ignoring
# case", from trigram indexes (pg_trgm) over the casefolded columns themselves: no copy of the
# text, no triggers (storage/search.py, `matching_workshop_ids`). Its `casefold(text)` folds as
# Python's does (search.server_casefold), with ICU's lowercasing where the server has ICU.
PG_TRIGRAM_INDEXES = {
    "search_trgm_workshop_title": ("workshop", "title"),
    "search_trgm_workshop_division": ("workshop", "division"),
    "search_trgm_workshop_company": ("workshop", "company"),
    "search_trgm_workshop_facilitator": ("workshop", "facilitator"),
    "search_trgm_request_text": ("request", "text"),
    "search_trgm_need_statement": ("need", "statement"),
}


def upgrade() -> None:
    if not on_sqlite():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        icu = op.get_bind().exec_driver_sql(
            "SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'"
        )
        op.execute(server_casefold('lower($1 COLLATE "und-x-icu")' if icu.first() else "lower($1)"))
        for name, (table, column) in PG_TRIGRAM_INDEXES.items():
            op.execute(
                f"CREATE INDEX {name} ON {table} USING gin (casefold({column}) gin_trgm_ops)"
            )
        return
    for statement in _STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if not on_sqlite():
        for name in PG_TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute("DROP FUNCTION IF EXISTS casefold(text)")
        return
    for trigger in (
        "workshop_search_ad",
        "workshop_search_au",
        "workshop_search_ai",
        "need_search_ad",
        "need_search_au",
        "need_search_ai",
        "request_search_ad",
        "request_search_au",
        "request_search_ai",
        "search_text_au",
        "search_text_ad",
        "search_text_ai",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_text")
