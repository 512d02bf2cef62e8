"""A panel that takes the height its content needs, up to a share of the page, then scrolls.

Under a table that is the point of the page (the alignment matrix), an explanation card asked for
all the height its lines needed. On a short window with larger text it took two thirds of the page
and left the matrix room for its header alone. Here the card is whole when there is room; when
there is not, it keeps at most `share` of its parent's height (never less than `floor_lines` lines
of text) and scrolls downwards, never sideways, so the table takes the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget


class CappedScroll(QScrollArea):
    def __init__(
        self,
        content: QWidget,
        *,
        share: float = 0.4,
        floor_lines: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.share, self.floor_lines = share, floor_lines
        self.setObjectName("cappedScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(content)
        content.installEventFilter(self)

    def content_height(self) -> int:
        """The height the content needs at the width it is shown in."""
        content = self.widget()
        if content is None:
            return 0
        width = self.viewport().width() if self.viewport().width() > 0 else content.width()
        if content.hasHeightForWidth() and width > 0:
            return max(content.heightForWidth(width), content.minimumSizeHint().height())
        return content.sizeHint().height()

    def cap(self) -> int:
        parent = self.parentWidget()
        floor = self.floor_lines * self.fontMetrics().lineSpacing() + 24
        if parent is None or parent.height() <= 0:
            return max(floor, self.content_height())
        return max(floor, round(parent.height() * self.share))

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), min(self.content_height(), self.cap()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, min(self.content_height(), self.cap()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            parent = self.parentWidget()
            if parent is not None:
                parent.installEventFilter(self)  # its height sets the cap
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.widget() and kind in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self.updateGeometry()
        elif watched is self.parentWidget() and kind == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            if event.size().height() != event.oldSize().height():
                self.updateGeometry()
        return super().eventFilter(watched, event)


class WholeScroll(QScrollArea):
    """A scroll area that, while `whole` is set, asks for all the height its content needs (the
    page around it scrolls instead), and otherwise is an ordinary scroll area. It follows the
    content as it changes (another panel shown, larger text), which a minimum height set once
    could not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.whole = False

    def set_whole(self, whole: bool) -> None:
        if whole != self.whole:
            self.whole = whole
            self.updateGeometry()

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if not self.whole or content is None:
            return hint
        width = self.viewport().width() if self.viewport().width() > 0 else content.width()
        height = content.minimumSizeHint().height()
        if content.hasHeightForWidth() and width > 0:
            height = max(height, content.heightForWidth(width))
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.whole and watched is self.widget() and kind == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)
