"""Operations-layer details that are easy to get subtly wrong: list order after deletes, adds
and undo; search beyond ASCII; items that must not be deleted on their own."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workshop_app.core.errors import ValidationError
from workshop_app.storage.operations import Library


@pytest.fixture
def library(any_library: Library) -> Library:
    """Every test here runs on a library file and on a team library (tests/conftest.py)."""
    return any_library


def positions(library: Library, workshop_id: str) -> list[tuple[str, int]]:
    with library.read() as s:
        rows = s.execute(
            text("SELECT text, position FROM request WHERE workshop_id = :w ORDER BY position"),
            {"w": workshop_id},
        ).all()
    return [(str(t), int(p)) for t, p in rows]


def texts(library: Library, workshop_id: str) -> list[str]:
    return [r.text for r in library.workshop(workshop_id).requests]


def assert_no_ties(library: Library, workshop_id: str) -> None:
    places = [p for _, p in positions(library, workshop_id)]
    assert len(places) == len(set(places)), positions(library, workshop_id)


@pytest.fixture
def abc(library: Library) -> tuple[str, dict[str, str]]:
    workshop_id = library.create_workshop("Order")
    ids = {t: library.add_item(workshop_id, "request", {"text": t}) for t in "ABC"}
    return workshop_id, ids


def test_adding_after_a_delete_never_ties_two_items(
    library: Library, abc: tuple[str, dict[str, str]]
) -> None:
    workshop_id, ids = abc
    library.delete_item("request", ids["A"])
    library.add_item(workshop_id, "request", {"text": "D"})
    assert_no_ties(library, workshop_id)
    assert texts(library, workshop_id) == ["B", "C", "D"]
    library.add_item(workshop_id, "request", {"text": "E"}, position=1)
    assert_no_ties(library, workshop_id)
    assert texts(library, workshop_id) == ["B", "E", "C", "D"]


def test_undoing_a_delete_puts_the_item_back_in_its_place_without_ties(
    library: Library, abc: tuple[str, dict[str, str]]
) -> None:
    workshop_id, ids = abc
    snapshot = library.delete_item("request", ids["A"])
    library.move_item("request", ids["C"], 0)  # C now holds A's old place
    library.restore(snapshot)
    assert_no_ties(library, workshop_id)
    assert texts(library, workshop_id) == ["A", "C", "B"]


def test_undo_redo_cycles_keep_the_order(library: Library, abc: tuple[str, dict[str, str]]) -> None:
    workshop_id, ids = abc
    for _ in range(3):
        snapshot = library.delete_item("request", ids["B"])
        assert texts(library, workshop_id) == ["A", "C"]
        library.restore(snapshot)
        assert texts(library, workshop_id) == ["A", "B", "C"]
    assert_no_ties(library, workshop_id)


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("École d'été", "école"),
        ("École d'été", "ÉCOLE D'ÉTÉ"),
        ("Straße der Einheit", "STRASSE"),
        ("ΣΟΦΊΑ", "σοφία"),
        ("Ärzte ohne Grenzen", "ärzte"),
        ("İstanbul office", "i̇stanbul"),
    ],
)
def test_search_ignores_case_beyond_ascii(library: Library, stored: str, query: str) -> None:
    wanted = library.create_workshop(stored)
    library.create_workshop("Something else")
    assert [w.id for w in library.workshops(query)] == [wanted]


def test_search_looks_into_request_and_need_text(library: Library) -> None:
    workshop_id = library.create_workshop("Plain title")
    library.add_item(workshop_id, "request", {"text": "Ein Dashboard für die GESCHÄFTSFÜHRUNG"})
    other = library.create_workshop("Another")
    library.add_item(other, "need", {"statement": "Angebote in EINEM Tag"})
    library.create_workshop("Unrelated")
    assert [w.id for w in library.workshops("geschäftsführung")] == [workshop_id]
    assert [w.id for w in library.workshops("einem tag")] == [other]


@pytest.mark.parametrize("kind", ["workshop", "decision"])
def test_workshops_and_decisions_cannot_be_deleted_as_items(
    library: Library, demo_id: str, kind: str
) -> None:
    before = library.workshop(demo_id)
    item_id = demo_id if kind == "workshop" else before.requests[0].id
    with pytest.raises(ValidationError, match="not a kind of item that can be deleted"):
        library.delete_item(kind, item_id)
    assert library.workshop(demo_id) == before
