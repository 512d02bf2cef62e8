"""A word-wrapping label that asks for the height its text needs at the width it was given.

A plain word-wrapping QLabel tells its layout a minimum height worked out for some width of its
own choosing. In a narrow column, or with larger text, it then gets fewer lines than it wraps to,
and its text is cut or drawn over its neighbours. This label reports the height for the width it
actually has, and asks again whenever that width changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        if name:
            self.setObjectName(name)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.width() <= 0 or not self.text():
            return hint
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()
