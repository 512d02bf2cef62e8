"""The spread of the room's answers drawn on the criterion's scale, for the wall: a line from the
lowest to the highest possible answer, one dot per answer (equal answers stack), and a tick at
the median, so the room sees at a glance whether it agrees."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop_app.core import rounds as r


class SpreadStrip(QWidget):
    def __init__(
        self, c: r.Criterion, spread: r.Spread, unit: int, colors: tuple[str, str, str]
    ) -> None:
        super().__init__()
        self.criterion, self.spread, self.unit = c, spread, unit
        self.ink, self.muted, self.accent = (QColor(x) for x in colors)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(unit * 8)
        self.setFixedHeight(int(unit * 2.8))
        answers = ", ".join(str(score) for _, score in spread.answers) or "none"
        self.setAccessibleName(f"Answers for {c.label}: {answers}")

    def sizeHint(self) -> QSize:
        return QSize(self.unit * 16, int(self.unit * 2.8))

    def _x(self, score: float) -> float:
        low, high = self.criterion.scale.low, self.criterion.scale.high
        margin = self.unit * 0.6
        width = self.width() - 2 * margin
        return margin + (score - low) / (high - low or 1) * width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.height() - self.unit * 0.8
        painter.setPen(QPen(self.muted, max(2, self.unit // 12)))
        painter.drawLine(
            QPointF(self._x(self.criterion.scale.low), base),
            QPointF(self._x(self.criterion.scale.high), base),
        )
        radius = self.unit * 0.28
        counts: Counter[int] = Counter()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.ink)
        for _, score in self.spread.answers:
            level = counts[score]
            counts[score] += 1
            # More equal answers than fit: the rest overlap at the top.
            y = max(radius, base - radius * 1.4 - level * radius * 1.1)
            painter.drawEllipse(QPointF(self._x(score), y), radius, radius)
        if self.spread.median is not None:
            x = self._x(self.spread.median)
            painter.setPen(QPen(self.accent, max(3, self.unit // 8)))
            painter.drawLine(QPointF(x, base + self.unit * 0.3), QPointF(x, base - self.unit * 0.3))
        painter.setPen(self.muted)
        font = painter.font()
        font.setPixelSize(max(12, int(self.unit * 0.5)))
        painter.setFont(font)
        for score in (self.criterion.scale.low, self.criterion.scale.high):
            rect = QRectF(self._x(score) - self.unit, base + 2, self.unit * 2, self.unit * 0.6)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(score)
            )
        painter.end()
