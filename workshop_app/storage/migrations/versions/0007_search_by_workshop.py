"""search by workshop: one indexed document per chunk of a workshop's text, not per text

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-07 12:00:00

Migration 0002 indexed every searchable text (`search_text`, one row per item and field) as a
document of its own. Over 20,000 workshops that is a million documents, and a common word such
as "payroll" is in 200,000 of them: matching the phrase and mapping each document back to its
workshop took a third of a second, while the question is only which of 20,000 workshops match.

Now up to 64 neighbouring rows of one workshop (`block` = row id // 64: an ordinary workshop is
one or two chunks) make one document, their texts joined by a line break, in the FTS5 trigram
table `search_words`; the narrow `search_chunk` names each document's workshop. Re-indexing a
whole workshop at every keystroke-pause would cost as much as the text of a workshop of 2,000
requests; a chunk bounds it.

`search_text` keeps its triggers from 0002 (it follows the workshop, request and need tables).
Its own triggers no longer touch the index: they note the chunk a changed row belongs to in
`search_stale`, and the writer indexes those chunks again before it commits
(storage/search.py, `refresh`). A chunk still noted is searched through its rows, so a program
that writes without refreshing leaves searches slower, never wrong.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_TRIGGERS = ("search_text_ai", "search_text_ad", "search_text_au")

_STATEMENTS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _OLD_TRIGGERS),
    "DROP TABLE IF EXISTS search_fts",
    """
    CREATE TABLE search_chunk (
        id INTEGER PRIMARY KEY,
        workshop_id VARCHAR NOT NULL,
        block INTEGER NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX ix_search_chunk_workshop_block ON search_chunk (workshop_id, block)",
    """
    CREATE TABLE search_stale (
        workshop_id VARCHAR NOT NULL,
        block INTEGER NOT NULL,
        PRIMARY KEY (workshop_id, block)
    ) WITHOUT ROWID
    """,
    """
    CREATE VIRTUAL TABLE search_words USING fts5(body, tokenize='trigram case_sensitive 1')
    """,
    """
    CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        VALUES (new.workshop_id, new.id >> 6);
    END
    """,
    """
    CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        VALUES (old.workshop_id, old.id >> 6);
    END
    """,
    """
    CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN
        INSERT OR IGNORE INTO search_stale (workshop_id, block)
        VALUES (old.workshop_id, old.id >> 6), (new.workshop_id, new.id >> 6);
    END
    """,
    # Every text there is, indexed now (as storage/search.py's REFRESH does for changed chunks).
    """
    INSERT INTO search_chunk (workshop_id, block)
    SELECT DISTINCT workshop_id, id >> 6 FROM search_text ORDER BY workshop_id, id >> 6
    """,
    """
    INSERT INTO search_words (rowid, body)
    SELECT c.id, (
        SELECT group_concat(t.body, char(10)) FROM (
            SELECT t.body FROM search_text AS t
            WHERE t.workshop_id = c.workshop_id AND t.id BETWEEN c.block * 64 AND c.block * 64 + 63
            ORDER BY t.id
        ) AS t
    )
    FROM search_chunk AS c
    """,
]

# Migration 0002's index, for downgrade.
_DOWN = [
    "DROP TRIGGER IF EXISTS search_text_ai",
    "DROP TRIGGER IF EXISTS search_text_ad",
    "DROP TRIGGER IF EXISTS search_text_au",
    "DROP TABLE IF EXISTS search_words",
    "DROP TABLE IF EXISTS search_stale",
    "DROP TABLE IF EXISTS search_chunk",
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
    for statement in _STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in _DOWN:
        op.execute(statement)
