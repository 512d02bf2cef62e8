"""search by workshop: one indexed document per chunk of a workshop's text, not per text

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:00:00

Migration 0002 indexed every searchable text (`search_text`, one row per item and field) as a
document of its own. Over 20,000 workshops that is a million documents, and a common word such
as "payroll" is in 200,000 of them: matching the phrase and mapping each document back to its
workshop took a third of a second, while the question is only which of 20,000 workshops match.
A query of one or two letters (the first keystroke) scanned all million texts.

Now each workshop's texts are in chunks of up to 64 (`search_text.chunk`: a new text joins its
workshop's last chunk until that is full), and a chunk is one document, its texts joined by a
line break, in the FTS5 trigram table `search_words`; the narrow `search_chunk` names each
document's workshop (an ordinary workshop is one or two chunks). `search_grams` holds each
chunk's distinct letters and pairs of letters, which answer a one- or two-letter query by
scanning a few hundred bytes per chunk instead of its text. Indexing a whole workshop again at
every pause in typing would cost as much as the text of a workshop of 2,000 requests; a chunk
bounds it.

`search_text` keeps its triggers from 0002 (it follows the workshop, request and need tables).
Its own triggers no longer touch the index: they give a new text its chunk and note the chunks
whose texts changed in `search_stale`, and the writer indexes those chunks again before it
commits (storage/search.py, `refresh`; `search_grams()` is a function the app registers on
every connection, as it does `casefold()`). A chunk still noted is searched through its texts,
so a program that writes without refreshing leaves searches slower, never wrong.
"""

from collections.abc import Sequence

from workshop_app.storage.migrations.dialect import execute_on_sqlite

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = ("search_text_ai", "search_text_ad", "search_text_au")

# Frozen here: storage/search.py's REFRESH does the same for the chunks noted as changed.
_INDEX_ALL = [
    "INSERT INTO search_chunk (workshop_id, block) "
    "SELECT DISTINCT workshop_id, chunk FROM search_text ORDER BY workshop_id, chunk",
    """
    INSERT INTO search_words (rowid, body)
    SELECT c.id, (
        SELECT group_concat(t.body, char(10)) FROM (
            SELECT t.body FROM search_text AS t
            WHERE t.workshop_id = c.workshop_id AND t.chunk = c.block ORDER BY t.id
        ) AS t
    )
    FROM search_chunk AS c
    """,
    "INSERT INTO search_grams (id, grams) "
    "SELECT rowid, search_grams(body) FROM search_words ORDER BY rowid",
]

_STATEMENTS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _TRIGGERS),
    "DROP TABLE IF EXISTS search_fts",
    "ALTER TABLE search_text ADD COLUMN chunk INTEGER",
    """
    UPDATE search_text SET chunk = numbered.n / 64 FROM (
        SELECT id, row_number() OVER (PARTITION BY workshop_id ORDER BY id) - 1 AS n
        FROM search_text
    ) AS numbered WHERE numbered.id = search_text.id
    """,
    "CREATE INDEX ix_search_text_workshop_chunk ON search_text (workshop_id, chunk)",
    """
    CREATE TABLE search_chunk (
        id INTEGER PRIMARY KEY,
        workshop_id VARCHAR NOT NULL,
        block INTEGER NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX ix_search_chunk_workshop_block ON search_chunk (workshop_id, block)",
    "CREATE TABLE search_grams (id INTEGER PRIMARY KEY, grams TEXT NOT NULL)",
    """
    CREATE TABLE search_stale (
        workshop_id VARCHAR NOT NULL,
        block INTEGER NOT NULL,
        PRIMARY KEY (workshop_id, block)
    ) WITHOUT ROWID
    """,
    "CREATE VIRTUAL TABLE search_words USING fts5(body, tokenize='trigram case_sensitive 1')",
    # A new text joins its workshop's last chunk, or starts the next one when that is full.
    """
    CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
        UPDATE search_text SET chunk = (
            SELECT CASE
                WHEN (SELECT count(*) FROM search_text AS t
                      WHERE t.workshop_id = new.workshop_id AND t.chunk = last.n) < 64
                THEN last.n ELSE last.n + 1 END
            FROM (SELECT coalesce(max(chunk), 0) AS n FROM search_text AS t
                  WHERE t.workshop_id = new.workshop_id) AS last
        ) WHERE id = new.id;
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        SELECT workshop_id, chunk FROM search_text WHERE id = new.id;
    END
    """,
    """
    CREATE TRIGGER search_text_ad AFTER DELETE ON search_text WHEN old.chunk IS NOT NULL BEGIN
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        VALUES (old.workshop_id, old.chunk);
    END
    """,
    """
    CREATE TRIGGER search_text_au AFTER UPDATE OF body ON search_text
    WHEN new.chunk IS NOT NULL BEGIN
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        VALUES (new.workshop_id, new.chunk);
    END
    """,
    *_INDEX_ALL,
]

# Migration 0002's index again, for downgrade.
_DOWN = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _TRIGGERS),
    "DROP TABLE IF EXISTS search_words",
    "DROP TABLE IF EXISTS search_grams",
    "DROP TABLE IF EXISTS search_stale",
    "DROP TABLE IF EXISTS search_chunk",
    "DROP INDEX IF EXISTS ix_search_text_workshop_chunk",
    "ALTER TABLE search_text DROP COLUMN chunk",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        body, content='search_text', content_rowid='id', tokenize='trigram case_sensitive 1'
    )
    """,
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
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    # PostgreSQL searches with its own trigram indexes (migration 0002), so nothing changes there.
    execute_on_sqlite(_STATEMENTS)


def downgrade() -> None:
    execute_on_sqlite(_DOWN)
