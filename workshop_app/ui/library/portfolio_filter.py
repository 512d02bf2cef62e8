"""The portfolio's filter: which of every request across the workshops the table shows.

Built with the Portfolio tab, on its first visit: the window's start needs no proxy model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from workshop_app.core.lens import lens_matches
from workshop_app.ui.library.models import PortfolioModel

if TYPE_CHECKING:
    from workshop_app.core.portfolio import PortfolioRow
    from workshop_app.core.terms import Lens

_Index = QModelIndex | QPersistentModelIndex


UNDECIDED = "undecided"


class PortfolioFilter(QSortFilterProxyModel):
    """Filters portfolio rows by words, division, decision and unclear alignment; the model it
    shows sorts them (`RowTableModel.sort`)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.division: str | None = None
        self.decision: str | None = None  # a DecisionKind value, UNDECIDED, or None for any
        self.unclear_only = False
        self.lens: Lens | None = None
        self.commitments_only = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_filters(
        self,
        text: str = "",
        division: str | None = None,
        decision: str | None = None,
        unclear_only: bool = False,
        lens: Lens | None = None,
        commitments_only: bool = False,
    ) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.division, self.decision, self.unclear_only = division, decision, unclear_only
        self.lens = lens
        self.commitments_only = commitments_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row(self, proxy_row: int) -> PortfolioRow | None:
        source = self.sourceModel()
        assert isinstance(source, PortfolioModel)
        index = self.mapToSource(self.index(proxy_row, 0))
        return source.rows[index.row()] if index.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, PortfolioModel)
        row = source.rows[source_row]
        if self.division is not None and row.division != self.division:
            return False
        if self.decision is not None:
            kind = row.decision.value if row.decision is not None else UNDECIDED
            if kind != self.decision:
                return False
        if self.unclear_only and not row.alignment_unclear:
            return False
        if not lens_matches(row.lenses, self.lens):
            return False
        if self.commitments_only and row.trend is None:
            return False
        if self.words:
            haystack = " ".join(
                (row.request, *row.needs, row.division, row.workshop_title, row.requested_by)
            ).casefold()
            return all(word in haystack for word in self.words)
        return True
