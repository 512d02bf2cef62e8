"""The page area of the main window: one page at a time, scrolling down when it cannot fit.

On a projector's low resolution with larger text, a page may need more height than the window
has. Squeezed, its fields, buttons and labels were cut in half or drawn over each other; here the
page keeps the height it needs and the area scrolls vertically instead (never sideways: a page
is always as wide as the window gives). Only the page shown counts: a tall page elsewhere does not
make the others scroll. The scroll area sizes the page by its minimum height, not by the height it
would prefer (tables always prefer more), so at ordinary sizes nothing scrolls. A form-like
stage scrolls its own content the same way (`scrolling_page`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class _Stack(QStackedLayout):
    def hasHeightForWidth(self) -> bool:
        return False  # else the scroll area would size the page by its preferred height


class Pages(QWidget):
    """A stacked widget (the subset of its API the window uses) whose size is its page's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack = _Stack(self)
        self._stack.currentChanged.connect(lambda _index: self.updateGeometry())

    def addWidget(self, page: QWidget) -> int:
        return self._stack.addWidget(page)

    def count(self) -> int:
        return self._stack.count()

    def currentWidget(self) -> QWidget | None:
        return self._stack.currentWidget()

    def setCurrentWidget(self, page: QWidget) -> None:
        self._stack.setCurrentWidget(page)

    def setCurrentIndex(self, index: int) -> None:
        self._stack.setCurrentIndex(index)

    def minimumSizeHint(self) -> QSize:
        """The height the page needs; never a width, so the window's width is the page's."""
        page = self.currentWidget()
        height = max(page.minimumSizeHint().height(), page.minimumHeight()) if page else 0
        return QSize(0, height)

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page else QSize(0, 0)


def scrolling(pages: Pages) -> QScrollArea:
    """`pages` in a scroll area that scrolls only downwards, and only when it must."""
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(pages)
    return area


class _PageLayout(QVBoxLayout):
    """Reports no height-for-width, so the scroll area sizes the page by its minimum height
    (fits the window, scrolls only when it must) rather than by its preferred height."""

    def hasHeightForWidth(self) -> bool:
        return False


class _Page(QWidget):
    """The scrolled page: at least `floor` high, and never lower than its layout needs (an
    explicit minimum height would override what larger text needs)."""

    def __init__(self, floor: int) -> None:
        super().__init__()
        self.setObjectName("stageContent")
        self.floor = floor

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.floor))


class PageBlock(QWidget):
    """A part of a scrolled page that grows into the spare height (tables, lists): it asks the
    page for its minimum height only. Reporting a height for its width, it asked for what its
    tables would prefer, and the page's layout, which gives such parts that height first, took
    it from the parts above (their wrapped text was cut) rather than scroll."""

    def __init__(self, layout: QLayout) -> None:
        super().__init__()
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)

    def hasHeightForWidth(self) -> bool:
        return False


def scrolling_page(stage: QWidget, minimum_height: int) -> QVBoxLayout:
    """The stage's layout, inside a scroll area: on a small window the page scrolls instead of
    squeezing fields until their text is cut. At 1366×768 nothing scrolls."""
    outer = QVBoxLayout(stage)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setObjectName("stageScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    content = _Page(minimum_height)
    scroll.setWidget(content)
    outer.addWidget(scroll)
    layout = _PageLayout(content)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.setSpacing(16)
    return layout


def sized_by_shown_tab(tabs: QTabWidget) -> None:
    """The tab widget asks for the height of the tab shown, not the tallest of all: a table on a
    hidden tab (Decide's action items, never lower than its first rows) made the decisions tab
    scroll on a short window. The hidden tabs' sizes are ignored until they show."""

    def follow(current: int) -> None:
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if page is None:
                continue
            policy = (
                QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy, policy)
            page.updateGeometry()

    tabs.currentChanged.connect(follow)
    follow(tabs.currentIndex())
