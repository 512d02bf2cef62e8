"""The stage navigator: as wide as its longest entry needs at the current text size, and never
picking a stage just because it got the focus.

A fixed width clipped the progress badges ("✓ 6/6") and added a sideways scroll bar as soon as the
text was made larger. The width is worked out from the stage titles with the widest badge a stage
can show, not from the badges of the moment, so the column does not jump while the room works.
Entries read "3  Requests" + BADGE_GAP + badge.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QListWidget, QSizePolicy, QWidget

#: Between a stage's title and its progress badge.
BADGE_GAP = "   "
#: The widest badge text a stage shows beside its title (see Stage.progress).
WIDEST_BADGE = "✓ 18/18"
#: Item padding and margin, list padding and the right border, as the theme's style sheet sets
#: them (QListWidget#navigator), plus a little air.
CHROME = 2 * 12 + 2 * 6 + 1 + 8
NARROWEST = 200


class StageNavigator(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName("Workshop stages")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.model().rowsInserted.connect(self._fit)
        self._fit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Qt moves the focus here when the library hides the widget that had it (switching the
        library's tabs); a plain list then picks row 0, which opened Setup and took the typing
        meant for the library's search. Keep "no row" as it was."""
        row = self.currentRow()
        self.blockSignals(True)
        super().focusInEvent(event)
        if row < 0:
            self.setCurrentRow(-1)
        self.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        titles = [self.item(row).text().split(BADGE_GAP)[0] for row in range(self.count())]
        width = NARROWEST  # empty (hidden on the start screen): no need to ask the style
        if titles:
            metrics = self.fontMetrics()
            widest = max(metrics.horizontalAdvance(t + BADGE_GAP + WIDEST_BADGE) for t in titles)
            scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
            width = max(NARROWEST, widest + CHROME + scroll_bar)
        if width != self.width() or self.minimumWidth() != width:
            self.setFixedWidth(width)
