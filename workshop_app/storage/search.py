"""Library search: which workshops contain a piece of text, ignoring case beyond ASCII.

The searchable text (workshop title, division, company and facilitator, request texts, need
statements) is kept casefolded in `search_text` and indexed by the FTS5 trigram table
`search_fts`; triggers keep both current (migration 0002 explains). A query of three or more
characters is answered from the index, a shorter or very long one by scanning the narrow
`search_text` table; either way the result is exactly "the casefolded text contains the
casefolded query", as before the index existed.
"""

from __future__ import annotations

from typing import Any

#: Longer queries scan instead: each trigram of a query is a term of the FTS query.
MAX_INDEXED_QUERY = 1000


def is_index_table(name: str) -> bool:
    """The search index's tables, which are not SQLModel models (FTS5 creates shadow tables)."""
    return name == "search_text" or name.startswith("search_fts")


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """For Alembic's schema comparison (autogenerate, tests): leave the search index out.

    SQLAlchemy cannot describe an FTS5 virtual table or triggers, so they live in migration
    0002 only; compared against the models they would look like tables to drop.
    """
    return not (type_ == "table" and name is not None and is_index_table(name))


def matching_workshop_ids(search: str) -> tuple[str, dict[str, str]]:
    """A SELECT of the ids of workshops whose searchable text contains `search`, and its
    parameters (named, for sqlite3)."""
    folded = search.strip().casefold()
    if 3 <= len(folded) <= MAX_INDEXED_QUERY:
        # A phrase of the query's trigrams; instr() then confirms each candidate exactly.
        phrase = '"' + folded.replace('"', '""') + '"'
        return (
            "SELECT workshop_id FROM search_text WHERE id IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH :phrase) "
            "AND instr(body, :needle) > 0",
            {"phrase": phrase, "needle": folded},
        )
    # Workshop by workshop, so a common letter stops at each workshop's first match.
    return (
        "SELECT id FROM workshop WHERE EXISTS (SELECT 1 FROM search_text "
        "WHERE search_text.workshop_id = workshop.id AND instr(body, :needle) > 0)",
        {"needle": folded},
    )
