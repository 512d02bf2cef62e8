"""The library's undo commands (delete and duplicate a whole workshop) against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from tests.disk import Disk
from tests.unit.test_signing_support import signed_off
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.library.commands import DeleteWorkshop, DuplicateWorkshop


class FakeLibraryView:
    """What the commands need from the library page, recording what they asked of it."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.selected: list[str | None] = []
        self.problems: list[str] = []
        self.forgotten: list[str] = []

    def after_change(self, select_id: str | None = None) -> None:
        self.selected.append(select_id)

    def show_problem(self, message: str) -> None:
        self.problems.append(message)

    def forget(self, workshop_id: str) -> None:
        self.forgotten.append(workshop_id)


def titles_on_disk(db_path: Path) -> dict[str, str]:
    return dict(Disk(db_path).rows("SELECT id, title FROM workshop"))


def rows_of(db_path: Path, workshop_id: str) -> int:
    """How many rows across the workshop's lists belong to it."""
    return sum(len(rows) for rows in Disk(db_path).everything_of(workshop_id).values())


@pytest.fixture
def view(library: Library) -> FakeLibraryView:
    return FakeLibraryView(library)


@pytest.fixture
def stack(qapp: QApplication) -> QUndoStack:
    return QUndoStack()


def test_a_deleted_workshop_comes_back_whole_with_its_ids_on_undo(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str, db_path: Path
) -> None:
    before = library.workshop(demo_id)
    rows = rows_of(db_path, demo_id)
    stack.push(DeleteWorkshop(view, demo_id, before.title))
    assert demo_id not in titles_on_disk(db_path) and rows_of(db_path, demo_id) == 0
    assert view.forgotten == [demo_id]
    stack.undo()
    assert titles_on_disk(db_path) == {demo_id: before.title}
    assert rows_of(db_path, demo_id) == rows
    assert library.workshop(demo_id) == before
    assert view.selected[-1] == demo_id
    stack.redo()
    assert demo_id not in titles_on_disk(db_path)


def test_a_signed_off_workshop_comes_back_signed_off(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str
) -> None:
    ws = signed_off(library, demo_id)
    stack.push(DeleteWorkshop(view, demo_id, ws.title))
    stack.undo()
    restored = library.workshop(demo_id)
    assert restored.status is m.Status.SIGNED_OFF
    assert restored.signatures == ws.signatures


def test_a_duplicate_is_a_draft_copy_that_undo_removes_and_redo_brings_back_the_same(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str, db_path: Path
) -> None:
    title = library.workshop(demo_id).title
    command = DuplicateWorkshop(view, demo_id, title)
    stack.push(command)
    copy_id = command.copy_id
    assert copy_id is not None and copy_id != demo_id
    assert titles_on_disk(db_path) == {demo_id: title, copy_id: f"{title} (copy)"}
    assert view.selected[-1] == copy_id
    copy = library.workshop(copy_id)
    assert copy.status is m.Status.DRAFT and not copy.signatures

    stack.undo()
    assert titles_on_disk(db_path) == {demo_id: title}
    assert view.forgotten == [copy_id] and view.selected[-1] == demo_id

    stack.redo()
    assert command.copy_id == copy_id, "redo brings back the very same copy"
    assert library.workshop(copy_id) == copy


def test_duplicating_a_signed_off_workshop_gives_an_editable_draft(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str
) -> None:
    ws = signed_off(library, demo_id)
    command = DuplicateWorkshop(view, demo_id, ws.title)
    stack.push(command)
    assert command.copy_id is not None
    request = library.workshop(command.copy_id).requests[0]
    library.set_field("request", request.id, "text", "Editable again")
    assert library.workshop(demo_id).status is m.Status.SIGNED_OFF


def test_deleting_a_workshop_that_is_gone_is_told_and_leaves_no_step(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str, db_path: Path
) -> None:
    library.delete_workshop(demo_id)
    stack.push(DeleteWorkshop(view, demo_id, "Gone already"))
    assert len(view.problems) == 1 and view.problems[0].endswith(".")
    assert stack.count() == 0 and not view.forgotten
    assert titles_on_disk(db_path) == {}


def test_duplicating_a_workshop_that_is_gone_is_told_and_leaves_no_step(
    stack: QUndoStack, view: FakeLibraryView, library: Library, demo_id: str, db_path: Path
) -> None:
    library.delete_workshop(demo_id)
    stack.push(DuplicateWorkshop(view, demo_id, "Gone already"))
    assert len(view.problems) == 1
    assert stack.count() == 0
    assert titles_on_disk(db_path) == {}


def test_the_undo_text_names_the_workshop_shortly(view: FakeLibraryView, demo_id: str) -> None:
    long_title = "A workshop with a title far longer than any menu should show in full"
    text = DeleteWorkshop(view, demo_id, long_title).text()
    assert text.startswith("Delete workshop “A workshop") and text.endswith("…”")
    assert len(text) < len(long_title)
