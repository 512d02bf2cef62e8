"""The due date editors: "2026-10-02", "friday", "+2w", "tomorrow", "2 Oct" (read by ui/dates.py).

Dates are stored as YYYY-MM-DD. The editor accepts the quick forms a facilitator types while
talking, shows the stored date in words beside it ("Fri 2 Oct 2026 · in 16 days"), and saves only
a complete, real date, so a half-typed value is never refused mid-sentence. Reading and wording
dates is Qt-free (ui/due_dates.py); here are the editor and the table's delegate.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from workshop_app.core.kind import Kind
from workshop_app.ui.due_dates import HINT, in_words, parse_due
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.fields import _Binding


class DueDateEdit(QLineEdit, _Binding):
    """A bound date field: saves a readable date on Enter or when focus leaves."""

    understood = Signal(str)  # the date in words, or a hint when the text is not a date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("e.g. 2026-10-02, friday or +2w")
        self.setMaxLength(40)
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(self._preview)

    def _preview(self, text: str) -> None:
        parsed = parse_due(text)
        self.understood.emit(HINT if parsed is None else in_words(parsed))

    def commit(self) -> bool:
        """Save what is typed if it is a date (or empty). Returns False when it is not."""
        parsed = parse_due(self.text())
        if parsed is None:
            self.understood.emit(HINT)
            return False
        if parsed != self.text():
            self.setText(parsed)
        self.setModified(False)
        self.save(parsed)
        self.understood.emit(in_words(parsed))
        return True

    def flush(self) -> None:
        if self.isModified():
            self.commit()

    def bind(self, session: WorkshopSession, kind: Kind, item_id: str, field: str) -> None:
        self.setModified(False)  # a half-typed date belongs to the item we are leaving
        super().bind(session, kind, item_id, field)

    def show_current(self) -> None:
        if self.isModified():
            return  # typed but not saved yet (or not a date yet): do not clobber it
        value = str(self.current() or "")
        if value != self.text():
            self.setText(value)
        self.understood.emit(in_words(value))


_Index = QModelIndex | QPersistentModelIndex


class DueDateDelegate(QStyledItemDelegate):
    """Table cells for due dates accept the same quick forms; unreadable text changes nothing."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("2026-10-02, friday, +2w…")
        editor.setMaxLength(40)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        parsed = parse_due(editor.text())
        if parsed is not None:
            model.setData(index, parsed, Qt.ItemDataRole.EditRole)

    def displayText(self, value: Any, locale: Any) -> str:
        return str(value or "")
