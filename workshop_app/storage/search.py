"""Library search: which workshops contain a piece of text, ignoring case beyond ASCII.

The searchable text (workshop title, division, company and facilitator, request texts, need
statements) is kept casefolded in `search_text`, one row per item and field, by triggers
(migration 0002). The index is coarser than that table: up to `BLOCK` texts of one workshop (in
practice a whole workshop of ordinary size) make one document, joined by line breaks, in the
FTS5 trigram table `search_words`; `search_chunk` names the workshop of each document (migration
0007 explains why: a word as common as "payroll" is in a fifth of all texts, and a search
visited every one of them).

Triggers only note which chunks of `search_text` changed, in `search_stale`; `refresh` makes
their documents again. The one writer (`Library._write`) calls it before each commit, so a
saved edit is indexed with it at the cost of one chunk; until a chunk is indexed again (a
program that wrote without refreshing), searches read its rows themselves. Either way the
result is exactly "a searchable text, casefolded, contains the casefolded query", as before the
index existed:

- a query of three or more characters is a phrase of its trigrams, which matches a document
  exactly where the query is a substring of it; a query holding no line break cannot span two
  of the joined texts, so the phrase alone is the answer;
- a query of one or two letters scans each document's distinct letters and pairs of letters
  (`search_grams`), a very long one the documents;
- a query with a line break scans the rows, as the documents join rows with line breaks.

A team library on PostgreSQL answers the same question from the tables themselves: each
searchable row keeps its text casefolded in a stored generated column (migration 0015), whose
trigram index (pg_trgm, GIN) serves `search_folded LIKE '%query%'`, which is again "a text
contains the query, ignoring case". One
interface, `matching_workshop_ids(text, dialect)`, gives either engine's query. PostgreSQL's
word search (tsvector/tsquery) is deliberately not used: it matches stemmed whole words, so
"pay" would not find "payroll" there while it does in a library file, and the same library
must give the same results on either engine (docs/team-library.md). The server folds case
with `casefold(text)`, a SQL function made by migration 0002 (`server_casefold`): Unicode's
full lowercasing (ICU's, so "İ" becomes "i̇" as in Python) and then the folds Python's
casefold adds to it ("ß" → "ss", final "ς" → "σ", ligatures…).
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

#: Longer queries scan instead: each trigram of a query is a term of the FTS query.
MAX_INDEXED_QUERY = 1000

#: Texts of a workshop per document: a new text joins its workshop's last chunk until it holds
#: this many (migration 0007's trigger). An edit indexes its chunk again: this bounds a save's work.
BLOCK = 64

_ROWS_OF_CHUNK = "t.workshop_id = {chunk}.workshop_id AND t.chunk = {chunk}.block"
_IS_STALE = (
    "EXISTS (SELECT 1 FROM search_stale AS s "
    "WHERE s.workshop_id = c.workshop_id AND s.block = c.block)"
)
#: The texts of the chunks not indexed again yet that contain :needle.
_STALE_ROWS = (
    "SELECT t.workshop_id FROM search_stale AS s CROSS JOIN search_text AS t ON "
    + _ROWS_OF_CHUNK.format(chunk="s")
    + " WHERE instr(t.body, :needle) > 0"
)
_STALE_CHUNKS = f"SELECT c.id FROM search_chunk AS c WHERE {_IS_STALE}"

#: Index the chunks noted as changed again (inside the writer's transaction).
REFRESH = (
    f"DELETE FROM search_words WHERE rowid IN ({_STALE_CHUNKS})",
    f"DELETE FROM search_grams WHERE id IN ({_STALE_CHUNKS})",
    f"DELETE FROM search_chunk AS c WHERE {_IS_STALE}",
    "INSERT INTO search_chunk (workshop_id, block) SELECT s.workshop_id, s.block "
    "FROM search_stale AS s WHERE EXISTS (SELECT 1 FROM search_text AS t WHERE "
    + _ROWS_OF_CHUNK.format(chunk="s")
    + ")",
    "INSERT INTO search_words (rowid, body) SELECT c.id, (SELECT group_concat(t.body, char(10)) "
    "FROM (SELECT t.body FROM search_text AS t WHERE "
    + _ROWS_OF_CHUNK.format(chunk="c")
    + f" ORDER BY t.id) AS t) FROM search_chunk AS c WHERE {_IS_STALE}",
    "INSERT INTO search_grams (id, grams) SELECT rowid, search_grams(body) FROM search_words "
    f"WHERE rowid IN ({_STALE_CHUNKS})",
    "DELETE FROM search_stale",
)


def grams(document: str | None) -> str | None:
    """The distinct letters and pairs of letters of a document's texts, one per line: a query
    of one or two letters (without a line break) is in a text exactly when it is in these."""
    if document is None:
        return None
    found: set[str] = set()
    for line in document.split("\n"):
        found.update(line)
        found.update(line[i : i + 2] for i in range(len(line) - 1))
    return "\n".join(sorted(found))


def register(connection: sqlite3.Connection) -> None:
    """The function `refresh` needs, on a connection that writes."""
    connection.create_function("search_grams", 1, grams, deterministic=True)


def is_index_table(name: str) -> bool:
    """The search index's tables, which are not SQLModel models (FTS5 creates shadow tables)."""
    return name in (
        "search_text",
        "search_chunk",
        "search_grams",
        "search_stale",
    ) or name.startswith(("search_fts", "search_words"))


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """For Alembic's schema comparison (autogenerate, tests): leave the search index out.

    SQLAlchemy cannot describe an FTS5 virtual table or triggers, so they live in migrations
    0002 and 0007 only; compared against the models they would look like tables to drop.
    """
    if name is not None and type_ == "index" and name.startswith("search_trgm_"):
        return False  # a team library's trigram indexes (migrations 0002 and 0015)
    if type_ == "column" and name == "search_folded":
        return False  # a team library's folded text (migration 0015)
    return not (type_ == "table" and name is not None and is_index_table(name))


