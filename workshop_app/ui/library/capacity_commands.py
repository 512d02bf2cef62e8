"""Undoable capacity edits: a period added, changed, renamed or removed, or its scoring changed.

Each command keeps the period as it was before and as it is after (`Capacity`, id and scoring
included) and puts the one in place of the other; undo puts them back the other way. They live
on the library's undo stack, so Ctrl+Z in the capacity panel (or the window's Undo) takes a
capacity edit back; every change, undone ones too, is in the library's audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from workshop_app.core.capacity import Capacity
from workshop_app.core.errors import UserError
from workshop_app.core.text import clip

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library


class CapacityView(Protocol):
    def library(self) -> Library: ...

    def after_capacity_change(self, chosen_id: str | None) -> None: ...

    def say(self, text: str) -> None: ...


def _put(library: Library, old: Capacity | None, new: Capacity | None) -> Capacity | None:
    """Replace `old` by `new` in the library (either may be None: added, removed)."""
    from workshop_app.storage.capacity import remove_capacity, set_capacity

    if old is not None and (new is None or new.id != old.id):
        remove_capacity(library, old.id)
    if new is None:
        return None
    return set_capacity(
        library, new.period, new.person_days, new.money, scoring=new.scoring, capacity_id=new.id
    )


class CapacityCommand(QUndoCommand):
    """`first` does the edit the first time (it may create a new id) and returns the period
    as it is after; later redos put that state back."""

    def __init__(
        self,
        view: CapacityView,
        text: str,
        before: Capacity | None,
        first: Callable[[Library], Capacity | None],
    ) -> None:
        super().__init__(text)
        self.view = view
        self.before = before
        self.after: Capacity | None = None
        self._first: Callable[[Library], Capacity | None] | None = first

    def _run(self, operation: Callable[[Library], Any]) -> Any:
        try:
            return operation(self.view.library())
        except UserError as error:
            self.view.say(error.message)
            self.setObsolete(True)
            return None

    def redo(self) -> None:
        first, self._first = self._first, None
        if first is not None:
            self.after = self._run(first)
        else:
            self._run(lambda lib: _put(lib, self.before, self.after))
        chosen = self.after or self.before
        self.view.after_capacity_change(chosen.id if chosen and self.after else None)

    def undo(self) -> None:
        self._run(lambda lib: _put(lib, self.after, self.before))
        self.view.after_capacity_change(self.before.id if self.before else None)


def edit_text(before: Capacity | None, period: str) -> str:
    if before is None:
        return f"Add the period “{clip(period, 40)}”"
    return f"Change the capacity of “{clip(before.period, 40)}”"
