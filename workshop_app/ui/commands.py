"""Undoable edits. Each command stores ids and before/after values and calls one operation.

Commands never touch widgets: after each redo/undo the session broadcasts the change and views
refresh themselves. Typing into the same field merges into one command, so one Ctrl+Z undoes a
whole burst of typing rather than one character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.ui import changes
from workshop_app.ui.changes import Changes

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library, Snapshot

SET_FIELD_ID = 1001


class Session(Protocol):
    """What a command needs of the session that pushes it (ui/session.py)."""

    @property
    def workshop_id(self) -> str: ...

    def apply(
        self,
        operation: Callable[[Library], Any],
        reach: Changes = ...,
        item: tuple[Kind, str] | None = ...,
        *,
        appends: Kind | None = ...,
        typed: str | None = ...,
    ) -> tuple[bool, Any]: ...


class SessionCommand(QUndoCommand):
    def __init__(self, session: Session, text: str, reach: Changes) -> None:
        super().__init__(text)
        self.session = session
        self.reach = reach  # what redo and undo change, for the views to refresh
        #: The one item whose fields redo and undo change, when that is all they change.
        self.item: tuple[Kind, str] | None = None
        self.refused = False

    def _run(
        self,
        operation: Callable[[Library], Any],
        appends: Kind | None = None,
        typed: str | None = None,
    ) -> Any:
        """Run an operation; if it is refused, the command drops out of the undo history.
        `appends`: the operation adds one item of that kind at the end of its list (and
        returns its id), so the session reads only that item again. `typed`: the text the
        facilitator typed, kept for them if another facilitator's change refuses it."""
        ok, result = self.session.apply(
            operation, self.reach, self.item, appends=appends, typed=typed
        )
        if not ok:
            self.refused = True
            self.setObsolete(True)
        return result


class SetField(SessionCommand):
    """Change one field of one item (request text, goal weight, decision kind…)."""

    def __init__(
        self,
        session: Session,
        kind: Kind,
        item_id: str,
        field: str,
        before: Any,
        after: Any,
        *,
        typing: bool = False,
        placeholder: bool = False,
    ) -> None:
        super().__init__(session, f"Edit {field.replace('_', ' ')}", changes.of(kind))
        self.kind, self.item_id, self.field = kind, item_id, field
        self.item = (kind, item_id)
        self.before, self.after = before, after
        self.typing = typing
        #: The goal was a template's wording before this rewording: undo makes it one again.
        self.placeholder = placeholder

    def id(self) -> int:
        return SET_FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetField) or not (self.typing and other.typing):
            return False
        if (other.kind, other.item_id, other.field) != (self.kind, self.item_id, self.field):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        typed = self.after if isinstance(self.after, str) else None
        self._run(
            lambda lib: lib.set_field(self.kind, self.item_id, self.field, self.after),
            typed=typed,
        )

    def undo(self) -> None:
        again = True if self.placeholder else None
        self._run(
            lambda lib: lib.set_field(
                self.kind, self.item_id, self.field, self.before, placeholder=again
            )
        )


class AddItem(SessionCommand):
    """Add a request, need, goal, participant…; undo deletes it, redo adds it back, same id."""

    def __init__(
        self,
        session: Session,
        kind: Kind,
        values: dict[str, Any],
        position: int | None = None,
    ) -> None:
        super().__init__(session, f"Add {kind.replace('_', ' ')}", changes.with_dependents(kind))
        self.kind, self.values, self.position = kind, dict(values), position
        self.item_id: str | None = None
        self.snapshot: Snapshot | None = None

    def redo(self) -> None:
        if self.snapshot is not None:
            snapshot = self.snapshot
            self._run(lambda lib: lib.restore(snapshot))
            return
        self.item_id = self._run(
            lambda lib: lib.add_item(
                self.session.workshop_id, self.kind, dict(self.values), self.position
            ),
            appends=self.kind if self.position is None else None,
        )

    def undo(self) -> None:
        assert self.item_id is not None
        item_id = self.item_id
        self.snapshot = self._run(lambda lib: lib.delete_item(self.kind, item_id))


class DeleteItem(SessionCommand):
    """Delete an item with everything that hangs off it; undo restores it exactly."""

    def __init__(self, session: Session, kind: Kind, item_id: str, label: str = "") -> None:
        text = f"Delete {label or kind.replace('_', ' ')}"
        super().__init__(session, text, changes.with_dependents(kind))
        self.kind, self.item_id = kind, item_id
        self.snapshot: Snapshot | None = None

    def redo(self) -> None:
        self.snapshot = self._run(lambda lib: lib.delete_item(self.kind, self.item_id))

    def undo(self) -> None:
        snapshot = self.snapshot
        assert snapshot is not None
        self._run(lambda lib: lib.restore(snapshot))


