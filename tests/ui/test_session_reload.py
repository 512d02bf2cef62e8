"""After an edit of one item's fields the session reads only that item again; what it then shows
is what a full load of the database shows, after the edit, its undo and its redo, and after a
refusal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui.session import WorkshopSession


@pytest.fixture
def session(qapp: QApplication, library: Library, demo_id: str) -> Iterator[WorkshopSession]:
    session = WorkshopSession(library, demo_id)
    yield session
    session.deleteLater()


def shows_what_is_stored(session: WorkshopSession) -> None:
    assert session.workshop == session.library.workshop(session.workshop_id)


def edits(ws: m.Workshop) -> list[tuple[Kind, str, str, Any]]:
    return [
        (Kind.REQUEST, ws.requests[1].id, "text", "A CRM that talks to quoting"),
        (Kind.REQUEST, ws.requests[0].id, "urgency", m.Urgency.CRITICAL),
        (Kind.NEED, ws.needs[0].id, "statement", "Quotes out the same day"),
        (Kind.NEED, ws.needs[1].id, "effort", 9),
        (Kind.NEED, ws.needs[2].id, "why_ladder", ["Because", "and because"]),
        (Kind.GOAL, ws.goals[0].id, "weight", 1),
        (Kind.PARTICIPANT, ws.participants[0].id, "decision_maker", False),
        (Kind.AGENDA_ITEM, ws.agenda[0].id, "title", "Welcome"),
        (Kind.ACTION, ws.actions[0].id, "done", True),
        (Kind.DECISION, ws.requests[0].id, "rationale", "Because the room agreed"),
        (Kind.WORKSHOP, ws.id, "title", "Sales, again"),
    ]


def test_each_field_edit_undo_and_redo_show_what_is_stored(session: WorkshopSession) -> None:
    for kind, item_id, field, value in edits(session.workshop):
        before = session.workshop
        session.edit(kind, item_id, field, value)
        assert session.workshop is not before  # a new workshop object: views refresh from it
        shows_what_is_stored(session)
        session.undo_stack.undo()
        shows_what_is_stored(session)
        session.undo_stack.redo()
        shows_what_is_stored(session)


def test_a_refused_edit_shows_what_is_stored(session: WorkshopSession) -> None:
    told: list[str] = []
    session.failed.connect(told.append)
    request = session.workshop.requests[0]
    session.edit(Kind.REQUEST, request.id, "text", "x" * 100_000)
    assert told
    shows_what_is_stored(session)
    assert session.workshop.requests[0].text == request.text


def test_an_item_gone_from_the_database_is_read_again_whole(
    session: WorkshopSession,
) -> None:
    request = session.workshop.requests[0]
    session.library.delete_item(Kind.REQUEST, request.id)  # behind the session's back
    session.edit(Kind.REQUEST, request.id, "text", "Still here?")
    shows_what_is_stored(session)
    assert all(r.id != request.id for r in session.workshop.requests)


def adds(ws: m.Workshop) -> list[tuple[Kind, dict[str, Any]]]:
    return [
        (Kind.REQUEST, {"text": "A portal for suppliers"}),
        (
            Kind.NEED,
            {"statement": "Suppliers see their orders", "request_ids": [ws.requests[0].id]},
        ),
        (Kind.GOAL, {"title": "Grow margin"}),
        (Kind.PARTICIPANT, {"name": "Zoë Straße"}),
        (Kind.AGENDA_ITEM, {"title": "Coffee"}),
        (Kind.ACTION, {"text": "Call the vendor"}),
    ]


def test_each_add_undo_and_redo_show_what_is_stored(session: WorkshopSession) -> None:
    for kind, values in adds(session.workshop):
        added = session.add(kind, values)
        assert added is not None
        shows_what_is_stored(session)
        session.undo_stack.undo()
        shows_what_is_stored(session)
        session.undo_stack.redo()
        shows_what_is_stored(session)
    assert session.add(Kind.REQUEST, {"text": "One more"}, position=0) is not None
    shows_what_is_stored(session)
    assert session.workshop.requests[0].text == "One more"


def test_an_add_after_a_write_elsewhere_shows_what_is_stored(session: WorkshopSession) -> None:
    ws = session.workshop
    session.library.add_item(ws.id, Kind.REQUEST, {"text": "Added behind its back"})
    session.add(Kind.REQUEST, {"text": "Added here"})
    shows_what_is_stored(session)
    assert [r.text for r in session.workshop.requests[-2:]] == [
        "Added behind its back",
        "Added here",
    ]


def test_a_refusal_reads_the_workshop_again_only_when_something_was_written(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    session.failed.connect(told.append)
    session.edit(Kind.REQUEST, session.workshop.requests[0].id, "text", "Written first")
    loads: list[str] = []
    load = Library.workshop
    monkeypatch.setattr(
        Library, "workshop", lambda lib, i, **kw: loads.append(i) or load(lib, i, **kw)
    )
    shown: list[m.Workshop] = []
    session.changed.connect(lambda ws, _changes: shown.append(ws))

    session.edit(Kind.REQUEST, session.workshop.requests[0].id, "text", "x" * 100_000)
    assert len(told) == 1 and loads == [] and shown == [session.workshop]
    shows_what_is_stored(session)
    loads.clear()

    session.library.set_field(Kind.REQUEST, session.workshop.requests[1].id, "text", "Elsewhere")
    session.edit(Kind.REQUEST, session.workshop.requests[0].id, "text", "x" * 100_000)
    assert len(told) == 2 and loads == [session.workshop_id]
    shows_what_is_stored(session)
    assert session.workshop.requests[1].text == "Elsewhere"
