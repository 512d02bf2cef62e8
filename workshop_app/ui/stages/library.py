"""The workshops library: the start screen. Find, open and start workshops."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.storage.library import Library, WorkshopSummary
from workshop_app.ui.stages.base import stage_header


class LibraryPage(QWidget):
    open_requested = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.library = library
        self.summaries: list[WorkshopSummary] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(stage_header("Workshops", "Open a workshop or start a new one."))
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, divisions, requests and needs…")
        self.search.setAccessibleName("Search workshops")
        self.search.textChanged.connect(lambda _t: self.reload())
        self.search.returnPressed.connect(self.open_selected)
        row.addWidget(self.search, 1)
        self.new_button = QPushButton("New workshop")
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_workshop)
        row.addWidget(self.new_button)
        layout.addLayout(row)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Workshop", "Division", "Date", "Status", "Requests"])
        self.table.setAccessibleName("Workshops")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.table.setShowGrid(False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)

    def arrive(self) -> None:
        self.search.setFocus()

    def reload(self) -> None:
        self.summaries = self.library.workshops(self.search.text())
        self.table.setRowCount(len(self.summaries))
        for row, w in enumerate(self.summaries):
            values = [
                w.title,
                w.division,
                w.date,
                f"{w.status.label} · rev {w.revision}",
                str(w.request_count),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, w.id)
                self.table.setItem(row, column, item)
        if self.summaries:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self.summaries[rows[0].row()].id)

    def new_workshop(self) -> None:
        workshop_id = self.library.create_workshop("Untitled workshop")
        self.open_requested.emit(workshop_id)
