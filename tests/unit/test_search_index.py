"""The library's search index stays exactly in step with the workshops, whatever writes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.storage.operations import Library


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


def test_the_index_matches_the_text_it_indexes(library: Library, db_path: Path) -> None:
    ws = m.Workshop(title="Index check", division="Finance", facilitator="Alex")
    ws.requests = [m.Request(f"Request {i}") for i in range(20)]
    ws.needs = [m.Need(f"Need {i}", [r.id]) for i, r in enumerate(ws.requests)]
    library.add_workshop(ws)
    connection = sqlite3.connect(db_path)
    try:
        indexed = connection.execute("SELECT count(*) FROM search_text").fetchone()[0]
        assert indexed == 4 + 20 + 20  # four workshop fields, every request, every need
        check = connection.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
        check.close()
        triggers = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    finally:
        connection.close()
    for table in ("request", "need", "workshop"):
        assert {f"{table}_search_ai", f"{table}_search_au", f"{table}_search_ad"} <= triggers
