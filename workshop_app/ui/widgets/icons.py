"""Small line icons drawn from the bundled SVGs in resources/icons, in the text's own colour.

Emoji such as the stopwatch and the padlock look different on every system (in colour from its
emoji font, or in one colour from the bundled Symbola where it has none); the SVGs look the same
everywhere. Each icon is drawn in one colour and tinted at paint time, so one file serves the
light and dark themes and follows state colours (amber when over time).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from workshop_app.paths import resources_dir

#: Space between the icon and the text, in pixels.
GAP = 6


@functools.cache
def _icon(name: str) -> QIcon:
    """The SVG through Qt's icon engine (no QtSvg import on the way to the first window)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"The icon {name}.svg is missing from resources/icons.")
    return QIcon(str(path))


def icon_pixmap(name: str, color: QColor, size: int, ratio: float = 1.0) -> QPixmap:
    """The icon `name` as a `size`×`size` pixmap painted in `color` (sharp at pixel ratio)."""
    pixmap = _icon(name).pixmap(round(size * ratio))
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), color)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class IconLabel(QLabel):
    """A one-line label with an icon before its text, both in the label's text colour.

    The icon is as tall as the font's cap-to-descent height, so it grows with the text-size
    setting; the room for it is a left content margin, so size hints and style-sheet padding
    keep working as for any label. No icon (`set_icon(None)`) gives a plain label.
    """

    def __init__(self, icon: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._icon: str | None = None
        self.set_icon(icon)

    def icon_name(self) -> str | None:
        return self._icon

    def icon_size(self) -> int:
        return round(self.fontMetrics().height() * 0.85)

    def set_icon(self, name: str | None) -> None:
        if name is not None:
            _icon(name)  # a missing file fails here, not in a paint event
        self._icon = name
        self._reserve()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self._reserve()  # a new font (text size, style sheet) changes the icon's size

    def _reserve(self) -> None:
        left = self.icon_size() + GAP if self._icon and self.text() else 0
        if self.contentsMargins().left() != left:
            self.setContentsMargins(left, 0, 0, 0)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._reserve()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._icon or not self.text():
            return
        size = self.icon_size()
        text_box = self.contentsRect()
        color = self.palette().color(self.foregroundRole())
        pixmap = icon_pixmap(self._icon, color, size, self.devicePixelRatioF())
        painter = QPainter(self)
        painter.drawPixmap(
            text_box.left() - size - GAP, text_box.top() + (text_box.height() - size) // 2, pixmap
        )
        painter.end()
