"""The library's other tabs beside the list of workshops: the portfolio and the roadmap.

Each is built on its first visit, never before the window's first paint (the portfolio is the
heaviest view of the library, and neither is what the start screen shows); both are read again
when shown after the library changed, and only marked stale while they are out of sight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workshop_app.ui.opening import LibraryOpening

if TYPE_CHECKING:
    from workshop_app.ui.library.portfolio_view import PortfolioView
    from workshop_app.ui.library.roadmap_view import RoadmapView

View = TypeVar("View", bound=QWidget)


class _LazyTab(Generic[View]):
    """A tab that holds its view once it has been built, on the first visit."""

    def __init__(self, tabs: QTabWidget, title: str, build: Callable[[], View]) -> None:
        self.tab = QWidget()
        QVBoxLayout(self.tab).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(self.tab, title)
        self._build = build
        self.view: View | None = None

    def get(self) -> View:
        """The view, built in its (so far empty) tab and laid out at once if the tab shows."""
        if self.view is None:
            self.view = self._build()
            layout = self.tab.layout()
            assert layout is not None
            layout.addWidget(self.view)
            if self.tab.isVisible():  # shown now, not on the next pass of the loop
                self.view.show()
                layout.activate()
        return self.view


class OtherViews:
    """The portfolio and roadmap tabs, added to `tabs` after the workshops' own."""

    def __init__(
        self,
        tabs: QTabWidget,
        opening: LibraryOpening,
        on_open: Callable[[str], None],
        undo_stack: QUndoStack,
    ) -> None:
        self.tabs = tabs
        self._opening = opening
        self._on_open = on_open
        self._undo_stack = undo_stack
        self._read_only = False
        self._portfolio = _LazyTab(tabs, "Portfolio: every request", self._build_portfolio)
        self._roadmap = _LazyTab(tabs, "Roadmap", self._build_roadmap)

    @property
    def portfolio(self) -> PortfolioView:
        """Every request across workshops, built when first needed."""
        return self._portfolio.get()

    @property
    def roadmap(self) -> RoadmapView:
        """Every next step and due date across divisions, built when first needed."""
        return self._roadmap.get()

    @property
    def roadmap_tab(self) -> QWidget:
        return self._roadmap.tab

    def on(self, tab: QWidget | None) -> PortfolioView | RoadmapView | None:
        """The view this tab shows (building it if need be), or None."""
        if tab is self._portfolio.tab:
            return self.portfolio
        return self.roadmap if tab is self._roadmap.tab else None

    def arrive(self) -> bool:
        """Hand the keyboard to the view on screen; False when neither is."""
        view = self.on(self.tabs.currentWidget())
        if view is not None:
            view.arrive()
        return view is not None

    def reload(self) -> None:
        """The library changed: the view on screen reads it now, the others when shown."""
        shown = self.on(self.tabs.currentWidget())
        for view in (self._portfolio.view, self._roadmap.view):
            if view is not None and view is not shown:
                view.loaded = False
        if shown is not None:
            shown.reload()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if self._portfolio.view is not None:
            self._portfolio.view.capacity.set_read_only(read_only)

    def _build_portfolio(self) -> PortfolioView:
        from workshop_app.ui.library.portfolio_view import PortfolioView

        view = PortfolioView(self._opening)
        view.open_requested.connect(self._on_open)
        view.capacity.use_undo_stack(self._undo_stack)
        view.capacity.set_read_only(self._read_only)
        return view

    def _build_roadmap(self) -> RoadmapView:
        from workshop_app.ui.library.roadmap_view import RoadmapView

        view = RoadmapView(self._opening)
        view.open_requested.connect(self._on_open)
        return view
