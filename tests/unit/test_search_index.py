"""The library's search index stays exactly in step with the workshops, whatever writes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.unit.storage_helpers import database_at
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import migrate, seal, search
from workshop_app.storage.operations import Library


@pytest.fixture
def library(any_library: Library) -> Library:
    """What goes through the library runs on a file and on a team library (tests/conftest.py)."""
    return any_library


def ids(library: Library, query: str) -> set[str]:
    return {w.id for w in library.workshops(query)}


def test_every_kind_of_write_keeps_the_index_current(library: Library) -> None:
    first = library.create_workshop("Quarterly review", division="Ventes Nord")
    second = library.create_workshop("Another")
    request = library.add_item(first, "request", {"text": "A faster QUOTE-to-cash"})
    need = library.add_item(second, "need", {"statement": "Angebote in EINEM Tag"})
    assert ids(library, "quote-to") == {first}  # indexed query (3+ characters)
    assert ids(library, "-c") == {first}  # short query: scanned
    assert ids(library, "einem tag") == {second}
    assert ids(library, "ventes nord") == {first}

    library.set_field("request", request, "text", "Payroll without errors")
    library.set_field("need", need, "statement", "Ein Dashboard")
    library.set_field("workshop", second, "facilitator", "Zoë Straße")
    assert ids(library, "quote") == set()
    assert ids(library, "payroll") == {first}
    assert ids(library, "dashboard") == {second}
    assert ids(library, "STRASSE") == {second}

    snapshot = library.delete_item("request", request)
    assert ids(library, "payroll") == set()
    library.restore(snapshot)
    assert ids(library, "payroll") == {first}

    removed = library.delete_workshop(first)  # its requests go by cascade
    assert ids(library, "payroll") == set()
    assert ids(library, "review") == set()
    again = library.add_workshop(removed)
    assert ids(library, "payroll") == {again}
    copy = library.duplicate_workshop(again)
    assert ids(library, "payroll") == {again, copy}


def test_queries_are_taken_literally(library: Library) -> None:
    wanted = library.create_workshop('The "quoted" OR * NEAR(x) title')
    library.create_workshop("Something else")
    for query in ('"quoted"', "OR *", "near(x)", '" or *', "*"):
        assert ids(library, query) == {wanted}, query
    assert ids(library, "x" * 5000) == set()  # longer than any indexed query


def _documents(connection: sqlite3.Connection) -> dict[tuple[str, int], str]:
    rows = connection.execute(
        "SELECT c.workshop_id, c.block, w.body FROM search_chunk AS c "
        "JOIN search_words AS w ON w.rowid = c.id"
    )
    return {(workshop, block): body for workshop, block, body in rows}


def _rows_joined(connection: sqlite3.Connection) -> dict[tuple[str, int], str]:
    joined: dict[tuple[str, int], list[str]] = {}
    for workshop, chunk, body in connection.execute(
        "SELECT workshop_id, chunk, body FROM search_text ORDER BY id"
    ):
        joined.setdefault((workshop, chunk), []).append(body)
    assert all(len(bodies) <= search.BLOCK for bodies in joined.values())
    return {key: "\n".join(bodies) for key, bodies in joined.items()}


def _grams_match(connection: sqlite3.Connection) -> None:
    rows = connection.execute(
        "SELECT g.grams, w.body FROM search_grams AS g JOIN search_words AS w ON w.rowid = g.id"
    ).fetchall()
    assert rows and all(grams == search.grams(body) for grams, body in rows)
    count = connection.execute("SELECT count(*) FROM search_chunk").fetchone()[0]
    assert len(rows) == count


@pytest.mark.sqlite_only  # the FTS5 index of a library file
def test_the_index_matches_the_text_it_indexes(library: Library, db_path: Path) -> None:
    ws = m.Workshop(title="Index check", division="Finance", facilitator="Alex")
    ws.requests = [m.Request(f"Request {i}") for i in range(100)]  # more than one chunk
    ws.needs = [m.Need(f"Need {i}", [r.id]) for i, r in enumerate(ws.requests)]
    workshop_id = library.add_workshop(ws)
    library.duplicate_workshop(workshop_id)
    library.set_field("request", ws.requests[70].id, "text", "Changed")
    library.delete_item("need", ws.needs[3].id)
    connection = sqlite3.connect(db_path)
    try:
        indexed = connection.execute(
            "SELECT count(*) FROM search_text WHERE workshop_id = ?", (workshop_id,)
        ).fetchone()[0]
        assert indexed == 4 + 100 + 99  # four workshop fields, every request, every need
        connection.execute("INSERT INTO search_words (search_words) VALUES ('integrity-check')")
        assert connection.execute("SELECT count(*) FROM search_stale").fetchone()[0] == 0
        documents = _documents(connection)
        assert len(documents) > 4  # each workshop's text is in several chunks
        assert documents == _rows_joined(connection)
        _grams_match(connection)
        triggers = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    finally:
        connection.close()
    for table in ("request", "need", "workshop", "search_text"):
        assert (
            {f"{table}_search_ai", f"{table}_search_au", f"{table}_search_ad"} <= triggers
            if table != "search_text"
            else {"search_text_ai", "search_text_au", "search_text_ad"} <= triggers
        )


def test_texts_joined_in_a_document_are_still_searched_one_by_one(library: Library) -> None:
    first = library.create_workshop("Alpha")
    second = library.create_workshop("Beta")
    library.add_item(first, "request", {"text": "abc"})
    library.add_item(first, "request", {"text": "def"})
    library.add_item(second, "request", {"text": "abc\ndef"})  # one text over two lines
    assert ids(library, "abc") == {first, second}
    assert ids(library, "c\nd") == {second}  # never across two texts of the first
    assert ids(library, "alpha\nabc") == set()
    assert ids(library, "q") == set()
    assert ids(library, "e") == {first, second}  # "Beta", "def"
    assert ids(library, "cd") == set()


@pytest.mark.sqlite_only  # the FTS5 index of a library file
def test_text_written_without_the_index_is_found_until_indexed(
    library: Library, db_path: Path
) -> None:
    """Another program writing (with the functions the triggers need) but not refreshing the
    index: its changes are searched through their rows until the next save indexes them."""
    first = library.create_workshop("Quarterly review")
    second = library.create_workshop("Another")
    request = library.add_item(first, "request", {"text": "Payroll"})
    connection = sqlite3.connect(db_path)
    connection.create_function("casefold", 1, lambda text: text.casefold())
    seal.register(connection)
    with connection:
        connection.execute("UPDATE request SET text = 'Kubernetes' WHERE id = ?", (request,))
        connection.execute("UPDATE workshop SET title = 'Payroll again' WHERE id = ?", (second,))
    try:
        assert connection.execute("SELECT count(*) FROM search_stale").fetchone()[0] > 0
        for _ in range(2):
            assert ids(library, "kubernetes") == {first}
            assert ids(library, "payroll") == {second}
            assert ids(library, "ku") == {first}
            assert ids(library, "ll\nag") == set()
            library.set_field("workshop", first, "division", "Sales")  # indexes what is stale
            assert connection.execute("SELECT count(*) FROM search_stale").fetchone()[0] == 0
    finally:
        connection.close()


@pytest.mark.sqlite_only  # the FTS5 index of a library file
def test_a_library_indexed_text_by_text_is_indexed_by_workshop_when_upgraded(
    db_path: Path,
) -> None:
    workshop = demo_workshop()
    workshop.requests += [m.Request(f"Request {i} about payroll") for i in range(100)]
    workshop.decisions += [m.Decision(request_id=r.id) for r in workshop.requests[-100:]]
    database_at(db_path, "0007", [workshop])  # the revision before the index by workshop

    library = Library(db_path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert ids(library, "payroll") == {workshop.id}
        assert ids(library, workshop.requests[0].text[:2]) == {workshop.id}
    finally:
        library.close()
    connection = sqlite3.connect(db_path)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "search_fts" not in tables
        assert _documents(connection) == _rows_joined(connection)
        assert len(_documents(connection)) >= 2
        _grams_match(connection)
    finally:
        connection.close()
