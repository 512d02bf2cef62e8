"""Editors bound to one field of one item, saving by themselves.

Typing never waits: keystrokes only restart a short timer; the save happens when the typing pauses
(SAVE_DELAY_MS), on Enter, or when focus leaves. Each save is an undoable command, and bursts of
typing merge into one undo step. When the workshop changes underneath (undo, another view), an
editor shows the new value unless the facilitator is in the middle of typing into it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from workshop_app.core.kind import Kind
from workshop_app.ui.widgets.choice import ChoiceBox

if TYPE_CHECKING:
    from workshop_app.ui.session import WorkshopSession

SAVE_DELAY_MS = 400


class _Binding:
    """Which field an editor edits. Shared by every bound editor."""

    session: WorkshopSession | None = None
    kind = Kind.WORKSHOP  # meaningless until bound: `item_id` says whether it is
    item_id = ""
    field = ""

    def bind(self, session: WorkshopSession, kind: Kind, item_id: str, field: str) -> None:
        self.session, self.kind, self.item_id, self.field = session, kind, item_id, field
        self.show_current()

    @property
    def bound(self) -> bool:
        return self.session is not None and bool(self.item_id)

    def current(self) -> Any:
        if self.session is None or not self.item_id:
            return None
        # Here, not at import: the domain's modules are needed only once a workshop is open.
        from workshop_app.ui.session import current_value

        return current_value(self.session.workshop, self.kind, self.item_id, self.field)

    def save(self, value: Any, *, typing: bool = False) -> None:
        if self.session is not None and self.item_id:
            self.session.edit(self.kind, self.item_id, self.field, value, typing=typing)

    def show_current(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class _Debounced(_Binding):
    """Text editors: save when typing pauses, on Enter and on focus out."""

    def _setup_timer(self, owner: QWidget) -> None:
        self._timer = QTimer(owner)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._pending = False

    def _typed(self) -> None:
        self._pending = True
        self._timer.start()

    def flush(self) -> None:
        """Save now what was typed (if anything). Called on pause, Enter, focus out, close."""
        self._timer.stop()
        if not self._pending:
            return
        self._pending = False
        self.save(self.text_value(), typing=True)

    @property
    def pending(self) -> bool:
        return self._pending

    def text_value(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class BoundLineEdit(QLineEdit, _Debounced):
    committed = Signal()  # Enter pressed: the view may move focus to the next thing to type

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup_timer(self)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(lambda _text: self._typed())
        self.returnPressed.connect(self._on_return)

    def bind(self, session: WorkshopSession, kind: Kind, item_id: str, field: str) -> None:
        from workshop_app.core.fields import EDITABLE  # with a workshop open (see current())

        rule = EDITABLE.get(kind, {}).get(field)
        if rule is not None and rule.kind == "text":
            self.setMaxLength(min(rule.max_length, 32767))
        super().bind(session, kind, item_id, field)

    def _on_return(self) -> None:
        self.flush()
        self.committed.emit()

    def text_value(self) -> str:
        return self.text()

    def show_current(self) -> None:
        if self._pending:
            return
        value = self.current()
        text = "" if value is None else str(value)
        if text != self.text():
            # Another view's or facilitator's change: the cursor stays where it was in a field
            # being worked in.
            at = self.cursorPosition() if self.hasFocus() else 0
            self.setText(text)
            self.setCursorPosition(min(at, len(text)))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


class BoundTextEdit(QPlainTextEdit, _Debounced):
    """Multi-line text. Tab moves focus (as in a form); Ctrl+Enter saves at once."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup_timer(self)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._on_changed)
        self._showing = False

    def _on_changed(self) -> None:
        if not self._showing:
            self._typed()

    def text_value(self) -> str:
        return self.toPlainText()

    def show_current(self) -> None:
        if self._pending:
            return
        value = self.current()
        text = "" if value is None else str(value)
        if text != self.toPlainText():
            at = self.textCursor().position() if self.hasFocus() else None
            self._showing = True
            self.setPlainText(text)
            self._showing = False
            if at is not None:  # the cursor stays where it was in a field being worked in
                cursor = self.textCursor()
                cursor.setPosition(min(at, len(text)))
                self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.flush()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


class BoundChoice(ChoiceBox, _Binding):
    """Pick one value of an enum, or "—" (not set) when the field allows it."""

    def __init__(
        self,
        enum: type[StrEnum],
        *,
        allow_empty: bool = True,
        empty_text: str = "—",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if allow_empty:
            self.addItem(empty_text, None)
        for member in enum:
            self.addItem(getattr(member, "label", member.value), member)
        self.activated.connect(lambda index: self.save(self.itemData(index)))

    def show_current(self) -> None:
        index = self.findData(self.current())
        self.setCurrentIndex(max(index, 0))


class BoundRating(QSpinBox, _Binding):
    """A 1-10 rating (or other integer range) where the lowest position means "not rated"."""

    def __init__(self, minimum: int = 1, maximum: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText("not rated")
        self._not_rated = minimum - 1
        self.editingFinished.connect(self._commit)
        self.valueChanged.connect(lambda _v: self._commit() if not self.hasFocus() else None)

    def _commit(self) -> None:
        value = self.value()
        self.save(None if value == self._not_rated else value)

    def show_current(self) -> None:
        value = self.current()
        self.blockSignals(True)
        self.setValue(self._not_rated if value is None else int(value))
        self.blockSignals(False)