class MoveItem(SessionCommand):
    def __init__(self, session: Session, kind: Kind, item_id: str, before: int, after: int) -> None:
        super().__init__(session, f"Move {kind.replace('_', ' ')}", changes.of(kind))
        self.kind, self.item_id, self.before, self.after = kind, item_id, before, after

    def redo(self) -> None:
        self._run(lambda lib: lib.move_item(self.kind, self.item_id, self.after))

    def undo(self) -> None:
        self._run(lambda lib: lib.move_item(self.kind, self.item_id, self.before))


class SetStrength(SessionCommand):
    """Set how strongly a need serves a goal (a cell of the alignment matrix)."""

    def __init__(
        self,
        session: Session,
        need_id: str,
        goal_id: str,
        before: m.Strength,
        after: m.Strength,
    ) -> None:
        super().__init__(session, "Change alignment", changes.of(Kind.LINK))
        self.need_id, self.goal_id, self.before, self.after = need_id, goal_id, before, after

    def redo(self) -> None:
        self._run(lambda lib: lib.set_strength(self.need_id, self.goal_id, self.after))

    def undo(self) -> None:
        self._run(lambda lib: lib.set_strength(self.need_id, self.goal_id, self.before))


class AttachRequest(SessionCommand):
    """Point a request at a need (attach=True) or take it off (attach=False)."""

    def __init__(
        self,
        session: Session,
        need_id: str,
        request_id: str,
        *,
        attach: bool,
        answer: m.Serves | None = None,
    ) -> None:
        text = "Link request to need" if attach else "Unlink request"
        super().__init__(session, text, changes.of(Kind.NEED))
        self.need_id, self.request_id, self.attach = need_id, request_id, attach
        #: Whether the request served the need before it was unlinked: an undo gives it back.
        self.answer = answer

    def _set(self, attached: bool) -> None:
        if attached:
            answer = None if self.attach else self.answer

            def attach(lib: Library) -> None:
                lib.attach_request(self.need_id, self.request_id)
                if answer is not None:
                    lib.set_serves(self.need_id, self.request_id, answer)

            self._run(attach)
        else:
            self._run(lambda lib: lib.detach_request(self.need_id, self.request_id))

    def redo(self) -> None:
        self._set(self.attach)

    def undo(self) -> None:
        self._set(not self.attach)


class RecordResult(SessionCommand):
    """Record a result against a need's measure; undo removes it, redo puts the same one back."""

    def __init__(self, session: Session, need_id: str, values: dict[str, Any]) -> None:
        super().__init__(session, "Record result", changes.of(Kind.RESULT))
        self.need_id, self.values = need_id, dict(values)
        self.result: m.Result | None = None
        self.result_id: str | None = None

    def redo(self) -> None:
        from workshop_app.storage import results

        if self.result is not None:
            kept = self.result
            self._run(lambda lib: results.restore(lib, kept))
            return
        values = dict(self.values)
        value = values.pop("value")
        self.result_id = self._run(lambda lib: results.record(lib, self.need_id, value, **values))

    def undo(self) -> None:
        from workshop_app.storage import results

        assert self.result_id is not None
        result_id = self.result_id
        self.result = self._run(lambda lib: results.delete(lib, result_id))


class SetVerdict(SessionCommand):
    """The room's verdict on a commitment, on its latest result."""

    def __init__(
        self,
        session: Session,
        result_id: str,
        before: m.Verdict | None,
        after: m.Verdict | None,
    ) -> None:
        super().__init__(session, "Set verdict", changes.of(Kind.RESULT))
        self.result_id, self.before, self.after = result_id, before, after

    def _set(self, verdict: m.Verdict | None) -> None:
        from workshop_app.storage import results

        self._run(lambda lib: results.set_verdict(lib, self.result_id, verdict))

    def redo(self) -> None:
        self._set(self.after)

    def undo(self) -> None:
        self._set(self.before)


class SetServes(SessionCommand):
    """Whether one request serves one need (an answer kept for that pair)."""

    def __init__(
        self,
        session: Session,
        need_id: str,
        request_id: str,
        before: m.Serves | None,
        after: m.Serves | None,
    ) -> None:
        super().__init__(session, "Edit whether the request serves the need", changes.of(Kind.NEED))
        self.need_id, self.request_id, self.before, self.after = need_id, request_id, before, after

    def redo(self) -> None:
        self._run(lambda lib: lib.set_serves(self.need_id, self.request_id, self.after))

    def undo(self) -> None:
        self._run(lambda lib: lib.set_serves(self.need_id, self.request_id, self.before))
