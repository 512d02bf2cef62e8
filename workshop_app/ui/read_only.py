"""A viewer's window: everything readable, nothing editable (storage/access.py decides who).

The library refuses every write of a viewer anyway (`Library.writable`), in one sentence; this
module makes the window say so before anyone tries: the banner, and `lock`, which turns a
page's editors read-only and its changing buttons off. Buttons that only show or export (an
audit log, revisions, a PDF) are marked `keep_enabled` and stay usable. A page that re-enables
a widget later (another request selected, say) is locked again at once: `lock` watches each
widget it turned off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from workshop_app.storage.access import READ_ONLY
from workshop_app.ui.widgets.icons import IconLabel

#: A widget property: True for a button (or field) that changes nothing, so a viewer keeps it.
KEEP = "keepEnabledReadOnly"
#: How lock() changed a widget ("text", "view", "control"; "" or unset: untouched).
_LOCKED = "lockedReadOnly"


def keep_enabled(*widgets: QWidget) -> None:
    """Mark widgets that only show, find or export: a viewer keeps them."""
    for widget in widgets:
        widget.setProperty(KEEP, True)


def _kept(widget: QWidget, root: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.property(KEEP) or isinstance(current, QTabBar):
            return True
        current = current.parentWidget()
    return False


class _Relock(QObject):
    """Turns a locked widget off again when the page turns it back on, and locks what the page
    built since (another request's rungs, say) as soon as it could take the keyboard."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.active = True  # until unlock()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self.active or new is None or new.property(_LOCKED):
            return
        if self.root.isAncestorOf(new):
            lock(self.root)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or not watched.property(_LOCKED):
            return False
        kind, locked_as = event.type(), watched.property(_LOCKED)
        if kind == QEvent.Type.EnabledChange and locked_as == "control" and watched.isEnabled():
            watched.setEnabled(False)
        elif (
            kind == QEvent.Type.ReadOnlyChange
            and locked_as == "text"
            and not watched.property("readOnly")
        ):
            watched.setProperty("readOnly", True)
        return False


def lock(root: QWidget) -> None:
    """Make everything under `root` read-only, except what is marked `keep_enabled`."""
    relock = root.findChild(_Relock, "relockReadOnly")
    if relock is None:
        relock = _Relock(root)
        relock.setObjectName("relockReadOnly")
    for widget in root.findChildren(QWidget):
        if widget.property(_LOCKED) or _kept(widget, root):
            continue
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            locked_as = "text"
            widget.setProperty("wasReadOnly", widget.isReadOnly())
            widget.setProperty("wasPlaceholder", widget.placeholderText())
            widget.setReadOnly(True)
            widget.setPlaceholderText("")  # "type here…" asks for what cannot be done
        elif isinstance(widget, QAbstractItemView):
            locked_as = "view"
            widget.setProperty("wasTriggers", widget.editTriggers().value)
            widget.setProperty("wasDragDrop", widget.dragDropMode().value)
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            widget.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        elif isinstance(widget, QAbstractButton | QComboBox | QAbstractSpinBox | QSlider):
            if inside_view(widget, root):
                continue  # scroll arrows and header buttons of a list
            locked_as = "control"
            widget.setProperty("wasEnabled", widget.isEnabled())
            widget.setEnabled(False)
        else:
            continue
        widget.setProperty(_LOCKED, locked_as)
        widget.installEventFilter(relock)


def unlock(root: QWidget) -> None:
    """Undo `lock` (the window switched to a library this person may change); the page's own
    refresh then sets what a signed-off revision allows."""
    relock = root.findChild(_Relock, "relockReadOnly")
    if relock is not None:
        relock.active = False
        relock.setObjectName("")
        relock.deleteLater()
    for widget in root.findChildren(QWidget):
        locked_as = widget.property(_LOCKED)
        if not locked_as:
            continue
        widget.setProperty(_LOCKED, "")  # before the changes below, which the filter watches
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit) and locked_as == "text":
            widget.setReadOnly(bool(widget.property("wasReadOnly")))
            widget.setPlaceholderText(str(widget.property("wasPlaceholder") or ""))
        elif isinstance(widget, QAbstractItemView) and locked_as == "view":
            triggers = int(widget.property("wasTriggers") or 0)
            widget.setEditTriggers(QAbstractItemView.EditTrigger(triggers))
            drag = int(widget.property("wasDragDrop") or 0)
            widget.setDragDropMode(QAbstractItemView.DragDropMode(drag))
        elif locked_as == "control":
            widget.setEnabled(bool(widget.property("wasEnabled")))


def inside_view(widget: QWidget, root: QWidget) -> bool:
    """Whether `widget` sits inside an item view (a table's cell editor) below `root`."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


class ReadOnlyBanner(QWidget):
    """The strip under the header of a viewer's window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.label = IconLabel("lock")
        self.label.setText(READ_ONLY)
        self.label.setObjectName("readOnlyText")
        self.label.setWordWrap(True)
        self.setAccessibleName(READ_ONLY)
        row.addWidget(self.label, 1)
        self.hide()
