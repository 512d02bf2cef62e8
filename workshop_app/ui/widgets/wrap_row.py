"""A row of fields that moves onto more lines when it gets too narrow, never squeezing them.

A search box with its filters beside it is one tidy line on a laptop; on a projector's low
resolution with larger text the same line is wider than the window. Rather than squeezing every
field until its text is cut, the first field (the search) moves above the others, and when even
those do not fit side by side, they split over two lines.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


def _width(widgets: list[QWidget], spacing: int, *, least: bool = False) -> int:
    sizes = [
        max(w.minimumSizeHint().width(), w.minimumWidth()) if least else w.sizeHint().width()
        for w in widgets
    ]
    return sum(sizes) + spacing * max(0, len(widgets) - 1)


class WrapRow(QWidget):
    def __init__(
        self,
        first: QWidget,
        rest: list[QWidget],
        spacing: int = 8,
        *,
        fill_first: bool = True,
        stretches: list[int] | None = None,
    ) -> None:
        """`fill_first`: on one line, the first field takes the spare width (a search box);
        otherwise the fields keep their widths, at the left (choices).

        `stretches` (one per widget, the first's first): the fields share the width in these
        proportions, on one line and, for the rest, on the second; the row stays on one line
        for as long as every field has its least width (a line of fields that belong
        together: "measure, today → target by when")."""
        super().__init__()
        self.first, self.rest = first, rest
        self.fill_first = fill_first
        self.stretches = stretches
        half = (len(rest) + 1) // 2
        self.halves = [rest[:half], rest[half:]]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.lines = 0
        self._arrange(1)

    def minimumSizeHint(self) -> QSize:
        spacing = self.grid.spacing()
        # A line below the first ends in the empty column that takes the spare width: one more
        # spacing.
        widest_half = max(_width(half, spacing, least=True) for half in self.halves) + spacing
        width = max(self.first.minimumSizeHint().width(), widest_half)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, spacing = event.size().width(), self.grid.spacing()
        least = self.stretches is not None
        if width >= _width([self.first, *self.rest], spacing, least=least):
            self._arrange(1)
        elif width >= _width(self.rest, spacing, least=least) + spacing:
            self._arrange(2)
        else:
            self._arrange(3)

    def _arrange(self, lines: int) -> None:
        if lines == self.lines:
            return
        self.lines = lines
        for widget in [self.first, *self.rest]:
            self.grid.removeWidget(widget)
        columns = len(self.rest) + 1
        for column in range(columns + 1):
            self.grid.setColumnStretch(column, 0)
        if lines == 1:
            for column, widget in enumerate([self.first, *self.rest]):
                self.grid.addWidget(widget, 0, column)
            if self.stretches is not None:
                for column, stretch in enumerate(self.stretches):
                    self.grid.setColumnStretch(column, stretch)
            else:
                self.grid.setColumnStretch(0 if self.fill_first else columns, 1)
        elif lines == 2 and self.stretches is not None:
            self.grid.addWidget(self.first, 0, 0, 1, len(self.rest))
            for column, widget in enumerate(self.rest):
                self.grid.addWidget(widget, 1, column)
                self.grid.setColumnStretch(column, self.stretches[column + 1])
        else:
            rows = [self.rest] if lines == 2 else self.halves
            # The first spans only the columns in use: an empty column would still cost spacing.
            used = max(len(widgets) for widgets in rows)
            self.grid.addWidget(self.first, 0, 0, 1, used + 1)
            for row, widgets in enumerate(rows, start=1):
                for column, widget in enumerate(widgets):
                    self.grid.addWidget(widget, row, column)
            self.grid.setColumnStretch(used, 1)  # the filters keep their width, at the left
        self.updateGeometry()
