"""Labelled fields in two columns while each field keeps room for a phrase, else in one.

Setup's details (title, division, company | date, location, facilitator) read well side by side
on a laptop. With larger text on a small window each field shrank to a dozen letters and showed
the end of its text ("ent with Sales and People"); in one column each has the whole width.
Tab order stays down the first column, then down the second, whichever way they are shown.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget


class FormColumns(QWidget):
    def __init__(
        self,
        rows: list[tuple[QLabel, QWidget]],
        *,
        field_letters: int = 16,
        parent: QWidget | None = None,
    ) -> None:
        """`rows`: (label, field) in reading order; the first half goes in the left column.
        `field_letters`: below this many letters' width for a field, one column."""
        super().__init__(parent)
        self.rows, self.field_letters = rows, field_letters
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.columns = 0
        self._arrange(2)

    def columns_for(self, width: int) -> int:
        labels = max(label.sizeHint().width() for label, _field in self.rows)
        field = self.fontMetrics().horizontalAdvance("M") * self.field_letters
        spacing = self.grid.horizontalSpacing()
        two = 2 * (labels + spacing + field) + 24 + spacing
        return 2 if width >= two else 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.columns_for(event.size().width()))

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for label, field in self.rows:
            self.grid.removeWidget(label)
            self.grid.removeWidget(field)
        for column in range(4):
            self.grid.setColumnStretch(column, 0)
            self.grid.setColumnMinimumWidth(column, 0)
        half = (len(self.rows) + 1) // 2 if columns == 2 else len(self.rows)
        for place, (label, field) in enumerate(self.rows):
            row, column = place % half, 2 * (place // half)
            self.grid.addWidget(label, row, column)
            self.grid.addWidget(field, row, column + 1)
        self.grid.setColumnStretch(1, 1)
        if columns == 2:
            self.grid.setColumnStretch(3, 1)
            self.grid.setColumnMinimumWidth(2, 96)
        self.updateGeometry()
