"""The open workshop as the UI sees it: its library, its undo stack and one change signal.

Views never call the database themselves. They ask the session for an edit; the session pushes an
undoable command, the command runs an operation, the session reloads the workshop and emits
`changed(workshop, changes)` once. Every view refreshes from that one signal, skipping changes to
kinds of items it does not show (Anki's operations pattern; see ui/changes.py). Only the session
emits it.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop_app.core import model as m
from workshop_app.core.company_goals import REWORDING
from workshop_app.core.errors import UserError
from workshop_app.core.fields import ASSESSMENT_FIELDS
from workshop_app.core.kind import Kind
from workshop_app.core.purpose import serves
from workshop_app.storage.assembly import LISTS
from workshop_app.ui import appended
from workshop_app.ui import commands as c
from workshop_app.ui.changes import EVERYTHING, Changes

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library


def current_value(ws: m.Workshop, kind: Kind, item_id: str, field: str) -> Any:
    """The value a field has now, so an edit can record what to undo back to."""
    item: Any
    if kind == Kind.WORKSHOP:
        item = ws
    elif kind == Kind.DECISION:
        item = ws.decision_for(item_id)
    else:
        item = next((i for i in getattr(ws, LISTS[kind]) if i.id == item_id), None)
        if item is None:
            return None
        if kind == Kind.NEED and field in ASSESSMENT_FIELDS:
            item = item.assessment
    value = getattr(item, field)
    return list(value) if isinstance(value, list) else value


def _stale(exc: UserError) -> bool:
    """A write refused because another facilitator changed the row first."""
    from workshop_app.storage.versions import StaleWriteError  # loaded with the library

    return isinstance(exc, StaleWriteError)


class WorkshopSession(QObject):
    """One open workshop revision: cached domain object, undo history, change broadcasts."""

    #: (workshop, Changes) after every change: the workshop as it is now and what the change
    #: touched. A refused edit also emits it (with EVERYTHING), so views show what is stored.
    changed = Signal(object, object)
    failed = Signal(str)  # one sentence for the user when an edit was refused
    saved = Signal(float)  # time.time() of the last write that reached the disk
    told = Signal(str)  # one sentence saying what an edit just did ("Decision: Defer · …")
    #: What the facilitator had typed when another facilitator's change refused it, so it can
    #: be copied and typed again (StaleWriteError: the view is read again, the text kept here).
    kept = Signal(str)

    def __init__(self, library: Library, workshop_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.workshop_id = workshop_id
        self.undo_stack = QUndoStack(self)
        #: The library's change counter when `workshop` was last known to be what is stored.
        self._current: int | None = library.change_count()
        #: The workshop's newest audit entry when it was last read whole (Library.workshop_mark).
        self._mark = library.workshop_mark(workshop_id)
        self.workshop = library.workshop(workshop_id, remember=True)
        self.last_saved: float | None = None
        #: A viewer's session: everything shows, nothing changes (storage/access.py).
        self.read_only = not getattr(library, "writable", True)

    # -- running operations --------------------------------------------------------------------
    def apply(
        self,
        operation: Callable[[Library], Any],
        reach: Changes = EVERYTHING,
        item: tuple[Kind, str] | None = None,
        *,
        appends: Kind | None = None,
        typed: str | None = None,
    ) -> tuple[bool, Any]:
        """Run an operation that changes what `reach` says (by default: anything), or only the
        fields of `item` (kind, id), or that `appends` one item of a kind at the end of its list
        and returns its id; on a refusal tell the user and report failure to the caller.
        `typed`: the text the facilitator typed for it, kept when another's change refuses it."""
        known, written = self._current, self.library.written
        try:
            result = operation(self.library)
        except UserError as exc:
            self.failed.emit(exc.message)
            if _stale(exc):  # another facilitator wrote: the view is read again, whole
                if typed:
                    self.kept.emit(typed)
                self.reload()
            else:
                self._refused()
            return False, None
        self._current = self.library.moved_on_by_itself(known, written)
        self.last_saved = time.time()
        self.saved.emit(self.last_saved)
        added = (appends, result) if appends is not None and isinstance(result, str) else None
        self.reload(reach, item, added)
        return True, result

    def reload(
        self,
        reach: Changes = EVERYTHING,
        item: tuple[Kind, str] | None = None,
        added: tuple[Kind, str] | None = None,
    ) -> None:
        """Read the workshop again; after an edit of one item's fields, only that item; after
        an item was appended to its list, only that item (and its decision)."""
        try:
            fresh = None
            if item is not None:
                fresh = self._with_item_read_again(*item)
            elif added is not None:
                fresh = appended.with_item_appended(self.library, self.workshop, *added)
            if fresh is None:
                self._current = None
                count = self.library.change_count()  # before reading: a later write is seen
                mark = self.library.workshop_mark(self.workshop_id)
                fresh = self.library.workshop(self.workshop_id, remember=True)
                self._current, self._mark = count, mark
            self.workshop = fresh
        except UserError as exc:
            self.failed.emit(exc.message)
            return
        self.changed.emit(self.workshop, reach)

    def changed_elsewhere(self, count: int) -> bool:
        """Whether the workshop changed since it was read, now that the library's change counter
        reads `count` (a watcher saw it move; storage/watch.py). Cheap when nothing did."""
        if count == self._current:
            return False  # only this session's own writes since it last read
        try:
            mark = self.library.workshop_mark(self.workshop_id)
        except UserError:
            return False  # busy for a moment: the next look tells
        if mark == self._mark:
            self._current = count  # another workshop changed, or nothing that shows
            return False
        return True

    def _refused(self) -> None:
        """After a refused edit, views show what is stored: the workshop as cached when nothing
        has been written since it was (a refusal writes nothing), else as read again."""
        try:
            current = self._current is not None and self.library.change_count() == self._current
        except UserError:
            current = False
        if current:
            self.changed.emit(self.workshop, EVERYTHING)
        else:
            self.reload()

    def _with_item_read_again(self, kind: Kind, item_id: str) -> m.Workshop | None:
        """The workshop with one item as stored now and everything else as it was: loading a
        large workshop whole after every pause in typing takes longer than the pause. None when
        the item is not one of a workshop's lists (then all is read again)."""
        attr = LISTS.get(kind)
        if attr is None or kind == Kind.SIGNATURE:
            return None
        from workshop_app.storage import repository as repo  # loaded with the library already

        items = getattr(self.workshop, attr)
        at = next((i for i, old in enumerate(items) if old.id == item_id), None)
        if at is None:
            return None
        with self.library.read() as s:
            row = s.get(repo.ROWS[kind], item_id)
            if row is None or row.workshop_id != self.workshop_id:  # type: ignore[attr-defined]
                return None
            item = repo.to_domain(kind, row)
        if kind == Kind.NEED:
            item.request_ids = list(items[at].request_ids)  # links to requests: not a field
            item.adoptions = list(items[at].adoptions)  # values adopted from the room: neither
            item.serves_for = dict(items[at].serves_for)  # kept on those links
        workshop = copy.copy(self.workshop)  # the other lists are shared: never changed in place
        workshop.__dict__.pop("_lookups", None)
        setattr(workshop, attr, [*items[:at], item, *items[at + 1 :]])
        return workshop

    def tell(self, message: str) -> None:
        """Say in the status bar what just happened, so no change goes unnoticed."""
        self.told.emit(message)

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    @property
    def locked(self) -> bool:
        """Nothing may change: the revision is signed off, or this is a viewer's library."""
        return self.workshop.is_locked or self.read_only

    # -- edits the views ask for ---------------------------------------------------------------
    def edit(
        self, kind: Kind, item_id: str, field: str, value: Any, *, typing: bool = False
    ) -> None:
        """Change one field. `typing=True` merges consecutive edits of the same field."""
        before = current_value(self.workshop, kind, item_id, field)
        if before == value:
            return
        rewords = kind == Kind.GOAL and field in REWORDING  # a template's wording made ours?
        placeholder = rewords and bool(current_value(self.workshop, kind, item_id, "placeholder"))
        self.push(
            c.SetField(
                self, kind, item_id, field, before, value, typing=typing, placeholder=placeholder
            )
        )

    def add(self, kind: Kind, values: dict[str, Any], position: int | None = None) -> str | None:
        """Add an item; returns its id, or None when the add was refused."""
        command = c.AddItem(self, kind, values, position)
        self.push(command)
        return None if command.refused else command.item_id

    def delete(self, kind: Kind, item_id: str, label: str = "") -> None:
        self.push(c.DeleteItem(self, kind, item_id, label))

    def move(self, kind: Kind, item_id: str, before: int, after: int) -> None:
        if before != after:
            self.push(c.MoveItem(self, kind, item_id, before, after))

    def set_strength(self, need_id: str, goal_id: str, strength: m.Strength) -> None:
        before = self.workshop.strength(need_id, goal_id)
        if before is not strength:
            self.push(c.SetStrength(self, need_id, goal_id, before, strength))

    def attach_request(self, need_id: str, request_id: str, *, attach: bool = True) -> None:
        need = self.workshop.need(need_id)
        answer = None if need is None or attach else serves(need, request_id)
        self.push(c.AttachRequest(self, need_id, request_id, attach=attach, answer=answer))

    def set_serves(self, need_id: str, request_id: str, answer: m.Serves | None) -> None:
        """Whether this request serves this need (None: not judged)."""
        need = self.workshop.need(need_id)
        before = None if need is None else serves(need, request_id)
        if before is not answer:
            self.push(c.SetServes(self, need_id, request_id, before, answer))

    def record_result(self, need_id: str, values: dict[str, Any]) -> str | None:
        """Record a result against a need's measure (signed off or not); its id, or None when
        it was refused."""
        command = c.RecordResult(self, need_id, values)
        self.push(command)
        return None if command.refused else command.result_id

    def set_verdict(self, result_id: str, verdict: m.Verdict | None) -> None:
        found = next((r for r in self.workshop.results if r.id == result_id), None)
        if found is not None and found.verdict is not verdict:
            self.push(c.SetVerdict(self, result_id, found.verdict, verdict))

    def macro(self, text: str) -> _Macro:
        """Group several edits into one undo step: `with session.macro("Split need"): ...`."""
        return _Macro(self.undo_stack, text)


class _Macro:
    def __init__(self, stack: QUndoStack, text: str) -> None:
        self.stack, self.text = stack, text

    def __enter__(self) -> None:
        self.stack.beginMacro(self.text)

    def __exit__(self, *exc: object) -> None:
        self.stack.endMacro()
