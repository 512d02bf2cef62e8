"""Command palette (Ctrl+K): type a few letters to run any command or jump to any request."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

if TYPE_CHECKING:
    from workshop_app.ui.main_window import MainWindow


class CommandPalette(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Command palette")
        self.setObjectName("commandPalette")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Type a command or a request…")
        self.query.setAccessibleName("Search commands and requests")
        self.query.textChanged.connect(self._filter)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setAccessibleName("Matching commands and requests")
        self.results.itemActivated.connect(self._run)
        layout.addWidget(self.results, 1)
        self.entries: list[tuple[str, Callable[[], None]]] = self._entries()
        self._filter("")
        self.query.installEventFilter(self)

    def _entries(self) -> list[tuple[str, Callable[[], None]]]:
        found: list[tuple[str, Callable[[], None]]] = []
        for action in self.window_.actions_by_id.values():
            if action.isEnabled() and action.objectName() != "view.palette":
                keys = action.shortcut().toString()
                label = action.text().replace("&", "") + (f"    {keys}" if keys else "")
                found.append((label, action.trigger))
        session = self.window_.session
        if session is not None:
            for request in session.workshop.requests:
                found.append((f"Request: {request.text}", self._jump_to(request.id)))
        return found

    def _jump_to(self, request_id: str) -> Callable[[], None]:
        def jump() -> None:
            self.window_.go_to_stage("needs")
            stage = self.window_.current_stage()
            select = getattr(stage, "select_request", None)
            if select is not None:
                select(request_id)

        return jump

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        self.results.clear()
        for label, run in self.entries:
            if all(word in label.casefold() for word in words):
                item = QListWidgetItem(label[:200])
                item.setData(Qt.ItemDataRole.UserRole, self.results.count())
                item.setData(Qt.ItemDataRole.UserRole + 1, run)
                self.results.addItem(item)
        self.results.setCurrentRow(0)

    def _run(self, item: QListWidgetItem) -> None:
        run = item.data(Qt.ItemDataRole.UserRole + 1)
        self.accept()
        run()

    def eventFilter(self, watched: object, event: object) -> bool:
        # Arrow keys and Enter act on the list while the cursor stays in the query field.
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self._run(item)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
