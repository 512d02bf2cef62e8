"""The library list read with Python's own sqlite3 (storage/catalog.py): at start-up `peek` shows
exactly what the opened database will, or nothing at all when only the full open can tell."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.unit.storage_helpers import corrupt_middle_pages, make_populated_db, set_alembic_revision
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import catalog, schema_version, seal
from workshop_app.storage.operations import Library

DEMO_REQUESTS = len(demo_workshop().requests)


def _populate(library: Library) -> list[str]:
    """Workshops with different request counts, titles, statuses and times of change (a second
    apart, the resolution of the stored times); their ids, most recently changed first."""
    demo = library.add_workshop(demo_workshop())
    one = library.add_workshop(m.Workshop(title="No requests yet", division="Ops"))
    signed = library.add_workshop(m.Workshop(title="Signed", status=m.Status.SIGNED_OFF))
    library.add_item(one, "request", {"text": "One request"})
    # Another writer (a second connection) stamps the times, so the order is known.
    connection = sqlite3.connect(library.path)
    seal.register(connection)  # the triggers sealing each row call it
    with connection:
        for workshop_id, at in (
            (demo, "2026-01-01T09:00:00Z"),
            (one, "2026-03-01T09:00:00Z"),
            (signed, "2026-02-01T09:00:00Z"),
        ):
            connection.execute("UPDATE workshop SET updated_at = ? WHERE id = ?", (at, workshop_id))
    connection.close()
    return [one, signed, demo]


@contextmanager
def _plain_connection(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def test_peek_lists_what_the_open_library_lists_while_it_is_open(
    library: Library, db_path: Path
) -> None:
    expected_ids = _populate(library)  # the last writes are still in the WAL
    assert Path(f"{db_path}-wal").stat().st_size > 0

    peeked = catalog.peek(db_path)

    assert peeked == library.workshops()
    assert peeked is not None
    assert [s.id for s in peeked] == expected_ids
    assert [(s.title, s.request_count) for s in peeked] == [
        ("No requests yet", 1),
        ("Signed", 0),
        ("Q3 alignment with Sales and People", DEMO_REQUESTS),
    ]
    assert peeked[1].status is m.Status.SIGNED_OFF


def test_peek_lists_what_the_library_lists_after_it_was_closed(db_path: Path) -> None:
    library = Library(db_path)
    expected_ids = _populate(library)
    library.close()

    peeked = catalog.peek(db_path)

    library = Library(db_path)
    try:
        assert peeked == library.workshops()
    finally:
        library.close()
    assert peeked is not None and [s.id for s in peeked] == expected_ids
    assert [s.request_count for s in peeked] == [1, 0, DEMO_REQUESTS]


def test_peek_of_an_empty_library_is_an_empty_list(library: Library, db_path: Path) -> None:
    assert catalog.peek(db_path) == []


def test_peek_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    assert catalog.peek(path) is None
    assert list(tmp_path.iterdir()) == []


def test_peek_of_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    path.write_text("Shopping list: milk, eggs\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    assert catalog.peek(path) is None
    assert path.read_bytes() == before


def test_peek_of_a_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    other = sqlite3.connect(path)
    with other:
        other.execute("CREATE TABLE workshop (id TEXT PRIMARY KEY, title TEXT)")
        other.execute("INSERT INTO workshop VALUES ('w1', 'Not ours')")
    other.close()
    before = path.read_bytes()
    assert catalog.peek(path) is None
    assert path.read_bytes() == before


@pytest.mark.parametrize("revision", ["0001", "9999_from_the_future", ""])
def test_peek_of_a_database_at_another_revision(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    assert catalog.peek(path) is not None  # the same file at the newest revision is read
    set_alembic_revision(path, revision)
    assert catalog.peek(path) is None


def test_peek_of_a_database_with_two_revision_rows(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    head = schema_version.declared_head(schema_version.migrations_folder())
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("INSERT INTO alembic_version VALUES (?)", (f"{head}_branch",))
    connection.close()
    assert catalog.peek(path) is None


def test_peek_of_a_status_this_version_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    (workshop_id,) = make_populated_db(path)
    connection = sqlite3.connect(path)
    seal.register(connection)
    with connection:
        connection.execute(
            "UPDATE workshop SET status = 'archived_in_the_future' WHERE id = ?", (workshop_id,)
        )
    connection.close()
    assert catalog.peek(path) is None


def test_peek_of_a_damaged_database_never_guesses(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=6)
    corrupt_middle_pages(path)
    before = path.read_bytes()
    peeked = catalog.peek(path)
    # Either the damage is outside what the list reads (then all six are there) or nothing.
    assert peeked is None or len(peeked) == 6
    assert path.read_bytes() == before


def test_peek_never_changes_a_closed_database(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=2)
    before = path.read_bytes()
    for _ in range(3):
        peeked = catalog.peek(path)
        assert peeked is not None and len(peeked) == 2
    assert path.read_bytes() == before


def test_peek_leaves_an_unreadable_database_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    set_alembic_revision(path, "9999_from_the_future")
    before = path.read_bytes()
    assert catalog.peek(path) is None
    assert path.read_bytes() == before


LONG = ("zq🚀" * 3400)[:10_000]


@pytest.fixture
def hostile_library(library: Library) -> dict[str, str]:
    """Workshops whose text is hard to search; their ids by name."""
    cjk = library.create_workshop("東京オフィスの要望", division="営業")
    library.add_item(cjk, "request", {"text": "絵文字 🚀🎉 で発表"})
    quotes = library.create_workshop("Say \"hello\" and 'bye'", division="Ops; DROP TABLE x")
    long_text = library.create_workshop("Long", division="")
    library.add_item(long_text, "request", {"text": f"start {LONG} end"})
    library.add_workshop(demo_workshop())
    return {"cjk": cjk, "quotes": quotes, "long": long_text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("オフィス", {"cjk"}),
        ("東京", {"cjk"}),  # two characters: below the trigram index
        ("🚀🎉", {"cjk"}),
        ('"hello"', {"quotes"}),
        ("'bye'", {"quotes"}),
        ('" OR 1=1 --', set()),
        ("drop table", {"quotes"}),
        ("ZQ", {"long"}),
        (LONG, {"long"}),  # ten thousand characters, far beyond the indexed length
        ("x" + LONG[1:], set()),
    ],
    ids=[
        "cjk",
        "cjk-2",
        "emoji",
        "double-quotes",
        "single-quotes",
        "injection",
        "case",
        "2-char",
        "10000-chars",
        "10000-chars-no-match",
    ],
)
def test_list_workshops_searches_as_the_library_does(
    library: Library,
    db_path: Path,
    hostile_library: dict[str, str],
    text: str,
    expected: set[str],
) -> None:
    with _plain_connection(db_path) as connection:
        listed = catalog.list_workshops(connection, text)
    assert listed == library.workshops(text)
    assert {s.id for s in listed} == {hostile_library[name] for name in expected}


def test_list_workshops_without_text_lists_everything(
    library: Library, db_path: Path, hostile_library: dict[str, str]
) -> None:
    with _plain_connection(db_path) as connection:
        assert catalog.list_workshops(connection, "   ") == catalog.list_workshops(connection)
        everything = catalog.list_workshops(connection)
    assert len(everything) == 4
    assert set(hostile_library.values()) < {s.id for s in everything}
