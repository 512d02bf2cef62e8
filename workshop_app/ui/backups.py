"""Backups…: the automatic backups of the workshop database, and restoring one of them.

Shown from File → Backups…, and offered when the database or a workshop in it is damaged. Each
backup shows when it was taken, its size and how many workshops it holds. Restoring keeps what
is there now as a backup of its own first, so a restore can itself be undone from this list.
The restore itself is a callable handed in (the open library's, or the plain file operation
when the database could not be opened at all), so this dialog only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.storage.backup_list import BackupInfo, list_backups, size_text
from workshop_app.ui.stages.signoff.common import local_time, plain_label

Restore = Callable[[Path], Path | None]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BackupsDialog(QDialog):
    """The list of backups with "Restore this backup"; `restored` carries one sentence."""

    restored = Signal(str)

    def __init__(self, parent: QWidget | None, db_path: Path, restore: Restore) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        self._restore = restore
        self.backups = list_backups(db_path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel("Backups")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(
            plain_label(
                "A backup is taken each time the workshops are opened after a change. Restoring "
                "one replaces all your workshops with those in it; what is there now is kept as "
                "a backup first, so you can come back to it.",
                "muted",
            )
        )
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        if not self.backups:
            empty = plain_label(
                "There are no backups yet. One is taken the next time the workshops are "
                "opened after a change.",
                "emptyState",
            )
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(empty, 1)
        self.problem = plain_label("", "attention")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("Restore this backup")
        self.restore_button.setObjectName("primary")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.restore_button.setVisible(bool(self.backups))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        if self.backups:
            self.table.selectRow(0)
        self.resize(760, 460)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(len(self.backups), 4)
        table.setObjectName("backupsTable")
        table.setAccessibleName("Backups, newest first")
        table.setHorizontalHeaderLabels(["Taken", "Size", "Workshops", ""])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        taken = _taken_labels(self.backups)
        for row, info in enumerate(self.backups):
            for column, text in enumerate((taken[row], *_cells(info))):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if not self.backups:
            table.hide()
        return table

    def _selection_changed(self) -> None:
        self.problem.hide()
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        try:
            kept = self._restore(info.path)
        except UserError as exc:
            self.problem.setText(exc.message)
            self.problem.show()
            return
        message = f"Restored the backup of {local_time(info.taken_at.isoformat())}."
        if kept is not None:
            message += " What was there before is kept in Backups."
        self.restored.emit(message)
        self.accept()


def _taken_labels(backups: list[BackupInfo]) -> list[str]:
    """When each backup was taken, to the minute; to the second where minutes would repeat."""
    labels = [local_time(b.taken_at.isoformat()) for b in backups]
    repeated = {label for label in labels if labels.count(label) > 1}
    return [
        f"{label}:{b.taken_at.second:02d}" if label in repeated else label
        for label, b in zip(labels, backups, strict=True)
    ]


def _cells(info: BackupInfo) -> tuple[str, str, str]:
    """Size, workshops and a note."""
    workshops = "unreadable" if info.workshops is None else f"{info.workshops:,}"
    note = "kept from before a restore" if info.before_restore else ""
    return size_text(info.size), workshops, note
