"""The five decision buttons, each showing its single-key shortcut as a key cap.

Painted by hand so the label, the key cap and the chosen state read clearly on a projector, in
light and dark themes. The buttons take no keyboard focus themselves: the bar is one tab stop,
drawn with an accent ring while it has the focus, and only then do the letters P, R, D, X and N
decide. Typing anywhere else (the request list, a text field) never changes a decision.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QWidget

from workshop_app.core.model import DecisionKind
from workshop_app.ui.kinds import KINDS, KindInfo, kind_color, tint
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.flow import FlowLayout

BY_KEY = {info.key: info.kind for info in KINDS}
#: Moving between requests from the buttons; Home and End go to the first and the last.
_STEPS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Home: -(2**31), Qt.Key.Key_End: 2**31}


class DecisionButton(QAbstractButton):
    def __init__(self, info: KindInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setText(info.kind.label)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"{info.kind.label} (key {info.key})")
        self.setToolTip(f"{info.kind.label} — press {info.key}")

    def nextCheckState(self) -> None:
        """A click asks for the decision; the stored decision decides what shows as chosen."""

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        cap = metrics.height() + 6
        return QSize(16 + metrics.horizontalAdvance(self.text()) + 12 + cap + 12, cap + 16)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        c = current_colors()
        color = kind_color(self.info.kind, c)
        surface, text = QColor(c.surface), QColor(c.text)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.isChecked():
            painter.setPen(QPen(color, 2))
            painter.setBrush(tint(color, surface, 0.14))
        else:
            hover = self.underMouse() and self.isEnabled()
            painter.setPen(QPen(color if hover else QColor(c.border), 1))
            painter.setBrush(surface)
        painter.drawRoundedRect(box, 8, 8)

        metrics = QFontMetrics(self.font())
        cap_size = metrics.height() + 6
        x = 16.0
        if self.isChecked():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            dot = 8.0
            painter.drawEllipse(QRectF(8, box.center().y() - dot / 2, dot, dot))
            x = 22.0
        font = self.font()
        font.setWeight(font.Weight.DemiBold if self.isChecked() else font.Weight.Normal)
        painter.setFont(font)
        painter.setPen(text if self.isEnabled() else QColor(c.muted))
        label_rect = QRectF(x, 0, box.width() - x - cap_size - 12, self.height())
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter, self.text())

        cap = QRectF(
            box.right() - cap_size - 8, box.center().y() - cap_size / 2, cap_size, cap_size
        )
        painter.setFont(self.font())
        painter.setPen(QPen(QColor(c.border), 1))
        painter.setBrush(QColor(c.surface_alt))
        painter.drawRoundedRect(cap, 4, 4)
        painter.setPen(QColor(c.muted))
        painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, self.info.key)
        painter.end()


class DecisionBar(QWidget):
    """One tab stop holding the five buttons; `chosen` fires when one is clicked, or when its
    letter is typed while the bar has the focus."""

    chosen = Signal(object)  # DecisionKind
    write = Signal()  # Enter: on to write why
    step = Signal(int)  # Down / Up: the next or previous request

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBar")
        self.setAccessibleName("Decision: press P, R, D, X or N")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # the stored decision, not the click, decides what shows
        layout = FlowLayout(self, spacing=8)
        layout.setContentsMargins(4, 4, 4, 4)
        self.buttons: dict[DecisionKind, DecisionButton] = {}
        for info in KINDS:
            button = DecisionButton(info)
            button.clicked.connect(lambda _checked=False, k=info.kind: self.chosen.emit(k))
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[info.kind] = button

    def show_kind(self, kind: DecisionKind | None) -> None:
        for button_kind, button in self.buttons.items():
            button.setChecked(button_kind is kind)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        kind = BY_KEY.get(event.text().upper()) if plain else None
        key = Qt.Key(event.key())
        if kind is not None:
            self.chosen.emit(kind)
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.write.emit()
        elif plain and key in _STEPS:
            self.step.emit(_STEPS[key])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(current_colors().accent), 2))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 10, 10)
        painter.end()
