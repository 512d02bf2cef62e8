"""Cells side by side while they fit, otherwise in half as many columns, down to one.

Four choices, each with a line of explanation under it, read best side by side: the room
compares them at a glance. With larger text on a small window the four columns together were
wider than the page, and the page was cut off at the right. Here the cells move into two rows of
two, and into one column if even two do not fit; the order stays the same (across, then down).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class ReflowGrid(QWidget):
    def __init__(
        self,
        cells: list[QWidget],
        *,
        spacing: int = 24,
        row_spacing: int = 12,
        least_letters: int = 9,
        parent: QWidget | None = None,
    ) -> None:
        """`least_letters`: a cell is never narrower than this many letters (its text would
        wrap a word to a line)."""
        super().__init__(parent)
        self.cells, self.least_letters = cells, least_letters
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(spacing)
        self.grid.setVerticalSpacing(row_spacing)
        self.columns = 0
        self._arrange(len(cells))

    def cell_width(self) -> int:
        """The least width every cell is given."""
        letters = self.fontMetrics().horizontalAdvance("M") * self.least_letters
        return max([letters, *(cell.minimumSizeHint().width() for cell in self.cells)])

    def columns_for(self, width: int) -> int:
        count = len(self.cells)
        columns = count
        while columns > 1:
            need = columns * self.cell_width() + (columns - 1) * self.grid.horizontalSpacing()
            if need <= width:
                return columns
            columns = (columns + 1) // 2 if columns > 2 else 1
        return 1

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.cell_width(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.columns_for(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.width() > 0:
            self._arrange(self.columns_for(self.width()))

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        for column in range(max(self.columns, columns)):
            self.grid.setColumnStretch(column, 0)
        self.columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        for number, cell in enumerate(self.cells):
            self.grid.addWidget(cell, number // columns, number % columns)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)
        self.updateGeometry()
