"""The library's other tabs beside the list of workshops: the portfolio and the roadmap.

The portfolio is built on its first visit, never before the window's first paint (it is the
heaviest view of the library); both are read again when shown after the library changed, and
only marked stale while they are out of sight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from workshop_app.ui.library.roadmap_view import RoadmapView
from workshop_app.ui.opening import LibraryOpening

if TYPE_CHECKING:
    from workshop_app.ui.library.portfolio_view import PortfolioView


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
        self._portfolio: PortfolioView | None = None
        self.portfolio_tab = QWidget()
        QVBoxLayout(self.portfolio_tab).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(self.portfolio_tab, "Portfolio: every request")
        self.roadmap = RoadmapView(opening)
        self.roadmap.open_requested.connect(on_open)
        tabs.addTab(self.roadmap, "Roadmap")

    @property
    def portfolio(self) -> PortfolioView:
        """Every request across workshops, built when first needed."""
        if self._portfolio is None:
            self._portfolio = self._build_portfolio()
        return self._portfolio

    def on(self, tab: QWidget | None) -> PortfolioView | RoadmapView | None:
        """The view this tab shows (building the portfolio if it is the one), or None."""
        if tab is self.portfolio_tab:
            return self.portfolio
        return self.roadmap if tab is self.roadmap else None

    def arrive(self) -> bool:
        """Hand the keyboard to the view on screen; False when neither is."""
        view = self.on(self.tabs.currentWidget())
        if view is not None:
            view.arrive()
        return view is not None

    def reload(self) -> None:
        """The library changed: the view on screen reads it now, the others when shown."""
        shown = self.on(self.tabs.currentWidget())
        for view in (self._portfolio, self.roadmap):
            if view is not None and view is not shown:
                view.loaded = False
        if shown is not None:
            shown.reload()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if self._portfolio is not None:
            self._portfolio.capacity.set_read_only(read_only)

    def _build_portfolio(self) -> PortfolioView:
        """The portfolio in its (so far empty) tab, laid out at once when the tab shows."""
        from workshop_app.ui.library.portfolio_view import PortfolioView

        view = PortfolioView(self._opening)
        view.open_requested.connect(self._on_open)
        view.capacity.use_undo_stack(self._undo_stack)
        view.capacity.set_read_only(self._read_only)
        layout = self.portfolio_tab.layout()
        assert layout is not None
        layout.addWidget(view)
        if self.portfolio_tab.isVisible():  # shown now, not on the next pass of the loop
            view.show()
            layout.activate()
        return view
