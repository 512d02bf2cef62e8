"""Undoable library edits: deleting and duplicating whole workshops.

They live on the library's own undo stack (active while the library is on screen), so Ctrl+Z on
the start screen brings back a deleted workshop instead of undoing an edit inside some workshop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from workshop_app.core.errors import UserError
from workshop_app.core.text import clip

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.storage.operations import Library


class LibraryView(Protocol):
    @property
    def library(self) -> Library: ...

    def after_change(self, select_id: str | None = None) -> None: ...

    def show_problem(self, message: str) -> None: ...

    def forget(self, workshop_id: str) -> None: ...


class LibraryCommand(QUndoCommand):
    def __init__(self, view: LibraryView, text: str) -> None:
        super().__init__(text)
        self.view = view

    def _run(self, operation: Callable[[Library], Any]) -> Any:
        """Run an operation; a refusal is shown calmly and drops the command from history."""
        try:
            return operation(self.view.library)
        except UserError as exc:
            self.view.show_problem(exc.message)
            self.setObsolete(True)
            return None


class DeleteWorkshop(LibraryCommand):
    """Delete a workshop revision; undo adds the very same workshop back, ids and all."""

    def __init__(self, view: LibraryView, workshop_id: str, title: str) -> None:
        super().__init__(view, f"Delete workshop “{clip(title, 40)}”")
        self.workshop_id = workshop_id
        self.workshop: m.Workshop | None = None

    def redo(self) -> None:
        self.workshop = self._run(lambda lib: lib.delete_workshop(self.workshop_id))
        if self.workshop is not None:
            self.view.forget(self.workshop_id)
        self.view.after_change()

    def undo(self) -> None:
        workshop = self.workshop
        if workshop is None:
            return
        restored = self._run(lambda lib: lib.add_workshop(workshop, action="restore workshop"))
        self.view.after_change(select_id=restored)


class DuplicateWorkshop(LibraryCommand):
    """Copy a workshop as a new draft; undo removes the copy, redo brings the same copy back."""

    def __init__(self, view: LibraryView, workshop_id: str, title: str) -> None:
        super().__init__(view, f"Duplicate workshop “{clip(title, 40)}”")
        self.source_id = workshop_id
        self.copy_id: str | None = None
        self.copy: m.Workshop | None = None

    def redo(self) -> None:
        copy = self.copy
        if copy is None:
            self.copy_id = self._run(lambda lib: lib.duplicate_workshop(self.source_id))
        else:
            self.copy_id = self._run(
                lambda lib: lib.add_workshop(copy, action="duplicate workshop")
            )
        self.view.after_change(select_id=self.copy_id)

    def undo(self) -> None:
        copy_id = self.copy_id
        if copy_id is None:
            return
        self.copy = self._run(lambda lib: lib.delete_workshop(copy_id))
        self.view.forget(copy_id)
        self.view.after_change(select_id=self.source_id)
