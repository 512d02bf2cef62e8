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

from PySide6.QtCore import QEvent, QObject, Qt
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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
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
        self.bar.installEventFilter(self)
        self.grid.addWidget(header, 0, 0)
        self.stacked: bool | None = None
        self._arrange(stacked=False)

    # -- measuring -------------------------------------------------------------------------------
    def buttons_width(self) -> int:
        shown = [b for b in self.buttons if not b.isHidden()]
        widths = sum(b.sizeHint().width() for b in shown)
        return widths + self.spacing * max(0, len(shown) - 1)

    def header_width(self) -> int:
        """The width the title and its guidance take on one line each."""
        widths = [
            label.fontMetrics().horizontalAdvance(label.text())
            + label.contentsMargins().left()
            + label.contentsMargins().right()
            for label in self.header.findChildren(QLabel)
            if not label.isHidden() and label.text()
        ]
        return max(widths, default=0)

    def fits_beside(self, width: int) -> bool:
        buttons = self.buttons_width()
        if buttons == 0:
            return True
        room = width - buttons - self.grid.horizontalSpacing()
        return room >= min(self.header_width(), round(width * self.share))

    # -- arranging -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(stacked=not self.fits_beside(event.size().width()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        own_layout = watched is self.bar and event.type() == QEvent.Type.LayoutRequest
        if event.type() in _RECHECK and self.width() > 0 and not own_layout:
            self._arrange(stacked=not self.fits_beside(self.width()), force=True)
        return False

    def _arrange(self, *, stacked: bool, force: bool = False) -> None:
        if not stacked and self.stacked is False and self.bar.width() != self.buttons_width():
            force = True  # the buttons' widths changed (polished, text size): follow them
        if stacked == self.stacked and not force:
            return
        self.stacked = stacked
        self.grid.removeWidget(self.bar)
        if stacked:
            self.bar.setMinimumWidth(0)
            self.bar.setMaximumWidth(16_777_215)  # QWIDGETSIZE_MAX: no limit
            self.bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(self.bar, 1, 0)
            self.grid.setColumnStretch(1, 0)
        else:
            self.bar.setFixedWidth(self.buttons_width())
            self.bar.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(self.bar, 0, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.setColumnStretch(0, 1)
        self.bar.updateGeometry()
        self.updateGeometry()
