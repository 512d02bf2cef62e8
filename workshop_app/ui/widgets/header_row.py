"""A page's title with its buttons beside it, or, when that leaves the title too little room,
the buttons on a line of their own below it.

At 1366×768 "Workshops" and its line of guidance sit at the left and "New from template" and
"New workshop" at the right. On a projector's low resolution with larger text the same buttons
left the title a narrow strip: its guidance wrapped into five lines, the buttons themselves were
squeezed until their text was cut. Here the title keeps at least `share` of the width (or all
it needs, if less); otherwise the buttons move under it, left-aligned, and wrap onto more lines
if even one line cannot hold them. It follows the width, the text size and buttons that show or
hide (Sign-off's "Reopen as revision 2").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from workshop_app.ui.widgets.flow import FlowLayout

_RECHECK = (
    QEvent.Type.Polish,
    QEvent.Type.Show,
    QEvent.Type.Hide,
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.LayoutRequest,
)


class HeaderRow(QWidget):
    def __init__(
        self,
        header: QWidget,
        buttons: list[QWidget],
        *,
        spacing: int = 8,
        share: float = 0.55,
        buttons_first: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """`buttons_first`: the buttons at the left (above, when stacked) and the text after
        them, as in a row of actions with a note."""
        super().__init__(parent)
        self.buttons_first = buttons_first
        self.header, self.buttons, self.share, self.spacing = header, buttons, share, spacing
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(spacing)
        self.bar = QWidget(self)
        self.bar.setObjectName("headerButtons")
        self.flow = FlowLayout(self.bar, spacing=spacing)
        for button in buttons:
            self.flow.addWidget(button)
            button.installEventFilter(self)
        self.header.installEventFilter(self)
        self.stacked: bool | None = None
        self._arrange(stacked=False)

    # -- measuring -------------------------------------------------------------------------------
    def buttons_width(self) -> int:
        shown = [b for b in self.buttons if not b.isHidden()]
        widths = sum(b.sizeHint().width() for b in shown)
        return widths + self.spacing * max(0, len(shown) - 1)

    def header_width(self) -> int:
        """The width the title and its guidance take on one line each."""
        header = self.header
        labels = [header] if isinstance(header, QLabel) else header.findChildren(QLabel)
        widths = [
            label.fontMetrics().horizontalAdvance(label.text())
            + label.contentsMargins().left()
            + label.contentsMargins().right()
            for label in labels
            if not label.isHidden() and label.text()
        ]
        return max(widths, default=0)

    def fits_beside(self, width: int) -> bool:
        buttons = self.buttons_width()
        if buttons == 0:
            return True
        room = width - buttons - self.grid.horizontalSpacing()
        # Never less than the header's own minimum (a title with a count beside it).
        least = self.header.minimumSizeHint().width()
        return room >= max(least, min(self.header_width(), round(width * self.share)))

    def minimumSizeHint(self) -> QSize:
        """As narrow as the title and the widest button under it: it gets narrower by stacking."""
        hint = super().minimumSizeHint()
        widest = max((b.sizeHint().width() for b in self.buttons if not b.isHidden()), default=0)
        return QSize(max(self.header.minimumSizeHint().width(), widest), hint.height())

    # -- arranging -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(stacked=not self.fits_beside(event.size().width()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RECHECK and self.width() > 0:
            self._arrange(stacked=not self.fits_beside(self.width()))
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self.width() > 0:
            self._arrange(stacked=not self.fits_beside(self.width()))  # a text changed
        return super().event(event)

    def _arrange(self, *, stacked: bool) -> None:
        # The buttons' widths change too (polished, text size): beside the text, follow them.
        same_width = stacked or self.bar.minimumWidth() == self.buttons_width()
        if stacked == self.stacked and same_width:
            return
        self.stacked = stacked
        self.grid.removeWidget(self.bar)
        self.grid.removeWidget(self.header)
        text, bar = (1, 0) if self.buttons_first else (0, 1)  # rows or columns, in order
        if stacked:
            self.bar.setMinimumWidth(0)
            self.bar.setMaximumWidth(16_777_215)  # QWIDGETSIZE_MAX: no limit
            self.bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(self.header, text, 0)
            self.grid.addWidget(self.bar, bar, 0)
            self.grid.setColumnStretch(1, 0)
            self.grid.setColumnStretch(0, 1)
        else:
            self.bar.setFixedWidth(self.buttons_width())
            self.bar.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(self.header, 0, text)
            self.grid.addWidget(self.bar, 0, bar, Qt.AlignmentFlag.AlignTop)
            self.grid.setColumnStretch(bar, 0)
            self.grid.setColumnStretch(text, 1)
        self.bar.updateGeometry()
        self.updateGeometry()
