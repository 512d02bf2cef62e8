"""Small widget factories that every stage uses the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
)

from workshop_app.ui import drafts


def empty_state(text: str, *, fill: bool = False) -> QLabel:
    """The centred, wrapping hint shown where a list has nothing in it yet (styled in theme.py).

    With `fill`, the label takes the space it is given but never asks for width, so a long hint
    cannot widen the window."""
    label = QLabel(text)
    label.setObjectName("emptyState")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if fill:
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    return label


def capture_row(
    placeholder: str,
    name: str,
    handler: Callable[[], object],
    *,
    max_length: int,
    button: str = "Add",
    button_name: str = "",
    draft: str = "",
) -> tuple[QHBoxLayout, QLineEdit, QPushButton]:
    """The rapid-capture line of a list: type, Enter (or the button) adds, the input empties.
    With a `draft` key, text left unconfirmed at closing comes back next time (ui/drafts.py).

    Returns the row (callers may insert more controls into it), the input and the button."""
    row = QHBoxLayout()
    field = QLineEdit()
    if draft:
        drafts.mark(field, draft)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    field.setMaxLength(max_length)
    field.returnPressed.connect(handler)
    row.addWidget(field, 1)
    add = QPushButton(button)
    add.setAccessibleName(button_name or button)
    add.clicked.connect(handler)
    row.addWidget(add)
    return row, field, add


def on_key(
    view: QAbstractItemView,
    keys: QKeySequence | QKeySequence.StandardKey | str,
    handler: Callable[[], object],
) -> QShortcut:
    """Call `handler` when `keys` are pressed in `view`, and only there: an editor elsewhere on
    the page keeps its own meaning for the same keys."""
    shortcut = QShortcut(QKeySequence(keys), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(handler)
    return shortcut


def on_delete_key(view: QAbstractItemView, handler: Callable[[], object]) -> QShortcut:
    """Delete in `view` calls `handler` (which deletes the selected row, with undo)."""
    return on_key(view, QKeySequence.StandardKey.Delete, handler)


def on_move_keys(view: QAbstractItemView, move: Callable[[int], object]) -> None:
    """Alt+Up / Alt+Down in `view` call `move(-1)` / `move(1)`: the selected row moves."""
    on_key(view, "Alt+Up", lambda: move(-1))
    on_key(view, "Alt+Down", lambda: move(1))