def refresh(connection: sqlite3.Connection) -> None:
    """Index again the chunks whose rows changed since the last refresh (if any)."""
    if connection.execute("SELECT 1 FROM search_stale LIMIT 1").fetchone() is None:
        return
    for statement in REFRESH:
        connection.execute(statement)


def matching_workshop_ids(search: str, dialect: str = "sqlite") -> tuple[str, dict[str, str]]:
    """A SELECT of the ids of workshops whose searchable text contains `search`, and its
    parameters (named: `:name`, as sqlite3 and SQLAlchemy's text() both take them)."""
    if dialect != "sqlite":
        return _on_server(search)
    folded = search.strip().casefold()
    if "\n" in folded:  # could span two texts joined in a document: ask the rows themselves
        return (
            "SELECT id FROM workshop WHERE EXISTS (SELECT 1 FROM search_text AS t "
            "WHERE t.workshop_id = workshop.id AND instr(t.body, :needle) > 0)",
            {"needle": folded},
        )
    if 3 <= len(folded) <= MAX_INDEXED_QUERY:
        phrase = '"' + folded.replace('"', '""') + '"'
        documents = "SELECT rowid FROM search_words WHERE search_words MATCH :phrase"
        parameters = {"phrase": phrase, "needle": folded}
    elif len(folded) < 3:
        documents = "SELECT id FROM search_grams WHERE instr(grams, :needle) > 0"
        parameters = {"needle": folded}
    else:
        documents = "SELECT rowid FROM search_words WHERE instr(body, :needle) > 0"
        parameters = {"needle": folded}
    return (
        f"SELECT c.workshop_id FROM search_chunk AS c WHERE c.id IN ({documents}) "
        f"AND NOT {_IS_STALE} UNION {_STALE_ROWS}",
        parameters,
    )


#: The fields each searchable table folds into its `search_folded` text (migration 0015).
_SERVER_COLUMNS = {
    "workshop": ("id", ("title", "division", "company", "facilitator")),
    "request": ("workshop_id", ("text",)),
    "need": ("workshop_id", ("statement",)),
}


def _on_server(search: str) -> tuple[str, dict[str, str]]:
    """PostgreSQL: a row's folded text contains the casefolded query (a LIKE pattern, its
    wildcards escaped, that the trigram indexes of migration 0015 answer). A query with a line
    break could span two of a workshop's fields joined in its text, so it asks the fields."""
    folded = search.strip().casefold()
    needle = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = "('%' || :needle || '%')"
    if "\n" in folded:
        selects = [
            f"SELECT {key} FROM {table} WHERE "
            + " OR ".join(f"casefold({column}) LIKE {pattern}" for column in columns)
            for table, (key, columns) in _SERVER_COLUMNS.items()
        ]
    else:
        selects = [
            f"SELECT {key} FROM {table} WHERE search_folded LIKE {pattern}"
            for table, (key, _columns) in _SERVER_COLUMNS.items()
        ]
    return " UNION ".join(selects), {"needle": needle}


def server_casefold(lowercase: str) -> str:
    """CREATE FUNCTION casefold(text) for PostgreSQL, folding as Python's str.casefold does.

    `lowercase` is the SQL lowercasing `$1` (ICU's full mapping where the server has ICU).
    The folds beyond lowercasing are taken from Python's own Unicode tables: one-letter folds
    in one `translate`, the few longer ones ("ß" → "ss") by `replace`, only in a text that
    holds one of them."""
    single: dict[str, str] = {}
    longer: dict[str, str] = {}
    for code in range(sys.maxunicode + 1):
        letter = chr(code)
        if 0xD800 <= code <= 0xDFFF or letter.lower() != letter or letter.casefold() == letter:
            continue
        (single if len(letter.casefold()) == 1 else longer)[letter] = letter.casefold()
    folded = f"translate({lowercase}, '{''.join(single)}', '{''.join(single.values())}')"
    replaced = folded
    for letter, fold in longer.items():
        replaced = f"replace({replaced}, '{letter}', '{fold}')"
    return (
        "CREATE FUNCTION casefold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"RETURN CASE WHEN {folded} ~ '[{''.join(longer)}]' THEN {replaced} ELSE {folded} END"
    )
