"""A handwritten signature: drawn with mouse, touchpad or pen, stored as strokes.

The stored form is the one `core.signoff.parse_drawing` reads: strokes separated by ";", each a
run of "x,y" points in a 0..1000 box. The pad maps its pixels with one scale for both axes (the
longer side spans 0..1000), so a signature keeps its shape in the PDF, which fits the strokes'
bounding box. Pens and touch screens arrive as synthesised mouse events, so one set of handlers
serves them all. The same widget, read-only, shows a stored signature.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from workshop_app.core.signoff import MAX_DRAWING_POINTS, parse_drawing
from workshop_app.ui.widgets.color import color

BOX = 1000.0
_MIN_STEP = 2.0  # in box units: closer points add nothing visible
Stroke = list[tuple[float, float]]


class SignaturePad(QWidget):
    """Strokes in, "x,y x,y;x,y" out. `changed` fires when a stroke ends or the pad is cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.strokes: list[Stroke] = []
        self._drawing = False
        self.placeholder = "" if read_only else "Optional: sign here with mouse, touchpad or pen"
        self.setObjectName("signatureView" if read_only else "signaturePad")
        self.setAccessibleName("Handwritten signature" if read_only else "Signature pad")
        self.setAccessibleDescription(
            "Shows the handwritten signature"
            if read_only
            else "Optional: draw a handwritten signature with the mouse, touchpad or pen"
        )
        # Drawing is a pointer gesture; the keyboard path (name, stance, sign) skips the pad.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The pad grows into free room (up to a comfortable size) and gives it back to the note.
        self.setSizePolicy(
            QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.Fixed if read_only else QSizePolicy.Policy.Expanding,
        )
        self.setMinimumHeight(72 if read_only else 88)
        if not read_only:
            self.setMaximumHeight(180)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("padClear")
        self.clear_button.setAccessibleName("Clear the handwritten signature")
        self.clear_button.setAutoDefault(True)  # Enter on Clear clears; it never signs
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.hide()
        if not read_only:
            self.setCursor(Qt.CursorShape.CrossCursor)
            self.clear_button.setCursor(Qt.CursorShape.ArrowCursor)

    def sizeHint(self) -> QSize:
        return QSize(360, 72 if self.read_only else 92)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.clear_button.sizeHint()
        self.clear_button.setGeometry(
            self.width() - hint.width() - 8, 8, hint.width(), hint.height()
        )

    def _sync_clear(self) -> None:
        self.clear_button.setVisible(not self.read_only and not self.is_empty())

    # -- the stored form ---------------------------------------------------------------------
    def drawing(self) -> str:
        """The strokes in the stored form; "" when nothing was drawn."""
        parts = []
        for stroke in self.strokes:
            if stroke:
                parts.append(" ".join(f"{round(x)},{round(y)}" for x, y in stroke))
        return ";".join(parts)

    def set_drawing(self, drawing: str) -> None:
        try:
            self.strokes = [list(s) for s in parse_drawing(drawing or "")]
        except ValueError:  # ValidationError: show nothing rather than fail
            self.strokes = []
        self.update()

    def clear(self) -> None:
        had = bool(self.strokes)
        self.strokes = []
        self._drawing = False
        self.update()
        self._sync_clear()
        if had:
            self.changed.emit()

    def is_empty(self) -> bool:
        return not any(self.strokes)

    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    # -- drawing -----------------------------------------------------------------------------
    def _to_box(self, pos: QPointF) -> tuple[float, float]:
        scale = BOX / max(self.width(), self.height(), 1)
        x = min(max(pos.x() * scale, 0.0), BOX)
        y = min(max(pos.y() * scale, 0.0), BOX)
        return x, y

    def _add_point(self, pos: QPointF) -> None:
        if self.point_count() >= MAX_DRAWING_POINTS:
            return
        point = self._to_box(pos)
        stroke = self.strokes[-1]
        if stroke:
            last = stroke[-1]
            if abs(last[0] - point[0]) < _MIN_STEP and abs(last[1] - point[1]) < _MIN_STEP:
                return
        stroke.append(point)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.read_only or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._drawing = True
        self.strokes.append([])
        self._add_point(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._add_point(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._drawing:
            super().mouseReleaseEvent(event)
            return
        self._drawing = False
        self._add_point(event.position())
        if self.strokes and not self.strokes[-1]:
            self.strokes.pop()
        event.accept()
        self._sync_clear()
        self.changed.emit()

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        if not self.read_only:
            painter.setPen(QPen(color("border"), 1))
            painter.setBrush(color("surface"))
            painter.drawRoundedRect(rect, 8, 8)
            baseline = rect.bottom() - 24
            painter.setPen(QPen(color("border"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(rect.left() + 36, baseline), QPointF(rect.right() - 16, baseline)
            )
            painter.setPen(color("muted"))
            painter.drawText(QPointF(rect.left() + 16, baseline + 5), "×")
            if self.is_empty() and self.placeholder:
                painter.drawText(
                    rect.adjusted(16, 8, -16, -30),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    self.placeholder,
                )
        pen = QPen(color("text"), 2.2 if not self.read_only else 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.read_only:
            self._paint_fitted(painter, rect.adjusted(4, 4, -4, -4))
        else:
            scale = max(self.width(), self.height(), 1) / BOX
            self._paint_strokes(painter, lambda x, y: QPointF(x * scale, y * scale))
        painter.end()

    def _paint_fitted(self, painter: QPainter, rect: QRectF) -> None:
        """A stored signature, scaled to fit and centred, like the PDF shows it."""
        points = [p for s in self.strokes for p in s]
        if not points:
            return
        min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
        min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
        scale = min(rect.width() / max(max_x - min_x, 1.0), rect.height() / max(max_y - min_y, 1.0))
        left = rect.left() + (rect.width() - (max_x - min_x) * scale) / 2
        top = rect.top() + (rect.height() - (max_y - min_y) * scale) / 2
        self._paint_strokes(
            painter, lambda x, y: QPointF(left + (x - min_x) * scale, top + (y - min_y) * scale)
        )

    def _paint_strokes(self, painter: QPainter, place: Callable[[float, float], QPointF]) -> None:
        for stroke in self.strokes:
            if not stroke:
                continue
            if len(stroke) == 1:
                dot = place(*stroke[0])
                painter.drawPoint(dot)
                continue
            path = QPainterPath(place(*stroke[0]))
            for x, y in stroke[1:]:
                path.lineTo(place(x, y))
            painter.drawPath(path)
