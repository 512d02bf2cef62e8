"""A field exactly as wide as the text it is made for ("2026-09-15"), at every text size.

A width set once in pixels fits the text size of the day: with the text made larger a date field
showed "26-09-15" and a filter showed "From d…". This keeps the width following the field's font.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

_REFIT = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish)


class _SampleWidth(QObject):
    def __init__(self, widget: QWidget, samples: tuple[str, ...], extra: int, least: int) -> None:
        super().__init__(widget)
        self.widget, self.samples, self.extra, self.least = widget, samples, extra, least
        widget.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        metrics = self.widget.fontMetrics()
        text = max(metrics.horizontalAdvance(sample) for sample in self.samples)
        width = max(self.least, text + self.extra)
        if self.widget.minimumWidth() != width or self.widget.maximumWidth() != width:
            self.widget.setFixedWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() in _REFIT:
            self.fit()
        return False


def width_for_text(widget: QWidget, *samples: str, extra: int = 30, least: int = 0) -> None:
    """Keep `widget` as wide as the widest sample in its font, plus `extra` (frame, padding)."""
    _SampleWidth(widget, samples, extra, least)
